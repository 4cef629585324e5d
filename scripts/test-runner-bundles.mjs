// The esbuild builds of `stepthrough/vitest` and `stepthrough/jest` (ESM and CommonJS each), shared by
// scripts/build.mjs and the test that runs them under real Vitest and Jest. They import the engine as
// the package itself ('stepthrough'), so a test file and the matchers share one copy of it; the test
// frameworks are never bundled. Vitest cannot be required, so its CommonJS build reaches it through
// Vitest's globals (test-runners/vitestGlobals.ts).

import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ESM_REQUIRE_BANNER =
  "import { createRequire as __stepthroughCreateRequire } from 'node:module';\nconst require = __stepthroughCreateRequire(import.meta.url);";

const core = join(dirname(fileURLToPath(import.meta.url)), '..', 'core');

/**
 * test-runners import core as '../core', and host/ (which they use) imports core's modules: from
 * outside core, every import of core is the package's main entry at run time (one copy of the engine,
 * one StepthroughError class; what they import from core's modules is exported by its index).
 */
const corePackage = {
  name: 'stepthrough-core-as-package',
  setup(build) {
    build.onResolve({ filter: /^(\.\.\/)+core(\/[\w-]+)*$/ }, (args) => {
      const inCore = (path) => !relative(core, path).startsWith('..');
      const target = resolve(args.resolveDir, args.path);
      if (!inCore(target) || inCore(args.resolveDir)) return undefined;
      return { path: 'stepthrough', external: true };
    });
  },
};

export function testRunnerBuilds(outdir) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vitest', '@jest/globals', 'stepthrough'],
    plugins: [corePackage],
  };
  return [
    {
      ...common,
      entryPoints: ['test-runners/vitest.ts'],
      format: 'esm',
      outfile: `${outdir}/vitest.mjs`,
      banner: { js: ESM_REQUIRE_BANNER },
    },
    {
      ...common,
      entryPoints: ['test-runners/vitest.ts'],
      format: 'cjs',
      outfile: `${outdir}/vitest.cjs`,
      external: ['@jest/globals', 'stepthrough'],
      alias: { vitest: './test-runners/vitestGlobals.ts' },
    },
    {
      ...common,
      entryPoints: ['test-runners/jest.ts'],
      format: 'esm',
      outfile: `${outdir}/jest.mjs`,
      banner: { js: ESM_REQUIRE_BANNER },
    },
    { ...common, entryPoints: ['test-runners/jest.ts'], format: 'cjs', outfile: `${outdir}/jest.cjs` },
  ];
}
