// The readable terminal report: one line per case, and under a failed case each unmet expectation
// (the first difference of a JSON value as -/+ lines), the path the execution took and how it
// ended; then totals, and the coverage table when asked for.

import { formatDefinitionDiagnostic } from '../../errors';
import { describeTransition, type CoverageReport } from '../coverage';
import { differenceLines } from '../diff';
import type { CaseResult, FileResult } from '../model';
import type { SuiteResult } from '../runner';

export interface PrettyOptions {
  color?: boolean;
  /** How paths are shown (e.g. relative to the working directory). */
  displayPath?: (path: string) => string;
  /** Also print the coverage table. */
  coverage?: boolean;
  /** Print passed cases too (default true). */
  showPassed?: boolean;
}

type Paint = (code: string, text: string) => string;

function painter(color: boolean): Paint {
  return (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

function caseLines(result: CaseResult, paint: Paint, show: (p: string) => string): string[] {
  if (result.outcome === 'passed')
    return [`  ${paint('32', '✓')} ${result.name} ${paint('2', `(${ms(result.durationMs)})`)}`];
  if (result.outcome === 'skipped')
    return [`  ${paint('33', '-')} ${result.name} ${paint('2', '(skipped)')}`];
  const lines = [
    result.outcome === 'error'
      ? `  ${paint('31;1', '!')} ${paint('1', result.name)} ${paint('31', '(error: not run)')}`
      : `  ${paint('31', '✗')} ${paint('1', result.name)} ${paint('2', `(${ms(result.durationMs)})`)}`,
  ];
  const loc = result.location;
  lines.push(`      ${paint('2', `at ${show(loc.file)}:${loc.line}:${loc.column}`)}`);
  for (const line of diagnosticLines(result, show)) lines.push(`      ${paint('31', line)}`);
  for (const failure of result.failures) {
    if (failure.difference && failure.check !== 'path') {
      const [head, ...rest] = differenceLines(failure.difference);
      lines.push(`      ${failure.check}: ${head ?? ''}`);
      for (const line of rest) lines.push(`        ${paint(line.startsWith('-') ? '31' : '32', line)}`);
    } else {
      lines.push(`      ${failure.message}`);
    }
  }
  const execution = result.execution;
  if (execution) {
    const taken = execution.path.length > 0 ? execution.path.join(' → ') : '(no state entered)';
    lines.push(
      `      ${paint('2', 'path taken:')} ${taken}${execution.nextState ? ` ⇒ ${execution.nextState}` : ''}`,
    );
    const ending =
      execution.error !== undefined
        ? ` ${execution.error}${execution.cause ? `: ${truncate(execution.cause, 200)}` : ''}`
        : '';
    lines.push(`      ${paint('2', 'ended:')} ${execution.status}${ending}`);
  }
  return lines;
}

/** A refused case's diagnostics, `file:line:col CODE message` as `stepthrough validate` prints them. */
export function diagnosticLines(result: CaseResult, show: (p: string) => string): string[] {
  return (result.diagnostics ?? []).map((d) =>
    formatDefinitionDiagnostic(d.file === undefined ? d : { ...d, file: show(d.file) }),
  );
}

/** One case as the pretty report shows it: its line, and for a failed case each unmet expectation,
 * the path taken and how the run ended (for test-runner integrations that report case by case). */
export function formatCaseResult(result: CaseResult, options: PrettyOptions = {}): string {
  return caseLines(result, painter(options.color === true), options.displayPath ?? ((p) => p)).join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function fileLines(
  file: FileResult,
  paint: Paint,
  options: PrettyOptions,
  show: (p: string) => string,
): string[] {
  if (file.problems) {
    const lines = [
      `${paint('31;1', show(file.file))} ${paint('31', '(not run: the test file has problems)')}`,
    ];
    for (const p of file.problems)
      lines.push(`  ${paint('31', '✗')} ${show(p.file)}:${p.line}:${p.column}: ${p.message}`);
    return lines;
  }
  const shown = file.cases.filter((c) => options.showPassed !== false || c.outcome !== 'passed');
  if (shown.length === 0 && file.cases.length > 0) return [];
  const lines = [paint('1', show(file.file))];
  if (file.cases.length === 0) lines.push(`  ${paint('2', '(no case ran)')}`);
  for (const result of shown) lines.push(...caseLines(result, paint, show));
  return lines;
}

export function formatCoverage(report: CoverageReport, options: PrettyOptions = {}): string {
  const paint = painter(options.color === true);
  const show = options.displayPath ?? ((p: string) => p);
  const lines = [paint('1', `Coverage ${report.percent.toFixed(1)}%`)];
  for (const m of report.machines) {
    const t = m.totals;
    lines.push(
      `  ${show(m.machineFile)}  states ${t.states.covered}/${t.states.total} · transitions ${t.transitions.covered}/${t.transitions.total} · retriers ${t.retriers.covered}/${t.retriers.total} · ${t.percent.toFixed(1)}%`,
    );
    if (m.uncoveredStates.length > 0)
      lines.push(`    ${paint('33', 'not entered:')} ${m.uncoveredStates.join(', ')}`);
    const untaken = m.transitions.filter((tr) => tr.hits === 0).map(describeTransition);
    if (untaken.length > 0) lines.push(`    ${paint('33', 'not taken:')}   ${untaken.join(', ')}`);
    const unused = m.retriers
      .filter((r) => r.hits === 0)
      .map((r) => `${r.state} Retry #${r.index} [${r.errorEquals.join(', ')}]`);
    if (unused.length > 0) lines.push(`    ${paint('33', 'not used:')}    ${unused.join(', ')}`);
  }
  return lines.join('\n');
}

export function formatPretty(suite: SuiteResult, options: PrettyOptions = {}): string {
  const paint = painter(options.color === true);
  const show = options.displayPath ?? ((p: string) => p);
  const blocks: string[] = [];
  for (const file of suite.files) {
    const lines = fileLines(file, paint, options, show);
    if (lines.length > 0) blocks.push(lines.join('\n'));
  }
  const t = suite.totals;
  const parts = [
    t.errors > 0 ? paint('31;1', `${t.errors} not run (AWS would reject the machine)`) : undefined,
    t.failed > 0 ? paint('31;1', `${t.failed} failed`) : undefined,
    paint(t.passed > 0 ? '32' : '2', `${t.passed} passed`),
    t.skipped > 0 ? paint('33', `${t.skipped} skipped`) : undefined,
    `${t.cases} total`,
  ].filter((p): p is string => p !== undefined);
  const files = `${t.files} file${t.files === 1 ? '' : 's'}${t.badFiles > 0 ? paint('31;1', ` (${t.badFiles} with problems)`) : ''}`;
  blocks.push(`Cases: ${parts.join(', ')}   Files: ${files}   Time: ${ms(suite.durationMs)}`);
  if (options.coverage) blocks.push(formatCoverage(suite.coverage, options));
  return blocks.join('\n\n');
}
