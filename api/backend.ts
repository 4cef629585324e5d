// The service behind the API: its options (account, region, time mode, mock config, Lambda endpoint) and
// everything it remembers for its life (state machines, executions, activities). Operations (ops/) read
// and change it; each request is handled on its own and sees the others only through this state.

import type { ArnScope } from './arns';
import type { ExecutionRun } from './execution';
import { systemClock, VIRTUAL, type TimeMode, type WallClock } from './pacing';
import type { ActivityRecord, StateMachineRecord } from './records';

export interface ApiOptions {
  /** AWS_ACCOUNT_ID; default 123456789012, as Step Functions Local. */
  accountId?: string;
  /** AWS_DEFAULT_REGION; default us-east-1, as Step Functions Local. */
  region?: string;
  partition?: string;
  time?: TimeMode;
  /** A MockConfigFile (parsed), picked from by `#TestCase` suffixes; `origin` names it in messages. */
  mockConfig?: { spec: unknown; origin: string };
  /** LAMBDA_ENDPOINT: where unmocked Lambda Tasks are sent (Lambda's Invoke protocol). */
  lambdaEndpoint?: string;
  clock?: WallClock;
  /** How long GetActivityTask holds a poll open when no task comes (AWS: 60 s). */
  activityPollMs?: number;
}

export class Backend {
  readonly scope: ArnScope;
  readonly time: TimeMode;
  readonly clock: WallClock;
  readonly activityPollMs: number;
  readonly machines = new Map<string, StateMachineRecord>();
  /** In start order. */
  readonly executions = new Map<string, ExecutionRun>();
  readonly activities = new Map<string, ActivityRecord>();
  /** GetActivityTask polls open now (AWS caps concurrent pollers: ActivityWorkerLimitExceeded). */
  openPolls = 0;
  private waiters = new Set<() => void>();

  constructor(readonly options: ApiOptions = {}) {
    this.scope = {
      partition: options.partition ?? 'aws',
      region: options.region ?? 'us-east-1',
      account: options.accountId ?? '123456789012',
    };
    this.time = options.time ?? VIRTUAL;
    this.clock = options.clock ?? systemClock;
    this.activityPollMs = options.activityPollMs ?? 60_000;
  }

  /** The server closes: running executions stop (their Lambda calls and paced waits end) and polls return. */
  shutdown(): void {
    for (const run of this.executions.values()) {
      if (run.status === 'RUNNING') run.stopNow('Stepthrough.ServerClosed', 'The API server was closed.');
    }
    this.changed();
  }

  /** An execution's history grew or it ended: wakes whoever waits for that (activity polls). */
  changed(): void {
    const waiting = this.waiters;
    this.waiters = new Set();
    for (const wake of waiting) wake();
  }

  /** Resolves at the next change, at `deadline` (wall ms), or when `signal` aborts, whichever is first. */
  nextChange(deadline: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
