// Dispatches a state to the handler for its Type.

import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { runMap } from './map';
import { runParallel } from './parallel';
import { runChoice, runFail, runPass, runSucceed, runWait, unknownState } from './simple';
import { runTask } from './task';

/** A Map, so that a Type such as "constructor" finds no inherited property. */
const handlers = new Map<string, (run: StateRun) => MaybePromise<StateCompletion>>([
  ['Pass', runPass],
  ['Task', runTask],
  ['Choice', runChoice],
  ['Wait', runWait],
  ['Succeed', runSucceed],
  ['Fail', runFail],
  ['Parallel', runParallel],
  ['Map', runMap],
]);

export function runStateByType(run: StateRun): MaybePromise<StateCompletion> {
  return (handlers.get(run.stateType) ?? unknownState)(run);
}
