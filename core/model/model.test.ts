// Tests for the definition model's walk (states, scopes, transitions) and its lookups (by offset, line,
// name and path) on the same machine written in JSON and in YAML, and on a plain value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_NESTING_DEPTH, nodeAtOffset, nodeAtPath, parseDocument, type ParsedDocument } from '../parse';
import {
  type StateLocation,
  definitionModel,
  definitionModelOfValue,
  findStateByName,
  stateAtLine,
  stateAtOffset,
  stateAtPath,
} from './index';
import { JSON_MACHINE, YAML_MACHINE } from './model.fixture';

/** The enclosing scopes of a state, outermost first, as {state, branch} (a Map's processor is 'ItemProcessor'). */
function scopeChain(state: StateLocation): { state: string; branch: number | 'ItemProcessor' }[] {
  const chain: { state: string; branch: number | 'ItemProcessor' }[] = [];
  for (let scope = state.scope; scope.owner; scope = scope.owner.scope) {
    chain.unshift({
      state: scope.owner.name,
      branch: typeof scope.key === 'number' ? scope.key : 'ItemProcessor',
    });
  }
  return chain;
}

function statesOf(doc: ParsedDocument): StateLocation[] {
  return definitionModel(doc).states;
}

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
        statesOf(doc).map((state) => ({
          name: state.name,
          type: state.type,
          path: state.path,
          scope: scopeChain(state),
        })),
        EXPECTED_STATES,
      );
      for (const state of statesOf(doc)) assert.equal(nodeAtPath(doc.ast, state.path), state.node);
    });

    test('name ranges point at the names', () => {
      for (const state of statesOf(doc)) {
        const named = text.slice(state.nameRange.start, state.nameRange.end);
        assert.equal(named.replace(/"/g, ''), state.name);
        assert.equal(state.range.start, state.nameRange.start);
      }
    });

    test('a state range runs from its name through the end of its value', () => {
      const done = findStateByName(definitionModel(doc), 'Done');
      const closing =
        format === 'json' ? text.indexOf('"Succeed" }', text.indexOf('"Done": {')) + 11 : text.length - 1;
      assert.equal(done?.range.end, closing);
      const inner = findStateByName(definitionModel(doc), 'Inner');
      const innerEnd = format === 'json' ? text.indexOf('true }') + 6 : text.indexOf('End: true}') + 10;
      assert.equal(inner?.range.end, innerEnd);
    });

    test('stateAtLine finds the innermost state on a line', () => {
      const key = (name: string) => (format === 'json' ? `"${name}":` : `${name}:`);
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('Inner')))?.name, 'Inner');
      assert.equal(
        stateAtLine(
          definitionModel(doc),
          lineOf(text, format === 'json' ? '"StartAt": "Inner"' : 'StartAt: Inner'),
        )?.name,
        'Fan',
      );
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('ItemProcessor')))?.name, 'Fan');
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('Old')))?.name, 'Old');
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('Iterator')))?.name, 'Legacy');
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('Next')))?.name, 'Work');
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('Done')))?.name, 'Done');
      assert.equal(stateAtLine(definitionModel(doc), lineOf(text, key('Comment'))), undefined);
      assert.equal(stateAtLine(definitionModel(doc), -1), undefined);
      assert.equal(stateAtLine(definitionModel(doc), 10_000), undefined);
    });

    test('stateAtOffset finds the innermost state at an offset', () => {
      assert.equal(stateAtOffset(definitionModel(doc), text.indexOf('Pass'))?.name, 'Inner');
      assert.equal(stateAtOffset(definitionModel(doc), text.indexOf('Parallel'))?.name, 'Work');
      assert.equal(stateAtOffset(definitionModel(doc), text.indexOf('StartAt')), undefined);
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
      statesOf(doc).map((state) => ({
        name: state.name,
        type: state.type,
        path: state.path,
        scope: scopeChain(state),
      }));
    assert.deepEqual(summary(yaml), summary(json));
  });
});

describe('exact state positions in JSON', () => {
  test('line and column of names and ranges', () => {
    const doc = parseDocument(JSON_MACHINE);
    const fan = findStateByName(definitionModel(doc), 'Fan');
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
    assert.equal(stateAtLine(definitionModel(doc), 2)?.name, 'B');
    assert.equal(stateAtLine(definitionModel(doc), 1)?.name, 'A');
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
    const model = definitionModel(parseDocument(text));
    const [branch0, branch1] = stateAtPath(model, ['States', 'P'])?.scopes ?? [];
    assert.ok(branch0 && branch1);
    assert.equal(findStateByName(model, 'X')?.scope.kind, 'top');
    assert.equal(findStateByName(model, 'X', branch0)?.scope, branch0);
    // from branch 1, branch 0 is not an enclosing scope: the top-level X is the one in reach
    assert.equal(findStateByName(model, 'X', branch1)?.scope.kind, 'top');
    assert.equal(findStateByName(model, 'Nope'), undefined);
  });

  test('states whose value is not an object are still listed, with no node', () => {
    const doc = parseDocument('{"States": {"A": "oops", "B": {"Type": 3}}}');
    assert.deepEqual(
      statesOf(doc).map((s) => [s.name, s.node === undefined, s.type]),
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

describe('scopes and transitions', () => {
  const text = JSON.stringify(
    {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } } },
            'not a branch',
            { StartAt: 'B', States: { B: { Type: 'Succeed' } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }, 7],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED' },
            StartAt: 'Inner',
            States: { Inner: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
          },
          Next: 'C',
        },
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% true %}', Next: 'M' }],
          Default: 5,
          Next: 'P',
        },
      },
    },
    null,
    2,
  );
  const model = definitionModel(parseDocument(text));

  test('scopes come in document order, each with its owner, key, depth and path', () => {
    assert.deepEqual(
      model.scopes.map((s) => [s.kind, s.owner?.name, s.key, s.depth, s.path.join('.'), s.distributed]),
      [
        ['top', undefined, undefined, 0, '', false],
        ['branch', 'P', 0, 1, 'States.P.Branches.0', false],
        ['branch', 'P', 2, 1, 'States.P.Branches.2', false],
        ['processor', 'M', 'ItemProcessor', 1, 'States.M.ItemProcessor', true],
      ],
    );
    const p = stateAtPath(model, ['States', 'P']);
    assert.deepEqual(
      p?.scopes.map((s) => s.key),
      [0, 2],
    );
    assert.equal(stateAtPath(model, ['States', 'P', 'Branches', 2, 'States', 'B'])?.scope.owner, p);
  });

  test('each state has its effective query language', () => {
    assert.deepEqual(
      model.states.map((s) => [s.name, s.queryLanguage]),
      [
        ['P', 'JSONata'],
        ['A', 'JSONPath'],
        ['B', 'JSONata'],
        ['M', 'JSONata'],
        ['Inner', 'JSONata'],
        ['C', 'JSONata'],
      ],
    );
  });

  test('every written transition field is collected, per scope and per state, named or not', () => {
    assert.deepEqual(
      model.transitions.map((t) => [t.from?.name ?? '^', t.field, t.target ?? null, t.index ?? null]),
      [
        ['^', 'StartAt', 'P', null],
        ['P', 'Next', 'M', null],
        ['P', 'CatchNext', 'C', 0],
        ['M', 'Next', 'C', null],
        ['C', 'Next', 'P', null],
        ['C', 'Default', null, null],
        ['C', 'ChoiceNext', 'M', 0],
        ['^', 'StartAt', 'A', null],
        ['^', 'StartAt', 'B', null],
        ['^', 'StartAt', 'Inner', null],
      ],
    );
    const c = stateAtPath(model, ['States', 'C']);
    assert.deepEqual(
      c?.transitions.map((t) => t.field),
      ['Next', 'Default', 'ChoiceNext'],
    );
  });
});

describe('models of plain values', () => {
  test('a value gives the same states as its text, with empty ranges', () => {
    const fromText = definitionModel(parseDocument(JSON_MACHINE));
    const value = JSON.parse(JSON_MACHINE) as Record<string, unknown>;
    const fromValue = definitionModelOfValue(value as never);
    assert.deepEqual(
      fromValue.states.map((s) => [s.name, s.type, s.path, s.scope.key]),
      fromText.states.map((s) => [s.name, s.type, s.path, s.scope.key]),
    );
    assert.deepEqual(fromValue.states[0]?.nameRange, { start: 0, end: 0 });
    assert.equal(fromValue.doc.value, value, 'the document holds the value itself, not a copy');
    assert.equal(definitionModelOfValue(value as never), fromValue, 'cached per value');
  });

  test('a value nested far deeper than the call stack allows is cut at the parsers depth, without overflowing', () => {
    let machine: Record<string, unknown> = { StartAt: 'L0', States: { L0: { Type: 'Pass', End: true } } };
    for (let i = 1; i <= 20_000; i++) {
      machine = {
        StartAt: `L${i}`,
        States: { [`L${i}`]: { Type: 'Parallel', Branches: [machine], End: true } },
      };
    }
    const model = definitionModelOfValue(machine as never);
    // Each Parallel level is four levels of JSON (States, the state, Branches, the branch).
    assert.equal(model.states.length, MAX_NESTING_DEPTH / 4);
    assert.equal(model.states[0]?.name, 'L20000');
    assert.deepEqual(
      model.doc.diagnostics.map((d) => d.code),
      ['ASL005'],
    );
    const deepest = model.states.at(-1);
    assert.equal(deepest?.node?.truncated, undefined);
    const branches = deepest?.node?.properties.find((p) => p.key === 'Branches')?.value;
    assert.equal(branches?.kind === 'array' && branches.items.length === 0 && branches.truncated, true);
  });

  test('non-object values have no root and no states', () => {
    for (const value of [null, 3, 'x', [1], undefined]) {
      const model = definitionModelOfValue(value as never);
      assert.equal(model.root, undefined);
      assert.deepEqual(model.states, []);
    }
  });
});

describe('the model is built once per document', () => {
  test('the same document gives the same model', () => {
    const doc = parseDocument(JSON_MACHINE);
    assert.equal(definitionModel(doc), definitionModel(doc));
    assert.equal(definitionModel({ document: doc }), definitionModel(doc));
  });
});
