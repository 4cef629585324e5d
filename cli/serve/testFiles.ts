// `listTestFile` and `runTestFile` requests of `stepthrough serve`: the cases of a `*.sfn-test.yaml`
// file (for one pytest item per case) and the results of running some or all of them.

import { loadTestFile, promisePool, runTestCase, type TestFileIO } from '../../core/testing';
import type { ListTestFileResult, RunTestFileResult } from '../serve-protocol';

export function listTestFile(file: string, io: TestFileIO): ListTestFileResult {
  const loaded = loadTestFile(file, io);
  if (!loaded.ok) return { file, cases: [], problems: loaded.problems };
  return {
    file,
    machineFile: loaded.spec.machineFile,
    cases: loaded.spec.cases.map((c) => ({
      name: c.name,
      line: c.location.line,
      column: c.location.column,
      skip: c.skip,
      ...(c.state === undefined ? {} : { state: c.state }),
    })),
    problems: [],
  };
}

/** Runs the named cases (all when `names` is undefined), in file order, a few at a time. */
export async function runTestFile(
  file: string,
  names: string[] | undefined,
  io: TestFileIO,
): Promise<RunTestFileResult> {
  const loaded = loadTestFile(file, io);
  if (!loaded.ok) return { file, cases: [], problems: loaded.problems, unknownCases: names ?? [] };
  const spec = loaded.spec;
  const wanted = names === undefined ? undefined : new Set(names);
  const selected = wanted ? spec.cases.filter((c) => wanted.has(c.name)) : spec.cases;
  const known = new Set(spec.cases.map((c) => c.name));
  const cases = await promisePool(
    selected.map((c) => () => runTestCase(spec, c)),
    8,
  );
  return { file, cases, problems: [], unknownCases: (names ?? []).filter((n) => !known.has(n)) };
}
