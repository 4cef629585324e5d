// Tests of the graph model: nodes per state and scope, edges per transition with their labels,
// compound nesting for Map and Parallel, unique ids, and broken definitions that must not throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../json';
import { parseDocument } from '../parse';
import { buildGraphModel, buildGraphModelFromDocument, escapeIdSegment, type GraphModel } from './model';

function edgeSummary(model: GraphModel): string[] {
  return model.edges.map(
    (e) => `${e.kind} ${e.source} -> ${e.target}${e.label === undefined ? '' : ` [${e.label}]`}`,
  );
}

test('a linear machine has start, states, end and Next/End edges in definition order', () => {
  const model = buildGraphModel({
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', Next: 'B' },
      B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
    },
  });
  assert.deepEqual(
    model.nodes.map((n) => [n.id, n.kind, n.stateType ?? '-']),
    [
      ['::start', 'start', '-'],
      ['A', 'state', 'Pass'],
      ['B', 'state', 'Task'],
      ['::end', 'end', '-'],
    ],
  );
  assert.deepEqual(edgeSummary(model), ['start ::start -> A', 'next A -> B', 'end B -> ::end']);
  assert.equal(model.nodes.find((n) => n.id === 'B')?.detail, 'lambda:invoke');
  assert.deepEqual(model.dangling, []);
});

test('Choice rules are labelled with their conditions, Default with "Default"; Succeed and Fail end', () => {
  const model = buildGraphModel({
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.x', NumericGreaterThan: 5, Next: 'Big' },
          { Variable: '$.a', IsPresent: true, Next: 'Big' },
          { Variable: '$.a', IsNull: false, Next: 'Big' },
          {
            And: [
              { Variable: '$.s', StringEquals: 'go' },
              { Not: { Variable: '$.n', NumericLessThanPath: '$.m' } },
            ],
            Next: 'Small',
          },
          { Variable: '$.name', StringMatches: 'log-*.txt', Next: 'Small' },
          { Condition: '{% $states.input.x > 5 %}', Next: 'Big' },
        ],
        Default: 'Small',
      },
      Big: { Type: 'Succeed' },
      Small: { Type: 'Fail', Error: 'E' },
    },
  });
  assert.deepEqual(edgeSummary(model), [
    'start ::start -> Check',
    'choice Check -> Big [$.x > 5]',
    'choice Check -> Big [IsPresent $.a]',
    'choice Check -> Big [not IsNull $.a]',
    'choice Check -> Small [And($.s == "go", Not($.n < $.m))]',
    'choice Check -> Small [$.name matches "log-*.txt"]',
    'choice Check -> Big [$states.input.x > 5]',
    'default Check -> Small [Default]',
    'end Big -> ::end',
    'end Small -> ::end',
  ]);
  const ids = model.edges.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, 'edge ids are unique');
  assert.equal(model.edges[1]?.title, '$.x > 5');
});

test('long conditions are shortened on the edge and kept whole in the title', () => {
  const long = {
    Or: Array.from({ length: 6 }, (_, i) => ({ Variable: `$.field${i}`, StringEquals: `value-${i}` })),
    Next: 'B',
  };
  const model = buildGraphModel({
    StartAt: 'C',
    States: { C: { Type: 'Choice', Choices: [long], Default: 'B' }, B: { Type: 'Pass', End: true } },
  });
  const edge = model.edges.find((e) => e.kind === 'choice');
  assert.ok(edge?.label && edge.title);
  assert.ok([...edge.label].length <= 32, edge.label);
  assert.ok(edge.label.endsWith('…'));
  assert.ok(edge.title.startsWith('Or($.field0 == "value-0", '));
  assert.ok(edge.title.includes('$.field5 == "value-5"'));
});

test('Catch edges are kind catch, labelled with their errors', () => {
  const model = buildGraphModel({
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
        Catch: [
          { ErrorEquals: ['States.Timeout', 'Custom.Error'], Next: 'Recover' },
          { ErrorEquals: ['States.ALL'], Next: 'Recover' },
        ],
        Next: 'Done',
      },
      Recover: { Type: 'Pass', Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const catches = model.edges.filter((e) => e.kind === 'catch');
  assert.deepEqual(
    catches.map((e) => [e.id, e.label, e.title]),
    [
      ['T::catch:0', 'States.Timeout, Custom.Error', 'Catch: States.Timeout, Custom.Error'],
      ['T::catch:1', 'States.ALL', 'Catch: States.ALL'],
    ],
  );
  assert.equal(model.nodes.find((n) => n.id === 'T')?.detail, 'lambda work');
});

test('Map and Parallel are compound nodes holding their item processor and branches, each with markers', () => {
  const model = buildGraphModel({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } },
          {
            StartAt: 'Each',
            States: {
              Each: {
                Type: 'Map',
                ItemProcessor: {
                  ProcessorConfig: { Mode: 'DISTRIBUTED' },
                  StartAt: 'Inner',
                  States: { Inner: { Type: 'Pass', End: true } },
                },
                End: true,
              },
            },
          },
        ],
        End: true,
      },
    },
  });
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  assert.equal(byId.get('Fan')?.compound, true);
  assert.equal(byId.get('Fan/Branches/0')?.kind, 'branch');
  assert.equal(byId.get('Fan/Branches/0')?.parent, 'Fan');
  assert.equal(byId.get('Fan/Branches/0')?.label, 'Branch 1');
  assert.equal(byId.get('Fan/Branches/0/Inner')?.parent, 'Fan/Branches/0');
  assert.equal(byId.get('Fan/Branches/1/Each')?.compound, true);
  assert.equal(byId.get('Fan/Branches/1/Each')?.detail, 'Distributed');
  const innerOfMap = byId.get('Fan/Branches/1/Each/ItemProcessor/Inner');
  assert.equal(innerOfMap?.parent, 'Fan/Branches/1/Each');
  assert.equal(innerOfMap?.scope, 'Fan/Branches/1/Each/ItemProcessor');
  assert.deepEqual(innerOfMap?.path, [
    'States',
    'Fan',
    'Branches',
    1,
    'States',
    'Each',
    'ItemProcessor',
    'States',
    'Inner',
  ]);
  assert.ok(byId.has('Fan/Branches/1/Each/ItemProcessor::start'));
  assert.ok(byId.has('Fan/Branches/1/Each/ItemProcessor::end'));
  // Parents come before their children.
  const order = model.nodes.map((n) => n.id);
  for (const node of model.nodes) {
    if (node.parent !== undefined) assert.ok(order.indexOf(node.parent) < order.indexOf(node.id), node.id);
  }
  const inner = model.edges.filter((e) => e.parent === 'Fan/Branches/1/Each');
  assert.deepEqual(
    inner.map((e) => `${e.source} -> ${e.target}`),
    [
      'Fan/Branches/1/Each/ItemProcessor::start -> Fan/Branches/1/Each/ItemProcessor/Inner',
      'Fan/Branches/1/Each/ItemProcessor/Inner -> Fan/Branches/1/Each/ItemProcessor::end',
    ],
  );
  const ids = model.nodes.map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length, 'repeated names in different scopes still get unique ids');
});

test('the legacy Iterator field is drawn like ItemProcessor', () => {
  const model = buildGraphModel({
    StartAt: 'M',
    States: {
      M: { Type: 'Map', Iterator: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true },
    },
  });
  assert.equal(model.nodes.find((n) => n.stateName === 'X')?.id, 'M/Iterator/X');
});

test('names with slashes, colons and tildes give distinct ids', () => {
  assert.equal(escapeIdSegment('a/b:c~d'), 'a~1b~2c~0d');
  const model = buildGraphModel({
    StartAt: 'a/b',
    States: {
      'a/b': { Type: 'Pass', Next: 'a~1b' },
      'a~1b': { Type: 'Pass', Next: '::end' },
      '::end': { Type: 'Succeed' },
    },
  });
  const ids = model.nodes.map((n) => n.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(model.edges.some((e) => e.kind === 'next' && e.source === 'a~1b' && e.target === 'a~01b'));
  assert.ok(model.edges.some((e) => e.kind === 'next' && e.target === '~2~2end'));
});

test('transitions to missing states or across scopes are dangling, not edges', () => {
  const model = buildGraphModel({
    StartAt: 'Nowhere',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', Next: 'Out' } } }],
        Next: 'Out',
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 42 }],
      },
      Out: {
        Type: 'Choice',
        Choices: [{ Variable: '$.x', BooleanEquals: true, Next: 'Typo' }],
        Default: 'Out',
      },
    },
  });
  assert.deepEqual(
    model.dangling.map((d) => `${d.kind} ${d.source} -> ${d.target}`),
    ['start ::start -> Nowhere', 'catch P -> 42', 'next P/Branches/0/In -> Out', 'choice Out -> Typo'],
  );
  assert.deepEqual(edgeSummary(model), [
    'next P -> Out',
    'start P/Branches/0::start -> P/Branches/0/In',
    'default Out -> Out [Default]',
  ]);
});

test('broken definitions never throw and draw what they can', () => {
  const broken: Array<JsonValue | undefined> = [
    undefined,
    null,
    42,
    'text',
    [],
    {},
    { StartAt: 'A' },
    { StartAt: 'A', States: [] },
    { StartAt: 'A', States: { A: null, B: 'x', C: [] } },
    {
      StartAt: 'A',
      States: { A: { Type: 7, Next: ['B'], Choices: 'no', Catch: { Next: 'A' }, Branches: 'x' } },
    },
    {
      StartAt: 'A',
      States: {
        A: {
          Type: 'Choice',
          Choices: [null, 1, { Next: 'A' }, { And: 'x', Next: 'A' }, { Not: null, Next: 'A' }],
        },
      },
    },
    {
      StartAt: 'A',
      States: { A: { Type: 'Parallel', Branches: [null, 3, { States: { B: {} } }], End: true } },
    },
    { StartAt: 'A', States: { A: { Type: 'Map', ItemProcessor: {}, Iterator: { States: null } } } },
  ];
  for (const definition of broken) {
    const model = buildGraphModel(definition);
    assert.ok(
      model.nodes.some((n) => n.id === '::start'),
      JSON.stringify(definition),
    );
    assert.ok(model.nodes.some((n) => n.id === '::end'));
  }
  const typeless = buildGraphModel(broken[9]);
  assert.equal(typeless.nodes.find((n) => n.id === 'A')?.stateType, undefined);
  assert.deepEqual(
    typeless.dangling.map((d) => d.target),
    ['["B"]'],
  );
  const choices = buildGraphModel(broken[10]);
  assert.deepEqual(
    choices.edges.filter((e) => e.kind === 'choice').map((e) => e.label),
    ['?', 'And(?)', 'Not(?)'],
  );
  const branches = buildGraphModel(broken[11]);
  assert.deepEqual(
    branches.nodes.filter((n) => n.kind === 'branch').map((n) => n.id),
    ['A/Branches/0', 'A/Branches/1', 'A/Branches/2'],
  );
  assert.ok(branches.nodes.some((n) => n.id === 'A/Branches/2/B' && n.stateType === undefined));
});

test('deeply nested scopes stop expanding instead of overflowing the stack', () => {
  let scope: JsonValue = { StartAt: 'Leaf', States: { Leaf: { Type: 'Pass', End: true } } };
  for (let i = 0; i < 200; i++)
    scope = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [scope], End: true } } };
  const model = buildGraphModel(scope);
  assert.ok(model.nodes.length > 100);
  assert.ok(model.nodes.length < 1000);
});

test('from a parsed document, state nodes carry their source ranges', () => {
  const text = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "End": true }\n  }\n}\n';
  const model = buildGraphModelFromDocument(parseDocument(text));
  const a = model.nodes.find((n) => n.id === 'A');
  assert.ok(a?.range && a.nameRange);
  assert.equal(text.slice(a.nameRange.start, a.nameRange.end), '"A"');
  assert.ok(text.slice(a.range.start, a.range.end).startsWith('"A": {'));
  const yaml = buildGraphModelFromDocument(
    parseDocument('StartAt: A\nStates:\n  A:\n    Type: Succeed\n', { fileName: 'x.asl.yaml' }),
  );
  assert.ok(yaml.nodes.find((n) => n.id === 'A')?.range);
});
