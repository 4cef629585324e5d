// Runs the child threads of a Parallel or Map state: in index order, at most `limit` at a time,
// stopping the others when one fails beyond what the state tolerates.

import { StatesError } from '../../errors';
import type { JsonValue } from '../../json';
import { isTerminalError } from '../errorHandling';
import type { MaybePromise } from '../maybePromise';
import { ExecutionAbortedSignal, ThreadControl } from '../scheduler';
import type { StateRun } from '../stateRun';
import type { Thread } from '../thread';

export interface ChildOutcome {
  results: (JsonValue | undefined)[];
  failures: { index: number; error: StatesError }[];
}

export interface ChildPlan {
  count: number;
  limit: number;
  /** Creates child i's thread and body. */
  make(index: number, control: ThreadControl): { thread: Thread; body: () => MaybePromise<JsonValue> };
  /** Whether `failures` failed children can still be tolerated. */
  tolerates(failures: number): boolean;
  /** Called when a child is stopped because a sibling failed. */
  onAborted?(index: number, thread: Thread): void;
}

export async function runChildren(run: StateRun, plan: ChildPlan): Promise<ChildOutcome> {
  const rt = run.rt;
  const parent = run.thread;
  const results: (JsonValue | undefined)[] = new Array<JsonValue | undefined>(plan.count).fill(undefined);
  const failures: { index: number; error: StatesError }[] = [];
  const controls: ThreadControl[] = [];
  let fatal: unknown;
  let hasFatal = false;
  const limit = Math.max(1, plan.limit);

  const work = new Promise<void>((resolve) => {
    let next = 0;
    let active = 0;
    const finishIfDone = (): void => {
      if (active === 0 && (next >= plan.count || hasFatal)) resolve();
    };
    const stopSiblings = (): void => {
      for (const c of controls) if (!c.stopped) c.stopped = new ExecutionAbortedSignal('sibling-failed');
      for (const c of controls) rt.scheduler.wakeEarly(c);
    };
    const startMore = (): void => {
      while (!hasFatal && active < limit && next < plan.count) {
        const index = next++;
        active++;
        const control = new ThreadControl([...parent.control.order, index], parent.control);
        controls.push(control);
        const child = plan.make(index, control);
        rt.runChild(child.thread, child.body)
          .then(
            (value) => {
              results[index] = value;
            },
            (err: unknown) => {
              if (err instanceof ExecutionAbortedSignal && err.reason === 'sibling-failed') {
                plan.onAborted?.(index, child.thread);
              } else if (
                err instanceof StatesError &&
                !isTerminalError(err) &&
                plan.tolerates(failures.length + 1)
              ) {
                failures.push({ index, error: err });
              } else if (!hasFatal) {
                hasFatal = true;
                fatal = err;
                stopSiblings();
              }
            },
          )
          .finally(() => {
            active--;
            startMore();
            finishIfDone();
          });
      }
    };
    startMore();
    finishIfDone();
  });
  await rt.join(parent, work);
  rt.checkStop(parent);
  if (hasFatal) throw fatal;
  return { results, failures };
}
