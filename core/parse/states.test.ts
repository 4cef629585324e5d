// Tests for state discovery and lookups (by offset, line and name) on the same machine written in JSON and in YAML.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  findStateByName,
  nodeAtOffset,
  nodeAtPath,
  parseDocument,
  stateAtLine,
  stateAtOffset,
} from './index';

const JSON_MACHINE = `{
  "Comment": "nested",
  "StartAt": "Work",
  "States": {
    "Work": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "Fan",
          "States": {
            "Fan": {
              "Type": "Map",
              "ItemProcessor": {
                "StartAt": "Inner",
                "States": {
                  "Inner": { "Type": "Pass", "End": true }
                }
              },
              "End": true
            }
          }
        },
        {
          "StartAt": "Legacy",
          "States": {
            "Legacy": {
              "Type": "Map",
              "Iterator": {
                "StartAt": "Old",
                "States": { "Old": { "Type": "Succeed" } }
              },
              "End": true
            }
          }
        }
      ],
      "Next": "Done"
    },
    "Done": { "Type": "Succeed" }
  }
}
`;

const YAML_MACHINE = `Comment: nested
StartAt: Work
States:
  Work:
    Type: Parallel
    Branches:
      - StartAt: Fan
        States:
          Fan:
            Type: Map
            ItemProcessor:
              StartAt: Inner
              States:
                Inner: {Type: Pass, End: true}
            End: true
      - StartAt: Legacy
        States:
          Legacy:
            Type: Map
            Iterator:
              StartAt: Old
              States: {Old: {Type: Succeed}}
            End: true
    Next: Done
  Done:
    Type: Succeed
`;

/** Zero-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, needle);
  return text.slice(0, index).split('\n').length - 1;
}

const EXPECTED_STATES = [
  { name: 'Work', type: 'Parallel', path: ['States', 'Work'], scope: [] },
  {
    name: 'Fan',
    type: 'Map',
    path: ['States', 'Work', 'Branches', 0, 'States', 'Fan'],
    scope: [{ state: 'Work', branch: 0 }],
  },
  {
    name: 'Inner',
    type: 'Pass',
    path: ['States', 'Work', 'Branches', 0, 'States', 'Fan', 'ItemProcessor', 'States', 'Inner'],
    scope: [
      { state: 'Work', branch: 0 },
      { state: 'Fan', branch: 'ItemProcessor' },
    ],
  },
  {
    name: 'Legacy',
    type: 'Map',
    path: ['States', 'Work', 'Branches', 1, 'States', 'Legacy'],
    scope: [{ state: 'Work', branch: 1 }],
  },
  {
    name: 'Old',
    type: 'Succeed',
    path: ['States', 'Work', 'Branches', 1, 'States', 'Legacy', 'Iterator', 'States', 'Old'],
    scope: [
      { state: 'Work', branch: 1 },
      { state: 'Legacy', branch: 'ItemProcessor' },
    ],
  },
  { name: 'Done', type: 'Succeed', path: ['States', 'Done'], scope: [] },
];

for (const [format, text] of [
  ['json', JSON_MACHINE],
  ['yaml', YAML_MACHINE],
] as const) {
  describe(`states in ${format}`, () => {
    const doc = parseDocument(text, { fileName: `machine.asl.${format}` });

    test('parses cleanly in the right format', () => {
      assert.equal(doc.format, format);
      assert.deepEqual(doc.diagnostics, []);
    });

    test('finds every state, nested ones too, with paths, scopes and types', () => {
      assert.deepEqual(
        doc.states.map(({ name, type, path, scope }) => ({ name, type, path, scope })),
        EXPECTED_STATES,
      );
      for (const state of doc.states) assert.equal(nodeAtPath(doc.ast, state.path), state.node);
    });

    test('name ranges point at the names', () => {
      for (const state of doc.states) {
        const named = text.slice(state.nameRange.start, state.nameRange.end);
        assert.equal(named.replace(/"/g, ''), state.name);
        assert.equal(state.range.start, state.nameRange.start);
      }
    });

    test('a state range runs from its name through the end of its value', () => {
      const done = findStateByName(doc, 'Done');
      const closing =
        format === 'json' ? text.indexOf('"Succeed" }', text.indexOf('"Done": {')) + 11 : text.length - 1;
      assert.equal(done?.range.end, closing);
      const inner = findStateByName(doc, 'Inner');
      const innerEnd = format === 'json' ? text.indexOf('true }') + 6 : text.indexOf('End: true}') + 10;
      assert.equal(inner?.range.end, innerEnd);
    });

    test('stateAtLine finds the innermost state on a line', () => {
      const key = (name: string) => (format === 'json' ? `"${name}":` : `${name}:`);
      assert.equal(stateAtLine(doc, lineOf(text, key('Inner')))?.name, 'Inner');
      assert.equal(
        stateAtLine(doc, lineOf(text, format === 'json' ? '"StartAt": "Inner"' : 'StartAt: Inner'))?.name,
        'Fan',
      );
      assert.equal(stateAtLine(doc, lineOf(text, key('ItemProcessor')))?.name, 'Fan');
      assert.equal(stateAtLine(doc, lineOf(text, key('Old')))?.name, 'Old');
      assert.equal(stateAtLine(doc, lineOf(text, key('Iterator')))?.name, 'Legacy');
      assert.equal(stateAtLine(doc, lineOf(text, key('Next')))?.name, 'Work');
      assert.equal(stateAtLine(doc, lineOf(text, key('Done')))?.name, 'Done');
      assert.equal(stateAtLine(doc, lineOf(text, key('Comment'))), undefined);
      assert.equal(stateAtLine(doc, -1), undefined);
      assert.equal(stateAtLine(doc, 10_000), undefined);
    });

    test('stateAtOffset finds the innermost state at an offset', () => {
      assert.equal(stateAtOffset(doc, text.indexOf('Pass'))?.name, 'Inner');
      assert.equal(stateAtOffset(doc, text.indexOf('Parallel'))?.name, 'Work');
      assert.equal(stateAtOffset(doc, text.indexOf('StartAt')), undefined);
    });

    test('nodeAtOffset on a key and on a value', () => {
      assert.ok(doc.ast);
      const onKey = nodeAtOffset(doc.ast, text.indexOf('ItemProcessor') + 2);
      assert.equal(onKey?.inKey, true);
      assert.equal(onKey?.property?.key, 'ItemProcessor');
      assert.deepEqual(onKey?.path, ['States', 'Work', 'Branches', 0, 'States', 'Fan']);
      const onValue = nodeAtOffset(doc.ast, text.indexOf('Parallel') + 1);
      assert.equal(onValue?.inKey, false);
      assert.equal(onValue?.node.kind, 'string');
      assert.equal(onValue?.property?.key, 'Type');
      assert.deepEqual(onValue?.path, ['States', 'Work', 'Type']);
    });
  });
}

describe('JSON and YAML versions of one machine', () => {
  test('give the same value and the same states', () => {
    const json = parseDocument(JSON_MACHINE);
    const yaml = parseDocument(YAML_MACHINE);
    assert.equal(json.format, 'json');
    assert.equal(yaml.format, 'yaml');
    assert.deepEqual(yaml.value, json.value);
    assert.deepEqual(yaml.value, JSON.parse(JSON_MACHINE));
    const summary = (doc: typeof json) =>
      doc.states.map(({ name, type, path, scope }) => ({ name, type, path, scope }));
    assert.deepEqual(summary(yaml), summary(json));
  });
});

describe('exact state positions in JSON', () => {
  test('line and column of names and ranges', () => {
    const doc = parseDocument(JSON_MACHINE);
    const fan = findStateByName(doc, 'Fan');
    assert.deepEqual(doc.lines.rangeOf(fan?.nameRange ?? { start: 0, end: 0 }), {
      start: { line: 10, character: 12 },
      end: { line: 10, character: 17 },
    });
    assert.deepEqual(doc.lines.rangeOf(fan?.range ?? { start: 0, end: 0 }), {
      start: { line: 10, character: 12 },
      end: { line: 19, character: 13 },
    });
  });
});

describe('lookups on odd documents', () => {
  test('two states sharing a line: the one whose name is on it wins', () => {
    const text = '{"States": {\n"A": {"Type": "Pass"\n}, "B": {"Type": "Succeed"\n}}}';
    const doc = parseDocument(text);
    assert.equal(stateAtLine(doc, 2)?.name, 'B');
    assert.equal(stateAtLine(doc, 1)?.name, 'A');
  });

  test('findStateByName prefers the requested scope when a name is repeated', () => {
    const text = JSON.stringify({
      StartAt: 'P',
      States: {
        X: { Type: 'Pass', Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } },
            { StartAt: 'Y', States: { Y: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
    });
    const doc = parseDocument(text);
    assert.deepEqual(findStateByName(doc, 'X')?.scope, []);
    assert.deepEqual(findStateByName(doc, 'X', [{ state: 'P', branch: 0 }])?.scope, [
      { state: 'P', branch: 0 },
    ]);
    // from branch 1, branch 0 is not an enclosing scope: the top-level X is the one in reach
    assert.deepEqual(findStateByName(doc, 'X', [{ state: 'P', branch: 1 }])?.scope, []);
    assert.equal(findStateByName(doc, 'Nope'), undefined);
  });

  test('states whose value is not an object are still listed, with no node', () => {
    const doc = parseDocument('{"States": {"A": "oops", "B": {"Type": 3}}}');
    assert.deepEqual(
      doc.states.map((s) => [s.name, s.node === undefined, s.type]),
      [
        ['A', true, undefined],
        ['B', false, undefined],
      ],
    );
  });

  test('nodeAtOffset on a property still missing its value', () => {
    const text = '{"States": {"A": {"Type": }}}';
    const doc = parseDocument(text);
    assert.ok(doc.ast);
    const at = nodeAtOffset(doc.ast, text.indexOf(':', text.indexOf('"Type"')) + 1);
    assert.equal(at?.inKey, false);
    assert.equal(at?.property?.key, 'Type');
    assert.equal(at?.property?.value, undefined);
    assert.deepEqual(at?.path, ['States', 'A']);
  });

  test('nodeAtOffset between properties returns the object itself', () => {
    const text = '{"a": 1,   "b": 2}';
    const doc = parseDocument(text);
    assert.ok(doc.ast);
    const at = nodeAtOffset(doc.ast, 9);
    assert.equal(at?.node, doc.ast);
    assert.equal(at?.property, undefined);
    assert.equal(nodeAtOffset(doc.ast, 500), undefined);
  });
});
