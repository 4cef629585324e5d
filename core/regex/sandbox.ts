// Runs regular-expression matches on worker threads, each with a time limit: a backtracking match is one
// uninterruptible call, so the only way to stop it is to stop its thread. Two entry points, each with its own
// worker: `execSync` blocks the caller (Atomics.wait) and serves synchronous code (JSONPath filters);
// `execAsync` queues the match and serves JSONata, so the process keeps answering while a match runs. A match
// over its limit terminates the worker; the next match starts a fresh one. The time a worker takes to start,
// and a match waits in the queue, is never counted against a match's limit.

import { RegexWorker, type RegexReply } from './worker';

export type { RegexReply, RegexRequest } from './worker';

/** The caller cancelled the match (its signal was aborted) before it finished. */
export class RegexCancelledError extends Error {
  constructor(readonly source: string) {
    super(`Matching the regular expression /${source}/ was cancelled`);
    this.name = 'RegexCancelledError';
  }
}

/** The match did not finish within its time limit. */
export class RegexTimeoutError extends Error {
  constructor(readonly source: string) {
    super(`The regular expression /${source}/ did not finish matching in time`);
    this.name = 'RegexTimeoutError';
  }
}

function settle(reply: RegexReply): Exclude<RegexReply, { kind: 'error' }> {
  if (reply.kind === 'error') throw new SyntaxError(reply.message);
  return reply;
}

let syncWorker: RegexWorker | undefined;

/**
 * Runs `exec` of /source/flags on `text` from `lastIndex`, blocking up to `limitMs`. Throws RegexTimeoutError
 * when the match does not finish in time, a SyntaxError for an invalid pattern.
 */
export function execSync(
  source: string,
  flags: string,
  text: string,
  lastIndex: number,
  limitMs: number,
): Exclude<RegexReply, { kind: 'error' }> {
  const worker = (syncWorker ??= new RegexWorker());
  worker.send(source, flags, text, lastIndex);
  const reply = worker.waitForReply(limitMs);
  if (reply === undefined) {
    worker.stop();
    syncWorker = undefined;
    throw new RegexTimeoutError(source);
  }
  return settle(reply);
}

interface Job {
  source: string;
  flags: string;
  text: string;
  lastIndex: number;
  limitMs: number;
  resolve(reply: Exclude<RegexReply, { kind: 'error' }>): void;
  reject(error: Error): void;
}

/** Matches run one at a time, in the order asked, so stopping a runaway one affects no other. */
const queue: Job[] = [];
let asyncWorker: RegexWorker | undefined;
let running: { job: Job; timer: NodeJS.Timeout } | undefined;

/** Ends the running job without an answer: its worker is stopped (the next job gets a fresh one). */
function abandonRunning(error: Error): void {
  if (running === undefined) return;
  const { job, timer } = running;
  clearTimeout(timer);
  running = undefined;
  asyncWorker?.stop();
  asyncWorker = undefined;
  job.reject(error);
  next();
}

function onReply(reply: RegexReply): void {
  if (running === undefined) return;
  const { job, timer } = running;
  clearTimeout(timer);
  running = undefined;
  try {
    job.resolve(settle(reply));
  } catch (error) {
    job.reject(error as Error);
  }
  next();
}

function next(): void {
  if (running !== undefined) return;
  const job = queue.shift();
  if (job === undefined) {
    asyncWorker?.hold(false);
    return;
  }
  let worker: RegexWorker;
  try {
    worker = asyncWorker ??= new RegexWorker(onReply);
  } catch (error) {
    job.reject(error as Error);
    next();
    return;
  }
  worker.hold(true);
  worker.send(job.source, job.flags, job.text, job.lastIndex);
  const timer = setTimeout(() => abandonRunning(new RegexTimeoutError(job.source)), Math.max(0, job.limitMs));
  running = { job, timer };
}

/**
 * Runs `exec` of /source/flags on `text` from `lastIndex` without blocking; at most `limitMs` of matching.
 * An aborted `signal` ends the match at once with RegexCancelledError.
 */
export function execAsync(
  source: string,
  flags: string,
  text: string,
  lastIndex: number,
  limitMs: number,
  signal?: AbortSignal,
): Promise<Exclude<RegexReply, { kind: 'error' }>> {
  if (signal?.aborted === true) return Promise.reject(new RegexCancelledError(source));
  return new Promise((resolve, reject) => {
    const job: Job = { source, flags, text, lastIndex, limitMs, resolve, reject };
    if (signal !== undefined) {
      const cancel = (): void => {
        const queued = queue.indexOf(job);
        if (queued >= 0) {
          queue.splice(queued, 1);
          job.reject(new RegexCancelledError(source));
        } else if (running?.job === job) {
          abandonRunning(new RegexCancelledError(source));
        }
      };
      signal.addEventListener('abort', cancel, { once: true });
      job.resolve = (reply) => {
        signal.removeEventListener('abort', cancel);
        resolve(reply);
      };
      job.reject = (error) => {
        signal.removeEventListener('abort', cancel);
        reject(error);
      };
    }
    queue.push(job);
    next();
  });
}

/** Stops the workers, if any run (tests, and hosts that want no thread left). Queued matches are refused. */
export function stopRegexSandbox(): void {
  syncWorker?.stop();
  syncWorker = undefined;
  if (running !== undefined) {
    clearTimeout(running.timer);
    running.job.reject(new Error('The regular-expression worker was stopped'));
    running = undefined;
  }
  for (const job of queue.splice(0)) job.reject(new Error('The regular-expression worker was stopped'));
  asyncWorker?.stop();
  asyncWorker = undefined;
}
