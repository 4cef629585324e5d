// The Parallel state: every branch runs on its own thread with the same input; the result is the
// array of branch outputs, or the first branch error.

import { StatesError } from '../../errors';
import { isJsonObject, type JsonValue } from '../../json';
import type { QueryLanguage } from '../dataflow';
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { withRetryAndCatch } from './errorFlow';
import { nextOf } from './simple';

export function runParallel(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, language, () => attemptParallel(run, language));
}

async function attemptParallel(run: StateRun, language: QueryLanguage): Promise<StateCompletion> {
  const pendingInput = language.effectiveInput(run);
  const effective = pendingInput instanceof Promise ? await pendingInput : pendingInput;
  const pendingArgs = language.parameters(run, effective);
  const branchInput = pendingArgs instanceof Promise ? await pendingArgs : pendingArgs;
  const branches = Array.isArray(run.def.Branches) ? run.def.Branches : [];
  run.record({ type: 'ParallelStateStarted' });
  let outcome;
  try {
    outcome = await run.host.runChildren(run.thread, {
      owner: run.def,
      count: branches.length,
      limit: branches.length,
      tolerates: () => false,
      child: (index) => {
        const branch = branches[index];
        return {
          name: `Parallel ${run.name} [${index}]`,
          step: { state: run.name, kind: 'branch', index },
          input: () => branchInput,
          machine: isJsonObject(branch) ? branch : {},
          basePath: [...run.path, 'Branches', index],
        };
      },
    });
  } catch (err) {
    if (err instanceof StatesError) run.failureEvent = { type: 'ParallelStateFailed' };
    throw err;
  }
  run.record({ type: 'ParallelStateSucceeded' });
  const result: JsonValue = outcome.results.map((r) => r ?? null);
  return language.finishWithResult(run, result, nextOf(run));
}
