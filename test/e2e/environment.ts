// Prepares the end-to-end run: checks for Debian's Chromium, installs code-server (cached), packages the
// extension into a .vsix, copies the example workspace to a scratch folder and starts code-server on it.
// When Chromium or code-server cannot be had, it says why and the tests skip, unless
// STEPTHROUGH_E2E_REQUIRED=1 (CI), where that is a failure.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer, startCodeServer, type RunningCodeServer } from '../../scripts/e2e/codeServer';
import { CHROMIUM } from './workbench';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');

export interface E2eEnvironment {
  server: RunningCodeServer;
  /** The scratch copy of test/e2e/workspace the workbench opens. */
  workspace: string;
  dispose(): Promise<void>;
}

export type Preparation = { ready: true; env: E2eEnvironment } | { ready: false; reason: string };

const required = process.env['STEPTHROUGH_E2E_REQUIRED'] === '1';

function log(line: string): void {
  process.stderr.write(`[e2e] ${line}\n`);
}

function unavailable(reason: string): Preparation {
  if (required) throw new Error(`end-to-end tests required (STEPTHROUGH_E2E_REQUIRED=1) but ${reason}`);
  const message = `end-to-end tests in VS Code skipped: ${reason}`;
  log(message);
  return { ready: false, reason: message };
}

function packageExtension(scratch: string): string {
  const vsix = join(scratch, 'stepthrough.vsix');
  const result = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'package-extension.mjs'),
      '--out',
      vsix,
      '--staging',
      join(scratch, 'staging'),
    ],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`packaging the extension failed:\n${result.stdout}\n${result.stderr}`);
  return vsix;
}

export async function prepareEnvironment(): Promise<Preparation> {
  if (process.env['STEPTHROUGH_E2E'] === '0') return unavailable('STEPTHROUGH_E2E=0 turns them off');
  if (!existsSync(CHROMIUM)) return unavailable(`${CHROMIUM} is not installed (apt-get install -y chromium)`);
  const installed = ensureCodeServer(log);
  if (!installed.ok) return unavailable(`code-server could not be installed: ${installed.reason}`);
  const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-e2e-'));
  try {
    const vsix = packageExtension(scratch);
    const workspace = join(scratch, 'workspace');
    cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const server = await startCodeServer({
      bin: installed.bin,
      workspace,
      vsix,
      scratch: join(scratch, 'code-server'),
      settings: {
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'editor.minimap.enabled': false,
        'editor.quickSuggestionsDelay': 0,
        'debug.toolBarLocation': 'floating',
        'testing.automaticallyOpenPeekView': 'failureInVisibleDocument',
        'git.enabled': false,
        // Scenarios edit files without saving; a fresh window must not restore those edits, and the web
        // workbench's default auto-save (after a second) must not write them while a slow machine runs them.
        'files.hotExit': 'off',
        'files.autoSave': 'off',
      },
      log,
    });
    return {
      ready: true,
      env: {
        server,
        workspace,
        dispose: async () => {
          await server.stop();
          rmSync(scratch, { recursive: true, force: true });
        },
      },
    };
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}
