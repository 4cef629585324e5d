// `stepthrough test`: finds *.sfn-test.yaml|yml|json files, runs their cases, prints a report
// (pretty, JSON, JUnit XML or TAP) and coverage; exits 0 when all pass, 1 when a case fails or
// coverage is under --coverage-min, 2 for bad test files or usage.

import { isAbsolute, relative } from 'node:path';
import { StepthroughError } from '../../core';
import {
  discoverTestFiles,
  formatCoverage,
  formatJson,
  formatJunit,
  formatPretty,
  formatTap,
  isGlob,
  runTestFiles,
  suiteExitCode,
  type SuiteResult,
} from '../../core/testing';
import { discoveryIO, testFileIO } from '../../host';
import type { CommandContext } from '../context';
import { commandHandlerHost } from '../handlers';

export const TEST_USAGE = `Usage: stepthrough test [paths or globs...] [options]

Runs the cases of every *.sfn-test.yaml|yml|json file under the given files, directories or globs
(default: the current directory; node_modules and hidden directories are skipped).

Options:
  --reporter NAME       pretty (default), json, junit or tap
  --output FILE         write the report to FILE, creating missing folders (the results still go to stdout)
  --filter TEXT         run only cases whose name contains TEXT (case-insensitive)
  --coverage            print state, transition and retrier coverage per state machine
  --coverage-min PCT    fail (exit 1) when coverage is under PCT percent
  --json                same as --reporter json
  --no-color            plain output

Exit codes: 0 all cases passed; 1 a case failed or coverage is under the bar; 2 a test file has
problems (unknown keys, a missing machine, a mock for a state that does not exist...), the report
cannot be written, or bad usage.
`;

const REPORTERS = ['pretty', 'json', 'junit', 'tap'] as const;
type ReporterName = (typeof REPORTERS)[number];

function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

function reporterOf(ctx: CommandContext): ReporterName {
  const name = stringOption(ctx, 'reporter') ?? (ctx.values['json'] === true ? 'json' : 'pretty');
  if (!(REPORTERS as readonly string[]).includes(name)) {
    throw new StepthroughError('E_USAGE', `Unknown reporter '${name}'.`, {
      hint: `Use one of: ${REPORTERS.join(', ')}.`,
    });
  }
  return name as ReporterName;
}

function coverageMinOf(ctx: CommandContext): number | undefined {
  const text = stringOption(ctx, 'coverage-min');
  if (text === undefined) return undefined;
  const value = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw new StepthroughError(
      'E_USAGE',
      `--coverage-min must be a percentage from 0 to 100, got '${text}'.`,
    );
  }
  return value;
}

/** Paths as the user would type them: relative to the working directory. */
function displayPath(path: string): string {
  return isAbsolute(path) ? relative(process.cwd(), path) || path : path;
}

function render(suite: SuiteResult, reporter: ReporterName, color: boolean, coverage: boolean): string {
  switch (reporter) {
    case 'json':
      return formatJson(suite, { displayPath });
    case 'junit':
      return formatJunit(suite, { displayPath });
    case 'tap':
      return formatTap(suite, { displayPath });
    default:
      return formatPretty(suite, { color, coverage, displayPath });
  }
}

export async function testCommand(ctx: CommandContext): Promise<number> {
  const reporter = reporterOf(ctx);
  const coverageMin = coverageMinOf(ctx);
  const output = stringOption(ctx, 'output');
  const discovery = discoveryIO(ctx.files);
  const { files, unmatched } = discoverTestFiles(ctx.positionals, discovery);
  const missing = unmatched.filter((arg) => !isGlob(arg) && discovery.kind(arg) === undefined);
  if (missing.length > 0) {
    throw new StepthroughError(
      'E_FILE_NOT_FOUND',
      `No test file or directory at ${missing.map((m) => `'${m}'`).join(', ')}.`,
      {
        hint: 'Give test files (*.sfn-test.yaml), directories or globs, relative to the current directory.',
      },
    );
  }
  for (const arg of unmatched) if (isGlob(arg)) ctx.stderr(`stepthrough test: no test files match '${arg}'`);
  if (files.length === 0) {
    ctx.stderr(
      `stepthrough test: no test files (*.sfn-test.yaml, *.sfn-test.yml, *.sfn-test.json) found in ${ctx.positionals.length > 0 ? ctx.positionals.join(', ') : 'the current directory'}.`,
    );
    return 2;
  }
  const filter = stringOption(ctx, 'filter');
  // Cases' handlers run in child processes of this host, all stopped before the report.
  const host = commandHandlerHost(ctx);
  let suite: SuiteResult;
  try {
    suite = await runTestFiles(files, testFileIO(ctx.files), {
      handlers: host,
      ...(filter !== undefined ? { filter } : {}),
    });
  } finally {
    await host.close();
  }
  const showCoverage = ctx.values['coverage'] === true;
  if (output !== undefined) {
    // The results reach stdout first: a report that cannot be written (E_FILE_WRITE, exit 2) loses nothing.
    ctx.stdout(render(suite, 'pretty', ctx.color, showCoverage));
    ctx.files.writeText(output, render(suite, reporter, false, showCoverage), 'report');
    ctx.stdout(`report written to ${output}`);
  } else {
    ctx.stdout(render(suite, reporter, ctx.color, showCoverage));
    if (showCoverage && reporter !== 'pretty')
      ctx.stderr(formatCoverage(suite.coverage, { color: false, displayPath }));
  }
  if (filter !== undefined && suite.totals.cases === 0 && suite.totals.badFiles === 0) {
    ctx.stderr(`stepthrough test: no case name contains '${filter}'.`);
    return 1;
  }
  const code = suiteExitCode(suite, coverageMin);
  if (coverageMin !== undefined && code !== 2 && suite.coverage.percent < coverageMin) {
    ctx.stderr(
      `stepthrough test: coverage ${suite.coverage.percent.toFixed(1)}% is under the minimum ${coverageMin}%.`,
    );
  }
  return code;
}
