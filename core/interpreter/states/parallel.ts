// The Parallel state: every branch runs on its own thread with the same input; the result is the
// array of branch outputs, or the first branch error.

import { StatesError } from '../../errors';
import { isJsonObject, type JsonValue } from '../../json';
import { evaluatePayloadTemplate } from '../payload';
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { VariableScope } from '../variables';
import { runChildren } from './children';
import { applySelectPath } from './dataflow';
import { finishWithResult } from './finish';
import { jsonataField, usesJsonata } from '../query';
import { withRetryAndCatch } from './errorFlow';
import { nextOf } from './simple';

export function runParallel(run: StateRun): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, () => attemptParallel(run));
}

async function attemptParallel(run: StateRun): Promise<StateCompletion> {
  const rt = run.rt;
  let branchInput: JsonValue;
  if (usesJsonata(run)) {
    branchInput =
      'Arguments' in run.def
        ? await jsonataField(run, run.def.Arguments as JsonValue, 'Arguments')
        : run.rawInput;
  } else {
    const effective = applySelectPath(run, 'InputPath', run.rawInput);
    if (run.observingStages) await run.stage('afterInputPath', effective);
    branchInput = effective;
    if ('Parameters' in run.def) {
      branchInput = evaluatePayloadTemplate(run.def.Parameters as JsonValue, run.scope(effective));
      if (run.observingStages) await run.stage('afterParameters', branchInput);
    }
  }
  const branches = Array.isArray(run.def.Branches) ? run.def.Branches : [];
  rt.append(run.thread, { type: 'ParallelStateStarted', details: { state: run.name } });
  let outcome;
  try {
    outcome = await runChildren(run, {
      count: branches.length,
      limit: branches.length,
      tolerates: () => false,
      make: (index, control) => {
        const thread = rt.newThread(
          run.thread,
          `Parallel ${run.name} [${index}]`,
          { state: run.name, kind: 'branch', index },
          control,
          new VariableScope(run.thread.variables),
        );
        const branch = branches[index];
        return {
          thread,
          body: () =>
            rt.runStates(thread, isJsonObject(branch) ? branch : {}, branchInput, [
              ...run.path,
              'Branches',
              index,
            ]),
        };
      },
    });
  } catch (err) {
    if (err instanceof StatesError) {
      rt.append(run.thread, {
        type: 'ParallelStateFailed',
        details: { state: run.name, error: err.error, cause: err.cause },
      });
    }
    throw err;
  }
  rt.append(run.thread, { type: 'ParallelStateSucceeded', details: { state: run.name } });
  const result: JsonValue = outcome.results.map((r) => r ?? null);
  return finishWithResult(run, result, nextOf(run));
}
