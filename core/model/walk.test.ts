// walkStates (every state of a definition value, through the model) and isMeaningfulTransition (which
// of the model's written transitions a state's Type follows).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionModelOfValue, isMeaningfulTransition, walkStates } from '.';

const MACHINE = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true }, Odd: 'not a state' } }],
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Succeed', Next: 'B' } } },
      Next: 'Pick',
    },
    Pick: { Type: 'Choice', Choices: [{ Next: 'Each' }], Default: 'Fail', Next: 'Each' },
    Fail: { Type: 'Fail', Next: 'Pick', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Pick' }] },
  },
};

test('walkStates: every state whose value is an object, nested ones after their owner, with its path', () => {
  assert.deepEqual(
    walkStates(MACHINE).map((v) => [v.name, v.path.join('/')]),
    [
      ['Fan', 'States/Fan'],
      ['A', 'States/Fan/Branches/0/States/A'],
      ['Each', 'States/Each'],
      ['B', 'States/Each/ItemProcessor/States/B'],
      ['Pick', 'States/Pick'],
      ['Fail', 'States/Fail'],
    ],
  );
  assert.equal(walkStates(MACHINE)[0]?.definition, MACHINE.States.Fan);
});

test("isMeaningfulTransition: the model lists every written field; the state's Type says which count", () => {
  const model = definitionModelOfValue(MACHINE);
  const shown = model.transitions.map(
    (t) =>
      `${t.from?.name ?? '^'} ${t.field}${t.index === undefined ? '' : t.index} ${isMeaningfulTransition(t)}`,
  );
  assert.deepEqual(shown, [
    '^ StartAt true',
    'Fan Next true',
    'Each Next true',
    'Pick Next false',
    'Pick Default true',
    'Pick ChoiceNext0 true',
    'Fail Next false',
    'Fail CatchNext0 true',
    '^ StartAt true',
    '^ StartAt true',
    'B Next false',
  ]);
});
