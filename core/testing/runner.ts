// The test runner: loads test files through injected file access, runs their cases concurrently
// (executions are in-process, so a small promise pool is enough), checks expectations, and gathers
// results and coverage per state machine file.

import { DefinitionError, StepthroughError, type DefinitionDiagnostic } from '../errors';
import { checkExpectations } from './assertions';
import { SuiteCoverage, type CaseHits, type CoverageReport } from './coverage';
import { runCase } from './execution';
import { emptyHits, type CoverageHits } from './facts';
import type { TaskHandlerProvider } from '../handlers';
import { loadTestFile } from './loader';
import { preloadTemplate } from './templateMachine';
import type { CaseResult, FileResult, LoadResult, TestCaseSpec, TestFileIO, TestFileSpec } from './model';

export interface RunOptions {
  /** Runs only cases whose name (or `file > name`) contains this text, case-insensitively; or matches a RegExp. */
  filter?: string | RegExp;
  /** Cases in flight at once (default 8). */
  concurrency?: number;
  /** Clock for durations (default performance.now). */
  now?: () => number;
  /** Called after each case, e.g. to stream progress. */
  onCaseDone?: (result: CaseResult) => void;
  /** Runs only the cases (of those `filter` lets through) this accepts: `--shard` and `--workers` use it. */
  select?: (spec: TestFileSpec, caseIndex: number) => boolean;
  /** Runs cases' handlers (the host's HandlerHost); a case with handlers fails to run without it. */
  handlers?: TaskHandlerProvider;
}

export interface SuiteResult {
  files: FileResult[];
  totals: {
    files: number;
    cases: number;
    passed: number;
    failed: number;
    skipped: number;
    /** Cases that could not run (AWS would reject their machine). */
    errors: number;
    badFiles: number;
  };
  durationMs: number;
  coverage: CoverageReport;
}

/** Whether `filter` lets the case `name` of `file` run. */
export function matchesFilter(filter: RunOptions['filter'], file: string, name: string): boolean {
  if (filter === undefined || filter === '') return true;
  if (filter instanceof RegExp) return filter.test(name) || filter.test(`${file} > ${name}`);
  const needle = filter.toLowerCase();
  return name.toLowerCase().includes(needle) || `${file} > ${name}`.toLowerCase().includes(needle);
}

/** Runs `tasks` with at most `limit` in flight; results keep the tasks' order. */
export async function promisePool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

/** A case that cannot run because AWS would reject its machine: an error, naming the diagnostics. */
function refusedCase(
  base: Pick<CaseResult, 'file' | 'name' | 'location'>,
  diagnostics: DefinitionDiagnostic[],
  durationMs = 0,
): CaseResult {
  const count = diagnostics.length;
  const codes = [...new Set(diagnostics.map((d) => d.code))].join(', ');
  return {
    ...base,
    outcome: 'error',
    durationMs,
    failures: [
      {
        check: 'definition',
        message: `AWS would reject the state machine (${count} error${count === 1 ? '' : 's'}: ${codes}); the case did not run. Fix the machine, or set "validate: false" in the test file to run it anyway.`,
      },
    ],
    diagnostics,
  };
}

/**
 * Runs one case and checks it; a run that cannot start (a caller mistake) is a failed case with the reason.
 * `hits`: what its coverage counts into (a CaseHits from SuiteCoverage counts its child machines' too).
 */
export async function runTestCase(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  hits: CoverageHits | CaseHits = emptyHits(),
  now: () => number = () => performance.now(),
  handlers?: TaskHandlerProvider,
): Promise<CaseResult> {
  const base = { file: spec.file, name: testCase.name, location: testCase.location };
  if (testCase.skip) return { ...base, outcome: 'skipped', durationMs: 0, failures: [] };
  if (spec.validate && spec.definitionErrors.length > 0) return refusedCase(base, spec.definitionErrors);
  const started = now();
  try {
    const run = await runCase(spec, testCase, hits, handlers);
    const failures = checkExpectations(testCase.expect, run, testCase.state !== undefined);
    return {
      ...base,
      outcome: failures.length === 0 ? 'passed' : 'failed',
      durationMs: now() - started,
      failures,
      execution: run.summary,
    };
  } catch (error) {
    if (error instanceof DefinitionError) return refusedCase(base, error.diagnostics, now() - started);
    const message =
      error instanceof StepthroughError
        ? error.format()
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    return {
      ...base,
      outcome: 'failed',
      durationMs: now() - started,
      failures: [{ check: 'run', message: `the execution could not run: ${message}` }],
    };
  }
}

/** Runs already-loaded files (bad ones are reported with their problems and run nothing). */
export async function runLoadedFiles(loaded: LoadResult[], options: RunOptions = {}): Promise<SuiteResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const coverage = new SuiteCoverage();
  const files: FileResult[] = [];
  const tasks: (() => Promise<CaseResult>)[] = [];
  const owners: FileResult[] = [];
  for (const entry of loaded) {
    if (!entry.ok) {
      files.push({ file: entry.file, cases: [], problems: entry.problems });
      continue;
    }
    const spec = entry.spec;
    const result: FileResult = { file: spec.file, machineFile: spec.machineFile, cases: [] };
    files.push(result);
    for (const [caseIndex, testCase] of spec.cases.entries()) {
      if (!matchesFilter(options.filter, spec.file, testCase.name)) continue;
      if (options.select && !options.select(spec, caseIndex)) continue;
      const hits = coverage.forSpec(spec);
      owners.push(result);
      tasks.push(async () => {
        const caseResult = await runTestCase(spec, testCase, hits, now, options.handlers);
        options.onCaseDone?.(caseResult);
        return caseResult;
      });
    }
  }
  const results = await promisePool(tasks, options.concurrency ?? 8);
  results.forEach((r, i) => owners[i]?.cases.push(r));
  return {
    files,
    totals: suiteTotals(files),
    durationMs: now() - started,
    coverage: coverage.report(),
  };
}

/** The totals of a suite's files. */
export function suiteTotals(files: FileResult[]): SuiteResult['totals'] {
  const cases = files.flatMap((f) => f.cases);
  return {
    files: files.length,
    cases: cases.length,
    passed: cases.filter((c) => c.outcome === 'passed').length,
    failed: cases.filter((c) => c.outcome === 'failed').length,
    skipped: cases.filter((c) => c.outcome === 'skipped').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
    badFiles: files.filter((f) => f.problems !== undefined).length,
  };
}

/** Loads a test file, its template machine first when `stateMachine` names one (`./template.yaml#Flow`). */
export async function loadTestFileWithTemplate(file: string, io: TestFileIO): Promise<LoadResult> {
  const template = await preloadTemplate(file, io);
  return loadTestFile(file, io, template === undefined ? {} : { template });
}

/** Loads and runs test files. */
export async function runTestFiles(
  files: string[],
  io: TestFileIO,
  options: RunOptions = {},
): Promise<SuiteResult> {
  return runLoadedFiles(await Promise.all(files.map((file) => loadTestFileWithTemplate(file, io))), options);
}

/**
 * The exit code of a suite: 2 when a file is bad or a case could not run (AWS would reject its
 * machine), 1 when a case failed (or coverage is under `minCoverage`), else 0.
 */
export function suiteExitCode(suite: SuiteResult, minCoverage?: number): number {
  if (suite.totals.badFiles > 0 || suite.totals.errors > 0) return 2;
  if (suite.totals.failed > 0) return 1;
  if (minCoverage !== undefined && suite.coverage.percent < minCoverage) return 1;
  return 0;
}
