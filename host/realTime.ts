// Real time, for what ties the engine to the wall clock. Core reads no clock (ARCHITECTURE 18), so:
//
// - `systemClock` (WallClock) is the machine's clock: now, and a sleep until a wall time that a signal
//   can cut short; the API server's pacing (api/pacing.ts) and the real-time waiter use it, and tests
//   inject a clock of their own.
// - `realTimeWaiter(scale, clock)` is core's RealTimeWaiter: while every live thread of a run waits on an
//   outside party (a task token answered through the execution handle, the API's SendTask*, an
//   Activity worker), core hands it the span to the first limit and moves the virtual clock to that
//   limit once the span has passed in real time (`scale` real milliseconds per virtual millisecond: 1
//   is real time; `stepthrough api --time scale=N` passes N). Its timers keep the process alive, as a
//   pending answer does: a run that waits is work in progress.

import type { RealTimeWaiter } from '../core';

/** The wall clock, injected so what depends on it is tested without waiting. */
export interface WallClock {
  now(): number;
  /** Resolves at wall time `at`, or at once when `signal` aborts. */
  sleepUntil(at: number, signal: AbortSignal): Promise<void>;
}

/** setTimeout's longest delay; longer spans are waited in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export const systemClock: WallClock = {
  now: () => Date.now(),
  sleepUntil(at, signal) {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const arm = (): void => {
        const left = at - Date.now();
        if (left <= 0) return done();
        timer = setTimeout(arm, Math.min(left, LONGEST_TIMER_MS));
      };
      signal.addEventListener('abort', done, { once: true });
      arm();
    });
  },
};

/** Core's RealTimeWaiter on a wall clock: `scale` wall milliseconds per virtual millisecond. */
export function realTimeWaiter(scale = 1, clock: WallClock = systemClock): RealTimeWaiter {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`realTimeWaiter: scale must be a finite number > 0, got ${scale}`);
  return {
    wait(virtualMs, elapsed) {
      const span = Math.max(0, virtualMs);
      const began = clock.now();
      const stop = new AbortController();
      // sleepUntil settles in a later turn at the earliest: the engine finishes its turn first.
      void clock.sleepUntil(began + span * scale, stop.signal).then(() => {
        if (!stop.signal.aborted) elapsed();
      });
      return {
        cancel() {
          stop.abort();
          return Math.min(span, Math.max(0, clock.now() - began) / scale);
        },
      };
    },
  };
}
