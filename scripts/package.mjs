// `npm run package`: builds every artefact a user installs, into dist/ (or --out DIR):
//   stepthrough-<version>.tgz             the npm package: `npm pack` of the package.json `files`
//   pytest_stepthrough-<version>-py3-none-any.whl and pytest_stepthrough-<version>.tar.gz
//                                          the pytest plugin, carrying the built engine
//   stepthrough-<version>.vsix             the VS Code extension (scripts/package-extension.mjs)
// Each is built from the sources in a staging folder, so packaging never reads or changes dist/'s
// development build, and two packagings can run at once into different folders.
// Usage: node scripts/package.mjs [--out DIR] [--only npm,python,vscode]
// Environment: PYTHON, the interpreter that builds the wheel (default /usr/bin/python3; it needs
// setuptools and wheel: apt-get install python3-setuptools python3-wheel — no network is used).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';
import { packageExtension } from './package-extension.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const VERSION = rootPackage.version;
export const KINDS = ['npm', 'python', 'vscode'];

/** The engine files the wheel carries: the CLI and what it loads (no library, no types). */
const ENGINE_FILES = ['cli.js', 'cli', 'vendor', 'webview', 'THIRD_PARTY_LICENSES.md'];

function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(
      `package: ${command} ${args.join(' ')} failed (${why})\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  return result.stdout;
}

/** The npm tarball: the package.json, documents and a fresh build, packed by npm itself. */
async function packNpm(staging, out) {
  const stage = join(staging, 'npm');
  mkdirSync(stage, { recursive: true });
  for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'schemas']) {
    cpSync(join(root, file), join(stage, file), { recursive: true });
  }
  await buildAll({ dist: join(stage, 'dist') });
  const packed = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: stage,
      env: { ...process.env, npm_config_ignore_scripts: 'true', npm_config_update_notifier: 'false' },
    }),
  );
  return join(out, packed[0].filename);
}

/** Python with setuptools and wheel, or an error saying what to install. */
function wheelBuilder() {
  const python = process.env.PYTHON || '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import setuptools, wheel'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `package: ${python} cannot build the wheel (it needs setuptools and wheel): ` +
        'apt-get install python3-setuptools python3-wheel, or set PYTHON to an interpreter that has them.',
    );
  }
  return python;
}

/** The wheel and sdist: python/ with the built engine inside the package (pytest_stepthrough/engine). */
async function packPython(staging, out) {
  const python = wheelBuilder();
  const stage = join(staging, 'python');
  const pyproject = readFileSync(join(root, 'python', 'pyproject.toml'), 'utf8');
  const declared = /^version\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1];
  if (declared !== VERSION) {
    throw new Error(
      `package: python/pyproject.toml says version ${declared}, package.json ${VERSION}; make them equal`,
    );
  }
  mkdirSync(stage, { recursive: true });
  for (const file of ['pyproject.toml', 'README.md', 'src']) {
    cpSync(join(root, 'python', file), join(stage, file), {
      recursive: true,
      filter: (path) => !/(__pycache__|\.egg-info|\.pyc)$/.test(path),
    });
  }
  cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  const engineBuild = join(staging, 'engine-build');
  await buildAll({ dist: engineBuild, types: false });
  const engine = join(stage, 'src', 'pytest_stepthrough', 'engine');
  for (const file of ENGINE_FILES) {
    cpSync(join(engineBuild, file), join(engine, file), {
      recursive: true,
      filter: (path) => !path.endsWith('.map'),
    });
  }
  // One process per artefact (setuptools keeps command state between builds in one process, and
  // a second build there lands in the first one's removed folder). It logs to stdout too: the file
  // name is the line marked ARTIFACT.
  const built = ['build_wheel', 'build_sdist'].map((hook) => {
    const output = run(
      python,
      [
        '-c',
        `import sys\nfrom setuptools import build_meta\nprint("ARTIFACT " + build_meta.${hook}(sys.argv[1]))`,
        out,
      ],
      { cwd: stage, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', SOURCE_DATE_EPOCH: '315532800' } },
    );
    const line = output.split('\n').find((text) => text.startsWith('ARTIFACT '));
    if (!line) throw new Error(`package: setuptools ${hook} named no file:\n${output}`);
    return line.slice('ARTIFACT '.length);
  });
  return built.map((name) => join(out, name.trim()));
}

/** Builds the artefacts of `only` (default all) into `out`; returns their paths by kind. */
export async function packageAll({ out = join(root, 'dist'), only = KINDS } = {}) {
  out = resolve(out);
  const staging = join(out, '.staging');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const artifacts = {};
  try {
    if (only.includes('npm')) artifacts.npm = await packNpm(staging, out);
    if (only.includes('python')) [artifacts.wheel, artifacts.sdist] = await packPython(staging, out);
    if (only.includes('vscode')) {
      artifacts.vsix = await packageExtension({
        out: join(out, `stepthrough-${VERSION}.vsix`),
        staging: join(staging, 'vscode'),
      });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return artifacts;
}

function option(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const only = option('--only')?.split(',') ?? KINDS;
  const unknown = only.filter((kind) => !KINDS.includes(kind));
  if (unknown.length > 0) {
    console.error(`package: unknown --only ${unknown.join(',')} (use ${KINDS.join(', ')})`);
    process.exit(2);
  }
  try {
    const out = resolve(option('--out') ?? join(root, 'dist'));
    const artifacts = await packageAll({ out, only });
    for (const path of Object.values(artifacts)) {
      console.log(`package: ${basename(path)}  ${(statSync(path).size / 1024).toFixed(0)} KiB`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
