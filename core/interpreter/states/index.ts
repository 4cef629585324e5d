// Dispatches a state to the handler for its Type, with the query language its fields are read in.

import { languageOf, type QueryLanguage } from '../dataflow';
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { runMap } from './map';
import { runParallel } from './parallel';
import { runChoice, runFail, runPass, runSucceed, runWait, unknownState } from './simple';
import { runTask } from './task';

export type StateHandler = (run: StateRun, language: QueryLanguage) => MaybePromise<StateCompletion>;

/** A Map, so that a Type such as "constructor" finds no inherited property. */
const handlers = new Map<string, StateHandler>([
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
  return (handlers.get(run.stateType) ?? unknownState)(run, languageOf(run));
}
