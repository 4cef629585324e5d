// Builds everything the npm package runs, with esbuild, into dist/ (or --dist DIR):
//   cli.js + cli/*.js     the `stepthrough` command: an entry that parses arguments and one chunk per
//                         command (plus chunks they share), so a command loads only its own code
//   core.cjs, core.mjs    the library (`require('stepthrough/core')` / `import`; LIBRARY_ENTRIES)
//   vitest.*, jest.*      `stepthrough/vitest` and `stepthrough/jest` (scripts/test-runner-bundles.mjs)
//   vendor/               large dependencies, each loaded on first use (below)
//   webview/graph.css     the graph stylesheet `stepthrough graph` inlines
//   THIRD_PARTY_LICENSES.md  the licenses of every bundled package
//   types/                declarations for the library (tsc), unless --no-types
// Usage: node scripts/build.mjs [--dist DIR] [--no-types] [--contents FILE]
//   --contents FILE writes, for each output file, the sources and packages it holds (JSON).
//
// Lazy dependencies: jsonata (the patched copy in core/jsonata/vendor/), `yaml`, `jsonc-parser`,
// `elkjs` and `@cdktf/hcl2json` cost more to
// load than a small run takes, and most runs never need them (JSONata only for JSONata machines, the
// yaml library only for YAML the fast parser hands over, jsonc-parser's tree walker only for
// JSONata's JSON functions, elkjs only for graphs, HashiCorp's HCL parser only for Terraform). Each
// is bundled on its own into dist/vendor/ (with the files it reads beside it: the HCL parser's
// WebAssembly), and every bundle that imports it gets in its place a stand-in module whose exports
// are functions that require() the vendor file on first call. Only function exports can be stood in
// for: importing anything else from these packages fails this build ("No matching export").
// test/packaging/startup.test.ts checks which files each command loads.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { testRunnerBuilds } from './test-runner-bundles.mjs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thirdPartyLicenses } from './licenses.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(join(root, 'package.json'));

/**
 * Packages loaded on first use: import specifier -> `file` under dist/vendor/, the `assets` it reads
 * beside it ([from the package folder, to under dist/vendor/]), and its function `exports` when
 * they cannot be listed by loading the package here (the HCL parser compiles its WebAssembly on
 * load). A `local` entry is a file of this repository (its path from the root is the key): every
 * relative import that resolves to it is stood in for.
 */
export const LAZY_PACKAGES = {
  // jsonata 2.0.6 with Stepthrough's patches (ARCHITECTURE.md invariant 13), as core/jsonata imports it.
  'core/jsonata/vendor/jsonata.js': { file: 'jsonata.cjs', local: true },
  yaml: { file: 'yaml.cjs' },
  'jsonc-parser': { file: 'jsonc-parser.cjs' },
  'elkjs/lib/elk.bundled.js': { file: 'elk.cjs' },
  // Its code reads ../main.wasm.gz from its own folder: the layout of the package is kept.
  '@cdktf/hcl2json': {
    file: 'hcl2json/lib/index.cjs',
    exports: ['parse'],
    assets: [['main.wasm.gz', 'hcl2json/main.wasm.gz']],
    // Go's wasm_exec requires it only where globalThis.performance is missing (never on Node 20).
    external: ['performance'],
  },
};

/** What require() is given for `specifier` from the repository's root. */
function requirePath(specifier) {
  return LAZY_PACKAGES[specifier].local ? `./${specifier}` : specifier;
}

/** The stand-in module for `specifier`, requiring `vendorPath` (relative to the output file). */
function standIn(specifier, vendorPath) {
  const declared = LAZY_PACKAGES[specifier].exports;
  const real = declared
    ? Object.fromEntries(declared.map((name) => [name, () => undefined]))
    : requireFromRoot(requirePath(specifier));
  const load = `let loaded; const load = () => (loaded ??= require(${JSON.stringify(vendorPath)}));`;
  const forward = (get) =>
    `function (...args) { const target = ${get}; return new.target ? new target(...args) : target.apply(this, args); }`;
  const lines = [load];
  if (typeof real === 'function') lines.push(`export default ${forward('load()')};`);
  else lines.push(`export default new Proxy({}, { get: (_, key) => load()[key] });`);
  for (const [name, value] of Object.entries(real)) {
    if (typeof value !== 'function' || !/^[A-Za-z_$][\w$]*$/.test(name) || name === 'default') continue;
    lines.push(`export const ${name} = ${forward(`load().${name}`)};`);
  }
  return lines.join('\n');
}

/** Builds the vendor files (and copies their assets) into `dist`/vendor; returns esbuild's results. */
export function buildVendors(dist, specifiers = Object.keys(LAZY_PACKAGES)) {
  return specifiers.map((specifier) => {
    const { file, assets = [], external = [], local = false } = LAZY_PACKAGES[specifier];
    const packageDir = local
      ? root
      : dirname(
          requireFromRoot.resolve(
            `${specifier
              .split('/')
              .slice(0, specifier.startsWith('@') ? 2 : 1)
              .join('/')}/package.json`,
          ),
        );
    for (const [from, to] of assets) {
      mkdirSync(dirname(join(dist, 'vendor', to)), { recursive: true });
      copyFileSync(join(packageDir, from), join(dist, 'vendor', to));
    }
    return build({
      ...common,
      sourcemap: false,
      minify: true, // third-party code, read from its own repository when needed
      stdin: {
        contents: `module.exports = require(${JSON.stringify(requirePath(specifier))});`,
        resolveDir: root,
        sourcefile: `vendor-${file}`,
      },
      format: 'cjs',
      external,
      outfile: join(dist, 'vendor', file),
    });
  });
}

/** Replaces the lazy packages with stand-ins that require `dist`/vendor/<file> from `outdir`. */
export function lazyPackages(dist, outdir, specifiers = Object.keys(LAZY_PACKAGES)) {
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const packages = specifiers.filter((s) => !LAZY_PACKAGES[s].local);
  const locals = specifiers.filter((s) => LAZY_PACKAGES[s].local);
  const filter = new RegExp(`^(${packages.map(escape).join('|')})$`);
  // Relative imports whose last segment names a local entry's file (with or without its extension).
  const localFilter = new RegExp(
    `^\\.\\.?/(.*/)?(${locals.map((s) => escape(basename(s).replace(/\.[cm]?js$/, ''))).join('|')})(\\.[cm]?js)?$`,
  );
  return {
    name: 'lazy-packages',
    setup(b) {
      if (packages.length > 0)
        b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
      if (locals.length > 0)
        b.onResolve({ filter: localFilter }, (args) => {
          const target = resolve(args.resolveDir, args.path);
          const local = locals.find((s) => [target, `${target}.js`].includes(join(root, s)));
          return local ? { path: local, namespace: 'lazy-package' } : undefined;
        });
      // The stand-in's require() of the vendor file stays a run-time require.
      b.onResolve({ filter: /\/vendor\/[\w./-]+\.cjs$/, namespace: 'lazy-package' }, (args) => ({
        path: args.path,
        external: true,
      }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const vendorFile = join(dist, 'vendor', LAZY_PACKAGES[args.path].file);
        let path = relative(outdir, vendorFile).split('\\').join('/');
        if (!path.startsWith('.')) path = `./${path}`;
        return { contents: standIn(args.path, path), loader: 'js', resolveDir: root };
      });
    },
  };
}

/**
 * The library's entry points, each built to dist/<name>.cjs, with dist/<name>.mjs an ES module
 * that re-exports the CommonJS bundle (so `import` and `require` in one program share one instance:
 * one StepthroughError class, one set of caches). package.json `exports` maps `./<name>` to both
 * (test/packaging/npm.test.ts checks every target is in the package). `stepthrough/vitest` and
 * `stepthrough/jest` are built by scripts/test-runner-bundles.mjs: they import the engine as the
 * package itself ('stepthrough'), so a test file and the matchers share this same instance.
 */
export const LIBRARY_ENTRIES = { core: 'core/index.ts' };

/**
 * The handler workers, beside the code that starts them (host/handlers/runtimes.ts looks in its own
 * folder): the Node worker bundled as handler-worker.js, the Python worker copied. The CLI's are in
 * dist/cli/; the VS Code extension's beside its extension.js (scripts/package-extension.mjs).
 */
export async function buildHandlerWorkers(outdir, options = {}) {
  mkdirSync(outdir, { recursive: true });
  copyFileSync(
    join(root, 'python', 'src', 'pytest_stepthrough', 'lambda_worker.py'),
    join(outdir, 'lambda_worker.py'),
  );
  return build({
    ...common,
    ...options,
    entryPoints: [join(root, 'host', 'handlers', 'workers', 'nodeWorker.ts')],
    format: 'cjs',
    outfile: join(outdir, 'handler-worker.js'),
  });
}

const common = {
  // jsonc-parser's "main" is a UMD build esbuild cannot follow; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none', // the licenses are in THIRD_PARTY_LICENSES.md
  logLevel: 'warning',
  metafile: true,
};

/**
 * The CLI: dist/cli.js and dist/cli/*.js, CommonJS (Node starts a CommonJS program faster than an
 * ES module one). esbuild splits code into chunks only for ES modules, so the CLI is built in two
 * passes: an ES-module build with splitting (one chunk per command, shared chunks for what several
 * use) into a scratch folder, then each chunk alone converted to CommonJS (imports become
 * require() calls; the source maps are carried through). The chunk graph has no cycles (a chunk
 * imports only chunks shared by more commands), so require() order keeps ES module semantics.
 */
async function buildCli(dist) {
  const scratch = join(dist, '.cli-esm');
  rmSync(scratch, { recursive: true, force: true });
  const split = await build({
    ...common,
    // The test worker is an entry of its own: `--workers` starts threads on dist/cli/test-worker.js.
    entryPoints: { cli: 'cli/main.ts', 'cli/test-worker': 'cli/testing/worker.ts' },
    format: 'esm',
    splitting: true,
    outdir: scratch,
    chunkNames: 'cli/[name]-[hash]',
    plugins: [lazyPackages(dist, join(dist, 'cli'))],
  });
  const outputs = Object.keys(split.metafile.outputs).filter((file) => file.endsWith('.js'));
  // The entry sits in dist/ and its chunks in dist/cli/; the stand-ins' vendor paths are computed
  // for dist/cli/, so the entry must import no lazy package itself.
  const entry = split.metafile.outputs[relative(root, join(scratch, 'cli.js'))];
  if (!entry || Object.keys(entry.inputs).some((input) => input.startsWith('lazy-package:'))) {
    throw new Error('build: dist/cli.js must hold no lazy package; keep them in command chunks');
  }
  await Promise.all(
    outputs.map((output) => {
      const file = relative(scratch, join(root, output));
      return build({
        ...common,
        metafile: false,
        bundle: false,
        entryPoints: [join(root, output)],
        format: 'cjs',
        supported: { 'dynamic-import': false }, // import() of a chunk becomes require()
        outfile: join(dist, file),
        ...(file === 'cli.js' ? { banner: { js: '#!/usr/bin/env node' } } : {}),
      });
    }),
  );
  rmSync(scratch, { recursive: true, force: true });
  return split;
}

/**
 * Builds everything into `dist`. Returns, for each output file (relative to `dist`), the source
 * files and packages it holds (paths relative to the repository).
 */
export async function buildAll({ dist = join(root, 'dist'), types = true } = {}) {
  rmSync(join(dist, 'cli'), { recursive: true, force: true });
  rmSync(join(dist, 'vendor'), { recursive: true, force: true });
  mkdirSync(join(dist, 'webview'), { recursive: true });
  const results = await Promise.all([
    ...buildVendors(dist),
    ...Object.entries(LIBRARY_ENTRIES).map(([name, source]) =>
      build({
        ...common,
        entryPoints: [source],
        format: 'cjs',
        outfile: join(dist, `${name}.cjs`),
        plugins: [lazyPackages(dist, dist)],
      }),
    ),
    ...testRunnerBuilds(dist).map((options) =>
      build({ ...options, sourcemap: true, sourcesContent: false, legalComments: 'none', metafile: true }),
    ),
    // The handler workers the CLI's chunks start, in dist/cli/.
    buildHandlerWorkers(join(dist, 'cli')),
    // Last: `contents` below reads the CLI's outputs from its scratch folder.
    buildCli(dist),
  ]);
  for (const name of Object.keys(LIBRARY_ENTRIES)) {
    writeFileSync(
      join(dist, `${name}.mjs`),
      `// The ES module entry of stepthrough/${name}: the CommonJS bundle's exports, one instance for both.\nexport * from './${name}.cjs';\n`,
    );
  }
  chmodSync(join(dist, 'cli.js'), 0o755);
  copyFileSync(join(root, 'webview', 'graph.css'), join(dist, 'webview', 'graph.css'));
  writeFileSync(
    join(dist, 'THIRD_PARTY_LICENSES.md'),
    thirdPartyLicenses(
      results.map((r) => r.metafile),
      root,
    ),
  );
  if (types) buildTypes(dist);
  const contents = {};
  for (const [index, result] of results.entries()) {
    for (const [output, info] of Object.entries(result.metafile.outputs)) {
      if (output.endsWith('.map')) continue;
      // The CLI's first pass wrote to a scratch folder; its files keep their names in dist/.
      const scratch = index === results.length - 1 ? join(dist, '.cli-esm') : dist;
      contents[relative(scratch, join(root, output))] = Object.keys(info.inputs);
    }
  }
  return contents;
}

/** Where declarations come from: the library's own projects. */
const TYPE_PROJECTS = ['core', 'test-runners'];

/**
 * The library's declarations into `dist`/types: `tsc -b` of the library's projects for the
 * development dist/ (incremental), else one program over their sources written straight there, so
 * a packaging build holds exactly the declarations of today's sources.
 */
function buildTypes(dist) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  let args = ['-b', ...TYPE_PROJECTS];
  if (dist !== join(root, 'dist')) {
    const config = join(dist, 'tsconfig.types.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(root, 'tsconfig.base.json'),
        compilerOptions: {
          rootDir: root,
          outDir: join(dist, 'types'),
          declaration: true,
          emitDeclarationOnly: true,
          composite: false,
          incremental: false,
          typeRoots: [join(root, 'node_modules', '@types')],
        },
        include: TYPE_PROJECTS.map((project) => join(root, project, '**', '*.ts')),
        exclude: [join(root, '**', '*.test.ts'), join(root, 'test-runners', 'examples', '**')],
      }),
    );
    args = ['-p', config];
  }
  const result = spawnSync(process.execPath, [tsc, ...args], { stdio: 'inherit', cwd: root });
  if (dist !== join(root, 'dist')) rmSync(join(dist, 'tsconfig.types.json'), { force: true });
  if (result.status !== 0) throw new Error(`build: tsc ${args.join(' ')} failed`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const at = process.argv.indexOf(name);
    return at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : undefined;
  };
  const dist = option('--dist');
  const contents = await buildAll({ ...(dist ? { dist } : {}), types: !process.argv.includes('--no-types') });
  const contentsFile = option('--contents');
  if (contentsFile) writeFileSync(contentsFile, `${JSON.stringify(contents, null, 2)}\n`);
}
