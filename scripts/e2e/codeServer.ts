// code-server for the end-to-end tests: installs code-server 4.100.3 (VS Code 1.100.3) from npm into a
// cache folder outside the repository, working around its offline install pitfalls, and starts and stops
// it in a process group of its own with every state folder in a scratch directory.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const CODE_SERVER_VERSION = '4.100.3';
/** The ripgrep build @vscode/ripgrep's postinstall downloads for code-server 4.100.3; we seed it offline. */
const RIPGREP_CACHE = {
  folder: 'vscode-ripgrep-cache-1.15.11',
  file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
};
const SYSTEM_RIPGREP = '/usr/bin/rg';

export interface Unavailable {
  ok: false;
  reason: string;
}

export interface Installed {
  ok: true;
  /** The code-server launcher script. */
  bin: string;
}

/** Where code-server is cached: $STEPTHROUGH_E2E_CACHE, else ~/.cache/stepthrough-e2e. */
export function e2eCacheDir(): string {
  return process.env['STEPTHROUGH_E2E_CACHE'] ?? join(homedir(), '.cache', 'stepthrough-e2e');
}

function codeServerBin(dir: string): string {
  return join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Builds the ripgrep tarball @vscode/ripgrep's postinstall looks for, from Debian's rg. */
function seedRipgrepCache(scratchTmp: string): Unavailable | undefined {
  if (!existsSync(SYSTEM_RIPGREP)) {
    return {
      ok: false,
      reason: `${SYSTEM_RIPGREP} is missing (apt-get install ripgrep); code-server's install would download it`,
    };
  }
  const cache = join(scratchTmp, RIPGREP_CACHE.folder);
  const staging = join(scratchTmp, 'rg-staging');
  mkdirSync(cache, { recursive: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(SYSTEM_RIPGREP, join(staging, 'rg'));
  const tar = spawnSync('tar', ['-czf', join(cache, RIPGREP_CACHE.file), '-C', staging, 'rg'], {
    encoding: 'utf8',
  });
  if (tar.status !== 0) return { ok: false, reason: `could not build the ripgrep cache: ${tar.stderr}` };
  return undefined;
}

/**
 * Installs code-server into the cache (once; later calls reuse it). Returns why not when it cannot:
 * no ripgrep, no registry, a failed native build. `log` receives progress lines.
 */
export function ensureCodeServer(log: (line: string) => void = () => undefined): Installed | Unavailable {
  const dir = join(e2eCacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const stamp = join(dir, '.installed');
  if (existsSync(stamp) && existsSync(codeServerBin(dir))) return { ok: true, bin: codeServerBin(dir) };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'stepthrough-e2e-code-server', private: true }),
  );
  const scratchTmp = mkdtempSync(join(tmpdir(), 'stepthrough-cs-install-'));
  try {
    const seeded = seedRipgrepCache(scratchTmp);
    if (seeded) return seeded;
    log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about a minute)...`);
    const npm = spawnSync(
      'npm',
      [
        'install',
        `code-server@${CODE_SERVER_VERSION}`,
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--loglevel=error',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          // As root, code-server's postinstall refuses to run without this (the flag alone is ignored by npm 11).
          npm_config_unsafe_perm: 'true',
          // node-pty's install runs `npx node-gyp`, which would wait for a confirmation.
          npm_config_yes: 'true',
          // @vscode/ripgrep's postinstall looks for its download in os.tmpdir().
          TMPDIR: scratchTmp,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 8 * 60_000,
      },
    );
    if (npm.status !== 0 || !existsSync(codeServerBin(dir))) {
      const output = `${npm.stdout ?? ''}\n${npm.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
      return {
        ok: false,
        reason: `npm install code-server@${CODE_SERVER_VERSION} failed (${npm.error?.message ?? `exit ${npm.status}`}):\n${output}`,
      };
    }
    writeFileSync(stamp, new Date().toISOString());
    return { ok: true, bin: codeServerBin(dir) };
  } finally {
    rmSync(scratchTmp, { recursive: true, force: true });
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  bin: string;
  workspace: string;
  /** The .vsix to install before starting. */
  vsix: string;
  /** Scratch folder for user data, extensions, XDG folders and TMPDIR (created; removed by stop()). */
  scratch: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  log?: (line: string) => void;
}

export interface RunningCodeServer {
  url: string;
  /** Everything code-server printed, for failure reports. */
  output(): string;
  stop(): Promise<void>;
}

function isolatedEnv(scratch: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'TMPDIR']) {
    const folder = join(scratch, key.toLowerCase());
    mkdirSync(folder, { recursive: true });
    env[key] = folder;
  }
  // Never let a VS Code started us (a terminal inside VS Code) leak its IPC hooks into this one.
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_')) delete env[key];
  delete env['ELECTRON_RUN_AS_NODE'];
  return env;
}

/** Installs the extension with code-server's own CLI (as a user would). */
function installExtension(options: CodeServerOptions, extensionsDir: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(
    process.execPath,
    [
      options.bin,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      join(options.scratch, 'user-data'),
      '--install-extension',
      options.vsix,
    ],
    { encoding: 'utf8', env, timeout: 120_000 },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${options.vsix} failed:\n${output}`);
  }
}

async function waitHealthy(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    if (Date.now() > deadline)
      throw new Error(`code-server did not answer ${url}/healthz in ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Installs the .vsix and starts code-server on a free port; resolves once /healthz answers. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  mkdirSync(options.scratch, { recursive: true });
  const env = isolatedEnv(options.scratch);
  const userData = join(options.scratch, 'user-data');
  const extensionsDir = join(options.scratch, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', ...options.settings }, null, 2),
  );
  installExtension(options, extensionsDir, env);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    options.bin,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensionsDir,
    options.workspace,
  ];
  // detached: a process group of its own, so stop() reaches the extension hosts each page starts.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
      await exited;
      // Orphaned extension hosts of the group, if any, get a last signal.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is gone: nothing left to stop.
      }
    }
  };
  try {
    await waitHealthy(url, child, () => text, 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  options.log?.(`code-server ${CODE_SERVER_VERSION} listening on ${url}`);
  return { url, output: () => text, stop };
}
