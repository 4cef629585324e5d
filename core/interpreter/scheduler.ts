// The virtual clock and cooperative scheduler. Every "thread" (the execution, a Parallel branch,
// a Map iteration) runs only while it holds the single run token; it gives the token back when
// it sleeps (Wait, retry back-off, a task's simulated duration), waits for children, or ends.
// The next thread to run is the one that wakes earliest in simulated time, ties broken by
// thread order (branch/item index), so runs are deterministic and a day-long Wait is instant.
//
// A thread may also wait on a party outside the run (a SendTaskSuccess for its task token): it is
// "parked" with the time its wait ends (its timeout) and woken early by the answer. While every live
// thread is parked, the clock stands still: nothing inside the run can move it. The scheduler then says
// so (`onStill`, with the virtual time at which the earliest parked limit, or the execution's deadline,
// runs out) and the runtime hands that span to the host's real-time waiter (runtime.ts): when real time
// has run it out, `elapse` moves the clock there and the waits due give up; when an answer or a heartbeat
// comes first, the real time that passed is taken off every limit still running. So a limit counts
// virtual time while the run moves and real time while it stands still, and nothing waits forever.

export class ExecutionAbortedSignal extends Error {
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'sibling-failed',
    /**
     * For 'sibling-failed': the simulated time of the failure. Siblings finish what they do at that same
     * instant (on AWS they run truly at once) and stop when they would move past it, or are woken to stop.
     */
    readonly at?: number,
  ) {
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
  /** Waiting on a party outside the run (parked); its wakeAt is when the wait gives up. */
  outside: boolean;
  /** Taken off the queue (its thread runs or has run). */
  done: boolean;
}

/** A parked thread's place in the queue: the answer from outside wakes it through the scheduler. */
export type ParkedWait = Waiter;

function compareOrder(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Invariant 6's order: earliest simulated time, then branch/item index, then first queued. */
function runsBefore(a: Waiter, b: Waiter): boolean {
  return (a.wakeAt - b.wakeAt || compareOrder(a.thread.order, b.thread.order) || a.seq - b.seq) < 0;
}

/**
 * The threads waiting for the run token, as a binary heap in invariant 6's order: queueing and taking the
 * next one cost O(log n), so a Map with 100,000 iterations waiting costs no more per step than one with 10.
 */
class WaitQueue {
  private readonly heap: Waiter[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): Waiter | undefined {
    return this.heap[0];
  }

  push(waiter: Waiter): void {
    const heap = this.heap;
    heap.push(waiter);
    this.siftUp(heap.length - 1);
  }

  pop(): Waiter | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top !== undefined && last !== undefined && heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Lets `change` lower some waiters' times, then restores the heap (O(n): used only to stop threads). */
  update(change: (waiter: Waiter) => boolean): void {
    let changed = false;
    for (const waiter of this.heap) if (change(waiter)) changed = true;
    if (!changed) return;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const item = heap[index] as Waiter;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Waiter;
      if (!runsBefore(item, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = item;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[index] as Waiter;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && runsBefore(heap[right] as Waiter, heap[left] as Waiter)) child = right;
      const below = heap[child] as Waiter;
      if (!runsBefore(below, item)) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = item;
  }
}

export class Scheduler {
  private readonly queue = new WaitQueue();
  private running = false;
  private seq = 0;
  /** Queued threads that are not parked (they wait only for the clock or the token). */
  private ready = 0;
  /** Simulated epoch milliseconds. */
  now: number;
  /**
   * The earliest pending deadline (the execution's TimeoutSeconds, a nested execution's own), if any:
   * the clock never passes it before its `fire` has run.
   */
  deadline: number | undefined;
  /** Pending deadlines, earliest first (a handful: the execution's and its nested executions'). */
  private readonly deadlines: { at: number; fire: () => void }[] = [];
  /**
   * Told when every live thread comes to wait on an outside party (`until`: the virtual time at which the
   * first of their limits runs out) and (undefined) when the run moves on again.
   */
  onStill: ((until: number | undefined) => void) | undefined;
  /** The virtual time the stand-still reported last lasts until; undefined while the run moves. */
  private stillUntil: number | undefined;
  /** The running thread waits, holding the token, on a task handler's answer (an outside party). */
  private callingOut = false;

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
    if (!this.running && this.queue.size === 0) {
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
    if (this.queue.size === 0 && (this.deadline === undefined || wakeAt <= this.deadline)) {
      this.now = wakeAt;
      return undefined;
    }
    this.running = false;
    const p = this.enqueue(thread, wakeAt);
    this.dispatch();
    return p;
  }

  /**
   * The running thread waits on a party outside the run until `giveUpAt` (simulated time) at the latest;
   * `wake` ends the wait early. The promise resolves when the thread holds the run token again.
   */
  park(thread: ThreadControl, giveUpAt: number): { woken: Promise<void>; wait: ParkedWait } {
    this.running = false;
    let wait!: Waiter;
    const woken = new Promise<void>((resolve) => {
      wait = this.push(thread, giveUpAt, resolve, true);
    });
    this.dispatch();
    return { woken, wait };
  }

  /** An answer came for a parked thread: it runs at the current time, when the token is free. */
  wake(wait: ParkedWait): void {
    if (wait.done) return;
    this.queue.update((w) => {
      if (w !== wait) return false;
      this.unpark(w);
      w.wakeAt = Math.min(w.wakeAt, this.now);
      return true;
    });
    this.dispatch();
    // A thread calling out holds the token: the woken one is ready, so the run no longer stands still.
    if (this.running) this.moveOn();
  }

  /** Moves a parked thread's give-up time (a heartbeat renews it). */
  postpone(wait: ParkedWait, giveUpAt: number): void {
    if (wait.done || !wait.outside) return;
    this.queue.update((w) => {
      if (w !== wait) return false;
      w.wakeAt = giveUpAt;
      return true;
    });
  }

  /**
   * Real time has run the stand-still out to `until` (the time last reported): the clock moves there, and
   * the parked waits whose limit it reaches (or the execution's deadline) give up. A stale call (the run
   * moved, or the limit changed since) does nothing.
   */
  elapse(until: number): void {
    if ((this.running && !this.callingOut) || this.stillUntil !== until) return;
    if (this.deadline !== undefined && this.deadline <= until) {
      this.fireDeadline();
    } else {
      const now = (this.now = Math.max(this.now, until));
      this.queue.update((w) => {
        if (!w.outside || w.wakeAt > now) return false;
        this.unpark(w);
        return true;
      });
    }
    this.dispatch();
    // A thread calling out keeps the token: the woken threads wait for it, and the clock runs again.
    if (this.running) this.moveOn();
  }

  /**
   * The running thread waits on a task handler's answer (a process, a client's callable, a Lambda
   * endpoint), holding the token: if no other thread is ready, the run stands still on outside parties
   * until `callBack`.
   */
  callOut(): void {
    this.callingOut = true;
    if (this.ready === 0) this.standStill();
  }

  /** The handler answered. */
  callBack(): void {
    this.callingOut = false;
    this.moveOn();
  }

  /**
   * While the clock stands still, `ms` of real time counted toward the execution's deadline (the parked
   * waits' limits are TaskTokens' to move, through `postpone`).
   */
  absorbIntoDeadline(ms: number): void {
    for (const d of this.deadlines) d.at = Math.max(this.now, d.at - ms);
    this.deadline = this.deadlines[0]?.at;
  }

  /**
   * Calls `fire` once when the clock would pass `at` (it stops threads and wakes them early); the
   * returned function withdraws it (the execution ended first).
   */
  addDeadline(at: number, fire: () => void): () => void {
    const entry = { at, fire };
    const list = this.deadlines;
    let i = list.length;
    while (i > 0 && (list[i - 1] as { at: number }).at > at) i--;
    list.splice(i, 0, entry);
    this.deadline = list[0]?.at;
    return () => {
      const k = list.indexOf(entry);
      if (k < 0) return;
      list.splice(k, 1);
      this.deadline = list[0]?.at;
    };
  }

  /** The clock reaches the earliest deadline: it fires (once). */
  private fireDeadline(): void {
    const first = this.deadlines.shift();
    this.deadline = this.deadlines[0]?.at;
    if (!first) return;
    this.now = Math.max(this.now, first.at);
    first.fire();
  }

  /** Standing still: the (re)computed time its first limit runs out; undefined while the run moves. */
  stillSpan(): number | undefined {
    if (this.stillUntil === undefined) return undefined;
    // Only a thread calling out, and no deadline: no limit but the handler's own (the host's).
    const first = this.queue.peek()?.wakeAt ?? Infinity;
    this.stillUntil = this.deadline !== undefined ? Math.min(first, this.deadline) : first;
    return this.stillUntil;
  }

  /** Whether every queued thread is parked and none runs: the clock stands still. */
  get standingStill(): boolean {
    return !this.running && this.queue.size > 0 && this.ready === 0;
  }

  /** Wakes the sleeping threads at or under `thread` now (used when they must stop). */
  wakeEarly(thread: ThreadControl): void {
    const now = this.now;
    this.queue.update((w) => {
      if (w.wakeAt <= now || !isDescendant(w.thread, thread)) return false;
      w.wakeAt = now;
      this.unpark(w);
      return true;
    });
    // No thread may hold the token (every one waits on an outside party): a woken one runs now.
    this.dispatch();
    if (this.running && this.ready > 0) this.moveOn();
  }

  private unpark(w: Waiter): void {
    if (!w.outside) return;
    w.outside = false;
    this.ready++;
  }

  private enqueue(thread: ThreadControl, wakeAt: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.push(thread, wakeAt, resolve, false);
    });
  }

  private push(thread: ThreadControl, wakeAt: number, resolve: () => void, outside: boolean): Waiter {
    const waiter: Waiter = { wakeAt, thread, seq: this.seq++, resolve, outside, done: false };
    if (!outside) this.ready++;
    this.queue.push(waiter);
    return waiter;
  }

  private dispatch(): void {
    if (this.running) return;
    const next = this.queue.peek();
    if (next === undefined) return;
    // Every live thread waits on an outside party: nothing in the run moves the clock on.
    if (this.ready === 0) return this.standStill();
    if (this.deadline !== undefined && next.wakeAt > this.deadline) {
      // The deadline's fire stops threads and wakes them early; pick again.
      this.fireDeadline();
      this.dispatch();
      return;
    }
    this.queue.pop();
    next.done = true;
    if (!next.outside) this.ready--;
    this.now = Math.max(this.now, next.wakeAt);
    this.running = true;
    this.moveOn();
    next.resolve();
  }

  /** The run moves again: the stand-still, if any, ends. */
  private moveOn(): void {
    if (this.stillUntil === undefined) return;
    this.stillUntil = undefined;
    this.onStill?.(undefined);
  }

  /** Every queued thread is parked: the clock stands still from now on (reported once). */
  private standStill(): void {
    if (this.stillUntil !== undefined) return;
    this.stillUntil = NaN;
    this.onStill?.(this.stillSpan());
  }
}

function isDescendant(t: ThreadControl, ancestor: ThreadControl): boolean {
  for (let c: ThreadControl | undefined = t; c; c = c.parent) if (c === ancestor) return true;
  return false;
}
