// A throwaway project that uses stepthrough the way a team's repository does: the package in
// node_modules/stepthrough (its package.json exports and freshly built bundles), the example tests of
// test-runners/examples and the order example beside them, and Vitest/Jest from this repository.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = join(__dirname, '..');

/** The package as it ships: scripts/build.mjs's bundles (vendor files included) and package.json's exports. */
function buildPackage(packageDir: string): void {
  const built = spawnSync(
    process.execPath,
    [join(REPO, 'scripts', 'build.mjs'), '--dist', join(packageDir, 'dist'), '--no-types'],
    { cwd: REPO, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`scripts/build.mjs failed:\n${built.stdout}\n${built.stderr}`);
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(packageDir, 'package.json'),
    JSON.stringify({
      name: 'stepthrough',
      version: manifest.version,
      main: manifest.main,
      exports: manifest.exports,
    }),
  );
}

/** Creates the project; returns its folder. */
export async function createConsumerProject(): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), 'st-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const examples = join(REPO, 'test-runners', 'examples');
  for (const entry of ['tests', 'failing', 'vitest.config.mjs', 'jest.config.cjs']) {
    cpSync(join(examples, entry), join(project, entry), { recursive: true });
  }
  cpSync(join(REPO, 'examples', 'order'), join(project, 'examples', 'order'), { recursive: true });
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, 'stepthrough'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules', 'vitest'), join(modules, 'vitest'), 'dir');
  buildPackage(join(modules, 'stepthrough'));
  return project;
}
