// The contract of a query language: how a state's fields are read and how its input becomes its output.
// jsonpath.ts and jsonata.ts implement it; state handlers are written against it once.

import type { JsonObject, JsonValue } from '../../json';
import type { StatesError } from '../../errors';
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';

export interface QueryLanguage {
  readonly name: 'JSONPath' | 'JSONata';

  // ---- the pipeline, in order ----
  /** What the state works on: InputPath over the raw input (reported as 'afterInputPath'), or the raw input. */
  effectiveInput(run: StateRun): MaybePromise<JsonValue>;
  /**
   * Parameters over the effective input, or Arguments: a Task's request, a Parallel's branch input, a Pass's
   * value. Without the field, the effective input. Reported as 'afterParameters' when the state has one.
   */
  parameters(run: StateRun, effective: JsonValue): MaybePromise<JsonValue>;
  /** A state that produced `result` (Task, Map, Parallel, Pass): its output and variables. */
  finishWithResult(run: StateRun, result: JsonValue, next: string | undefined): MaybePromise<StateCompletion>;
  /**
   * A state without a result (Choice, Wait, Succeed): the output comes from the effective input. `blocks`:
   * the Assign and Output that apply (the state's own unless a Choice rule gives its own).
   */
  finishPassThrough(
    run: StateRun,
    effective: JsonValue,
    next: string | undefined,
    blocks?: OutputBlocks,
  ): MaybePromise<StateCompletion>;
  /** A caught error: the catcher's Assign, and its ResultPath into the state input or its Output. */
  finishCaught(run: StateRun, catcher: JsonObject, err: StatesError): MaybePromise<StateCompletion>;

  // ---- fields read along the way ----
  /** A Task's TimeoutSeconds and HeartbeatSeconds (literal, `...Path`, or an expression). */
  taskTimeouts(run: StateRun, effective: JsonValue): MaybePromise<TaskTimeouts>;
  /** How long a Wait state waits from now, in milliseconds. */
  waitMilliseconds(run: StateRun, effective: JsonValue): MaybePromise<number>;
  /** A Fail state's Error and Cause. */
  failError(run: StateRun): MaybePromise<{ error: string | undefined; cause: string | undefined }>;
  /** The first Choice rule that matches, or undefined. */
  matchChoice(run: StateRun, effective: JsonValue): MaybePromise<JsonObject | undefined>;
  /** A Map's items when no ItemReader reads them (ItemsPath or Items); not yet checked to be an array. */
  mapItems(run: StateRun, effective: JsonValue): MaybePromise<JsonValue>;
  /** A Map's MaxConcurrency and tolerated failures, checked as AWS does. */
  mapLimits(run: StateRun, effective: JsonValue): MaybePromise<MapLimits>;
  /** One iteration's input from a Map's ItemSelector; `context` holds `$$.Map.Item`. */
  selectItem(
    run: StateRun,
    selector: JsonValue,
    effective: JsonValue,
    context: JsonObject,
  ): MaybePromise<JsonValue>;
  /** The request field of a Task, a Parallel, an ItemReader or a ResultWriter. */
  readonly requestField: 'Parameters' | 'Arguments';
  /** A template field (BatchInput, an ItemReader's request): `.$` keys over the effective input, or `{% %}`. */
  template(run: StateRun, value: JsonValue, field: string, effective: JsonValue): MaybePromise<JsonValue>;
  /**
   * A count that `holder[field]` gives as a literal, a `...Path` over the effective input (JSONPath) or an
   * expression (JSONata); undefined when absent or not a number (MaxItemsPerBatch, ReaderConfig.MaxItems).
   */
  count(
    run: StateRun,
    holder: JsonObject,
    field: string,
    effective: JsonValue,
  ): MaybePromise<number | undefined>;
}

export interface OutputBlocks {
  assign: JsonValue | undefined;
  output: JsonValue | undefined;
}

/** What the Task sets (undefined: not set; the Task then runs under AWS's default). */
export interface TaskTimeouts {
  timeoutSeconds: number | undefined;
  heartbeatSeconds: number | undefined;
}

export interface MapLimits {
  /** 0: no limit. */
  limit: number;
  count?: number;
  percentage?: number;
}
