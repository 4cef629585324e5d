// Time modes of `stepthrough api`. The engine always runs on its virtual clock (ARCHITECTURE 5); here
// an execution's virtual time is tied to the wall clock when the server runs in `real` or `scale=N` mode:
//
// - virtual: no tie. An execution runs as fast as the engine does; its history's timestamps say how long
//   things would have taken (a day-long Wait ends "tomorrow").
// - real / scale=N: virtual time v falls due at wall time anchor.wall + (v - anchor.virtual) * N (real is
//   N = 1; N < 1 is faster, as Step Functions Local's WAIT_TIME_SCALE). Two things keep an execution in
//   step: the engine is held at the pause point before each state (the observer's beforeState) and
//   before each call this server makes for a Task (LAMBDA_ENDPOINT) until that state's time is due; and
//   what the API shows of the execution (its history, its status) is only what is due by now. So a
//   client polling DescribeExecution while a Wait runs sees RUNNING, as on AWS.
// - While the engine waits on an outside party (a Lambda endpoint), its virtual clock stands still;
//   afterwards the tie is re-anchored at the wall clock's now, so later waits last their full length.

import type { WallClock } from '../host/realTime';

export type TimeMode = { kind: 'virtual' } | { kind: 'paced'; scale: number };

export const VIRTUAL: TimeMode = { kind: 'virtual' };

/** `virtual`, `real` or `scale=N` (N > 0; N = 0 is `virtual`). Undefined when the text is none of them. */
export function parseTimeMode(text: string): TimeMode | undefined {
  const value = text.trim();
  if (value === 'virtual') return VIRTUAL;
  if (value === 'real') return { kind: 'paced', scale: 1 };
  const match = /^scale=(.+)$/.exec(value);
  return match?.[1] === undefined ? undefined : scaleMode(match[1]);
}

/** A WAIT_TIME_SCALE value as a time mode (0 waits for nothing: virtual). */
export function scaleMode(text: string): TimeMode | undefined {
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  const scale = Number(text);
  if (!Number.isFinite(scale)) return undefined;
  return scale === 0 ? VIRTUAL : { kind: 'paced', scale };
}

export { systemClock, type WallClock } from '../host/realTime';

/** One execution's tie between virtual and wall time. */
export class Pacer {
  private anchorVirtual: number;
  private anchorWall: number;
  private readonly stopping = new AbortController();

  constructor(
    private readonly clock: WallClock,
    private readonly scale: number,
    virtualStart: number,
  ) {
    this.anchorVirtual = virtualStart;
    this.anchorWall = clock.now();
  }

  /** The wall time at which virtual time `virtual` falls due. */
  dueAt(virtual: number): number {
    return this.anchorWall + (virtual - this.anchorVirtual) * this.scale;
  }

  /** The virtual time that is due by now. */
  virtualNow(): number {
    return this.anchorVirtual + (this.clock.now() - this.anchorWall) / this.scale;
  }

  /** Waits until virtual time `virtual` is due; undefined (no wait) when it already is, or after stop(). */
  catchUp(virtual: number): Promise<void> | undefined {
    const at = this.dueAt(virtual);
    if (this.stopping.signal.aborted || at <= this.clock.now()) return undefined;
    return this.clock.sleepUntil(at, this.stopping.signal);
  }

  /** After an outside wait: virtual time `virtual` is now, so later virtual durations start from here. */
  reanchor(virtual: number): void {
    const now = this.clock.now();
    if (this.dueAt(virtual) >= now) return;
    this.anchorVirtual = virtual;
    this.anchorWall = now;
  }

  /** Ends every wait at once (the execution is stopped). */
  stop(): void {
    this.stopping.abort();
  }
}
