// ARCHITECTURE.md's invariants that ESLint enforces, read from the config ESLint resolves for a file of
// each folder. Flat config does not merge a rule's options: a later block that sets
// `no-restricted-imports` replaces an earlier one's, so a block written for one restriction (the fs
// modules outside core/ and host/) once dropped another (the published `jsonata`) from every front end.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const FS_MODULES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'];
const eslint = new ESLint({ cwd: ROOT });

interface RestrictedImports {
  paths?: ({ name: string } | string)[];
}

/** The module names `no-restricted-imports` forbids in `file`, as ESLint resolves its config. */
async function restrictedModules(file: string): Promise<Set<string>> {
  const config = (await eslint.calculateConfigForFile(join(ROOT, file))) as {
    rules?: Record<string, unknown>;
  };
  const rule = config.rules?.['no-restricted-imports'];
  assert.ok(Array.isArray(rule), `${file}: no-restricted-imports is set`);
  const [severity, options] = rule as [unknown, RestrictedImports | undefined];
  assert.ok(severity === 2 || severity === 'error', `${file}: no-restricted-imports is an error`);
  return new Set((options?.paths ?? []).map((path) => (typeof path === 'string' ? path : path.name)));
}

/** A file of each front end beside core/ and host/. */
const FRONT_ENDS = [
  'server/server.ts',
  'cli/main.ts',
  'debug-adapter/session.ts',
  'api/server.ts',
  'mcp/stdio.ts',
  'webview/main.ts',
  'client/extension.ts',
  'test-runners/vitest.ts',
];

describe('no-restricted-imports, as ESLint resolves it per file', () => {
  test('invariant 13: no file imports the published jsonata package', async () => {
    for (const file of [
      ...FRONT_ENDS,
      'host/index.ts',
      'core/model/build.ts',
      'core/jsonata/limits.ts',
      'core/hash.ts',
      'core/regex/worker.ts',
      'core/interpreter/states/index.ts',
      'core/model/model.test.ts',
      'test/shared.ts',
      'scripts/build.mjs',
    ])
      assert.ok((await restrictedModules(file)).has('jsonata'), `${file} may import the published jsonata`);
  });

  test('invariant 15: outside core/ and host/, no front end imports fs', async () => {
    for (const file of FRONT_ENDS) {
      const restricted = await restrictedModules(file);
      for (const name of FS_MODULES) assert.ok(restricted.has(name), `${file} may import ${name}`);
    }
    assert.ok(!(await restrictedModules('host/index.ts')).has('node:fs'), 'host/ reads files');
  });

  test('invariant 1: core/ imports no built-in module but the named ones, each in its own files', async () => {
    const exceptions: Record<string, string> = {
      'core/jsonata/limits.ts': 'node:v8',
      'core/hash.ts': 'node:crypto',
      'core/regex/worker.ts': 'node:worker_threads',
    };
    for (const file of [
      'core/model/build.ts',
      'core/interpreter/states/index.ts',
      'core/testing/runner.ts',
      ...Object.keys(exceptions),
    ]) {
      const restricted = await restrictedModules(file);
      for (const name of [...FS_MODULES, 'vscode', ...Object.values(exceptions)])
        assert.equal(restricted.has(name), exceptions[file] !== name, `${file}: ${name}`);
    }
  });
});
