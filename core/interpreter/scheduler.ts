// The virtual clock and cooperative scheduler. Every "thread" (the execution, a Parallel branch,
// a Map iteration) runs only while it holds the single run token; it gives the token back when
// it sleeps (Wait, retry back-off, a task's simulated duration), waits for children, or ends.
// The next thread to run is the one that wakes earliest in simulated time, ties broken by
// thread order (branch/item index), so runs are deterministic and a day-long Wait is instant.

export class ExecutionAbortedSignal extends Error {
  constructor(readonly reason: 'timeout' | 'aborted' | 'sibling-failed') {
    super(`thread stopped: ${reason}`);
    this.name = 'ExecutionAbortedSignal';
  }
}

/** A handle a thread uses to be told to stop (set by a failing sibling, a timeout or abort). */
export class ThreadControl {
  stopped: ExecutionAbortedSignal | undefined;
  constructor(
    /** Lexicographic ordering key: index path of branches/iterations. */
    readonly order: readonly number[],
    readonly parent: ThreadControl | undefined,
  ) {}

  /** The first stop reason on this thread or any ancestor. */
  stopReason(): ExecutionAbortedSignal | undefined {
    return this.stopped ?? this.parent?.stopReason();
  }
}

interface Waiter {
  wakeAt: number;
  thread: ThreadControl;
  seq: number;
  resolve: () => void;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export class Scheduler {
  private readonly queue: Waiter[] = [];
  private running = false;
  private seq = 0;
  /** Simulated epoch milliseconds. */
  now: number;
  /** Simulated time at which the execution times out, if any. */
  deadline: number | undefined;
  /** Called once when the clock would pass the deadline. */
  onDeadline: (() => void) | undefined;
  private deadlineFired = false;

  constructor(startTime: number) {
    this.now = startTime;
  }

  /** Starts a thread: resolves when the thread may run. */
  acquire(thread: ThreadControl): Promise<void> {
    const p = this.enqueue(thread, this.now);
    this.dispatch();
    return p;
  }

  /** Starts the first thread of an execution: at once (no promise) when no other thread holds or waits for the token. */
  acquireFirst(thread: ThreadControl): Promise<void> | undefined {
    if (!this.running && this.queue.length === 0) {
      this.running = true;
      return undefined;
    }
    return this.acquire(thread);
  }

  /** The running thread gives up the token (it ends, or waits on child threads). */
  release(): void {
    this.running = false;
    this.dispatch();
  }

  /**
   * The running thread sleeps for `ms` of simulated time. Returns undefined when it can go on
   * at once (no other thread is waiting and the deadline is not crossed): the fast path.
   */
  sleep(thread: ThreadControl, ms: number): Promise<void> | undefined {
    const wakeAt = this.now + Math.max(0, ms);
    if (this.queue.length === 0 && (this.deadline === undefined || wakeAt <= this.deadline)) {
      this.now = wakeAt;
      return undefined;
    }
    this.running = false;
    const p = this.enqueue(thread, wakeAt);
    this.dispatch();
    return p;
  }

  /** Wakes a sleeping thread now (used when it must stop). */
  wakeEarly(thread: ThreadControl): void {
    for (const w of this.queue) {
      if (isDescendant(w.thread, thread)) w.wakeAt = Math.min(w.wakeAt, this.now);
    }
  }

  private enqueue(thread: ThreadControl, wakeAt: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.queue.push({ wakeAt, thread, seq: this.seq++, resolve });
    });
  }

  private dispatch(): void {
    if (this.running || this.queue.length === 0) return;
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i]!;
      const b = this.queue[best]!;
      const d = a.wakeAt - b.wakeAt || compareOrder(a.thread.order, b.thread.order) || a.seq - b.seq;
      if (d < 0) best = i;
    }
    const next = this.queue[best]!;
    if (this.deadline !== undefined && next.wakeAt > this.deadline && !this.deadlineFired) {
      this.deadlineFired = true;
      this.now = this.deadline;
      this.onDeadline?.();
      // onDeadline stops threads and wakes them early; pick again.
      this.dispatch();
      return;
    }
    this.queue.splice(best, 1);
    this.now = Math.max(this.now, next.wakeAt);
    this.running = true;
    next.resolve();
  }
}

function isDescendant(t: ThreadControl, ancestor: ThreadControl): boolean {
  for (let c: ThreadControl | undefined = t; c; c = c.parent) if (c === ancestor) return true;
  return false;
}
