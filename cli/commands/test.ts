// `stepthrough test`: finds *.sfn-test.yaml|yml|json files, runs their cases (a --shard of them,
// in --workers threads), prints reports (pretty, JSON, JUnit XML, TAP, GitHub annotations, a
// Markdown summary) and coverage (also as LCOV or Cobertura files); exits 0 when all pass, 1 when a
// case fails or coverage is under --coverage-min, 2 for bad test files or usage.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { StepthroughError } from '../../core/errors';
import {
  discoverTestFiles,
  formatCobertura,
  formatCoverage,
  formatGithub,
  formatJson,
  formatJunit,
  formatLcov,
  formatMarkdown,
  formatPretty,
  formatTap,
  isGlob,
  parseShard,
  suiteExitCode,
  type Shard,
  type SuiteResult,
} from '../../core/testing';
import { discoveryIO } from '../../host/testFiles';
import { version } from '../../package.json';
import type { CommandContext } from '../context';
import { runSuite } from '../testing/run';
import { commandHandlerHost } from '../handlers';

export const TEST_USAGE = `Usage: stepthrough test [paths or globs...] [options]

Runs the cases of every *.sfn-test.yaml|yml|json file under the given files, directories or globs
(default: the current directory; node_modules and hidden directories are skipped).

Options:
  --reporter NAME[=FILE]  pretty (default), json, junit, tap, github (workflow annotations on the
                          failing cases' lines) or markdown (a job summary); repeat it for several,
                          =FILE writes that report to FILE (a summary still goes to stdout)
  --output FILE           write the (single) report to FILE, creating missing folders (the
                          results still go to stdout)
  --filter TEXT           run only cases whose name contains TEXT (case-insensitive)
  --shard I/N             run the I-th of N shards of the cases (1-based), for a CI matrix: the
                          same split on every machine, every case in exactly one shard
  --workers N             run the cases in N worker threads (results as a serial run gives)
  --coverage              print state, transition and retrier coverage per state machine
  --coverage-min PCT      fail (exit 1) when coverage is under PCT percent (not with --shard)
  --coverage-format F     also write coverage as lcov or cobertura (comma-separated for both)
  --coverage-output FILE  where (default coverage/lcov.info, coverage/cobertura-coverage.xml)
  --json                  same as --reporter json
  --no-color              plain output

Exit codes: 0 all cases passed; 1 a case failed or coverage is under the bar; 2 a test file has
problems (unknown keys, a missing machine, a mock for a state that does not exist...), the report
cannot be written, or bad usage.
`;

const REPORTERS = ['pretty', 'json', 'junit', 'tap', 'github', 'markdown'] as const;
type ReporterName = (typeof REPORTERS)[number];
const COVERAGE_FORMATS = {
  lcov: 'coverage/lcov.info',
  cobertura: 'coverage/cobertura-coverage.xml',
} as const;
type CoverageFormat = keyof typeof COVERAGE_FORMATS;

interface Reporter {
  name: ReporterName;
  /** Where the report goes; undefined: stdout. */
  file?: string;
}

function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

function reportersOf(ctx: CommandContext): Reporter[] {
  const given = ctx.values['reporter'];
  const specs = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
  if (specs.length === 0) specs.push(ctx.values['json'] === true ? 'json' : 'pretty');
  const reporters = specs.map((spec): Reporter => {
    const at = spec.indexOf('=');
    const name = at < 0 ? spec : spec.slice(0, at);
    const file = at < 0 ? undefined : spec.slice(at + 1);
    if (!(REPORTERS as readonly string[]).includes(name)) {
      throw new StepthroughError('E_USAGE', `Unknown reporter '${name}'.`, {
        hint: `Use one of: ${REPORTERS.join(', ')}.`,
      });
    }
    if (file === '') throw new StepthroughError('E_USAGE', `--reporter ${name}= needs a file name.`);
    return file === undefined ? { name: name as ReporterName } : { name: name as ReporterName, file };
  });
  const output = stringOption(ctx, 'output');
  if (output !== undefined) {
    const toStdout = reporters.filter((r) => r.file === undefined);
    if (reporters.length !== 1 || toStdout.length !== 1) {
      throw new StepthroughError(
        'E_USAGE',
        '--output goes with one --reporter; use --reporter NAME=FILE for several.',
      );
    }
    return [{ name: reporters[0]?.name ?? 'pretty', file: output }];
  }
  return reporters;
}

function positiveInteger(ctx: CommandContext, name: string): number | undefined {
  const text = stringOption(ctx, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new StepthroughError('E_USAGE', `--${name} must be a whole number of at least 1, got '${text}'.`);
  }
  return value;
}

function shardOf(ctx: CommandContext): Shard | undefined {
  const text = stringOption(ctx, 'shard');
  if (text === undefined) return undefined;
  const shard = parseShard(text);
  if (!shard) {
    throw new StepthroughError('E_USAGE', `--shard must be I/N with 1 <= I <= N, got '${text}'.`, {
      hint: 'For a CI matrix of 4 jobs: --shard 1/4, --shard 2/4, --shard 3/4 and --shard 4/4.',
    });
  }
  return shard;
}

function coverageFilesOf(ctx: CommandContext): { format: CoverageFormat; file: string }[] {
  const text = stringOption(ctx, 'coverage-format');
  const output = stringOption(ctx, 'coverage-output');
  if (text === undefined) {
    if (output !== undefined)
      throw new StepthroughError('E_USAGE', '--coverage-output needs --coverage-format.');
    return [];
  }
  const formats = text.split(',').map((f) => f.trim());
  for (const format of formats) {
    if (!(format in COVERAGE_FORMATS)) {
      throw new StepthroughError('E_USAGE', `Unknown coverage format '${format}'.`, {
        hint: `Use ${Object.keys(COVERAGE_FORMATS).join(' or ')} (comma-separated for both).`,
      });
    }
  }
  if (output !== undefined && formats.length > 1) {
    throw new StepthroughError(
      'E_USAGE',
      '--coverage-output names one file: give one --coverage-format with it.',
    );
  }
  return formats.map((format) => ({
    format: format as CoverageFormat,
    file: output ?? COVERAGE_FORMATS[format as CoverageFormat],
  }));
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

/** Paths in GitHub annotations: relative to the workspace the checkout is in, when there is one. */
function workspacePath(path: string): string {
  const workspace = process.env['GITHUB_WORKSPACE'];
  if (!workspace) return displayPath(path);
  return relative(workspace, resolve(path)).split(sep).join('/');
}

function render(suite: SuiteResult, reporter: ReporterName, color: boolean, coverage: boolean): string {
  switch (reporter) {
    case 'json':
      return formatJson(suite, { displayPath });
    case 'junit':
      return formatJunit(suite, { displayPath });
    case 'tap':
      return formatTap(suite, { displayPath });
    case 'github':
      return formatGithub(suite, { displayPath: workspacePath });
    case 'markdown':
      return formatMarkdown(suite, { displayPath, coverage });
    default:
      return formatPretty(suite, { color, coverage, displayPath });
  }
}

function coverageFile(ctx: CommandContext, suite: SuiteResult, format: CoverageFormat): string {
  const readFile = (path: string): string => ctx.files.readText(path, { kind: 'definition' });
  const toRoot = (path: string): string => displayPath(path).split(sep).join('/');
  if (format === 'lcov') return formatLcov(suite.coverage, { readFile, displayPath: toRoot });
  return formatCobertura(suite.coverage, {
    readFile,
    displayPath: toRoot,
    sourceRoot: process.cwd(),
    timestamp: Math.floor(Date.now() / 1000),
    version: `stepthrough ${version}`,
  });
}

export async function testCommand(ctx: CommandContext): Promise<number> {
  const reporters = reportersOf(ctx);
  const coverageMin = coverageMinOf(ctx);
  const shard = shardOf(ctx);
  const workers = positiveInteger(ctx, 'workers');
  const coverageFiles = coverageFilesOf(ctx);
  if (shard && coverageMin !== undefined) {
    throw new StepthroughError(
      'E_USAGE',
      '--coverage-min does not go with --shard: one shard covers part of the suite.',
      {
        hint: "Write each shard's coverage (--coverage-format lcov) and check the bar on the merged report.",
      },
    );
  }
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
  const host = await commandHandlerHost(ctx);
  let suite: SuiteResult;
  try {
    suite = await runSuite(files, ctx.files, {
      handlers: host,
      ...(filter !== undefined ? { filter } : {}),
      ...(shard ? { shard } : {}),
      ...(workers !== undefined ? { workers } : {}),
    });
  } finally {
    await host.close();
  }
  const showCoverage = ctx.values['coverage'] === true;
  // The results reach stdout before any file is written: a report that cannot be written
  // (E_FILE_WRITE, exit 2) loses nothing.
  const toStdout = reporters.filter((r) => r.file === undefined);
  for (const reporter of toStdout) ctx.stdout(render(suite, reporter.name, ctx.color, showCoverage));
  if (toStdout.length === 0) ctx.stdout(render(suite, 'pretty', ctx.color, showCoverage));
  else if (showCoverage && !toStdout.some((r) => r.name === 'pretty'))
    ctx.stderr(formatCoverage(suite.coverage, { color: false, displayPath }));
  for (const reporter of reporters) {
    if (reporter.file === undefined) continue;
    const coverage = showCoverage || reporter.name === 'markdown';
    ctx.files.writeText(reporter.file, render(suite, reporter.name, false, coverage), 'report');
    ctx.stdout(`report written to ${reporter.file}`);
  }
  for (const { format, file } of coverageFiles) {
    ctx.files.writeText(file, coverageFile(ctx, suite, format), 'coverage report');
    ctx.stdout(`coverage (${format}) written to ${file}`);
  }
  if (shard)
    ctx.stdout(`shard ${shard.index}/${shard.total}: ${suite.totals.cases} case(s) of this shard ran`);
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
