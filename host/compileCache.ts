// The CLI's compile cache: V8's compiled code for the command chunks (dist/cli/*.js) kept on disk, so
// a second `stepthrough run` does not parse and compile its ~600 KB of JavaScript again (most of the
// start-up cost that is ours rather than Node's). It lives in host/ because it is file access (of
// files that are ours, never a repository's). Node 22.1+ has this built in
// (`module.enableCompileCache`), used when present; on Node 20 the chunks are compiled through
// `vm.Script` with `cachedData`, as the v8-compile-cache package does for many CLIs.
//
// Where: `$STEPTHROUGH_COMPILE_CACHE` (a folder; `off` turns the cache off), else
// `$XDG_CACHE_HOME/stepthrough` or `~/.cache/stepthrough` (`%LOCALAPPDATA%\stepthrough` on
// Windows), in a subfolder per Stepthrough and Node version, created private to the user (0700).
// V8 checks each entry against the source it is given and the running V8 (version, flags) and
// rejects a stale one, which is then compiled afresh and rewritten. Entries are written when the
// process exits, through a temporary file and a rename, so a concurrent start never reads half of
// one. The cache is an optimisation only: a folder that cannot be created or written means no cache
// (the command runs exactly as without it), never a failed command.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/** The folder the cache lives in, or undefined when it is turned off. */
export function compileCacheFolder(
  env: NodeJS.ProcessEnv,
  version: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const chosen = env['STEPTHROUGH_COMPILE_CACHE'];
  if (chosen === 'off' || chosen === '0') return undefined;
  const base =
    chosen ||
    (platform === 'win32' && env['LOCALAPPDATA']
      ? join(env['LOCALAPPDATA'], 'stepthrough')
      : join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'stepthrough'));
  return join(base, `compile-${version}-node${process.versions.node}`);
}

interface ModuleInternals {
  _compile(content: string, filename: string): unknown;
  require(id: string): unknown;
  exports: unknown;
}

/** Node's CommonJS wrapper around a module's source (`Module.wrap`, absent from the types). */
function wrapped(content: string): string {
  const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/**
 * Turns the cache on for the chunks in `chunkFolder` (the command chunks beside dist/cli.js). Returns
 * where the cache is, or undefined when it is off or cannot be used.
 */
export function enableCompileCache(chunkFolder: string, version: string): string | undefined {
  const folder = compileCacheFolder(process.env, version);
  if (folder === undefined) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch {
    return undefined; // No cache folder (read-only home, ...): start without a cache.
  }
  const builtIn = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof builtIn === 'function') {
    builtIn(folder);
    return folder;
  }
  const prefix = chunkFolder.endsWith(sep) ? chunkFolder : chunkFolder + sep;
  const toWrite: { file: string; script: Script }[] = [];
  const prototype = Module.prototype as unknown as ModuleInternals;
  const compile = prototype._compile;
  prototype._compile = function (this: ModuleInternals, content: string, filename: string): unknown {
    if (!filename.startsWith(prefix) || !filename.endsWith('.js'))
      return compile.call(this, content, filename);
    // Chunk names carry a hash of their content; the length tells apart the entry-like names that do not.
    const file = join(folder, `${filename.slice(prefix.length).replace(/[\\/]/g, '_')}.${content.length}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined; // Not cached yet: compiled below and written at exit.
    }
    const script = new Script(wrapped(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected === true) toWrite.push({ file, script });
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    // The module's own require (so the chunk graph is Node's), with resolve/main/cache as Node gives them.
    const resolver = createRequire(filename);
    const require = Object.assign((id: string): unknown => this.require(id), {
      resolve: resolver.resolve,
      main: resolver.main,
      cache: resolver.cache,
      extensions: resolver.extensions,
    });
    return run.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  process.once('exit', () => {
    for (const { file, script } of toWrite) {
      try {
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        renameSync(temporary, file);
      } catch {
        // The cache could not be written (disk full, a read-only folder): the next start compiles again.
      }
    }
  });
  return folder;
}
