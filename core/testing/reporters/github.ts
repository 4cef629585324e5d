// Reports for GitHub Actions (the repository's action.yml uses both):
// - `github`: workflow commands, `::error file=...,line=...,title=...::message`, one on the test-file
//   line of each failing case (its first unmet expectation and first difference), one on the test-file
//   line of each case that could not run (AWS would reject its machine) plus one per error diagnostic
//   at its line in the machine, and one per problem of a test file that could not load, so the pull
//   request shows them in place;
// - `markdown`: the job summary — totals, each failure with its first difference and the path the
//   run took, and coverage per state machine.

import { formatDefinitionDiagnostic } from '../../errors';
import { describeTransition, type CoverageReport } from '../coverage';
import { differenceLines } from '../diff';
import type { CaseResult } from '../model';
import type { SuiteResult } from '../runner';
import type { ReportOptions } from './machine';

/** Escapes a workflow command's message (GitHub's toolkit rules: %, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(file: string, line: number, column: number, title: string, message: string): string {
  const props = [
    `file=${escapeProperty(file)}`,
    `line=${line}`,
    `col=${column}`,
    `title=${escapeProperty(title)}`,
  ];
  return `::error ${props.join(',')}::${escapeData(message)}`;
}

/** The unmet expectations of a failed case, first difference as -/+ lines, then how the run went. */
function failureDetail(result: CaseResult): string[] {
  const lines: string[] = [];
  for (const failure of result.failures) {
    if (failure.difference && failure.check !== 'path') {
      const [head, ...rest] = differenceLines(failure.difference);
      lines.push(`${failure.check}: ${head ?? ''}`, ...rest);
    } else lines.push(failure.message);
  }
  if (result.execution) {
    lines.push(`path taken: ${result.execution.path.join(' → ') || '(no state entered)'}`);
    const error = result.execution.error !== undefined ? ` ${result.execution.error}` : '';
    lines.push(`ended: ${result.execution.status}${error}`);
  }
  return lines;
}

export function formatGithub(suite: SuiteResult, options: ReportOptions = {}): string {
  const show = options.displayPath ?? ((p: string) => p);
  const out: string[] = [];
  for (const file of suite.files) {
    for (const problem of file.problems ?? []) {
      out.push(
        annotation(
          show(problem.file),
          problem.line,
          problem.column,
          'Stepthrough: test file has problems',
          problem.message,
        ),
      );
    }
    const refusedMachines = new Set<string>();
    for (const result of file.cases) {
      if (result.outcome !== 'failed' && result.outcome !== 'error') continue;
      const loc = result.location;
      out.push(
        annotation(
          show(loc.file),
          loc.line,
          loc.column,
          `Stepthrough: ${result.name}${result.outcome === 'error' ? ' (not run)' : ''}`,
          failureDetail(result).join('\n'),
        ),
      );
      // The machine's own errors, once per place, where the author fixes them.
      for (const d of result.diagnostics ?? []) {
        if (d.file === undefined || d.severity !== 'error') continue;
        const key = formatDefinitionDiagnostic(d);
        if (refusedMachines.has(key)) continue;
        refusedMachines.add(key);
        out.push(
          annotation(
            show(d.file),
            d.range.start.line + 1,
            d.range.start.character + 1,
            `Stepthrough: ${d.code}`,
            d.message,
          ),
        );
      }
    }
  }
  const t = suite.totals;
  const notRun = t.errors > 0 ? `, ${t.errors} not run` : '';
  out.push(
    `::notice title=Stepthrough::${escapeData(`${t.passed} passed, ${t.failed} failed${notRun}, ${t.skipped} skipped of ${count(t.cases, 'case')} in ${count(t.files, 'file')}${t.badFiles > 0 ? ` (${t.badFiles} with problems)` : ''}`)}`,
  );
  return `${out.join('\n')}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(lines: string[], language = ''): string[] {
  const longest = Math.max(
    2,
    ...lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, s) => Math.max(m, s.length), 0)),
  );
  const marks = '`'.repeat(longest + 1);
  return [`${marks}${language}`, ...lines, marks];
}

function coverageSection(report: CoverageReport, show: (p: string) => string): string[] {
  if (report.machines.length === 0) return [];
  const out = [
    `### Coverage: ${report.percent.toFixed(1)}%`,
    '',
    '| State machine | States | Transitions | Retriers | Total | Not exercised |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const m of report.machines) {
    const t = m.totals;
    const missing = [
      ...m.uncoveredStates.map((s) => `state ${s}`),
      ...m.transitions.filter((tr) => tr.hits === 0).map(describeTransition),
      ...m.retriers.filter((r) => r.hits === 0).map((r) => `${r.state} Retry #${r.index}`),
    ];
    out.push(
      `| ${cell(show(m.machineFile))} | ${t.states.covered}/${t.states.total} | ${t.transitions.covered}/${t.transitions.total} | ${t.retriers.covered}/${t.retriers.total} | ${t.percent.toFixed(1)}% | ${cell(missing.join(', ') || '—')} |`,
    );
  }
  return out;
}

export interface MarkdownOptions extends ReportOptions {
  /** Include the coverage table (when the run collected it). */
  coverage?: boolean;
}

export function formatMarkdown(suite: SuiteResult, options: MarkdownOptions = {}): string {
  const show = options.displayPath ?? ((p: string) => p);
  const t = suite.totals;
  const verdict = t.failed > 0 || t.errors > 0 || t.badFiles > 0 ? '❌' : '✅';
  const out = [
    `## ${verdict} Stepthrough: ${t.passed} passed, ${t.failed} failed${t.errors > 0 ? `, ${t.errors} not run (AWS would reject the machine)` : ''}${t.skipped > 0 ? `, ${t.skipped} skipped` : ''} (${count(t.cases, 'case')}, ${count(t.files, 'file')})`,
    '',
    '| Test file | Passed | Failed | Skipped |',
    '| --- | --- | --- | --- |',
  ];
  for (const file of suite.files) {
    if (file.problems) {
      out.push(`| ${cell(show(file.file))} | — | not run: ${file.problems.length} problem(s) | — |`);
      continue;
    }
    const count = (outcome: CaseResult['outcome']): number =>
      file.cases.filter((c) => c.outcome === outcome).length;
    out.push(
      `| ${cell(show(file.file))} | ${count('passed')} | ${count('failed') + count('error')} | ${count('skipped')} |`,
    );
  }
  const failures = suite.files.flatMap((f) =>
    f.cases.filter((c) => c.outcome === 'failed' || c.outcome === 'error'),
  );
  const problems = suite.files.flatMap((f) => f.problems ?? []);
  if (failures.length > 0 || problems.length > 0) out.push('', '### Failures');
  for (const problem of problems) {
    out.push('', `**${cell(show(problem.file))}:${problem.line}:${problem.column}** — ${problem.message}`);
  }
  for (const result of failures) {
    const loc = result.location;
    out.push(
      '',
      `**${result.outcome === 'error' ? '! ' : '✗ '}${cell(result.name)}**${result.outcome === 'error' ? ' (not run)' : ''} — \`${show(loc.file)}:${loc.line}\``,
      '',
      ...fence(
        [
          ...failureDetail(result),
          ...(result.diagnostics ?? []).map((d) =>
            formatDefinitionDiagnostic(d.file === undefined ? d : { ...d, file: show(d.file) }),
          ),
        ],
        'diff',
      ),
    );
  }
  if (options.coverage) out.push('', ...coverageSection(suite.coverage, show));
  return `${out.join('\n')}\n`;
}
