// One handler worker process (Node or Python, protocol.ts): started with its function's environment
// in its own process group, loaded once (`init`), then invoked one call at a time. Every wait is
// bounded: loading by the init limit, a call by its deadline; a worker that overruns, crashes, says
// something that is not the protocol or floods the channel is killed (its whole process group) and
// reported as such, never waited on. Live workers are killed when this process exits.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Duplex, Readable } from 'node:stream';
import type { JsonValue } from '../../core';
import {
  parseWorkerMessage,
  type InvocationContext,
  type ParentMessage,
  type RuntimeErrorObject,
  type WorkerMessage,
  type WorkerTarget,
} from './protocol';

/** How to start a worker process. */
export interface WorkerLaunch {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** Why a worker ended without answering. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** The end of what it wrote to stderr, for messages. */
  stderrTail: string;
}

/** The outcome of one call: never a rejection. */
export type CallOutcome =
  | { kind: 'result'; value: JsonValue }
  | { kind: 'error'; error: RuntimeErrorObject; text: string }
  /** The function could not load (the runtime's init error). */
  | { kind: 'initError'; error: RuntimeErrorObject }
  | { kind: 'timeout'; limitMs: number }
  | { kind: 'crash'; exit: WorkerExit }
  /** The worker could not start at all (e.g. the interpreter is missing). */
  | { kind: 'spawnFailed'; message: string }
  | { kind: 'protocol'; message: string }
  /** A command's stdout was not one JSON value. */
  | { kind: 'badOutput'; message: string };

/** A line of the handler's own output. */
export type OutputListener = (stream: 'stdout' | 'stderr', text: string) => void;

/** Lambda's bound on a function's init phase. */
export const INIT_LIMIT_MS = 10_000;
/** Bound on one protocol line (a result far past any payload limit is a broken worker). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;
const STDERR_TAIL = 4096;

const live = new Set<WorkerProcess>();
let exitHookInstalled = false;

function killAll(): void {
  for (const worker of live) worker.kill();
}

/**
 * Workers die with this process: at exit, and on SIGINT/SIGTERM/SIGHUP (then the signal goes on to
 * do what it would have done, unless someone else handles it). A worker also exits by itself when
 * its channel closes, which covers this process being killed outright, unless its handler spins.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAll();
      process.removeListener(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** Workers of this process that are still running (for tests that prove none leak). */
export function liveWorkerCount(): number {
  return live.size;
}

type Waiter = (message: WorkerMessage | { kind: 'ended'; outcome: CallOutcome }) => void;

export class WorkerProcess {
  readonly child: ChildProcess;
  private readonly channel: Duplex;
  private buffered = '';
  private bufferedBytes = 0;
  private stderrTail = '';
  private waiter: Waiter | undefined;
  /** Set once the process is gone (or must be treated as gone). */
  private ended: CallOutcome | undefined;
  private exited = false;
  private stopping = false;
  private closed = false;
  private readonly loaded: Promise<CallOutcome | undefined>;
  private nextId = 1;
  /** The runtime's version, once loaded. */
  version: string | undefined;
  busy = false;
  /** Scope of the last call and the run it belonged to (the pool's reuse rule). */
  lastUse: { run: object; scope: readonly string[] } | undefined;
  lastUsedAt = 0;

  constructor(launch: WorkerLaunch, target: WorkerTarget, onOutput?: OutputListener) {
    installExitHook();
    this.child = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    live.add(this);
    this.channel = this.child.stdio[3] as Duplex;
    this.channel.setEncoding('utf8');
    this.channel.on('data', (chunk: string) => this.onData(chunk));
    this.channel.on('error', () => undefined);
    lines(this.child.stdout, (text) => onOutput?.('stdout', text));
    lines(this.child.stderr, (text) => {
      this.stderrTail = (this.stderrTail + text + '\n').slice(-STDERR_TAIL);
      onOutput?.('stderr', text);
    });
    this.child.on('error', (error) => {
      this.finish({ kind: 'spawnFailed', message: error.message });
    });
    this.child.on('exit', () => {
      this.exited = true;
    });
    // 'close' comes after the streams are drained: an answer written just before exiting still counts.
    this.child.on('close', (code, signal) => {
      this.exited = true;
      this.closed = true;
      this.finish({ kind: 'crash', exit: { code, signal, stderrTail: this.stderrTail.trim() } });
    });
    this.loaded = this.load(target);
  }

  /** Whether the process can take a call. */
  get alive(): boolean {
    return this.ended === undefined;
  }

  private async load(target: WorkerTarget): Promise<CallOutcome | undefined> {
    this.send({ type: 'init', target });
    const reply = await this.next(INIT_LIMIT_MS);
    if ('kind' in reply) return reply.outcome;
    if (reply.type === 'ready') {
      this.version = reply.version;
      return undefined;
    }
    if (reply.type === 'initError') {
      // As the runtime does, a function that cannot load does not stay: the next call starts afresh.
      const outcome: CallOutcome = { kind: 'initError', error: reply.error };
      this.finish(outcome);
      return outcome;
    }
    return this.broken(`expected "ready", got "${reply.type}"`);
  }

  /**
   * Runs one call, once the worker is loaded (loading has its own bound, as Lambda's init phase does);
   * `limitMs` after the call starts the worker is killed and the call times out.
   */
  async call(
    event: JsonValue,
    context: Omit<InvocationContext, 'deadlineMs'>,
    limitMs: number,
  ): Promise<CallOutcome> {
    const failed = await this.loaded;
    if (failed) return failed;
    if (this.ended) return this.ended;
    const id = this.nextId++;
    this.send({ type: 'invoke', id, event, context: { ...context, deadlineMs: Date.now() + limitMs } });
    const reply = await this.next(limitMs, true);
    if ('kind' in reply) return reply.outcome;
    if (reply.type === 'result' && reply.id === id) return { kind: 'result', value: reply.value };
    if (reply.type === 'error' && reply.id === id)
      return { kind: 'error', error: reply.error, text: reply.text };
    return this.broken(`expected the answer to call ${id}, got "${reply.type}"`);
  }

  /** Closes the channel (the worker exits at end of input); kills it if it is still there after `graceMs`. */
  stop(graceMs = 1000): Promise<void> {
    if (this.exited || this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.kill(), graceMs);
      timer.unref();
      this.child.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.stopping = true;
      this.finish({ kind: 'protocol', message: 'the worker was stopped' });
      this.channel.end();
    });
  }

  /** Kills the worker's whole process group at once. */
  kill(): void {
    if (this.closed) return;
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  private send(message: ParentMessage): void {
    if (this.ended) return;
    this.channel.write(`${JSON.stringify(message)}\n`);
  }

  /** The next message, or how the worker ended; a timeout kills it. */
  private next(
    limitMs: number,
    isCall = false,
  ): Promise<WorkerMessage | { kind: 'ended'; outcome: CallOutcome }> {
    if (this.ended) return Promise.resolve({ kind: 'ended', outcome: this.ended });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.finish(isCall ? { kind: 'timeout', limitMs } : { kind: 'timeout', limitMs: INIT_LIMIT_MS });
      }, limitMs);
      this.waiter = (message) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(message);
      };
    });
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    this.bufferedBytes += chunk.length;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      this.bufferedBytes = this.buffered.length;
      newline = this.buffered.indexOf('\n');
      if (line.trim() === '') continue;
      const message = parseWorkerMessage(line);
      if (!message) {
        this.broken(`the worker wrote a line that is not the protocol: ${clip(line)}`);
        return;
      }
      const waiter = this.waiter;
      if (!waiter) {
        this.broken(`the worker wrote "${message.type}" unasked`);
        return;
      }
      waiter(message);
    }
    if (this.bufferedBytes > MAX_LINE_BYTES)
      this.broken(`the worker wrote more than ${MAX_LINE_BYTES} bytes in one message`);
  }

  private broken(message: string): CallOutcome {
    const outcome: CallOutcome = { kind: 'protocol', message };
    this.finish(outcome);
    return outcome;
  }

  /** Marks the worker ended (killing it unless it already exited) and wakes whoever waits. */
  private finish(outcome: CallOutcome): void {
    if (this.ended === undefined) {
      this.ended = outcome;
      live.delete(this);
      if (!this.closed && !this.stopping) this.kill();
    }
    this.waiter?.({ kind: 'ended', outcome: this.ended });
  }
}

export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Calls `each` with every line of a stream (the last one even without a newline). */
export function lines(stream: Readable | null, each: (text: string) => void): void {
  if (!stream) return;
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      each(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
    if (buffered.length > 65536) {
      each(buffered);
      buffered = '';
    }
  });
  stream.on('end', () => {
    if (buffered !== '') each(buffered);
  });
}
