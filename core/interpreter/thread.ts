// A thread of execution: the execution itself, a Parallel branch or a Map iteration.

import type { JsonObject, JsonValue } from '../json';
import type { EventLog, ScopePath } from './events';
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
  /** Id of the last history event this thread appended (for previousEventId). */
  lastEventId: number;
  /** `$$.Map.Item` for a Map iteration. */
  mapItem?: MapItem;
  /** A Distributed Map iteration is a child execution with its own history. */
  history?: EventLog;
  /** Inherited query language for this thread's states. */
  queryLanguage: 'JSONPath' | 'JSONata';
  /** The Map or Parallel state that started this thread, and the thread that state runs on. */
  owner?: { state: JsonObject; thread: Thread };
}

/** What running one state produced. `next` undefined means the scope ends here. */
export interface StateCompletion {
  output: JsonValue;
  next: string | undefined;
  /** Variables assigned by this state (shown in StateExited like AWS's assignedVariables). */
  assigned?: Record<string, JsonValue>;
}

/** Throws when this thread (or one enclosing it) was told to stop. */
export function checkStop(thread: Thread): void {
  const reason = thread.control.stopReason();
  if (reason) throw reason;
}
