// Packages the VS Code extension: generates its package.json in a staging folder from
// client/extension-manifest.json and the root package.json's version, bundles the extension (with the
// inline debug adapter and the handler workers it starts), the language server and the graph webview
// with esbuild, copies the static
// files (icon, walkthrough pages, the Marketplace README and its images, CHANGELOG, LICENSE, the
// third-party licenses), and runs `vsce package` there, so the .vsix holds no node_modules (the HCL
// parser is a vendor file, as in the npm package).
// Usage: node scripts/package-extension.mjs [--out FILE.vsix] [--staging DIR]

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHandlerWorkers, buildVendors, lazyPackages } from './build.mjs';
import { thirdPartyLicenses } from './licenses.mjs';

export const MAX_VSIX_BYTES = 8 * 1024 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files copied into the package: [from (repository), to (package)]. */
const STATIC_FILES = [
  ['client/syntaxes', 'syntaxes'],
  ['client/language-configuration', 'language-configuration'],
  ['client/media', 'media'],
  ['client/walkthrough', 'walkthrough'],
  ['webview/graph.css', 'media/graph.css'],
  ['docs/images/debugger.png', 'media/debugger.png'],
  ['client/README.md', 'README.md'],
  ['CHANGELOG.md', 'CHANGELOG.md'],
  ['LICENSE', 'LICENSE'],
];

/** Builds the .vsix at `out` (staging in `staging`); returns `out`. Throws on any failure. */
export async function packageExtension({
  out = join(root, 'dist', `stepthrough-${readVersion()}.vsix`),
  staging = join(root, 'dist', 'extension'),
} = {}) {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(root, 'client', 'extension-manifest.json'), 'utf8'));
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
    legalComments: 'none', // the licenses are in THIRD_PARTY_LICENSES.md
    logLevel: 'warning',
    metafile: true,
    // Terraform's HCL parser (Go built to WebAssembly, read beside its code) is a vendor file of its
    // own in dist/vendor/, loaded the first time a Terraform template is read (scripts/build.mjs).
    plugins: [lazyPackages(join(staging, 'dist'), join(staging, 'dist'), ['@cdktf/hcl2json'])],
  };
  const results = await Promise.all([
    ...buildVendors(join(staging, 'dist'), ['@cdktf/hcl2json']),
    build({
      ...node,
      entryPoints: [join(root, 'client', 'extension.ts')],
      outfile: join(staging, 'dist', 'extension.js'),
      external: ['vscode'],
    }),
    // The Test Explorer and the debugger run a test file's `handlers:` from the extension host.
    buildHandlerWorkers(join(staging, 'dist'), { minify: true, sourcemap: false }),
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
      metafile: true,
    }),
  ]);

  for (const [from, to] of STATIC_FILES) cpSync(join(root, from), join(staging, to), { recursive: true });
  writeFileSync(
    join(staging, 'THIRD_PARTY_LICENSES.md'),
    thirdPartyLicenses(
      results.map((r) => r.metafile),
      root,
    ),
  );

  const { name, ...rest } = manifest;
  const extensionPackage = {
    name,
    version: rootPackage.version,
    ...rest,
    ...(rootPackage.repository ? { repository: rootPackage.repository } : {}),
  };
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify(extensionPackage, null, 2)}\n`);
  // The icon's source and the graph's standalone SVG are not needed at run time.
  writeFileSync(join(staging, '.vscodeignore'), '**/*.map\n.vscodeignore\nmedia/icon.svg\n');

  mkdirSync(dirname(out), { recursive: true });
  const vsce = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      // The README's images are files in the package (media/...): keep their relative links, which
      // resolve inside the .vsix, instead of rewriting them to a repository URL.
      '--no-rewrite-relative-links',
      '--out',
      out,
    ],
    { cwd: staging, encoding: 'utf8' },
  );
  if (vsce.status !== 0 || !existsSync(out)) {
    throw new Error(
      `package-extension: vsce package failed (${vsce.error?.message ?? `exit ${vsce.status}`})\n${vsce.stdout}${vsce.stderr}`,
    );
  }
  const size = statSync(out).size;
  if (size > MAX_VSIX_BYTES) {
    throw new Error(`package-extension: ${out} is ${(size / 1048576).toFixed(1)} MB, over the 8 MB budget`);
  }
  return out;
}

function readVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

function option(name) {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`package-extension: ${name} needs a value`);
    process.exit(2);
  }
  return resolve(value);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = await packageExtension({
      ...(option('--out') ? { out: option('--out') } : {}),
      ...(option('--staging') ? { staging: option('--staging') } : {}),
    });
    console.log(`package-extension: wrote ${out} (${(statSync(out).size / 1048576).toFixed(2)} MB)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
