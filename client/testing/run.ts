// The Test Explorer's run profiles: Run (cases in-process through core/testing), Debug (each case in
// the debugger with its mocks, then checked), and Coverage (per-state coverage of the state machines,
// child machines included, each under the file its states are written in). Cases with `handlers:` run
// the team's code in a handler host of the test run's own (host/handlers, as `stepthrough test` does).
// Failures show at the case's line with the expected/actual diff; the graph shows the last run.

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from '../../core/parse';
import { SuiteCoverage, type MachineCoverage } from '../../core/testing/coverage';
import type { CaseResult, TestCaseSpec, TestFileSpec } from '../../core/testing/model';
import type { HandlerHost } from '../../host/handlers';
import { startHandlerHost } from '../../host/handlers/start';
import { runTestCase } from '../../core/testing/runner';
import { DEBUG_TYPE } from '../../debug-adapter/protocol';
import type { GraphController } from '../graph/controller';
import type { RunStatus } from '../status';
import { loadTests, workspaceTestIO, type TestDiscovery } from './discovery';
import { coverageLines, failureMessages, testRunOverlay } from './results';

type Mode = 'run' | 'debug' | 'coverage';

interface PlannedCase {
  item: vscode.TestItem;
  spec: TestFileSpec;
  testCase: TestCaseSpec;
}

function vscodeMessage(result: CaseResult): vscode.TestMessage[] {
  return failureMessages(result).map((failure) => {
    const message =
      failure.expected !== undefined && failure.actual !== undefined
        ? vscode.TestMessage.diff(failure.message, failure.expected, failure.actual)
        : new vscode.TestMessage(failure.message);
    const position = new vscode.Position(failure.position.line, failure.position.character);
    message.location = new vscode.Location(vscode.Uri.file(result.file), position);
    return message;
  });
}

export class TestRunner {
  private readonly coverageDetails = new WeakMap<vscode.FileCoverage, vscode.StatementCoverage[]>();

  constructor(
    private readonly controller: vscode.TestController,
    private readonly discovery: TestDiscovery,
    private readonly graph: GraphController,
    private readonly status: RunStatus,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Creates the Run, Debug and Coverage profiles (only in a trusted workspace). */
  createProfiles(): vscode.TestRunProfile[] {
    const run = this.controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.handle(r, t, 'run'),
      true,
    );
    const debug = this.controller.createRunProfile(
      'Debug',
      vscode.TestRunProfileKind.Debug,
      (r, t) => this.handle(r, t, 'debug'),
      true,
    );
    const coverage = this.controller.createRunProfile(
      'Coverage',
      vscode.TestRunProfileKind.Coverage,
      (r, t) => this.handle(r, t, 'coverage'),
      true,
    );
    coverage.loadDetailedCoverage = async (_run, fileCoverage) =>
      this.coverageDetails.get(fileCoverage) ?? [];
    return [run, debug, coverage];
  }

  /** The case items a request covers (files expand to their cases), minus the excluded ones. */
  private requestedCases(request: vscode.TestRunRequest): vscode.TestItem[] {
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const out: vscode.TestItem[] = [];
    const visit = (item: vscode.TestItem): void => {
      if (excluded.has(item.id)) return;
      const data = this.discovery.data.get(item);
      if (data?.kind === 'case') out.push(item);
      else item.children.forEach(visit);
    };
    if (request.include) request.include.forEach(visit);
    else this.controller.items.forEach(visit);
    return out;
  }

  /** Loads each requested file once and pairs the items with their cases; files that do not load error out. */
  private async plan(items: vscode.TestItem[], run: vscode.TestRun): Promise<PlannedCase[]> {
    const specs = new Map<string, TestFileSpec | undefined>();
    const planned: PlannedCase[] = [];
    for (const item of items) {
      const data = this.discovery.data.get(item);
      if (data?.kind !== 'case') continue;
      if (!specs.has(data.file)) {
        const loaded = await loadTests(data.file);
        specs.set(data.file, loaded.ok ? loaded.spec : undefined);
        if (!loaded.ok) {
          const text = loaded.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n');
          run.appendOutput(`${text.replace(/\n/g, '\r\n')}\r\n`);
        }
      }
      const spec = specs.get(data.file);
      const testCase = spec?.cases.find((c) => c.name === data.name);
      if (!spec || !testCase) {
        run.errored(
          item,
          new vscode.TestMessage(
            spec
              ? `The case '${data.name}' is no longer in the file.`
              : 'The test file does not load; see its problems.',
          ),
        );
        continue;
      }
      planned.push({ item, spec, testCase });
    }
    return planned;
  }

  private async handle(
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
    mode: Mode,
  ): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Stepthrough runs tests only in a trusted workspace.');
      return;
    }
    const run = this.controller.createTestRun(request);
    const items = this.requestedCases(request);
    const end = this.status.begin(`testing ${items.length} case(s)`);
    const coverage = new SuiteCoverage();
    /** The last state of each failed run, by machine file (the graph marks them). */
    const failed = new Map<string, string[]>();
    let host: HandlerHost | undefined;
    try {
      const planned = await this.plan(items, run);
      for (const { item } of planned) run.enqueued(item);
      for (const entry of planned) {
        if (token.isCancellationRequested) {
          run.skipped(entry.item);
          continue;
        }
        run.started(entry.item);
        if (mode === 'debug') await this.debugCase(entry, run, token);
        if (host === undefined && hasHandlers(entry.testCase)) host = await handlerHost(run);
        const result = await runTestCase(
          entry.spec,
          entry.testCase,
          coverage.forSpec(entry.spec),
          undefined,
          host,
        );
        this.report(entry.item, result, run);
        const last = result.execution?.path[result.execution.path.length - 1];
        const machineFailed = failed.get(entry.spec.machineFile) ?? [];
        failed.set(entry.spec.machineFile, machineFailed);
        if (result.execution?.status === 'FAILED' && last !== undefined && !machineFailed.includes(last))
          machineFailed.push(last);
      }
      for (const machine of coverage.report().machines) {
        this.graph.showTestRun(machine.machineFile, testRunOverlay(machine, failed.get(machine.machineFile)));
        if (mode === 'coverage') this.addCoverageOrSay(run, machine);
      }
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.log.error(`Test run failed: ${message}`);
      run.appendOutput(`Stepthrough: the test run failed: ${message.replace(/\n/g, '\r\n')}\r\n`);
    } finally {
      await host?.close();
      run.end();
      end();
    }
  }

  private report(item: vscode.TestItem, result: CaseResult, run: vscode.TestRun): void {
    const location = new vscode.Location(
      vscode.Uri.file(result.file),
      new vscode.Position(result.location.line - 1, 0),
    );
    if (result.outcome === 'skipped') run.skipped(item);
    else if (result.outcome === 'passed') run.passed(item, result.durationMs);
    else if (result.outcome === 'error') {
      // AWS would reject the machine: the case did not run (an error, not a failed expectation).
      run.errored(item, vscodeMessage(result), result.durationMs);
    } else {
      run.failed(item, vscodeMessage(result), result.durationMs);
      const summary = result.execution
        ? ` (execution ${result.execution.status}${result.execution.error ? `: ${result.execution.error}` : ''})`
        : '';
      run.appendOutput(`✗ ${result.name}${summary}\r\n`, location, item);
    }
  }

  /** Runs one case in the debugger (its input and mocks) and waits for the session to end. */
  private async debugCase(
    entry: PlannedCase,
    run: vscode.TestRun,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const marker = `stepthrough-test-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.spec.file));
    const config: vscode.DebugConfiguration = {
      type: DEBUG_TYPE,
      request: 'launch',
      name: `Test: ${entry.testCase.name}`,
      testFile: entry.spec.file,
      case: entry.testCase.name,
      cwd: folder?.uri.fsPath ?? dirname(entry.spec.file),
      __stepthroughRun: marker,
    };
    let session: vscode.DebugSession | undefined;
    const ended = new Promise<void>((resolve) => {
      const started = vscode.debug.onDidStartDebugSession((s) => {
        if (s.configuration['__stepthroughRun'] === marker) session = s;
      });
      const terminated = vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.configuration['__stepthroughRun'] !== marker) return;
        started.dispose();
        terminated.dispose();
        cancel.dispose();
        resolve();
      });
      const cancel = token.onCancellationRequested(() => {
        if (session) void vscode.debug.stopDebugging(session);
      });
    });
    const ok = await vscode.debug.startDebugging(folder, config, { testRun: run });
    if (!ok) {
      run.appendOutput(`The debugger did not start for '${entry.testCase.name}'.\r\n`);
      return;
    }
    await ended;
  }

  /** addCoverage, or a line in the log and the run's output when the machine's file cannot be read. */
  private addCoverageOrSay(run: vscode.TestRun, coverage: MachineCoverage): void {
    try {
      this.addCoverage(run, coverage);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`No coverage shown for ${coverage.machineFile}: ${message}`);
      run.appendOutput(`Stepthrough: no coverage shown for ${coverage.machineFile}: ${message}\r\n`);
    }
  }

  /**
   * A machine's coverage on its file: a definition file's states on their names; a template's machine
   * (its states' lines known from its source map) on the lines of the file its states are written in.
   */
  private addCoverage(run: vscode.TestRun, coverage: MachineCoverage): void {
    const file = coverage.sourceFile ?? coverage.machineFile;
    const text = workspaceTestIO.readFile(file, 'definition');
    const statements =
      coverage.sourceFile === undefined
        ? this.statementsOnNames(coverage, text)
        : statementsOnLines(coverage, text);
    const fileCoverage = vscode.FileCoverage.fromDetails(vscode.Uri.file(file), statements);
    this.coverageDetails.set(fileCoverage, statements);
    run.addCoverage(fileCoverage);
  }

  private statementsOnNames(coverage: MachineCoverage, text: string): vscode.StatementCoverage[] {
    const document = parseDocument(text, { fileName: coverage.machineFile });
    return coverageLines(coverage, document)
      .filter((line) => line.start !== undefined && line.end !== undefined)
      .map((line) => {
        const start = line.start ?? { line: 0, character: 0 };
        const end = line.end ?? start;
        const range = new vscode.Range(start.line, start.character, end.line, end.character);
        return new vscode.StatementCoverage(line.hits, range, branchesOf(line.branches));
      });
  }
}

function branchesOf(branches: { label: string; hits: number }[]): vscode.BranchCoverage[] {
  return branches.map((b) => new vscode.BranchCoverage(b.hits, undefined, b.label));
}

/** A template machine's states on their (1-based) lines, each statement the line's text. */
function statementsOnLines(coverage: MachineCoverage, text: string): vscode.StatementCoverage[] {
  const lines = text.split(/\r?\n/);
  return coverageLines(coverage, undefined).flatMap((line, index) => {
    const at = (coverage.states[index]?.line ?? 0) - 1;
    const lineText = lines[at];
    if (lineText === undefined) return [];
    const indent = lineText.length - lineText.trimStart().length;
    const range = new vscode.Range(at, indent, at, lineText.length);
    return [new vscode.StatementCoverage(line.hits, range, branchesOf(line.branches))];
  });
}

/** Whether a case runs handlers (its file's or its own `handlers:`). */
function hasHandlers(testCase: TestCaseSpec): boolean {
  return testCase.handlerLayers.some((layer) => Object.keys(layer.handlers).length > 0);
}

/** A handler host for one test run; the handlers' output goes to the run's output. */
function handlerHost(run: vscode.TestRun): Promise<HandlerHost> {
  return startHandlerHost((line) => run.appendOutput(`${line.replace(/\n/g, '\r\n')}\r\n`));
}
