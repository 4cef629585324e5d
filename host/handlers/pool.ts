// The worker pool: which process answers a call of a function. Lambda's rule first: a worker serves
// one call at a time, so calls that overlap in time get separate processes, and a worker that has
// answered stays warm for the next call (its module state kept, as a Lambda execution environment
// keeps it). One rule on top, because the engine runs a Map's iterations (and a Parallel's branches)
// one after another although AWS runs them side by side: a worker that served one iteration does not
// serve a sibling iteration of the same run, so concurrent iterations never see each other's
// globals. A fresh environment is always something AWS may give; sharing one between concurrent
// invocations never is. Beyond `maxWorkersPerFunction` processes, the least recently used idle
// worker is shared (a bound on processes, as AWS bounds an inline Map's concurrency).

import type { JsonValue } from '../../core';
import type { InvocationContext, WorkerTarget } from './protocol';
import { WorkerProcess, type CallOutcome, type WorkerLaunch } from './worker';

/** A function as the pool runs it: everything fixed when its process starts. */
export interface PooledFunction {
  /** Identity for reuse: workers of one key are interchangeable. */
  key: string;
  /** How messages and logs name it. */
  label: string;
  launch: WorkerLaunch;
  target: WorkerTarget;
}

/** Where a call comes from: its run and the Map/Parallel scope it runs in (`Map/iteration/3`, ...). */
export interface CallOrigin {
  run: object;
  scope: readonly string[];
}

export type PoolOutputListener = (label: string, stream: 'stdout' | 'stderr', text: string) => void;

export interface PoolOptions {
  maxWorkersPerFunction: number;
  onOutput?: PoolOutputListener;
}

/** Whether one scope encloses the other (or they are the same): calls along one line of the flow. */
function alongOneLine(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

function conflicts(worker: WorkerProcess, origin: CallOrigin): boolean {
  const last = worker.lastUse;
  return last !== undefined && last.run === origin.run && !alongOneLine(last.scope, origin.scope);
}

export class WorkerPool {
  private readonly workers = new Map<string, WorkerProcess[]>();
  private readonly inFlight = new Set<Promise<CallOutcome>>();
  private closed = false;
  private useCounter = 0;

  constructor(private readonly options: PoolOptions) {}

  /** Runs one call on a suitable worker (starting one when needed). Never rejects. */
  async call(
    fn: PooledFunction,
    event: JsonValue,
    context: Omit<InvocationContext, 'deadlineMs'>,
    limitMs: number,
    origin: CallOrigin,
  ): Promise<CallOutcome> {
    if (this.closed) return { kind: 'protocol', message: 'the handler host was closed' };
    const worker = this.choose(fn, origin);
    worker.busy = true;
    worker.lastUse = { run: origin.run, scope: origin.scope };
    worker.lastUsedAt = ++this.useCounter;
    const pending = worker.call(event, context, limitMs);
    this.inFlight.add(pending);
    try {
      return await pending;
    } finally {
      this.inFlight.delete(pending);
      worker.busy = false;
      if (!worker.alive) this.forget(fn.key, worker);
    }
  }

  /** The processes running now, per function key (for tests and diagnostics). */
  processIds(key: string): number[] {
    return (this.workers.get(key) ?? []).flatMap((w) => (w.child.pid === undefined ? [] : [w.child.pid]));
  }

  private choose(fn: PooledFunction, origin: CallOrigin): WorkerProcess {
    const all = (this.workers.get(fn.key) ?? []).filter((w) => w.alive);
    const idle = all.filter((w) => !w.busy);
    const warm = idle.filter((w) => !conflicts(w, origin)).sort((a, b) => b.lastUsedAt - a.lastUsedAt)[0];
    if (warm) return warm;
    if (all.length >= this.options.maxWorkersPerFunction) {
      const shared = idle.sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0];
      if (shared) return shared;
    }
    const onOutput = this.options.onOutput;
    const worker = new WorkerProcess(
      fn.launch,
      fn.target,
      onOutput ? (stream, text) => onOutput(fn.label, stream, text) : undefined,
    );
    this.workers.set(fn.key, [...all, worker]);
    return worker;
  }

  private forget(key: string, worker: WorkerProcess): void {
    const list = this.workers.get(key);
    if (list)
      this.workers.set(
        key,
        list.filter((w) => w !== worker),
      );
  }

  /** Stops every worker (calls in flight end as stopped) and waits until their processes are gone. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.workers.values()].flat();
    this.workers.clear();
    await Promise.all(all.map((worker) => worker.stop()));
  }
}
