// How each kind of handler process is started: the Node worker (bundled beside the CLI as
// handler-worker.js, or its TypeScript source through tsx when running from the repository), the
// Python worker (lambda_worker.py beside the bundle, or in python/src) under the Python interpreter
// found once (STEPTHROUGH_PYTHON, else python3, else python), and commands as written.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StepthroughError } from '../../core/errors';

/** The bundled Node worker's file name (scripts/build.mjs writes it beside dist/cli.js). */
export const NODE_WORKER_BUNDLE = 'handler-worker.js';
/** The Python worker's file name (copied beside the bundle; its source is in the Python package). */
export const PYTHON_WORKER_FILE = 'lambda_worker.py';

/** The environment variable naming the Python interpreter for python: handlers. */
export const PYTHON_ENV = 'STEPTHROUGH_PYTHON';

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((file) => existsSync(file));
}

let builtFromSource: string | undefined;

/**
 * From the repository (tests, `node --import tsx cli/main.ts`): the worker's TypeScript source bundled
 * once with the repository's esbuild into the temp folder (a worker then starts in milliseconds, not
 * in tsx's seconds), rebuilt when the source changes.
 */
function bundleFromSource(source: string): string {
  if (builtFromSource && existsSync(builtFromSource)) return builtFromSource;
  const stamp = createHash('sha256')
    .update(`${source}\u0000${statSync(source).mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const outfile = join(tmpdir(), `stepthrough-handler-worker-${stamp}.js`);
  if (!existsSync(outfile)) {
    const esbuild = createRequire(__filename)('esbuild') as typeof import('esbuild');
    const temporary = `${outfile}.${process.pid}.tmp`;
    esbuild.buildSync({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: temporary,
      logLevel: 'silent',
    });
    renameSync(temporary, outfile);
  }
  builtFromSource = outfile;
  return outfile;
}

/**
 * What the Node worker's environment adds: inside VS Code's extension host (Electron, whose
 * `process.execPath` is the editor itself), ELECTRON_RUN_AS_NODE makes that binary run as Node.
 */
export function nodeWorkerEnvironment(): Record<string, string> {
  return process.versions.electron === undefined ? {} : { ELECTRON_RUN_AS_NODE: '1' };
}

/** `[command, ...args]` that start the Node worker. */
export function nodeWorkerCommand(): string[] {
  const bundled = firstExisting([join(__dirname, NODE_WORKER_BUNDLE)]);
  if (bundled) return [process.execPath, bundled];
  const source = firstExisting([join(__dirname, 'workers', 'nodeWorker.ts')]);
  if (source) return [process.execPath, bundleFromSource(source)];
  throw new StepthroughError(
    'E_INTERNAL',
    `the Node handler worker (${NODE_WORKER_BUNDLE}) is missing beside ${__dirname}`,
    {
      hint: 'Reinstall Stepthrough; when bundling it yourself, build host/handlers/workers/nodeWorker.ts beside it.',
    },
  );
}

/** The Python worker script. */
export function pythonWorkerFile(): string {
  const found = firstExisting([
    join(__dirname, PYTHON_WORKER_FILE),
    resolve(__dirname, '..', '..', 'python', 'src', 'pytest_stepthrough', PYTHON_WORKER_FILE),
  ]);
  if (found) return found;
  throw new StepthroughError(
    'E_INTERNAL',
    `the Python handler worker (${PYTHON_WORKER_FILE}) is missing beside ${__dirname}`,
    {
      hint: 'Reinstall Stepthrough; when bundling it yourself, copy python/src/pytest_stepthrough/lambda_worker.py beside it.',
    },
  );
}

export interface PythonInterpreter {
  command: string;
  version: string;
}

/** Runs `command -c ...` and resolves with its version, or undefined when it cannot run. */
function probe(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((done) => {
    let out = '';
    const child = spawn(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env,
      windowsHide: true,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', () => {
      clearTimeout(timer);
      done(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const version = out.trim();
      done(code === 0 && /^3\.\d+\.\d+$/.test(version) ? version : undefined);
    });
  });
}

const interpreters = new Map<string, Promise<PythonInterpreter | undefined>>();

/**
 * The Python 3 interpreter for python: handlers: $STEPTHROUGH_PYTHON when set (and only it), else
 * python3, else python. Looked for once per setting. Throws E_PYTHON_MISSING when there is none.
 */
export async function findPython(env: NodeJS.ProcessEnv = process.env): Promise<PythonInterpreter> {
  const chosen = env[PYTHON_ENV];
  const candidates = chosen ? [chosen] : ['python3', 'python'];
  const key = `${candidates.join('\u0000')}\u0000${env.PATH ?? ''}`;
  let pending = interpreters.get(key);
  if (!pending) {
    pending = (async () => {
      for (const command of candidates) {
        const version = await probe(command, env);
        if (version) return { command, version };
      }
      return undefined;
    })();
    interpreters.set(key, pending);
  }
  const found = await pending;
  if (found) return found;
  throw new StepthroughError(
    'E_PYTHON_MISSING',
    chosen
      ? `python: handlers need Python 3, and ${PYTHON_ENV}=${chosen} does not run as one`
      : 'python: handlers need Python 3, and neither python3 nor python is on PATH',
    {
      hint: `Install Python 3 (3.8 or later), or set ${PYTHON_ENV} to its path; or mock these states instead.`,
    },
  );
}
