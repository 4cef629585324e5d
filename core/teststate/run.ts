// Runs the state under test in the engine and decides TestState's status from the engine's public
// observer hooks (beforeState, onStage, onStateOutcome, onEvent), never private ones.
//
// The rules (AWS's TestState semantics, recorded results cited in teststate.test.ts):
// - The state runs once. Its first outcome decides: success is SUCCEEDED with the output and the next
//   state (a Choice's decision included); an error a Catch handles is CAUGHT_ERROR with the catcher's
//   output and Next; an error a Retry rule would retry is RETRIABLE (the retry does not run) with the
//   rule's index and back-off; any other error is FAILED.
// - `retrierRetryCount` N says N retries already happened: the engine makes them (instantly, on the
//   virtual clock, with the same mocked answer) and the decision is taken at the next error. Once the
//   rule's MaxAttempts are spent the error goes to Catch or fails the state, reporting the rule's index.
// - `variables` are the workflow variables the state sees; the response's are those plus its Assign.

import { errorMatches, retryDelayMs } from '../interpreter/errorHandling';
import { StatesError } from '../errors';
import {
  startExecution,
  isStateEntered,
  isStateExited,
  type DataStage,
  type ExecuteOptions,
  type ExecutionHandle,
  type ExecutionObserver,
  type StateFrame,
  type StateOutcome,
} from '../interpreter';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { InspectionErrorDetails, TestExecutionStatus } from './model';

export interface Decision {
  status: TestExecutionStatus;
  output?: JsonValue;
  error?: string;
  cause?: string;
  nextState?: string;
  errorDetails?: InspectionErrorDetails;
  /** The state's data stages in its last attempt. */
  stages: Partial<Record<DataStage, JsonValue>>;
  /** The state's input and context object as it was entered. */
  input?: JsonValue;
  context?: JsonValue;
  /** The state's frame as it was last entered, and the id of its StateEntered event. */
  frame?: StateFrame;
  enteredEventId?: number;
  /** Variables the state assigned. */
  assigned?: Record<string, JsonValue>;
  /** For a Map that ran: the input and item of each iteration, by index. */
  iterations: { index: number; input: JsonValue; item: JsonValue }[];
}

export interface RunSettings {
  /** The machine holding only the state under test. */
  machine: JsonObject;
  stateName: string;
  options: ExecuteOptions;
  variables?: JsonObject;
  retrierRetryCount: number;
  /** Another observer that sees every hook (the test runner's facts and coverage). */
  observer?: ExecutionObserver;
  onStarted?: (handle: ExecutionHandle) => void;
}

function indexMatching(
  list: JsonValue | undefined,
  error: string,
  cause: string | undefined,
): number | undefined {
  if (!Array.isArray(list)) return undefined;
  const err = new StatesError(error, cause, { fromTask: true });
  const index = list.findIndex((item) => isJsonObject(item) && errorMatches(item.ErrorEquals, err));
  return index >= 0 ? index : undefined;
}

/** The back-off of the `retry`-th retry of a rule, in whole seconds (jitter not applied). */
function backoffSeconds(retrier: JsonValue | undefined, retry: number): number | undefined {
  if (!isJsonObject(retrier)) return undefined;
  const noJitter = { next: () => 1, uuid: () => '' };
  return Math.round(retryDelayMs(retrier, retry, noJitter) / 1000);
}

function contextItem(context: JsonValue): JsonValue {
  if (!isJsonObject(context) || !isJsonObject(context.Map) || !isJsonObject(context.Map.Item)) return null;
  return context.Map.Item.Value ?? null;
}

/** Runs the machine until the state under test is decided, then stops it. */
export async function runAndDecide(settings: RunSettings): Promise<Decision> {
  const { stateName, observer: extra } = settings;
  const own = (frame: StateFrame): boolean => frame.stateName === stateName && frame.scope.length === 0;
  let decided: Decision | undefined;
  let entered = 0;
  let retries = 0;
  let retryIndex: number | undefined;
  let caught: { error?: string; cause?: string; catchIndex?: number } | undefined;
  let stages: Decision['stages'] = {};
  let input: JsonValue | undefined;
  let context: JsonValue | undefined;
  let ownFrame: StateFrame | undefined;
  let enteredEventId: number | undefined;
  let assigned: Record<string, JsonValue> | undefined;
  const iterations = new Map<number, { index: number; input: JsonValue; item: JsonValue }>();
  let stop = (): void => undefined;

  const base = (): Pick<
    Decision,
    'stages' | 'input' | 'context' | 'frame' | 'enteredEventId' | 'assigned' | 'iterations'
  > => ({
    stages,
    input,
    context,
    frame: ownFrame,
    enteredEventId,
    assigned,
    iterations: [...iterations.values()].sort((a, b) => a.index - b.index),
  });

  const decide = (outcome: StateOutcome): void => {
    const def = outcome.frame.definition;
    const error = outcome.error ?? '';
    switch (outcome.status) {
      case 'retrying': {
        retries++;
        retryIndex = indexMatching(def.Retry, error, outcome.cause);
        if (retries <= settings.retrierRetryCount) return;
        const details: InspectionErrorDetails = {};
        if (retryIndex !== undefined) {
          details.retryIndex = retryIndex;
          const seconds = backoffSeconds((def.Retry as JsonValue[])[retryIndex], retries);
          if (seconds !== undefined) details.retryBackoffIntervalSeconds = seconds;
        }
        decided = {
          status: 'RETRIABLE',
          error,
          cause: outcome.cause ?? '',
          errorDetails: details,
          ...base(),
        };
        break;
      }
      case 'caught':
        caught = {
          error,
          cause: outcome.cause ?? '',
          catchIndex: indexMatching(def.Catch, error, outcome.cause),
        };
        return;
      case 'failed':
        decided = {
          status: 'FAILED',
          error,
          cause: outcome.cause ?? '',
          ...(retryIndex !== undefined ? { errorDetails: { retryIndex } } : {}),
          ...base(),
        };
        break;
      case 'succeeded': {
        const next = outcome.next !== undefined ? { nextState: outcome.next } : {};
        if (caught) {
          const details: InspectionErrorDetails = {};
          if (retryIndex !== undefined) details.retryIndex = retryIndex;
          if (caught.catchIndex !== undefined) details.catchIndex = caught.catchIndex;
          decided = {
            status: 'CAUGHT_ERROR',
            output: outcome.output ?? null,
            error: caught.error ?? '',
            cause: caught.cause ?? '',
            errorDetails: details,
            ...next,
            ...base(),
          };
        } else decided = { status: 'SUCCEEDED', output: outcome.output ?? null, ...next, ...base() };
        break;
      }
    }
    stop();
  };

  const observer: ExecutionObserver = {
    onEvent: (event) => {
      if (
        isStateEntered(event) &&
        event.scope.length === 0 &&
        event.stateEnteredEventDetails.name === stateName
      ) {
        enteredEventId = event.id;
      }
      if (
        isStateExited(event) &&
        event.scope.length === 0 &&
        event.stateExitedEventDetails.name === stateName
      ) {
        assigned = event.stateExitedEventDetails.assignedVariables;
      }
      extra?.onEvent?.(event);
    },
    beforeState: (frame) => {
      if (own(frame)) {
        if (entered++ === 0 && settings.variables) frame.variableEdits = { ...settings.variables };
        stages = {};
        input = frame.input;
        context = frame.context;
        ownFrame = frame;
      } else if (frame.scope.length === 1 && frame.scope[0]?.state === stateName) {
        const index = frame.scope[0].index;
        if (typeof index === 'number' && !iterations.has(index)) {
          iterations.set(index, { index, input: frame.input, item: contextItem(frame.context) });
        }
      }
      return extra?.beforeState?.(frame);
    },
    onStage: (report) => {
      if (own(report.frame)) stages[report.stage] = report.value;
      return extra?.onStage?.(report);
    },
    onStateOutcome: (outcome) => {
      if (!decided && own(outcome.frame)) decide(outcome);
      return extra?.onStateOutcome?.(outcome);
    },
    onThreadStarted: (thread) => extra?.onThreadStarted?.(thread),
    onThreadEnded: (thread) => extra?.onThreadEnded?.(thread),
  };

  const handle = startExecution(settings.machine, { ...settings.options, observer });
  stop = () => handle.abort();
  settings.onStarted?.(handle);
  if (decided) handle.abort();
  const result = await handle.result;
  if (decided) return decided;
  // No outcome of the state: the run ended around it (a Stepthrough error, the transition bound).
  return { status: 'FAILED', error: result.error ?? 'States.Runtime', cause: result.cause ?? '', ...base() };
}
