// Machine-readable reports: JSON (the whole suite result, coverage included), JUnit XML for CI
// systems, and TAP version 13.

import type { CaseResult, FileResult } from '../model';
import { diagnosticLines } from './pretty';
import type { SuiteResult } from '../runner';

export interface ReportOptions {
  displayPath?: (path: string) => string;
}

export function formatJson(suite: SuiteResult, options: ReportOptions = {}): string {
  const show = options.displayPath ?? ((p: string) => p);
  const files = suite.files.map((f) => ({
    ...f,
    file: show(f.file),
    ...(f.machineFile !== undefined ? { machineFile: show(f.machineFile) } : {}),
    cases: f.cases.map((c) => ({
      ...c,
      file: show(c.file),
      location: { ...c.location, file: show(c.location.file) },
    })),
    ...(f.problems ? { problems: f.problems.map((p) => ({ ...p, file: show(p.file) })) } : {}),
  }));
  const coverage = {
    ...suite.coverage,
    machines: suite.coverage.machines.map((m) => ({
      ...m,
      machineFile: show(m.machineFile),
      ...(m.sourceFile === undefined ? {} : { sourceFile: show(m.sourceFile) }),
    })),
  };
  return JSON.stringify({ ...suite, files, coverage }, null, 2);
}

function xml(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  // XML 1.0 cannot carry most control characters, even escaped: write them as \uXXXX text.
  let out = '';
  for (const c of escaped) {
    const code = c.charCodeAt(0);
    out +=
      code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d
        ? `\\u${code.toString(16).padStart(4, '0')}`
        : c;
  }
  return out;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function failureText(result: CaseResult, show: (p: string) => string): string {
  const lines = [...result.failures.map((f) => f.message), ...diagnosticLines(result, show)];
  const loc = result.location;
  lines.push(`at ${show(loc.file)}:${loc.line}:${loc.column}`);
  if (result.execution) {
    lines.push(`path taken: ${result.execution.path.join(' → ')}`);
    lines.push(
      `ended: ${result.execution.status}${result.execution.error !== undefined ? ` ${result.execution.error}` : ''}`,
    );
  }
  return lines.join('\n');
}

function junitSuite(file: FileResult, show: (p: string) => string): string {
  const name = xml(show(file.file));
  if (file.problems) {
    const text = file.problems.map((p) => `${show(p.file)}:${p.line}:${p.column}: ${p.message}`).join('\n');
    return [
      `  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0" time="0.000">`,
      `    <testcase name="(load test file)" classname="${name}" time="0.000">`,
      `      <error message="${xml(file.problems[0]?.message ?? 'bad test file')}">${xml(text)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    ].join('\n');
  }
  const failures = file.cases.filter((c) => c.outcome === 'failed').length;
  const errors = file.cases.filter((c) => c.outcome === 'error').length;
  const skipped = file.cases.filter((c) => c.outcome === 'skipped').length;
  const time = file.cases.reduce((sum, c) => sum + c.durationMs, 0);
  const lines = [
    `  <testsuite name="${name}" tests="${file.cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}">`,
  ];
  for (const c of file.cases) {
    const open = `    <testcase name="${xml(c.name)}" classname="${name}" file="${xml(show(c.location.file))}" line="${c.location.line}" time="${seconds(c.durationMs)}"`;
    if (c.outcome === 'passed') lines.push(`${open}/>`);
    else if (c.outcome === 'skipped') lines.push(`${open}>`, '      <skipped/>', '    </testcase>');
    else if (c.outcome === 'error') {
      lines.push(
        `${open}>`,
        `      <error message="${xml(c.failures[0]?.message ?? 'not run')}" type="DefinitionError">${xml(failureText(c, show))}</error>`,
        '    </testcase>',
      );
    } else {
      lines.push(
        `${open}>`,
        `      <failure message="${xml(c.failures[0]?.message ?? 'failed')}" type="AssertionError">${xml(failureText(c, show))}</failure>`,
        '    </testcase>',
      );
    }
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

export function formatJunit(suite: SuiteResult, options: ReportOptions = {}): string {
  const show = options.displayPath ?? ((p: string) => p);
  const t = suite.totals;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="stepthrough" tests="${t.cases + t.badFiles}" failures="${t.failed}" errors="${t.badFiles + t.errors}" skipped="${t.skipped}" time="${seconds(suite.durationMs)}">`,
    ...suite.files.map((f) => junitSuite(f, show)),
    '</testsuites>',
    '',
  ].join('\n');
}

function yamlBlock(lines: Record<string, string>): string[] {
  const out = ['  ---'];
  for (const [key, value] of Object.entries(lines)) {
    if (value.includes('\n')) {
      out.push(`  ${key}: |-`);
      for (const line of value.split('\n')) out.push(`    ${line}`);
    } else out.push(`  ${key}: ${JSON.stringify(value)}`);
  }
  out.push('  ...');
  return out;
}

export function formatTap(suite: SuiteResult, options: ReportOptions = {}): string {
  const show = options.displayPath ?? ((p: string) => p);
  const lines = ['TAP version 13'];
  let n = 0;
  for (const file of suite.files) {
    if (file.problems) {
      n++;
      lines.push(`not ok ${n} - ${show(file.file)} # test file has problems`);
      lines.push(
        ...yamlBlock({
          problems: file.problems
            .map((p) => `${show(p.file)}:${p.line}:${p.column}: ${p.message}`)
            .join('\n'),
        }),
      );
      continue;
    }
    for (const c of file.cases) {
      n++;
      const title = `${show(file.file)} > ${c.name}`.replace(/#/g, '\\#');
      if (c.outcome === 'passed') lines.push(`ok ${n} - ${title}`);
      else if (c.outcome === 'skipped') lines.push(`ok ${n} - ${title} # SKIP`);
      else {
        lines.push(`not ok ${n} - ${title}`);
        lines.push(
          ...yamlBlock({
            ...(c.outcome === 'error' ? { severity: 'error' } : {}),
            message: [...c.failures.map((f) => f.message), ...diagnosticLines(c, show)].join('\n'),
            at: `${show(c.location.file)}:${c.location.line}:${c.location.column}`,
          }),
        );
      }
    }
  }
  lines.push(`1..${n}`, '');
  return lines.join('\n');
}
