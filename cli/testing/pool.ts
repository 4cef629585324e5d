// `stepthrough test --workers N`: the selected cases dealt to N worker threads in turn (in case-key
// order, as --shard orders them), each running its share with the in-process runner, the parts
// merged into the result one serial run gives (durations aside). A worker that fails or exits
// without a result fails the run with its message: no case is silently lost.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StepthroughError } from '../../core/errors';
import type { SuiteResult } from '../../core/testing';
import type { WorkerAssignment, WorkerMessage } from './protocol';

/**
 * The worker's script: beside this code in the bundle (dist/cli/test-worker.js), or the source
 * beside this source under tsx. (A missing script fails the run through the worker's error event.)
 */
function workerEntry(): { file: string; typescript: boolean } {
  if (__filename.endsWith('.ts')) return { file: join(__dirname, 'worker.ts'), typescript: true };
  return { file: join(__dirname, 'test-worker.js'), typescript: false };
}

function startWorker(assignment: WorkerAssignment): Worker {
  const entry = workerEntry();
  if (!entry.typescript) return new Worker(entry.file, { workerData: assignment });
  // Development (tsx): a worker does not inherit tsx's loader, so it registers tsx's CommonJS hook
  // first. The module name is computed so that bundling leaves this branch's require alone.
  const tsx = require.resolve(['tsx', 'cjs'].join('/'));
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry.file)});`, {
    eval: true,
    workerData: assignment,
  });
}

function runOne(assignment: WorkerAssignment): Promise<SuiteResult> {
  return new Promise<SuiteResult>((resolve, reject) => {
    const worker = startWorker(assignment);
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      reject(new StepthroughError('E_INTERNAL', `A test worker failed: ${message}`));
    };
    worker.once('message', (message: WorkerMessage) => {
      if (message.type === 'done') {
        settled = true;
        resolve(message.suite);
      } else fail(message.message);
      void worker.terminate();
    });
    worker.once('error', (error) => fail(error.stack ?? error.message));
    worker.once('exit', (code) => fail(`it exited (code ${code}) before reporting its cases`));
  });
}

/** Runs each non-empty hand of cases in a worker of its own; resolves with the parts in hand order. */
export function runInWorkers(
  files: string[],
  hands: { file: string; caseIndex: number }[][],
  concurrency: number,
  trusted: boolean,
): Promise<SuiteResult[]> {
  return Promise.all(
    hands
      .filter((cases) => cases.length > 0)
      .map((cases) => runOne({ type: 'assignment', files, cases, concurrency, trusted })),
  );
}
