// Time while the run waits on the outside (ARCHITECTURE.md invariant 26): when every live thread
// waits on an outside party the scheduler stands still, and the host's real-time waiter (injected:
// core reads no clock) counts real seconds toward the first limit; when they run out the clock moves
// there. An answer or heartbeat that comes first takes the real time waited off every limit still
// running. A task handler's call is such a wait too while no other thread is ready.

import type { ExecutionObserver, OutsideWait, RealTimeWait, RealTimeWaiter } from './options';
import type { Scheduler } from './scheduler';
import type { TaskTokens } from './taskTokens';
import { checkStop, type Thread } from './thread';

export class OutsideTime {
  /** Whether every live thread waits on an outside party, and until when (undefined: the run moves). */
  wait: OutsideWait | undefined;
  /** The host's real-time wait for the current stand-still. */
  private realWait: RealTimeWait | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly realTime: RealTimeWaiter | undefined,
    private readonly observer: ExecutionObserver | undefined,
    private readonly tokens: () => TaskTokens,
  ) {}

  /** The scheduler began to stand still until `until`, or (undefined) moves on. */
  standingStill(until: number | undefined): void {
    if (until === undefined) {
      this.settleRealTime();
      this.wait = undefined;
      this.observer?.onOutsideWait?.(undefined, this.scheduler.now);
      return;
    }
    this.waitRealTime(until);
  }

  /** Real time counts toward the first limit: when it runs out, the clock moves there. */
  private waitRealTime(until: number): void {
    const since = this.scheduler.now;
    this.wait = { since, until };
    const realTime = this.realTime;
    if (realTime && Number.isFinite(until))
      this.realWait = realTime.wait(until - since, () => {
        this.realWait = undefined;
        this.scheduler.elapse(until);
      });
    this.observer?.onOutsideWait?.({ since, until }, since);
  }

  /** The real time the stand-still lasted so far counts toward every limit still running. */
  private settleRealTime(): void {
    const wait = this.realWait;
    if (!wait) return;
    this.realWait = undefined;
    const passed = Math.floor(wait.cancel());
    if (!(passed > 0)) return;
    this.tokens().absorb(passed);
    this.scheduler.absorbIntoDeadline(passed);
  }

  /** A task handler's answer is awaited: the run stands still on it when no other thread is ready. */
  callOut<T>(thread: Thread, answer: Promise<T>): Promise<T> {
    this.scheduler.callOut();
    return answer.finally(() => {
      this.scheduler.callBack();
      // Stopped while it waited (the execution's deadline ran out in real time, an abort): it ends here.
      checkStop(thread, this.scheduler.now);
    });
  }

  /**
   * An answer or a heartbeat from outside (the handle's sendTask*): the real time waited so far is taken
   * off the limits first; if the run still stands still afterwards (a heartbeat, a refused answer), it
   * waits on toward its limits as they now are.
   */
  fromOutside(send: () => void): void {
    this.settleRealTime();
    try {
      send();
    } finally {
      const until = this.scheduler.stillSpan();
      if (until !== undefined && this.realWait === undefined) this.waitRealTime(until);
    }
  }
}
