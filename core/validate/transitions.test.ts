// Transitions and the state graph: missing targets (with "did you mean"), transitions across Parallel/Map
// boundaries, unreachable states, scopes without a terminal state, duplicate state names across the machine.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { JsonObject } from '../json';
import { validate } from './index';
import { codesIn, locate, machine, runCases, summarize } from './validate.fixture';

const pass = (next?: string): JsonObject =>
  next ? { Type: 'Pass', Next: next } : { Type: 'Pass', End: true };
const parallel = (branch: JsonObject, extra: JsonObject = {}): JsonObject => ({
  Type: 'Parallel',
  Branches: [branch],
  ...extra,
});
const map = (processor: JsonObject, extra: JsonObject = {}): JsonObject => ({
  Type: 'Map',
  ItemProcessor: processor,
  ...extra,
});

void describe('transition targets', () => {
  runCases([
    {
      name: 'Next to a missing state, with the likely name',
      bad: machine({ A: pass('Finsh'), Finish: { Type: 'Succeed' } }),
      code: 'ASL201',
      at: '"Finsh"',
      message: /did you mean "Finish"/,
      good: machine({ A: pass('Finish'), Finish: { Type: 'Succeed' } }),
    },
    {
      name: 'StartAt to a missing state',
      bad: JSON.stringify({ StartAt: 'Begin', States: { Start: { Type: 'Succeed' } } }, null, 2),
      code: 'ASL201',
      at: '"Begin"',
      good: JSON.stringify({ StartAt: 'Start', States: { Start: { Type: 'Succeed' } } }, null, 2),
    },
    {
      name: 'Choice Default to a missing state',
      bad: machine({
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }], Default: 'Nowhere' },
        D: { Type: 'Succeed' },
      }),
      code: 'ASL201',
      at: '"Nowhere"',
      good: machine({
        C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'D' }], Default: 'D' },
        D: { Type: 'Succeed' },
      }),
    },
    {
      name: 'Catch Next to a missing state',
      bad: machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }],
          End: true,
        },
        Handle: { Type: 'Fail' },
      }),
      code: 'ASL201',
      at: '"Handler"',
      good: machine({
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
          End: true,
        },
        Handle: { Type: 'Fail' },
      }),
    },
    {
      name: 'a branch state going to a state outside the Parallel',
      bad: machine({
        P: parallel({ StartAt: 'In', States: { In: pass('After') } }, { Next: 'After' }),
        After: { Type: 'Succeed' },
      }),
      code: 'ASL202',
      at: '"After"',
      message: /cannot leave a Parallel branch/,
      good: machine({
        P: parallel({ StartAt: 'In', States: { In: pass() } }, { Next: 'After' }),
        After: { Type: 'Succeed' },
      }),
    },
    {
      name: 'a top-level state going into a Map iterator',
      bad: machine({
        A: pass('Inner'),
        M: map({ StartAt: 'Inner', States: { Inner: pass() } }, { End: true }),
      }),
      code: 'ASL202',
      at: '"Inner"',
      message: /cannot go into the ItemProcessor of Map "M"/,
      good: machine({ A: pass('M'), M: map({ StartAt: 'Inner', States: { Inner: pass() } }, { End: true }) }),
    },
  ]);

  void it('does not flag a ${placeholder} Next, nor the states it may lead to', () => {
    const text = machine({ A: pass('${NextState}'), B: { Type: 'Succeed' } });
    assert.deepEqual(validate(text), []);
  });
});

void describe('the state graph', () => {
  runCases([
    {
      name: 'a state nothing leads to',
      bad: machine({ A: pass(), Orphan: { Type: 'Succeed' } }),
      code: 'ASL203',
      at: '"Orphan"',
      good: machine({ A: pass('Orphan'), Orphan: { Type: 'Succeed' } }),
    },
    {
      name: 'a scope without a terminal state, at its States key',
      bad: machine({ A: pass('B'), B: pass('A') }),
      code: 'ASL204',
      at: '"States"',
      good: machine({ A: pass('B'), B: pass() }),
    },
    {
      name: 'a Parallel branch without a terminal state',
      bad: machine({ P: parallel({ StartAt: 'X', States: { X: pass('X') } }, { End: true }) }),
      code: 'ASL204',
      at: '"States"',
      nth: 1,
      good: machine({ P: parallel({ StartAt: 'X', States: { X: pass() } }, { End: true }) }),
    },
    {
      name: 'a state name used in a branch and at the top level',
      bad: machine({
        Work: parallel({ StartAt: 'Step', States: { Step: pass() } }, { Next: 'Step' }),
        Step: { Type: 'Succeed' },
      }),
      code: 'ASL205',
      at: '"Step"',
      nth: 3,
      message: /unique in the whole state machine/,
      good: machine({
        Work: parallel({ StartAt: 'Inner', States: { Inner: pass() } }, { Next: 'Step' }),
        Step: { Type: 'Succeed' },
      }),
    },
  ]);

  void it('reports each unreachable state once, loops included, with the error severity AWS gives it', () => {
    const text = machine({ A: pass(), B: pass('C'), C: pass('B') });
    const found = codesIn(text, 'ASL203');
    assert.deepEqual(summarize(text, found), ['ASL203@"B"', 'ASL203@"C"']);
    assert.ok(found.every((d) => d.severity === 'error'));
  });

  void it('a misspelt Next also leaves the state it means unreachable, as AWS reports it', () => {
    const text = machine({ A: pass('Chek'), Check: pass('Done'), Done: { Type: 'Succeed' } });
    assert.deepEqual(summarize(text, validate(text)), ['ASL201@"Chek"', 'ASL203@"Check"', 'ASL203@"Done"']);
  });

  void it('keeps graph checks quiet when the JSON has syntax errors', () => {
    const text =
      '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass" "End": true}}}';
    const codes = validate(text).map((d) => d.code);
    assert.ok(codes.includes('ASL001'));
    assert.ok(!codes.includes('ASL203') && !codes.includes('ASL204'), codes.join(','));
  });

  void it('states inside Map and Parallel are checked in their own scope', () => {
    const text = machine({
      M: map({ StartAt: 'I1', States: { I1: pass('I2'), I2: pass() } }, { Next: 'P' }),
      P: parallel({ StartAt: 'B1', States: { B1: pass() } }, { End: true }),
    });
    assert.deepEqual(validate(text), []);
    const broken = text.replace('"Next": "I2"', '"Next": "I3"');
    assert.deepEqual(codesIn(broken, 'ASL201')[0]?.offsets, locate(broken, '"I3"'));
  });
});
