// Choice's state-level Assign and Output belong to the Default path: a matched rule uses its own Assign and
// Output, or none.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { isStateExited } from './events';
import { execute } from './execute';

// Evidence for: the States Language specification's JSONata Choice example says in words that when a rule
// without its own Assign matches, "no variables will be assigned" (the state-level Assign is for Default);
// LocalStack changed its engine to evaluate the state-level blocks only when Default is taken, with
// snapshot tests recorded against AWS (localstack/localstack pull request 12075, merged).
// Evidence against: one sentence of the developer guide's Choice page says a state-level Assign "applies
// regardless of which choice rule matches". No recording in ../shared decides it (the recorded cases give
// the rule and the state the same variable name). We follow the specification and the recorded behaviour.
describe('Choice: state-level Assign and Output apply on Default only', () => {
  const jsonata: JsonObject = {
    QueryLanguage: 'JSONata',
    StartAt: 'Pick',
    States: {
      Pick: {
        Type: 'Choice',
        Choices: [
          {
            Condition: '{% $states.input.n = 1 %}',
            Assign: { picked: 'rule one' },
            Output: { from: 'rule one' },
            Next: 'Done',
          },
          { Condition: '{% $states.input.n = 2 %}', Next: 'Done' },
        ],
        Default: 'Done',
        Assign: { picked: 'default' },
        Output: { from: 'default' },
      },
      Done: {
        Type: 'Pass',
        Output: { out: '{% $states.input %}', picked: '{% $exists($picked) ? $picked : null %}' },
        End: true,
      },
    },
  };

  async function run(
    definition: JsonObject,
    input: JsonObject,
  ): Promise<{ output: unknown; assigned: unknown }> {
    const result = await execute(definition, { input });
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    const exited = result.events.find((e) => e.type === 'ChoiceStateExited');
    return {
      output: result.output,
      assigned:
        exited && isStateExited(exited) ? exited.stateExitedEventDetails.assignedVariables : undefined,
    };
  }

  test('a rule with its own blocks uses them', async () => {
    assert.deepEqual(await run(jsonata, { n: 1 }), {
      output: { out: { from: 'rule one' }, picked: 'rule one' },
      assigned: { picked: 'rule one' },
    });
  });

  test('a rule without blocks assigns nothing and passes its input on', async () => {
    assert.deepEqual(await run(jsonata, { n: 2 }), {
      output: { out: { n: 2 }, picked: null },
      assigned: undefined,
    });
  });

  test('Default takes the state-level blocks', async () => {
    assert.deepEqual(await run(jsonata, { n: 3 }), {
      output: { out: { from: 'default' }, picked: 'default' },
      assigned: { picked: 'default' },
    });
  });

  test('the same holds for a JSONPath Choice and its Assign', async () => {
    const jsonPath: JsonObject = {
      StartAt: 'Pick',
      States: {
        Pick: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericEquals: 2, Next: 'Done' }],
          Default: 'Done',
          Assign: { picked: 'default' },
        },
        Done: { Type: 'Pass', End: true },
      },
    };
    assert.deepEqual((await run(jsonPath, { n: 2 })).assigned, undefined);
    assert.deepEqual((await run(jsonPath, { n: 3 })).assigned, { picked: 'default' });
  });
});
