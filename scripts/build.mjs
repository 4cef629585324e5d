// Builds the bundles with esbuild: the core library (CJS + ESM), the CLI, and the type declarations.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { testRunnerBuilds } from './test-runner-bundles.mjs';

mkdirSync('dist', { recursive: true });
const common = {
  mainFields: ['module', 'main'],
  // HashiCorp's HCL parser (Go built to WebAssembly) loads its .wasm file beside its own code at run
  // time: it stays a dependency resolved from node_modules, not bundled.
  external: ['@cdktf/hcl2json'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['core/index.ts'], format: 'cjs', outfile: 'dist/core.cjs' }),
  build({
    ...common,
    entryPoints: ['core/index.ts'],
    format: 'esm',
    outfile: 'dist/core.mjs',
    // Bundled CommonJS dependencies (yaml) call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __stepthroughCreateRequire } from 'node:module';\nconst require = __stepthroughCreateRequire(import.meta.url);",
    },
  }),
  build({
    ...common,
    entryPoints: ['cli/main.ts'],
    format: 'cjs',
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: ['server/main.ts'], format: 'cjs', outfile: 'dist/server.js' }),
  build({
    ...common,
    platform: 'browser',
    target: 'es2022',
    entryPoints: ['webview/main.ts'],
    format: 'iife',
    outfile: 'dist/webview/main.js',
  }),
  ...testRunnerBuilds('dist').map((options) => build(options)),
]);
chmodSync('dist/cli.js', 0o755);
copyFileSync('webview/graph.css', 'dist/webview/graph.css');

if (!process.argv.includes('--no-types')) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'core', 'test-runners'], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
