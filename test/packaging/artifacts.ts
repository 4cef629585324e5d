// The artefacts users install, for the packaging tests: built once per test run. `npm test`
// (scripts/test.mjs) runs `npm run package` into a scratch folder before the suites and names it in
// STEPTHROUGH_ARTIFACTS; a test file run on its own builds what it needs into its own scratch
// folder (scripts/package.mjs --only ...). Also: running a command with a clean environment, and
// scratch folders outside the checkout.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

export type ArtifactKind = 'npm' | 'python' | 'vscode';

export interface Artifacts {
  npm: string;
  wheel: string;
  sdist: string;
  vsix: string;
}

const PATTERNS: Record<keyof Artifacts, RegExp> = {
  npm: /^stepthrough-.+\.tgz$/,
  wheel: /^pytest_stepthrough-.+\.whl$/,
  sdist: /^pytest[-_]stepthrough-.+\.tar\.gz$/,
  vsix: /^stepthrough-.+\.vsix$/,
};
const KIND_OF: Record<keyof Artifacts, ArtifactKind> = {
  npm: 'npm',
  wheel: 'python',
  sdist: 'python',
  vsix: 'vscode',
};

/** A scratch folder outside the checkout, removed when the process exits. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stepthrough-${prefix}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let built: string | undefined;

function findIn(dir: string, name: keyof Artifacts): string | undefined {
  const file = readdirSync(dir).find((entry) => PATTERNS[name].test(entry));
  return file === undefined ? undefined : join(dir, file);
}

/**
 * The path of one artefact: from STEPTHROUGH_ARTIFACTS when set (it must be there: a missing
 * artefact is a failure, not a rebuild), else built once per process for the kinds asked for.
 */
export function artifact(name: keyof Artifacts, kinds: ArtifactKind[] = [KIND_OF[name]]): string {
  const shared = process.env['STEPTHROUGH_ARTIFACTS'];
  if (shared) {
    const found = existsSync(shared) ? findIn(shared, name) : undefined;
    if (!found) throw new Error(`STEPTHROUGH_ARTIFACTS=${shared} holds no ${name} artefact`);
    return found;
  }
  if (built === undefined) {
    built = scratchDir('artifacts');
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'package.mjs'), '--out', built, '--only', kinds.join(',')],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  }
  const found = findIn(built, name);
  if (!found)
    throw new Error(`the packaging of ${kinds.join(', ')} produced no ${name} artefact in ${built}`);
  return found;
}

/** Runs a command to completion; the environment is exactly `env` (nothing inherited). */
export function runIn(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A readable summary of a finished command for assertion messages. */
export function outputOf(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}${result.error ? ` (${result.error.message})` : ''}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** The environment every spawned tool gets: a home and temp folder of its own, no npm/pip config. */
export function baseEnv(scratch: string, path: string): Record<string, string> {
  return {
    PATH: path,
    HOME: scratch,
    TMPDIR: scratch,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PIP_NO_INDEX: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_cache: join(scratch, '.npm-cache'),
  };
}
