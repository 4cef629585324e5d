// Packages the VS Code extension: generates its package.json in a staging folder from
// client/extension-manifest.json and the root package.json's version, bundles the extension (with the
// inline debug adapter), the language server and the graph webview with esbuild, copies the static
// files, and runs `vsce package` there, so the .vsix holds no node_modules.
// Usage: node scripts/package-extension.mjs [--out FILE.vsix] [--staging DIR]

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_VSIX_BYTES = 8 * 1024 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`package-extension: ${name} needs a value`);
    process.exit(2);
  }
  return resolve(value);
}

const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'client', 'extension-manifest.json'), 'utf8'));
const staging = option('--staging', join(root, 'dist', 'extension'));
const out = option('--out', join(root, 'dist', `${manifest.name}-${rootPackage.version}.vsix`));

rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'dist'), { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's "main" is a UMD build esbuild cannot follow; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Terraform's HCL parser (WebAssembly) is not in the .vsix yet: templates load without Terraform.
  external: ['@cdktf/hcl2json'],
};
await Promise.all([
  build({
    ...node,
    entryPoints: [join(root, 'client', 'extension.ts')],
    outfile: join(staging, 'dist', 'extension.js'),
    external: ['vscode', '@cdktf/hcl2json'],
  }),
  build({
    ...node,
    entryPoints: [join(root, 'server', 'main.ts')],
    outfile: join(staging, 'dist', 'server.js'),
  }),
  build({
    entryPoints: [join(root, 'webview', 'main.ts')],
    outfile: join(staging, 'dist', 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  }),
]);

const copy = (from, to) => cpSync(join(root, from), join(staging, to), { recursive: true });
copy('client/syntaxes', 'syntaxes');
copy('client/language-configuration', 'language-configuration');
copy('client/media', 'media');
copy('webview/graph.css', 'media/graph.css');
copy('client/README.md', 'README.md');

const { name, ...rest } = manifest;
const extensionPackage = {
  name,
  version: rootPackage.version,
  ...rest,
  ...(rootPackage.repository ? { repository: rootPackage.repository } : {}),
};
writeFileSync(join(staging, 'package.json'), `${JSON.stringify(extensionPackage, null, 2)}\n`);
writeFileSync(join(staging, '.vscodeignore'), '**/*.map\n.vscodeignore\n');

mkdirSync(dirname(out), { recursive: true });
const vsce = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--no-dependencies',
    '--skip-license',
    '--allow-missing-repository',
    '--out',
    out,
  ],
  { cwd: staging, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (vsce.status !== 0 || !existsSync(out)) {
  console.error(`package-extension: vsce package failed (${vsce.error?.message ?? `exit ${vsce.status}`})`);
  process.exit(1);
}
const size = statSync(out).size;
if (size > MAX_VSIX_BYTES) {
  console.error(`package-extension: ${out} is ${(size / 1048576).toFixed(1)} MB, over the 8 MB budget`);
  process.exit(1);
}
console.log(`package-extension: wrote ${out} (${(size / 1048576).toFixed(2)} MB)`);
