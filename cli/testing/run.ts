// How `stepthrough test` runs the discovered files: loads them, applies --filter, keeps this
// machine's --shard of the cases, and runs them in this thread or dealt to --workers threads.

import { relative, resolve, sep } from 'node:path';
import type { TaskHandlerProvider } from '../../core/handlers';
import {
  dealCases,
  loadTestFileWithTemplate,
  matchesFilter,
  mergeSuiteResults,
  runLoadedFiles,
  shardCases,
  type CaseRef,
  type LoadResult,
  type Shard,
  type SuiteResult,
} from '../../core/testing';
import type { FileAccess } from '../../host/files';
import { testFileIO } from '../../host/testFiles';
import { runInWorkers } from './pool';

export interface SuiteRunOptions {
  filter?: string;
  shard?: Shard;
  /** Worker threads; 1 (or undefined) runs in this thread. */
  workers?: number;
  /** Cases in flight at once per thread. */
  concurrency?: number;
  /** Runs cases' handlers in this thread (each worker thread starts a host of its own). */
  handlers?: TaskHandlerProvider;
}

interface SelectedCase extends CaseRef {
  /** The test file as discovered (what the loader and the reports use). */
  path: string;
  name: string;
}

/** A test file's shard key: its path from the working directory, '/'-separated, the same on every machine. */
export function shardKey(file: string): string {
  return relative(process.cwd(), resolve(file)).split(sep).join('/');
}

function selectCases(loaded: LoadResult[], options: SuiteRunOptions): SelectedCase[] {
  const eligible: SelectedCase[] = [];
  for (const entry of loaded) {
    if (!entry.ok) continue;
    entry.spec.cases.forEach((testCase, caseIndex) => {
      if (!matchesFilter(options.filter, entry.spec.file, testCase.name)) return;
      eligible.push({
        file: shardKey(entry.spec.file),
        caseIndex,
        path: entry.spec.file,
        name: testCase.name,
      });
    });
  }
  return options.shard ? shardCases(eligible, options.shard) : eligible;
}

export async function runSuite(
  files: string[],
  access: FileAccess,
  options: SuiteRunOptions = {},
): Promise<SuiteResult> {
  const started = performance.now();
  const io = testFileIO(access);
  // A test file may name a template's machine (`./template.yaml#Flow`): it is loaded first.
  const loaded = await Promise.all(files.map((file) => loadTestFileWithTemplate(file, io)));
  const selected = selectCases(loaded, options);
  const workers = Math.min(options.workers ?? 1, selected.length);
  if (workers <= 1) {
    const chosen = new Set(selected.map((c) => `${c.path}\u0000${c.caseIndex}`));
    return runLoadedFiles(loaded, {
      select: (spec, caseIndex) => chosen.has(`${spec.file}\u0000${caseIndex}`),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.handlers !== undefined ? { handlers: options.handlers } : {}),
    });
  }
  const hands = dealCases(selected, workers).map((hand) =>
    hand.map((c) => ({ file: c.path, caseIndex: c.caseIndex })),
  );
  const parts = await runInWorkers(files, hands, options.concurrency ?? 8, access.trusted);
  const order = new Map(selected.map((c) => [`${c.path}\u0000${c.name}`, c.caseIndex]));
  return mergeSuiteResults(
    parts,
    (result) => order.get(`${result.file}\u0000${result.name}`) ?? Number.MAX_SAFE_INTEGER,
    performance.now() - started,
  );
}
