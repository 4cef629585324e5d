// Real time for the engine's outside waits. Core reads no clock (ARCHITECTURE 18): while every live
// thread of a run waits on an outside party (a task token answered through the execution handle, the
// API's SendTask*, an Activity worker), core hands the span to its first limit to a RealTimeWaiter and
// moves the virtual clock to that limit when the waiter says the real time has passed. This is the one
// Node implementation, on timers: `scale` real milliseconds per virtual millisecond (1 = real time; the
// API's `--time scale=N` passes N). Its timers keep the process alive, as a pending answer does: a run
// that waits is work in progress.

import type { RealTimeWaiter } from '../core';

/** setTimeout's longest delay; longer spans are waited in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export function realTimeWaiter(scale = 1): RealTimeWaiter {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`realTimeWaiter: scale must be a finite number > 0, got ${scale}`);
  return {
    wait(virtualMs, elapsed) {
      const span = Math.max(0, virtualMs);
      const began = Date.now();
      const due = began + span * scale;
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        const left = due - Date.now();
        if (left <= 0) {
          timer = undefined;
          elapsed();
          return;
        }
        timer = setTimeout(arm, Math.min(left, LONGEST_TIMER_MS));
      };
      // Never synchronously: the engine finishes its turn before the clock moves.
      timer = setTimeout(arm, Math.min(Math.max(0, due - Date.now()), LONGEST_TIMER_MS));
      return {
        cancel() {
          if (timer) clearTimeout(timer);
          timer = undefined;
          return Math.min(span, (Date.now() - began) / scale);
        },
      };
    },
  };
}
