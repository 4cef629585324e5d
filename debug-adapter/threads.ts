// The threads of a run as the debugger sees them (the execution, each Parallel branch and Map
// iteration in flight), each with the state it is in and what that state has computed so far.

import type { DataStage, JsonValue, ScopePath, StateFrame } from '../core';

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
  /** The state the thread is in (undefined before its first state). */
  current: StateView | undefined;
}

export const ROOT_THREAD_ID = 1;

function scopeKey(scope: ScopePath): string {
  return JSON.stringify(scope);
}

export class ThreadTable {
  private readonly threads = new Map<number, ThreadInfo>();
  private readonly byScope = new Map<string, number>();

  started(thread: { threadId: number; name: string; scope: ScopePath }): ThreadInfo {
    const parentId =
      thread.scope.length === 0 ? undefined : this.byScope.get(scopeKey(thread.scope.slice(0, -1)));
    const info: ThreadInfo = {
      id: thread.threadId,
      name: thread.name,
      scope: thread.scope,
      parentId,
      current: undefined,
    };
    this.threads.set(info.id, info);
    this.byScope.set(scopeKey(thread.scope), info.id);
    return info;
  }

  ended(threadId: number): void {
    const info = this.threads.get(threadId);
    if (!info) return;
    this.threads.delete(threadId);
    const key = scopeKey(info.scope);
    if (this.byScope.get(key) === threadId) this.byScope.delete(key);
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
