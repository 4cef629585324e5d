// A thread of execution: the execution itself, a Parallel branch or a Map iteration.

import type { JsonObject, JsonValue } from '../json';
import type { ExecutionIdentity } from './context';
import type { EventLog, ScopePath } from './events';
import type { ChildExecutionInfo, ChildExecutionResult } from './options';
import type { ThreadControl } from './scheduler';
import type { VariableScope } from './variables';

/** `$$.Map.Item` of a Map iteration. */
export interface MapItem {
  index: number;
  value: JsonValue;
  key?: string;
}

export interface Thread {
  id: number;
  name: string;
  scope: ScopePath;
  control: ThreadControl;
  variables: VariableScope;
  /**
   * The event the thread's next event follows (previousEventId): the last one it appended, side events
   * aside (see events.ts' SIDE_EVENTS).
   */
  lastEventId: number;
  /** The last event the thread appended, side events included. */
  lastRecordedId: number;
  /** `$$.Map.Item` for a Map iteration. */
  mapItem?: MapItem;
  /** A Distributed Map iteration is a child execution: its own identity, history and states entered. */
  execution?: ChildExecution;
  /** Inherited query language for this thread's states. */
  queryLanguage: 'JSONPath' | 'JSONata';
  /** The Map or Parallel state that started this thread, and the thread that state runs on. */
  owner?: { state: JsonObject; thread: Thread };
  /** The thread that started this one (a Map's, a Parallel's or a Task's); absent for the execution's own. */
  parentThreadId?: number;
}

/** A child execution as it runs: `$$.Execution` is its identity, and its states write to its own log. */
export interface ChildExecution {
  identity: ExecutionIdentity;
  log: EventLog;
  /** Filled in as it runs; the result's `childExecutions` entry. */
  result: ChildExecutionResult;
  /** The thread the child execution runs on (threads inside it, a Parallel's branches, share it). */
  rootThreadId: number;
  /** What observers are told of it (threads' ThreadInfo, states' frames, its history events). */
  info: ChildExecutionInfo;
}

/** What running one state produced. `next` undefined means the scope ends here. */
export interface StateCompletion {
  output: JsonValue;
  next: string | undefined;
  /** Variables assigned by this state (shown in StateExited like AWS's assignedVariables). */
  assigned?: Record<string, JsonValue>;
}

/**
 * Throws when this thread (or one enclosing it) was told to stop, at simulated time `now`. A stop because
 * a sibling failed lets the thread finish the instant the sibling failed at (see ExecutionAbortedSignal).
 */
export function checkStop(thread: Thread, now: number): void {
  const reason = thread.control.stopReason();
  if (reason && !(reason.at !== undefined && now <= reason.at)) throw reason;
}
