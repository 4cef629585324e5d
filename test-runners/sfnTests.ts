// defineSfnTests: the cases of *.sfn-test.yaml files as tests of the host framework (Vitest or Jest),
// one `describe` per file and one test per case, named as in the file. Each test runs its case with
// core's test runner (the same run, checks and messages as `stepthrough test`) and fails with the
// runner's report of the case: each unmet expectation as a diff, the path taken, how the run ended.
// A file with problems is one failing test listing them; patterns that match nothing fail too, so a
// typo never passes silently.

import { join, relative, resolve } from 'node:path';
import {
  discoverTestFiles,
  formatCaseResult,
  loadTestFile,
  runTestCase,
  type CaseResult,
  type DiscoveryIO,
  type TestCaseSpec,
  type TestFileIO,
  type TestFileSpec,
} from '../core';
import { discoveryIO, nodeFileAccess, testFileIO } from '../host';

/** The host framework's registration functions. */
export interface TestFramework {
  describe(name: string, body: () => void): void;
  test(name: string, body: () => Promise<void>): void;
  skip(name: string, body: () => Promise<void>): void;
}

export interface SfnTestsOptions {
  /** Folder the patterns are relative to (default: the working directory). */
  cwd?: string;
  /** Only cases whose name contains this text (case-insensitive) or matches this RegExp. */
  filter?: string | RegExp;
}

const files = nodeFileAccess();
const nodeTestFileIO: TestFileIO = testFileIO(files);

/** The host's directory walk, with patterns relative to `cwd`. */
function discoveryIn(cwd: string): DiscoveryIO {
  const host = discoveryIO(files);
  return {
    readDirectory: (path) => host.readDirectory(resolve(cwd, path)),
    kind: (path) => host.kind(resolve(cwd, path)),
    join,
  };
}

/** A failed case, reported as the test's error: the message is the runner's report of the case. */
export class SfnCaseFailure extends Error {
  constructor(result: CaseResult, cwd: string) {
    const display = (path: string): string => relative(cwd, path) || path;
    super(
      formatCaseResult(result, { displayPath: display })
        .split('\n')
        .slice(1)
        .join('\n')
        .replace(/^ {6}/gm, ''),
    );
    this.name = 'SfnCaseFailure';
    const at = result.location;
    // The stack points at the case in the test file, where editors and reporters can link to it.
    this.stack = `${this.name}: ${this.message}\n    at ${result.name} (${at.file}:${at.line}:${at.column})`;
  }
}

function matchesFilter(filter: SfnTestsOptions['filter'], name: string): boolean {
  if (filter === undefined || filter === '') return true;
  return filter instanceof RegExp ? filter.test(name) : name.toLowerCase().includes(filter.toLowerCase());
}

function registerCase(
  framework: TestFramework,
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  cwd: string,
): void {
  const body = async (): Promise<void> => {
    const result = await runTestCase(spec, testCase);
    // A case of a machine AWS would reject did not run: it fails, naming the diagnostics (never a pass).
    if (result.outcome === 'failed' || result.outcome === 'error') throw new SfnCaseFailure(result, cwd);
  };
  if (testCase.skip) framework.skip(testCase.name, body);
  else framework.test(testCase.name, body);
}

/** Registers the cases of the test files the patterns (files, folders, globs) match. */
export function defineSfnTestsWith(
  framework: TestFramework,
  patterns: string | string[],
  options: SfnTestsOptions = {},
): void {
  const cwd = options.cwd ?? process.cwd();
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const { files, unmatched } = discoverTestFiles(list, discoveryIn(cwd));
  if (files.length === 0 || unmatched.length > 0) {
    const missing = unmatched.length > 0 ? unmatched : list;
    framework.test(`sfn tests: ${missing.join(', ')}`, () =>
      Promise.reject(
        new Error(
          `No *.sfn-test.{yaml,yml,json} file matches ${missing.map((p) => `'${p}'`).join(', ')} under ${cwd}`,
        ),
      ),
    );
  }
  let registered = 0;
  for (const file of files) {
    const absolute = resolve(cwd, file);
    const loaded = loadTestFile(absolute, nodeTestFileIO);
    const cases = loaded.ok ? loaded.spec.cases.filter((c) => matchesFilter(options.filter, c.name)) : [];
    if (loaded.ok && cases.length === 0) continue;
    registered++;
    framework.describe(relative(cwd, absolute), () => {
      if (!loaded.ok) {
        const problems = loaded.problems.map(
          (p) => `${relative(cwd, p.file) || p.file}:${p.line}:${p.column}: ${p.message}`,
        );
        framework.test('the test file', () =>
          Promise.reject(new Error(`The test file has problems:\n${problems.join('\n')}`)),
        );
        return;
      }
      for (const testCase of cases) registerCase(framework, loaded.spec, testCase, cwd);
    });
  }
  if (files.length > 0 && registered === 0) {
    framework.test(`sfn tests: ${list.join(', ')}`, () =>
      Promise.reject(
        new Error(`No case of ${files.length} test file(s) matches the filter ${String(options.filter)}`),
      ),
    );
  }
}
