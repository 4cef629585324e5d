// Threads on the scheduler: the execution's root thread, and the child threads of a Parallel or Map
// state, run in index order, at most `limit` at a time, stopping the others when one fails beyond what
// the state tolerates. A child waits for the run token like every thread (invariant 6).

import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import { isTerminalError } from './errorHandling';
import { EventLog } from './events';
import type { ChildOutcome, ChildPlan } from './host';
import type { MaybePromise } from './maybePromise';
import type { ExecutionObserver } from './options';
import { ExecutionAbortedSignal, type Scheduler, ThreadControl } from './scheduler';
import { checkStop, type Thread } from './thread';
import { VariableScope } from './variables';

export class Threads {
  private nextThreadId = 1;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly observer: ExecutionObserver | undefined,
    private readonly queryLanguage: Thread['queryLanguage'],
    /** Told of each child execution (a Distributed Map iteration) when it starts. */
    private readonly onChildExecution?: (thread: Thread) => void,
  ) {}

  /** The execution's own thread. */
  root(control: ThreadControl): Thread {
    return {
      id: this.nextThreadId++,
      name: 'Execution',
      scope: [],
      control,
      variables: new VariableScope(),
      lastEventId: 0,
      queryLanguage: this.queryLanguage,
    };
  }

  /** Runs `body` as a thread that waits for its turn on the scheduler. */
  async run<T>(thread: Thread, body: () => MaybePromise<T>): Promise<T> {
    this.observer?.onThreadStarted?.({ threadId: thread.id, name: thread.name, scope: thread.scope });
    await this.scheduler.acquire(thread.control);
    try {
      checkStop(thread);
      return await body();
    } finally {
      this.scheduler.release();
      this.observer?.onThreadEnded?.({ threadId: thread.id, name: thread.name, scope: thread.scope });
    }
  }

  /** Gives the token up while `thread` waits on other threads, then takes it back. */
  async join<T>(thread: Thread, work: Promise<T>): Promise<T> {
    this.scheduler.release();
    try {
      return await work;
    } finally {
      await this.scheduler.acquire(thread.control);
    }
  }

  /** Runs a Map's or Parallel's children (see ChildPlan); rethrows the first failure not tolerated. */
  async runChildren(parent: Thread, plan: ChildPlan): Promise<ChildOutcome> {
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
        for (const c of controls) this.scheduler.wakeEarly(c);
      };
      const startMore = (): void => {
        while (!hasFatal && active < limit && next < plan.count) {
          const index = next++;
          active++;
          const control = new ThreadControl([...parent.control.order, index], parent.control);
          controls.push(control);
          const spec = plan.child(index);
          const thread = this.child(parent, plan, spec, control);
          this.run(thread, () => spec.run(thread))
            .then(
              (value) => {
                results[index] = value;
              },
              (err: unknown) => {
                if (err instanceof ExecutionAbortedSignal && err.reason === 'sibling-failed') {
                  plan.onAborted?.(index, thread);
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
    await this.join(parent, work);
    checkStop(parent);
    if (hasFatal) throw fatal;
    return { results, failures };
  }

  private child(
    parent: Thread,
    plan: ChildPlan,
    spec: ReturnType<ChildPlan['child']>,
    control: ThreadControl,
  ): Thread {
    const thread: Thread = {
      id: this.nextThreadId++,
      name: spec.name,
      scope: [...parent.scope, spec.step],
      control,
      variables: new VariableScope(parent.variables),
      lastEventId: parent.lastEventId,
      history: parent.history,
      queryLanguage: parent.queryLanguage,
      owner: { state: plan.owner, thread: parent },
    };
    if (spec.mapItem) thread.mapItem = spec.mapItem;
    if (spec.childExecution) {
      thread.history = new EventLog(() => this.scheduler.now);
      thread.lastEventId = 0;
      this.onChildExecution?.(thread);
    }
    return thread;
  }
}
