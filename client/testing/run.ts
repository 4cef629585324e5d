// The Test Explorer's run profiles: Run (cases in-process through core/testing), Debug (each case in
// the debugger with its mocks, then checked), and Coverage (per-state coverage of the state machines).
// Failures show at the case's line with the expected/actual diff; the graph shows the last run.

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from '../../core/parse';
import { machineCoverage } from '../../core/testing/coverage';
import { emptyHits, type CoverageHits } from '../../core/testing/facts';
import type { CaseResult, TestCaseSpec, TestFileSpec } from '../../core/testing/model';
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
  private plan(items: vscode.TestItem[], run: vscode.TestRun): PlannedCase[] {
    const specs = new Map<string, TestFileSpec | undefined>();
    const planned: PlannedCase[] = [];
    for (const item of items) {
      const data = this.discovery.data.get(item);
      if (data?.kind !== 'case') continue;
      if (!specs.has(data.file)) {
        const loaded = loadTests(data.file);
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
    const hits = new Map<
      string,
      { definition: TestFileSpec['definition']; hits: CoverageHits; failed: string[] }
    >();
    try {
      const planned = this.plan(items, run);
      for (const { item } of planned) run.enqueued(item);
      for (const entry of planned) {
        if (token.isCancellationRequested) {
          run.skipped(entry.item);
          continue;
        }
        let machine = hits.get(entry.spec.machineFile);
        if (!machine) {
          machine = { definition: entry.spec.definition, hits: emptyHits(), failed: [] };
          hits.set(entry.spec.machineFile, machine);
        }
        run.started(entry.item);
        if (mode === 'debug') await this.debugCase(entry, run, token);
        const result = await runTestCase(entry.spec, entry.testCase, machine.hits);
        this.report(entry.item, result, run);
        const last = result.execution?.path[result.execution.path.length - 1];
        if (result.execution?.status === 'FAILED' && last !== undefined && !machine.failed.includes(last))
          machine.failed.push(last);
      }
      for (const [machineFile, machine] of hits) {
        const coverage = machineCoverage(machineFile, machine.definition, machine.hits);
        this.graph.showTestRun(machineFile, testRunOverlay(coverage, machine.failed));
        if (mode === 'coverage') this.addCoverage(run, machineFile, coverage);
      }
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.log.error(`Test run failed: ${message}`);
      run.appendOutput(`Stepthrough: the test run failed: ${message.replace(/\n/g, '\r\n')}\r\n`);
    } finally {
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

  private addCoverage(
    run: vscode.TestRun,
    machineFile: string,
    coverage: ReturnType<typeof machineCoverage>,
  ): void {
    const document = parseDocument(workspaceTestIO.readFile(machineFile, 'definition'), {
      fileName: machineFile,
    });
    const statements = coverageLines(coverage, document)
      .filter((line) => line.start !== undefined && line.end !== undefined)
      .map((line) => {
        const start = line.start ?? { line: 0, character: 0 };
        const end = line.end ?? start;
        const range = new vscode.Range(start.line, start.character, end.line, end.character);
        const branches = line.branches.map((b) => new vscode.BranchCoverage(b.hits, undefined, b.label));
        return new vscode.StatementCoverage(line.hits, range, branches);
      });
    const fileCoverage = vscode.FileCoverage.fromDetails(vscode.Uri.file(machineFile), statements);
    this.coverageDetails.set(fileCoverage, statements);
    run.addCoverage(fileCoverage);
  }
}
