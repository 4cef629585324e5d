// The execution history: typed events that mirror AWS Step Functions' history event types,
// with ids and previous-event ids, plus the scope (thread) each event belongs to.

import type { JsonValue } from '../json';

export type StateTypeName = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export type StateEnteredType = `${StateTypeName}StateEntered`;
export type StateExitedType = `${Exclude<StateTypeName, 'Fail'>}StateExited`;

/** Where an event happened: [] is the execution; each element is one Map iteration or Parallel branch. */
export type ScopePath = readonly ScopeStep[];
export interface ScopeStep {
  /** The Map or Parallel state that opened this scope. */
  state: string;
  kind: 'branch' | 'iteration';
  /** Branch index or item index. */
  index: number;
}

/** AWS's `...Details: {truncated}` beside each payload; nothing is truncated here. */
export interface Truncation {
  truncated: boolean;
}
export const NOT_TRUNCATED: Truncation = Object.freeze({ truncated: false });

export interface ErrorDetails {
  error?: string;
  cause?: string;
}
export interface StateEnteredDetails {
  name: string;
  input: JsonValue;
  inputDetails: Truncation;
}
export interface StateExitedDetails {
  name: string;
  output: JsonValue;
  outputDetails: Truncation;
  assignedVariables?: Record<string, JsonValue>;
  assignedVariablesDetails?: Truncation;
}
/** An integration's service and action: `arn:aws:states:::lambda:invoke` is `lambda` and `invoke`. */
export interface TaskResource {
  resourceType: string;
  resource: string;
}
export interface MapIterationDetails {
  name: string;
  index: number;
}

/**
 * Every event type with its details, under AWS's field names (GetExecutionHistory's `...EventDetails`).
 * Payloads (input, output, parameters) are JSON values here; AWS's API carries their JSON text.
 */
interface EventDetailsByType {
  ExecutionStarted: {
    executionStartedEventDetails: { input: JsonValue; inputDetails: Truncation; roleArn: string };
  };
  ExecutionSucceeded: { executionSucceededEventDetails: { output: JsonValue; outputDetails: Truncation } };
  ExecutionFailed: { executionFailedEventDetails: ErrorDetails };
  ExecutionAborted: { executionAbortedEventDetails?: ErrorDetails };
  ExecutionTimedOut: { executionTimedOutEventDetails?: ErrorDetails };
  TaskScheduled: {
    taskScheduledEventDetails: TaskResource & {
      region: string;
      parameters: JsonValue;
      timeoutInSeconds?: number;
      heartbeatInSeconds?: number;
      /** The role a Task's Credentials field names. */
      taskCredentials?: { roleArn: string };
    };
  };
  TaskStarted: { taskStartedEventDetails: TaskResource };
  TaskSucceeded: {
    taskSucceededEventDetails: TaskResource & { output: JsonValue; outputDetails: Truncation };
  };
  /** A callback (`.waitForTaskToken`) or `.sync` Task: the service call was made; the answer comes later. */
  TaskSubmitted: {
    taskSubmittedEventDetails: TaskResource & { output: JsonValue; outputDetails: Truncation };
  };
  TaskFailed: { taskFailedEventDetails: TaskResource & ErrorDetails };
  TaskTimedOut: { taskTimedOutEventDetails: TaskResource & ErrorDetails };
  LambdaFunctionScheduled: {
    lambdaFunctionScheduledEventDetails: {
      resource: string;
      input: JsonValue;
      inputDetails: Truncation;
      timeoutInSeconds?: number;
      taskCredentials?: { roleArn: string };
    };
  };
  LambdaFunctionStarted: Record<never, never>;
  ActivityScheduled: {
    activityScheduledEventDetails: {
      resource: string;
      input: JsonValue;
      inputDetails: Truncation;
      timeoutInSeconds?: number;
      heartbeatInSeconds?: number;
    };
  };
  ActivityStarted: { activityStartedEventDetails: { workerName?: string } };
  ActivitySucceeded: { activitySucceededEventDetails: { output: JsonValue; outputDetails: Truncation } };
  ActivityFailed: { activityFailedEventDetails: ErrorDetails };
  ActivityTimedOut: { activityTimedOutEventDetails: ErrorDetails };
  LambdaFunctionSucceeded: {
    lambdaFunctionSucceededEventDetails: { output: JsonValue; outputDetails: Truncation };
  };
  LambdaFunctionFailed: { lambdaFunctionFailedEventDetails: ErrorDetails };
  LambdaFunctionTimedOut: { lambdaFunctionTimedOutEventDetails: ErrorDetails };
  ParallelStateStarted: Record<never, never>;
  ParallelStateSucceeded: Record<never, never>;
  ParallelStateFailed: Record<never, never>;
  ParallelStateAborted: Record<never, never>;
  MapStateStarted: { mapStateStartedEventDetails: { length: number } };
  MapStateSucceeded: Record<never, never>;
  MapStateFailed: Record<never, never>;
  MapStateAborted: Record<never, never>;
  MapIterationStarted: { mapIterationStartedEventDetails: MapIterationDetails };
  MapIterationSucceeded: { mapIterationSucceededEventDetails: MapIterationDetails };
  MapIterationFailed: { mapIterationFailedEventDetails: MapIterationDetails };
  MapIterationAborted: { mapIterationAbortedEventDetails: MapIterationDetails };
  MapRunStarted: { mapRunStartedEventDetails: { mapRunArn: string } };
  MapRunSucceeded: Record<never, never>;
  MapRunFailed: { mapRunFailedEventDetails: ErrorDetails };
  /** A JSONata expression that failed (States.QueryEvaluationError), with the field it is in. */
  EvaluationFailed: {
    evaluationFailedEventDetails: ErrorDetails & { location?: string; state: string };
  };
}

type StateEventDetails = {
  [T in StateEnteredType]: { stateEnteredEventDetails: StateEnteredDetails };
} & { [T in StateExitedType]: { stateExitedEventDetails: StateExitedDetails } };

type AllEventDetails = EventDetailsByType & StateEventDetails;

export type HistoryEventType = keyof AllEventDetails;

interface EventBase {
  id: number;
  previousEventId: number;
  /** ISO-8601 simulated time. */
  timestamp: string;
  /** Stepthrough's own, beside AWS's fields: the thread ([] for the execution itself). */
  scope: ScopePath;
  /** Stepthrough's own, beside AWS's fields: the state the event belongs to (none on Execution* events). */
  state?: string;
}

/** One history event: AWS's `type`, ids and `...EventDetails`, plus Stepthrough's `scope` and `state`. */
export type HistoryEvent = {
  [T in HistoryEventType]: EventBase & { type: T } & AllEventDetails[T];
}[HistoryEventType];

type DetailsValue<T extends HistoryEventType> = Exclude<
  AllEventDetails[T][keyof AllEventDetails[T]],
  undefined
>;
type NewEventOf<T extends HistoryEventType> = keyof AllEventDetails[T] extends never
  ? { type: T; details?: undefined }
  : Record<string, never> extends AllEventDetails[T]
    ? { type: T; details?: DetailsValue<T> }
    : { type: T; details: DetailsValue<T> };

/**
 * What a handler writes: the type and its details. The log files the details under AWS's name for them
 * (`stateEnteredEventDetails`, ...) and adds the ids, the timestamp, the scope and the state.
 */
export type NewEvent = { [T in HistoryEventType]: NewEventOf<T> }[HistoryEventType];

/** How the log treats one event type (see SIDE_EVENTS and AFTER_LAST_APPENDED). */
export interface EventTypeInfo {
  /** AWS's field for the details: `TaskScheduled` → `taskScheduledEventDetails`. */
  detailsKey: string;
  side: boolean;
  afterLastAppended: boolean;
  /** An execution's last event (the only kind that may fill a history's last place). */
  ends: boolean;
  /** Its details field's literal in makeEvent (an index of LITERAL_DETAILS), or -1: built generically. */
  literal: number;
}

/** The details fields built by a literal of their own in makeEvent, by their index there. */
const LITERAL_DETAILS: readonly string[] = [
  'stateEnteredEventDetails',
  'stateExitedEventDetails',
  'executionStartedEventDetails',
  'executionSucceededEventDetails',
  'executionFailedEventDetails',
  'taskScheduledEventDetails',
  'taskStartedEventDetails',
  'taskSucceededEventDetails',
  'taskFailedEventDetails',
  'lambdaFunctionScheduledEventDetails',
  'lambdaFunctionSucceededEventDetails',
  'lambdaFunctionFailedEventDetails',
  'mapStateStartedEventDetails',
  'mapIterationStartedEventDetails',
  'mapIterationSucceededEventDetails',
];

/**
 * Builds one history entry: the common fields, then the details under the event type's AWS name. Each
 * common details field has an object literal of its own, so every entry of one kind is built with one
 * fixed shape in a single allocation (adding the field under a computed name costs a megamorphic store
 * and a second allocation per event, on every state of every run); the others get the same fields in
 * the same order. One function rather than one per kind: its call site stays monomorphic and it warms
 * up once, where a closure per kind warmed up kind by kind in a run's first thousand executions.
 */
function makeEvent(
  info: EventTypeInfo,
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
  scope: ScopePath,
  state: string | undefined,
  details: unknown,
): object {
  switch (info.literal) {
    case 0:
      return { id, previousEventId, timestamp, type, scope, state, stateEnteredEventDetails: details };
    case 1:
      return { id, previousEventId, timestamp, type, scope, state, stateExitedEventDetails: details };
    case 2:
      return { id, previousEventId, timestamp, type, scope, state, executionStartedEventDetails: details };
    case 3:
      return { id, previousEventId, timestamp, type, scope, state, executionSucceededEventDetails: details };
    case 4:
      return { id, previousEventId, timestamp, type, scope, state, executionFailedEventDetails: details };
    case 5:
      return { id, previousEventId, timestamp, type, scope, state, taskScheduledEventDetails: details };
    case 6:
      return { id, previousEventId, timestamp, type, scope, state, taskStartedEventDetails: details };
    case 7:
      return { id, previousEventId, timestamp, type, scope, state, taskSucceededEventDetails: details };
    case 8:
      return { id, previousEventId, timestamp, type, scope, state, taskFailedEventDetails: details };
    case 9:
      return {
        id,
        previousEventId,
        timestamp,
        type,
        scope,
        state,
        lambdaFunctionScheduledEventDetails: details,
      };
    case 10:
      return {
        id,
        previousEventId,
        timestamp,
        type,
        scope,
        state,
        lambdaFunctionSucceededEventDetails: details,
      };
    case 11:
      return {
        id,
        previousEventId,
        timestamp,
        type,
        scope,
        state,
        lambdaFunctionFailedEventDetails: details,
      };
    case 12:
      return { id, previousEventId, timestamp, type, scope, state, mapStateStartedEventDetails: details };
    case 13:
      return { id, previousEventId, timestamp, type, scope, state, mapIterationStartedEventDetails: details };
    case 14:
      return {
        id,
        previousEventId,
        timestamp,
        type,
        scope,
        state,
        mapIterationSucceededEventDetails: details,
      };
    default: {
      const full: Record<string, unknown> = { id, previousEventId, timestamp, type, scope, state };
      full[info.detailsKey] = details;
      return full;
    }
  }
}

const typeInfos = new Map<string, EventTypeInfo>();
/** A state type's StateEntered and StateExited event types, and how the log treats each. */
export interface StateEventTypes {
  entered: StateEnteredType;
  exited: StateExitedType;
  enteredInfo: EventTypeInfo;
  exitedInfo: EventTypeInfo;
}
const stateEventTypeCache = new Map<string, StateEventTypes>();

/**
 * A state type's StateEntered and StateExited event types, as strings made once: a string built anew at
 * every state would be hashed anew at every lookup.
 */
export function stateEventTypes(stateType: string): StateEventTypes {
  let types = stateEventTypeCache.get(stateType);
  if (types === undefined) {
    const entered = `${stateType as 'Pass'}StateEntered` as const;
    const exited = `${stateType as 'Pass'}StateExited` as const;
    types = { entered, exited, enteredInfo: eventTypeInfo(entered), exitedInfo: eventTypeInfo(exited) };
    stateEventTypeCache.set(stateType, types);
  }
  return types;
}

export function eventTypeInfo(type: string): EventTypeInfo {
  let info = typeInfos.get(type);
  if (info === undefined) {
    const detailsKey = type.endsWith('StateEntered')
      ? 'stateEnteredEventDetails'
      : type.endsWith('StateExited')
        ? 'stateExitedEventDetails'
        : `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    info = {
      detailsKey,
      side: SIDE_EVENTS.has(type),
      afterLastAppended: AFTER_LAST_APPENDED.has(type),
      ends: type.startsWith('Execution') && type !== 'ExecutionStarted',
      literal: LITERAL_DETAILS.indexOf(detailsKey),
    };
    typeInfos.set(type, info);
  }
  return info;
}

export type StateEnteredEvent = Extract<HistoryEvent, { type: StateEnteredType }>;
export type StateExitedEvent = Extract<HistoryEvent, { type: StateExitedType }>;

export function isStateEntered(event: HistoryEvent): event is StateEnteredEvent {
  return event.type.endsWith('StateEntered');
}

export function isStateExited(event: HistoryEvent): event is StateExitedEvent {
  return event.type.endsWith('StateExited');
}

/** The error and cause an event carries, whichever event it is (undefined for none). */
export function eventError(event: HistoryEvent): ErrorDetails | undefined {
  for (const key of Object.keys(event)) {
    if (!key.endsWith('EventDetails')) continue;
    const details = (event as unknown as Record<string, unknown>)[key] as ErrorDetails | undefined;
    if (details && (details.error !== undefined || details.cause !== undefined)) return details;
  }
  return undefined;
}

let lastIsoMs = Number.NaN;
let lastIso = '';
/** ISO-8601 text of an epoch time; the last one is cached, as consecutive events mostly share their time. */
export function isoTime(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

/**
 * How AWS links events (previousEventId), as every recorded history in ../shared/histories shows: a
 * thread's events form a chain, except "side" events, which follow the chain without moving it on (a Map
 * iteration's end: the next iteration and the Map's end follow the iteration's last state event), and a
 * Map's or Parallel's own end, which follows the last event its children appended.
 */
export const SIDE_EVENTS: ReadonlySet<string> = new Set([
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
  'MapRunSucceeded',
  'MapStateSucceeded',
  'ParallelStateSucceeded',
]);
export const AFTER_LAST_APPENDED: ReadonlySet<string> = new Set([
  'MapStateSucceeded',
  'MapStateFailed',
  'ParallelStateSucceeded',
  'ParallelStateFailed',
]);

/** Collects history events, numbering them as AWS does. */
export class EventLog {
  readonly events: HistoryEvent[] = [];
  constructor(
    /** The run's clock (its scheduler): events are stamped with its simulated time. */
    private readonly clock: { readonly now: number },
    private readonly listener?: (event: HistoryEvent) => void,
  ) {}

  get lastId(): number {
    return this.events.length;
  }

  /**
   * Numbers, stamps and files the event. Every entry starts with the same fields in the same order, then
   * its details under AWS's name (none when it has none).
   */
  append(
    event: NewEvent,
    info: EventTypeInfo,
    scope: ScopePath,
    previousEventId: number,
    state: string | undefined,
  ): HistoryEvent {
    const id = this.events.length + 1;
    const timestamp = isoTime(this.clock.now);
    const full =
      event.details === undefined
        ? { id, previousEventId, timestamp, type: event.type, scope, state }
        : makeEvent(info, id, previousEventId, timestamp, event.type, scope, state, event.details);
    const entry = full as unknown as HistoryEvent;
    this.events.push(entry);
    this.listener?.(entry);
    return entry;
  }
}
