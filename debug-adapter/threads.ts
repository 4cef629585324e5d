// The threads of a run as the debugger sees them (the execution, each Parallel branch and Map
// iteration in flight, each nested execution a Task started), each with the state it is in and what that
// state has computed so far. A thread's parent is the thread that started it (the engine says which), so
// a nested execution's stack goes on into the Task that started it; a thread runs the states of the
// debugged machine, or of the child machine its nested execution runs (`machine`, a launch `machines` key).

import type { DataStage, JsonValue, ScopePath, StateFrame, ThreadInfo as EngineThread } from '../core';

/** One state execution, as far as it has got. */
export interface StateView {
  frame: StateFrame;
  /** The pause-point number of the state's start (unique within a run). */
  seq: number;
  /** Data stages computed so far, in order. */
  stages: { stage: DataStage; value: JsonValue }[];
  /** The last error the state raised (failed, caught, or retrying). */
  error?: { status: 'failed' | 'caught' | 'retrying'; error?: string; cause?: string };
  output?: JsonValue;
}

export interface ThreadInfo {
  id: number;
  name: string;
  scope: ScopePath;
  parentId: number | undefined;
  /** The child machine whose states the thread runs (a `machines` key); undefined: the debugged machine. */
  machine: string | undefined;
  /** The thread is a nested execution's own (its parent is the thread of the Task that started it). */
  nested: boolean;
  /** The state the thread is in (undefined before its first state). */
  current: StateView | undefined;
}

export const ROOT_THREAD_ID = 1;

export class ThreadTable {
  private readonly threads = new Map<number, ThreadInfo>();

  started(thread: EngineThread): ThreadInfo {
    const parentId = thread.parentThreadId;
    const nested = thread.childExecution?.startedBy === 'startExecution';
    const machine = nested
      ? thread.machine
      : parentId === undefined
        ? undefined
        : this.threads.get(parentId)?.machine;
    const info: ThreadInfo = {
      id: thread.threadId,
      name: thread.name,
      scope: thread.scope,
      parentId,
      machine,
      nested,
      current: undefined,
    };
    this.threads.set(info.id, info);
    return info;
  }

  ended(threadId: number): void {
    this.threads.delete(threadId);
  }

  get(threadId: number): ThreadInfo | undefined {
    return this.threads.get(threadId);
  }

  /** Live threads, execution first, then in creation order. */
  list(): ThreadInfo[] {
    return [...this.threads.values()].sort((a, b) => a.id - b.id);
  }

  /** The thread, then its enclosing threads out to the execution. */
  chain(threadId: number): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    for (
      let t = this.threads.get(threadId);
      t;
      t = t.parentId === undefined ? undefined : this.threads.get(t.parentId)
    ) {
      out.push(t);
    }
    return out;
  }

  /** Ids of the threads enclosing this one (not itself). */
  ancestorIds(threadId: number): Set<number> {
    const ids = new Set<number>();
    for (const t of this.chain(threadId).slice(1)) ids.add(t.id);
    return ids;
  }

  get size(): number {
    return this.threads.size;
  }
}
