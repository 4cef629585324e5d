// What a state handler may ask of the execution it runs in: the clock, the history, the services a Task
// calls, and child threads. The runtime implements it; handlers (states/) and the query languages
// (dataflow/) see nothing else of the runtime, so a state type is written against this page alone.

import type { JsonObject, JsonValue } from '../json';
import type { MockResponse } from '../mocks';
import type { StatesError } from '../errors';
import type { ExecutionIdentity } from './context';
import type { HistoryEvent, NewEvent, ScopePath, ScopeStep } from './events';
import type { MaybePromise } from './maybePromise';
import type { ChildExecutionInfo, ChildExecutionResult, ExecutionObserver, ItemReaderData } from './options';
import type { RandomSource } from './random';
import type { OutsideAnswer, OutsideWaitSpec } from './taskTokens';
import type { MapItem, Thread } from './thread';

export interface StateHost {
  /** Who runs: the context object's Execution and StateMachine, ARNs built from them. */
  readonly identity: ExecutionIdentity;
  /** Seeded randomness: retry jitter, States.MathRandom/UUID, $random/$uuid. */
  readonly random: RandomSource;
  /** The world outside the state machine, as a Task or an ItemReader meets it. */
  readonly services: TaskServices;
  /** The observer's hooks, when one listens (data stages, outcomes). */
  readonly observer: ExecutionObserver | undefined;
  /** Simulated time, epoch milliseconds. */
  now(): number;
  /**
   * Appends a history event on behalf of a thread, as belonging to `state`; its previousEventId is the
   * thread's last event unless given.
   */
  record(thread: Thread, event: NewEvent, state?: string, previousEventId?: number): HistoryEvent;
  /** Sleeps a thread for `ms` of simulated time; a promise only when another thread runs first. */
  sleep(thread: Thread, ms: number): void | Promise<void>;
  /** Counts a retry as a transition (observers' `transitions`); states entered are counted by the walk. */
  countTransition(): void;
  /** Runs the child threads of a Map or Parallel state (see ChildPlan); settles when they have all ended. */
  runChildren(parent: Thread, plan: ChildPlan): Promise<ChildOutcome>;
  /**
   * Waits for a task token's answer from outside the run (taskTokens.ts): the thread gives the run token
   * up, as it does while children run, and gets it back with the answer or when its limits run out.
   */
  awaitAnswer(thread: Thread, wait: OutsideWaitSpec): Promise<OutsideAnswer>;
  /**
   * A task handler's answer, awaited holding the run token: while no other thread is ready, the run
   * stands still on this outside party (its real time counts toward the other waits' limits).
   */
  callOut<T>(thread: Thread, answer: Promise<T>): Promise<T>;
  /**
   * Runs a nested execution (`states:startExecution.sync` of a mapped machine) on a thread of its own to
   * its end, and settles with it as it ended, SUCCEEDED or FAILED; a stop of the parent is thrown.
   */
  runExecution(parent: Thread, owner: JsonObject, spec: ChildSpec): Promise<ChildExecutionResult>;
  /**
   * Starts a nested execution that runs on its own (plain `states:startExecution`): the Task does not
   * wait for it; the run's result does (its `childExecutions`).
   */
  startExecution(parent: Thread, spec: ChildSpec): void;
}

/** One call a Task makes. */
export interface TaskRequest {
  stateName: string;
  resource: string;
  /** The effective request: Parameters/Arguments evaluated. */
  parameters: JsonValue;
  /** Retries so far of this state (0 on the first attempt). */
  attempt: number;
  /** The Task's TimeoutSeconds (literal or from its path), when it sets one. */
  timeoutSeconds?: number;
  /** The Map iterations and Parallel branches the call runs in (a handler host keeps siblings apart). */
  scope: ScopePath;
  /** The child execution the Task runs in (a nested execution runs with its own machine's role). */
  execution?: ChildExecutionInfo;
}

/**
 * The services a state machine calls: task handlers, mocks and the execution role. A call's answer may
 * come later (an async handler; later, an answer sent from outside to a task waiting for its token): the
 * Task places whatever answer comes on the virtual clock.
 */
export interface TaskServices {
  /** The access-denied error when the execution role may not make this call (the call then counts as made). */
  authorize(request: TaskRequest): { error: string; cause: string } | undefined;
  /** This invocation's answer: the state's task handler, else its next mock. */
  call(request: TaskRequest): MockResponse | Promise<MockResponse>;
  /** What a Distributed Map's ItemReader reads: given data, else the state's next mock, else undefined. */
  itemReaderData(stateName: string): ItemReaderAnswer | undefined;
}

export type ItemReaderAnswer =
  { kind: 'data'; data: ItemReaderData } | { kind: 'throw'; error: string; cause: string };

/** The children of a Map or Parallel state: at most `limit` run at a time, in index order. */
export interface ChildPlan {
  /** The Map or Parallel state running them (its Catch tells whether an error inside will be caught). */
  owner: JsonObject;
  count: number;
  limit: number;
  /** Child `index`: asked only when it is about to start, so a 1,000,000-item Map holds no plan per item. */
  child(index: number): ChildSpec;
  /**
   * Children still being read (a Distributed Map's ItemReader stream): `count` is those known so far, and
   * more() reads on and resolves the new count (the same count: no more). Called while the run token is
   * held, so what runs next never depends on how long a read takes (invariant 6).
   */
  more?(): Promise<number>;
  /** Whether `failures` failed children can still be tolerated. */
  tolerates(failures: number): boolean;
}

/** One child: a nested machine walked on its own thread, from its input to its end. */
export interface ChildSpec {
  /** The thread's name, as observers show it (`Map Process [3]`). */
  name: string;
  step: ScopeStep;
  /** `$$.Map.Item` inside a Map iteration. */
  mapItem?: MapItem;
  /** The child's input, computed as it starts (a Map's ItemSelector is evaluated then). */
  input(): MaybePromise<JsonValue>;
  /** The branch or item processor, and where it sits in the definition. */
  machine: JsonObject;
  basePath: readonly (string | number)[];
  /**
   * A child execution (a Distributed Map iteration, or a nested execution): its states write to a history
   * of its own, framed by ExecutionStarted and its end, and it is reported in the result's
   * `childExecutions`. A nested one (`startedBy: 'startExecution'`) is a machine of its own: it starts
   * with no variables and no scope of its parent's, and no Catch of its parent's sees inside it.
   */
  execution?: ChildExecutionInfo;
  /** The child's query language when it is a machine of its own (a nested execution); else the parent's. */
  queryLanguage?: Thread['queryLanguage'];
  /** History the owning state writes around the child (an inline Map's MapIteration* events). */
  events?: ChildEvents;
}

export interface ChildEvents {
  started(thread: Thread): void;
  succeeded(thread: Thread): void;
  failed(thread: Thread, error: StatesError): void;
  /** Stopped because a sibling failed. */
  aborted(thread: Thread): void;
}

export interface ChildOutcome {
  /** Each child's output by index; undefined where it failed (tolerated) or never ran. */
  results: (JsonValue | undefined)[];
  failures: { index: number; error: StatesError }[];
}
