// One regex worker thread: it runs `exec` of a pattern on a text and answers on a message port, also raising a
// shared flag so a caller may wait for the answer synchronously. The program is plain JavaScript in a string,
// so it does not depend on how this module was bundled; the thread does no I/O.

import type * as WorkerThreads from 'node:worker_threads';
import type { MessagePort, Worker } from 'node:worker_threads';

let workerThreads: typeof WorkerThreads | undefined;
/** node:worker_threads, loaded with the first worker: most runs match no pattern (ARCHITECTURE.md invariant 27). */
function threads(): typeof WorkerThreads {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  workerThreads ??= require('node:worker_threads') as typeof WorkerThreads;
  return workerThreads;
}

/** What the caller asks: run `exec` of /source/flags on `text` from `lastIndex`. */
export interface RegexRequest {
  source: string;
  flags: string;
  /** Omitted when it is the text of the previous request (the worker keeps it). */
  text?: string;
  lastIndex: number;
}

/** The worker's answer: the match (`groups[0]` is the whole match) and the lastIndex after it. */
export type RegexReply =
  | { kind: 'match'; index: number; groups: (string | undefined)[]; lastIndex: number }
  | { kind: 'noMatch'; lastIndex: number }
  | { kind: 'error'; message: string };

/** How long a fresh worker may take to start (never counted against a match's time). */
const STARTUP_LIMIT_MS = 60_000;
const ANSWERED_SLOT = 0;
const READY_SLOT = 1;

/** Compiled patterns are kept per worker; the last text is remembered so a caller need not resend it. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const compiled = new Map();
let text = '';
port.on('message', (request) => {
  let reply;
  try {
    const key = request.flags + '/' + request.source;
    let regex = compiled.get(key);
    if (regex === undefined) {
      regex = new RegExp(request.source, request.flags);
      if (compiled.size >= 256) compiled.clear();
      compiled.set(key, regex);
    }
    if (request.text !== undefined) text = request.text;
    regex.lastIndex = request.lastIndex;
    const match = regex.exec(text);
    reply = match === null
      ? { kind: 'noMatch', lastIndex: regex.lastIndex }
      : { kind: 'match', index: match.index, groups: Array.from(match), lastIndex: regex.lastIndex };
  } catch (error) {
    reply = { kind: 'error', message: String(error && error.message) };
  }
  port.postMessage(reply);
  Atomics.store(signal, ${ANSWERED_SLOT}, 1);
  Atomics.notify(signal, ${ANSWERED_SLOT});
});
Atomics.store(signal, ${READY_SLOT}, 1);
Atomics.notify(signal, ${READY_SLOT});
`;

export class RegexWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  /** The text the worker holds. */
  private text: string | undefined;
  private stopped = false;

  /**
   * Starts a worker and waits (synchronously) until it runs. With `onReply`, answers are delivered as
   * events (the asynchronous mode); without, the caller collects them with `waitForReply`.
   */
  constructor(onReply?: (reply: RegexReply) => void) {
    const { port1, port2 } = new (threads().MessageChannel)();
    this.port = port1;
    this.worker = new (threads().Worker)(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal: this.signal },
      transferList: [port2],
      // A match needs little memory; a runaway one must not take the process's.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    this.worker.unref();
    // It ends only when stopped; a crash (out of memory) shows as a missing answer.
    this.worker.on('error', () => undefined);
    if (onReply) {
      this.port.on('message', onReply);
      this.port.unref();
    }
    if (Atomics.wait(this.signal, READY_SLOT, 0, STARTUP_LIMIT_MS) === 'timed-out') {
      this.stop();
      throw new Error('The regular-expression worker did not start');
    }
  }

  send(source: string, flags: string, text: string, lastIndex: number): void {
    const request: RegexRequest = { source, flags, lastIndex };
    if (this.text !== text) request.text = text;
    this.text = text;
    Atomics.store(this.signal, ANSWERED_SLOT, 0);
    this.port.postMessage(request);
  }

  /** Blocks until the answer to the last request, or undefined after `timeoutMs` or if the worker died. */
  waitForReply(timeoutMs: number): RegexReply | undefined {
    Atomics.wait(this.signal, ANSWERED_SLOT, 0, Math.max(0, timeoutMs));
    const received = threads().receiveMessageOnPort(this.port) as { message: RegexReply } | undefined;
    return received?.message;
  }

  /** While an asynchronous answer is awaited, the port keeps the process alive. */
  hold(waiting: boolean): void {
    if (this.stopped) return;
    if (waiting) this.port.ref();
    else this.port.unref();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.port.close();
    void this.worker.terminate();
  }
}
