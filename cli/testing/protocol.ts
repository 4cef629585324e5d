// Messages between `stepthrough test --workers N` and its worker threads, declared once for both ends.

import type { SuiteResult } from '../../core/testing';

/** What a worker is started with (workerData): the suite's files, and the cases it runs. */
export interface WorkerAssignment {
  type: 'assignment';
  /** Every test file of the run, as the main thread loaded them. */
  files: string[];
  /** The cases this worker runs: a file of `files` and the case's index in it. */
  cases: { file: string; caseIndex: number }[];
  /** Cases in flight at once inside the worker. */
  concurrency: number;
  /** Whether the worker's FileAccess reads files (the main thread's FileAccess is trusted). */
  trusted: boolean;
}

/** What a worker posts back, once. */
export type WorkerMessage = { type: 'done'; suite: SuiteResult } | { type: 'failed'; message: string };
