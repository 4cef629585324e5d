// A state's data flow, in either query language. State handlers say what a state does (call a service,
// wait, branch, iterate); a QueryLanguage says how its fields are read and how its input becomes its
// output. Each language's whole pipeline is one file:
//   jsonpath.ts  InputPath → Parameters → (the state's work) → ResultSelector → Assign → ResultPath → OutputPath
//   jsonata.ts   $states.input → Arguments → (the state's work) → Output and Assign over $states.result
// Both are sync-first: the JSONPath pipeline returns a promise only when an observer pauses on a data
// stage; the JSONata one whenever it evaluates an expression.

import type { JsonValue } from '../../json';
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import { JSONATA } from './jsonata';
import { JSONPATH } from './jsonpath';
import type { MapLimits, QueryLanguage } from './language';
import { seenStateRun, type SeenState } from './seenState';

export type * from './language';
export type { SeenState } from './seenState';

/** The query language a state's fields are read in. */
export function languageOf(run: StateRun): QueryLanguage {
  return run.jsonata ? JSONATA : JSONPATH;
}

/**
 * A Map's MaxConcurrency and tolerated failures as its run read them (TestState's mocked Map), over its
 * effective input (JSONPath's `$`): its query language's mapLimits, with the same checks and errors.
 */
export function readMapLimits(seen: SeenState, effective: JsonValue): MaybePromise<MapLimits> {
  const run = seenStateRun(seen);
  return languageOf(run).mapLimits(run, effective);
}
