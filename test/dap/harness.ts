// Test harness for the debug adapter: starts it over stdio with @vscode/debugadapter-testsupport's
// DebugClient and keeps every event it sends, so tests can wait for "the next stopped event" without
// racing the adapter (events that arrive early are queued, never lost).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { STEPTHROUGH_EVENT, type StepthroughEvent } from '../../debug-adapter/protocol';

export const REPO = resolve(__dirname, '../..');
export const FIXTURES = join(__dirname, 'fixtures');
/** The stdio entry of the adapter (what `stepthrough dap` runs). */
export const ADAPTER_ENTRY = join(REPO, 'debug-adapter/main.ts');

const EVENT_TYPES = [
  'initialized',
  'stopped',
  'continued',
  'output',
  'thread',
  'breakpoint',
  'terminated',
  'exited',
  'invalidated',
  STEPTHROUGH_EVENT,
];

/** How long a test waits for an event before failing with what it saw (a guard, not a delay). */
const EVENT_TIMEOUT_MS = 15_000;

/** A stopped event; this adapter always names the thread. */
export interface Stopped extends DebugProtocol.StoppedEvent {
  body: DebugProtocol.StoppedEvent['body'] & { threadId: number };
}

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** The machine most tests step through (a Parallel inside a Map, with Retry and Catch): file, text, mocks. */
export const NESTED = {
  file: fixture('nested.asl.json'),
  text: readFileSync(fixture('nested.asl.json'), 'utf8'),
  mocks: fixture('nested.mocks.json'),
};

/** A test file's adapters: each test starts its own, and it is closed after the test whatever happened. */
export interface AdapterPerTest {
  /** Starts an adapter for the running test (closing one it started before). */
  start(): Promise<DapHarness>;
  /** The adapter the running test started, if any. */
  readonly current: DapHarness | undefined;
}

/** Call once at the top of a test file. */
export function adapterPerTest(): AdapterPerTest {
  let current: DapHarness | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async start() {
      await current?.close();
      current = await DapHarness.start();
      return current;
    },
    get current() {
      return current;
    },
  };
}

export class DapHarness {
  readonly dc: DebugClient;
  private readonly queues = new Map<string, DebugProtocol.Event[]>();
  private readonly waiters = new Map<string, ((event: DebugProtocol.Event) => void)[]>();
  /** Guards of pending waits, cleared when the session closes. */
  private readonly guards = new Set<NodeJS.Timeout>();
  /** Every output line received so far. */
  readonly output: string[] = [];
  /** Every custom event body received so far. */
  readonly custom: StepthroughEvent[] = [];

  /** `launcher`: a shell script that starts the adapter (e.g. under a memory cap); default plain node. */
  private constructor(launcher?: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '--import tsx' };
    delete env.NODE_TEST_CONTEXT;
    this.dc =
      launcher === undefined
        ? new DebugClient('node', ADAPTER_ENTRY, 'stepthrough', { cwd: REPO, env }, true)
        : new DebugClient('/bin/sh', launcher, 'stepthrough', { cwd: REPO, env }, true);
    this.dc.defaultTimeout = EVENT_TIMEOUT_MS;
    for (const type of EVENT_TYPES) {
      this.dc.on(type, (event: DebugProtocol.Event) => this.deliver(type, event));
    }
  }

  static async start(launcher?: string): Promise<DapHarness> {
    const harness = new DapHarness(launcher);
    await harness.dc.start();
    return harness;
  }

  private deliver(type: string, event: DebugProtocol.Event): void {
    if (type === 'output') this.output.push((event as DebugProtocol.OutputEvent).body.output);
    if (type === STEPTHROUGH_EVENT) this.custom.push(event.body as StepthroughEvent);
    const waiting = this.waiters.get(type);
    const waiter = waiting?.shift();
    if (waiter) {
      waiter(event);
      return;
    }
    const queue = this.queues.get(type) ?? [];
    queue.push(event);
    this.queues.set(type, queue);
  }

  /** The run's end, once the session has terminated: its `runEnded` event (status, output, error). */
  async runEnded(): Promise<Extract<StepthroughEvent, { type: 'runEnded' }>> {
    await this.next('terminated');
    const ended = this.custom.find((e) => e.type === 'runEnded');
    if (ended?.type !== 'runEnded') throw new Error('the session terminated without a runEnded event');
    return ended;
  }

  /** The next event of this type not yet consumed (waiting for it if need be). */
  next<E extends DebugProtocol.Event = DebugProtocol.Event>(type: string): Promise<E> {
    const queued = this.queues.get(type)?.shift();
    if (queued) return Promise.resolve(queued as E);
    return new Promise<E>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.guards.delete(timer);
        const list = this.waiters.get(type) ?? [];
        this.waiters.set(
          type,
          list.filter((w) => w !== deliver),
        );
        reject(
          new Error(
            `no '${type}' event within ${EVENT_TIMEOUT_MS} ms; output so far:\n${this.output.join('')}`,
          ),
        );
      }, EVENT_TIMEOUT_MS);
      this.guards.add(timer);
      const deliver = (event: DebugProtocol.Event): void => {
        clearTimeout(timer);
        this.guards.delete(timer);
        resolvePromise(event as E);
      };
      const list = this.waiters.get(type) ?? [];
      list.push(deliver);
      this.waiters.set(type, list);
    });
  }

  /** Consumes events of this type until one matches. */
  async until<E extends DebugProtocol.Event = DebugProtocol.Event>(
    type: string,
    match: (event: E) => boolean,
  ): Promise<E> {
    for (;;) {
      const event = await this.next<E>(type);
      if (match(event)) return event;
    }
  }

  async stopped(): Promise<Stopped> {
    const event = await this.next<DebugProtocol.StoppedEvent>('stopped');
    if (event.body.threadId === undefined) throw new Error('a stopped event without a thread id');
    return event as Stopped;
  }

  /** initialize → launch → (configure: breakpoints...) → configurationDone → launch response. */
  async launch(args: Record<string, unknown>, configure?: () => Promise<void>): Promise<void> {
    await this.dc.initializeRequest({
      adapterID: 'stepthrough',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    const launched = this.dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
    const initialized = this.next('initialized');
    // A launch that fails answers without ever sending `initialized`.
    const first = await Promise.race([
      launched.then(() => 'launched' as const),
      initialized.then(() => 'initialized' as const),
    ]);
    if (first === 'initialized') {
      if (configure) await configure();
      await this.dc.configurationDoneRequest();
    }
    await launched;
  }

  /** Frames of a thread's stack. */
  async stack(threadId: number): Promise<DebugProtocol.StackFrame[]> {
    return (await this.dc.stackTraceRequest({ threadId })).body.stackFrames;
  }

  async top(threadId: number): Promise<DebugProtocol.StackFrame> {
    const [frame] = await this.stack(threadId);
    if (!frame) throw new Error(`thread ${threadId} has no stack`);
    return frame;
  }

  async scopes(frameId: number): Promise<DebugProtocol.Scope[]> {
    return (await this.dc.scopesRequest({ frameId })).body.scopes;
  }

  async variables(variablesReference: number): Promise<DebugProtocol.Variable[]> {
    return (await this.dc.variablesRequest({ variablesReference })).body.variables;
  }

  /** The variables of a named scope of the thread's top frame. */
  async scopeVariables(threadId: number, scopeName: string): Promise<DebugProtocol.Variable[]> {
    const frame = await this.top(threadId);
    const scope = (await this.scopes(frame.id)).find((s) => s.name === scopeName);
    if (!scope) throw new Error(`no scope ${scopeName}`);
    return this.variables(scope.variablesReference);
  }

  async evaluate(
    expression: string,
    context = 'repl',
    frameId?: number,
  ): Promise<DebugProtocol.EvaluateResponse['body']> {
    const args: DebugProtocol.EvaluateArguments = { expression, context };
    if (frameId !== undefined) args.frameId = frameId;
    return (await this.dc.evaluateRequest(args)).body;
  }

  /** Where the thread stopped: "StateName (Type)..." of its top frame. */
  async where(threadId: number): Promise<string> {
    return (await this.top(threadId)).name;
  }

  /** Ends the adapter; waits still pending are dropped (their promises never settle). */
  private closing: Promise<void> | undefined;

  /** Stops the adapter (once: closing again waits for the same stop). */
  close(): Promise<void> {
    for (const timer of this.guards) clearTimeout(timer);
    this.guards.clear();
    this.waiters.clear();
    this.closing ??= this.dc.stop();
    return this.closing;
  }
}

/** The 1-based line of the first line containing `text` in a fixture file. */
export function lineOf(text: string, content: string): number {
  const index = content.split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`'${text}' not found`);
  return index + 1;
}
