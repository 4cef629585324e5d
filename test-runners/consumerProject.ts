// A throwaway project that uses stepthrough the way a team's repository does: the package in
// node_modules/stepthrough (its package.json exports and freshly built bundles), the example tests of
// test-runners/examples and the order example beside them, and Vitest/Jest from this repository.

import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = join(__dirname, '..');

const ESM_REQUIRE_BANNER =
  "import { createRequire as __stepthroughCreateRequire } from 'node:module';\nconst require = __stepthroughCreateRequire(import.meta.url);";

async function buildPackage(packageDir: string): Promise<void> {
  const dist = join(packageDir, 'dist');
  const core = {
    mainFields: ['module', 'main'],
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    logLevel: 'warning' as const,
    // As scripts/build.mjs: the HCL parser loads its .wasm beside its own code, so it is not bundled.
    external: ['@cdktf/hcl2json'],
  };
  // The shared build definition of the test-runner entry points (scripts/build.mjs uses it too).
  const shared = (await import(join(REPO, 'scripts', 'test-runner-bundles.mjs'))) as {
    testRunnerBuilds(outdir: string): Parameters<typeof build>[0][];
  };
  await Promise.all([
    build({
      ...core,
      entryPoints: [join(REPO, 'core/index.ts')],
      format: 'cjs',
      outfile: join(dist, 'core.cjs'),
    }),
    build({
      ...core,
      entryPoints: [join(REPO, 'core/index.ts')],
      format: 'esm',
      outfile: join(dist, 'core.mjs'),
      banner: { js: ESM_REQUIRE_BANNER },
    }),
    ...shared
      .testRunnerBuilds(dist)
      .map((options) => build({ ...options, absWorkingDir: REPO, sourcemap: false })),
  ]);
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
  await buildPackage(join(modules, 'stepthrough'));
  return project;
}
