// Generated state machines for graph tests and the benchmark: a long main line of Tasks with Catch
// edges, Choices with several rules, Waits, and Parallel and Map blocks with nested states.

import type { JsonObject } from '../../core/json';

interface Counter {
  states: number;
}

/** A chain of `count` states named `${prefix}N` inside one scope, ending with End: true. */
function chain(prefix: string, count: number, counter: Counter, depth: number): JsonObject {
  const states: JsonObject = {};
  const name = (i: number): string => `${prefix}${i}`;
  const last = count - 1;
  for (let i = 0; i < count; i++) {
    const next = i === last ? undefined : name(i + 1);
    const tail: JsonObject = next === undefined ? { End: true } : { Next: next };
    counter.states++;
    const kind = i % 10;
    if (kind === 3 && i + 2 <= last) {
      states[name(i)] = {
        Type: 'Choice',
        Choices: [
          { Variable: '$.value', NumericGreaterThan: i, Next: name(i + 1) },
          { Variable: '$.kind', StringEquals: `kind-${i}`, Next: name(i + 2) },
          {
            And: [
              { Variable: '$.flag', IsPresent: true },
              { Variable: '$.flag', BooleanEquals: true },
            ],
            Next: name(i + 2),
          },
        ],
        Default: name(i + 1),
      };
    } else if (kind === 5) {
      states[name(i)] = { Type: 'Wait', Seconds: 5, ...tail };
    } else if (kind === 7 && depth === 0) {
      const branches = [0, 1].map((b) => ({
        StartAt: `${name(i)}_b${b}_0`,
        States: chain(`${name(i)}_b${b}_`, 4, counter, depth + 1),
      }));
      states[name(i)] = { Type: 'Parallel', Branches: branches, ...tail };
    } else if (kind === 9 && depth === 0) {
      states[name(i)] = {
        Type: 'Map',
        ItemProcessor: {
          StartAt: `${name(i)}_item_0`,
          States: chain(`${name(i)}_item_`, 4, counter, depth + 1),
        },
        ...tail,
      };
    } else {
      const task: JsonObject = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', ...tail };
      if (i + 3 <= last)
        task['Catch'] = [{ ErrorEquals: ['States.TaskFailed', 'Custom.Error'], Next: name(i + 3) }];
      states[name(i)] = task;
    }
  }
  return states;
}

/** A machine with at least `target` states (nested ones included), the first size that reaches it. */
export function generatedMachine(target: number): { definition: JsonObject; states: number } {
  for (let topLevel = Math.max(1, Math.floor(target / 3)); ; topLevel++) {
    const counter: Counter = { states: 0 };
    const states = chain('S', topLevel, counter, 0);
    if (counter.states >= target) {
      return {
        definition: { Comment: `generated, ${counter.states} states`, StartAt: 'S0', States: states },
        states: counter.states,
      };
    }
  }
}
