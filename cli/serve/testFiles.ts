// `listTestFile` and `runTestFile` requests of `stepthrough serve`: the cases of a `*.sfn-test.yaml`
// file (for one pytest item per case) and the results of running some or all of them, as
// `stepthrough test` runs them: a `stateMachine` in a template (`./template.yaml#OrderFlow`, its
// machines named by ARN found as child machines) and the cases' `handlers:` (`auto` too) run by a
// handler host of the request's own, stopped when it answers.

import { loadTestFileWithTemplate, promisePool, runTestCase, type TestFileIO } from '../../core/testing';
import { startHandlerHost } from '../../host/handlers/start';
import type { ListTestFileResult, RunTestFileResult } from '../serve-protocol';

export async function listTestFile(file: string, io: TestFileIO): Promise<ListTestFileResult> {
  const loaded = await loadTestFileWithTemplate(file, io);
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
  const loaded = await loadTestFileWithTemplate(file, io);
  if (!loaded.ok) return { file, cases: [], problems: loaded.problems, unknownCases: names ?? [] };
  const spec = loaded.spec;
  const wanted = names === undefined ? undefined : new Set(names);
  const selected = wanted ? spec.cases.filter((c) => wanted.has(c.name)) : spec.cases;
  const known = new Set(spec.cases.map((c) => c.name));
  // stdout is the protocol's: a handler's own output goes to stderr, as `stepthrough test` prints it.
  const handlers = await startHandlerHost((line) => process.stderr.write(`${line}\n`));
  try {
    const cases = await promisePool(
      selected.map((c) => () => runTestCase(spec, c, undefined, undefined, handlers)),
      8,
    );
    return { file, cases, problems: [], unknownCases: (names ?? []).filter((n) => !known.has(n)) };
  } finally {
    await handlers.close();
  }
}
