// The execution history: typed events that mirror AWS Step Functions' history event types,
// with ids and previous-event ids, plus the scope (thread) each event belongs to.

import type { JsonValue } from '../json';

export type StateTypeName = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export type StateEnteredType = `${StateTypeName}StateEntered`;
export type StateExitedType = `${Exclude<StateTypeName, 'Fail'>}StateExited`;

export type TaskEventType =
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskSucceeded'
  | 'TaskFailed'
  | 'TaskTimedOut'
  | 'LambdaFunctionScheduled'
  | 'LambdaFunctionStarted'
  | 'LambdaFunctionSucceeded'
  | 'LambdaFunctionFailed'
  | 'LambdaFunctionTimedOut';

export type CompoundEventType =
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'ParallelStateFailed'
  | 'ParallelStateAborted'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'MapStateFailed'
  | 'MapStateAborted'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapIterationFailed'
  | 'MapIterationAborted'
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapRunFailed';

export type ExecutionEventType =
  'ExecutionStarted' | 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionTimedOut' | 'ExecutionAborted';

export type HistoryEventType =
  StateEnteredType | StateExitedType | TaskEventType | CompoundEventType | ExecutionEventType;

/** Where an event happened: [] is the execution; each element is one Map iteration or Parallel branch. */
export type ScopePath = readonly ScopeStep[];
export interface ScopeStep {
  /** The Map or Parallel state that opened this scope. */
  state: string;
  kind: 'branch' | 'iteration';
  /** Branch index or item index. */
  index: number;
}

interface EventBase {
  id: number;
  previousEventId: number;
  /** ISO-8601 simulated time. */
  timestamp: string;
  scope: ScopePath;
}

export interface ExecutionStartedEvent extends EventBase {
  type: 'ExecutionStarted';
  details: { input: JsonValue; roleArn: string; stateMachineArn: string };
}
export interface ExecutionSucceededEvent extends EventBase {
  type: 'ExecutionSucceeded';
  details: { output: JsonValue };
}
export interface ExecutionFailedEvent extends EventBase {
  type: 'ExecutionFailed' | 'ExecutionTimedOut' | 'ExecutionAborted';
  details: { error?: string; cause?: string };
}
export interface StateEnteredEvent extends EventBase {
  type: StateEnteredType;
  details: { name: string; input: JsonValue };
}
export interface StateExitedEvent extends EventBase {
  type: StateExitedType;
  details: { name: string; output: JsonValue; assignedVariables?: Record<string, JsonValue> };
}
export interface TaskScheduledEvent extends EventBase {
  type: 'TaskScheduled' | 'LambdaFunctionScheduled';
  details: {
    state: string;
    resource: string;
    parameters: JsonValue;
    timeoutInSeconds?: number;
    heartbeatInSeconds?: number;
  };
}
export interface TaskStartedEvent extends EventBase {
  type: 'TaskStarted' | 'LambdaFunctionStarted';
  details: { state: string; resource: string };
}
export interface TaskSucceededEvent extends EventBase {
  type: 'TaskSucceeded' | 'LambdaFunctionSucceeded';
  details: { state: string; resource: string; output: JsonValue };
}
export interface TaskFailedEvent extends EventBase {
  type: 'TaskFailed' | 'TaskTimedOut' | 'LambdaFunctionFailed' | 'LambdaFunctionTimedOut';
  details: { state: string; resource: string; error: string; cause: string };
}
export interface CompoundStartedEvent extends EventBase {
  type: 'ParallelStateStarted' | 'MapStateStarted' | 'MapRunStarted';
  details: { state: string; length?: number; mapRunArn?: string };
}
export interface CompoundEndedEvent extends EventBase {
  type:
    | 'ParallelStateSucceeded'
    | 'ParallelStateFailed'
    | 'ParallelStateAborted'
    | 'MapStateSucceeded'
    | 'MapStateFailed'
    | 'MapStateAborted'
    | 'MapRunSucceeded'
    | 'MapRunFailed';
  details: { state: string; error?: string; cause?: string };
}
export interface MapIterationEvent extends EventBase {
  type: 'MapIterationStarted' | 'MapIterationSucceeded' | 'MapIterationFailed' | 'MapIterationAborted';
  details: { name: string; index: number; error?: string; cause?: string };
}

export type HistoryEvent =
  | ExecutionStartedEvent
  | ExecutionSucceededEvent
  | ExecutionFailedEvent
  | StateEnteredEvent
  | StateExitedEvent
  | TaskScheduledEvent
  | TaskStartedEvent
  | TaskSucceededEvent
  | TaskFailedEvent
  | CompoundStartedEvent
  | CompoundEndedEvent
  | MapIterationEvent;

/** Distributes an event type over the union so `details` stays tied to `type`. */
export type NewEvent = HistoryEvent extends infer E
  ? E extends HistoryEvent
    ? Omit<E, 'id' | 'previousEventId' | 'timestamp' | 'scope'>
    : never
  : never;

export function isStateEntered(event: HistoryEvent): event is StateEnteredEvent {
  return event.type.endsWith('StateEntered');
}

export function isStateExited(event: HistoryEvent): event is StateExitedEvent {
  return event.type.endsWith('StateExited');
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

/** Collects history events, numbering them as AWS does. */
export class EventLog {
  readonly events: HistoryEvent[] = [];
  constructor(
    private readonly now: () => number,
    private readonly listener?: (event: HistoryEvent) => void,
  ) {}

  get lastId(): number {
    return this.events.length;
  }

  /** Numbers and stamps the event (the object passed in becomes the history entry). */
  append(event: NewEvent, scope: ScopePath, previousEventId: number): HistoryEvent {
    const full = event as HistoryEvent;
    full.id = this.events.length + 1;
    full.previousEventId = previousEventId;
    full.timestamp = isoTime(this.now());
    full.scope = scope;
    this.events.push(full);
    this.listener?.(full);
    return full;
  }
}
