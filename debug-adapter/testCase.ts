// One case of a `*.sfn-test.yaml` test file, ready to debug: core's test-file loader reads the file
// (machine, input, mocks, MockConfigFile, role, substitutions, context) and this turns the chosen
// case into execute() options the same way the test runner does.

import {
  caseLayerHandlers,
  executeOptions,
  loadTestFileWithTemplate,
  StepthroughError,
  type ExecuteOptions,
  type TestCaseSpec,
  type TestFileSpec,
} from '../core';
import type { TaskHandlerProvider } from '../core/handlers';
import { testFileIO, type FileAccess } from '../host';

export interface DebuggableTestCase {
  /** Absolute path of the state machine file. */
  stateMachineFile: string;
  caseName: string;
  /** Fresh options for each run (the role check counts calls, so it must not be shared). */
  createOptions(): ExecuteOptions;
  /** The test file's `validate` (false: run the machine even though AWS would reject it). */
  validate: boolean;
  /** The files of the test file's `machines:` (child machines a Task may start), by key. */
  machineFiles: Record<string, string>;
  /** Whether the case runs the team's code (its file's or its own `handlers:`). */
  runsHandlers: boolean;
  /** The case's task handlers by mock layer, started by `provider` (as the test runner starts them). */
  layerHandlers(provider: TaskHandlerProvider): ReturnType<typeof caseLayerHandlers>;
}

function invalid(
  file: string,
  message: string,
  hint?: string,
  line?: number,
  column?: number,
): StepthroughError {
  return new StepthroughError('E_INVALID_TEST_FILE', message, { location: { file, line, column }, hint });
}

function findCase(spec: TestFileSpec, wanted: string | number | undefined): TestCaseSpec {
  const names = spec.cases.map((c) => c.name);
  if (wanted === undefined) {
    const only = spec.cases.length === 1 ? spec.cases[0] : undefined;
    if (only) return only;
    throw invalid(spec.file, `Say which case to debug with "case"; the file has: ${names.join(', ')}.`);
  }
  const found = typeof wanted === 'number' ? spec.cases[wanted] : spec.cases.find((c) => c.name === wanted);
  if (!found) {
    throw invalid(
      spec.file,
      `The test file has no case ${typeof wanted === 'number' ? `#${wanted}` : `named '${wanted}'`}; it has: ${names.join(', ')}.`,
      'Use one of the case names (or a zero-based index) as "case".',
    );
  }
  return found;
}

/**
 * Loads the case to debug (its template machine first when the file's `stateMachine` names one);
 * throws StepthroughError (E_INVALID_TEST_FILE) naming file and line.
 */
export async function loadTestCase(
  files: FileAccess,
  testFile: string,
  wanted: string | number | undefined,
): Promise<DebuggableTestCase> {
  const loaded = await loadTestFileWithTemplate(testFile, testFileIO(files));
  if (!loaded.ok) {
    const [first, ...rest] = loaded.problems;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw invalid(
      first?.file ?? testFile,
      `${first?.message ?? 'The test file could not be loaded.'}${more}`,
      '`stepthrough test` lists every problem of the file.',
      first?.line,
      first?.column,
    );
  }
  const spec = loaded.spec;
  const testCase = findCase(spec, wanted);
  if (testCase.state !== undefined) {
    throw invalid(
      spec.file,
      `The case '${testCase.name}' runs the single state '${testCase.state}' in isolation; the debugger runs whole executions.`,
      'Debug a case that runs the whole state machine, or run this one with `stepthrough test`.',
      testCase.location.line,
      testCase.location.column,
    );
  }
  return {
    stateMachineFile: spec.machineFile,
    caseName: testCase.name,
    createOptions: () => executeOptions(spec, testCase),
    validate: spec.validate,
    machineFiles: spec.machineFiles ?? {},
    runsHandlers: testCase.handlerLayers.some((layer) => Object.keys(layer.handlers).length > 0),
    layerHandlers: (provider) => caseLayerHandlers(testCase, provider),
  };
}
