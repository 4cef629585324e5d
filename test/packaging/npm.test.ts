// The npm package as a user gets it: the tarball `npm run package` writes (npm pack of package.json's
// `files`) holds only what runs, and installs offline into a fresh folder outside the checkout:
// `npx stepthrough` runs, tests and validates an example, `require('stepthrough/core')` and `import`
// work and share one instance, the declarations type-check a consumer, and `npm install -g` into a
// temporary prefix puts `stepthrough` on PATH.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifact, baseEnv, outputOf, REPO_ROOT, runIn, scratchDir, VERSION } from './artifacts';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license: string;
  bin: Record<string, string>;
  main: string;
  types: string;
  exports: Record<string, { types: string; import: string; require: string } | string>;
  files: string[];
  dependencies?: Record<string, string>;
  engines: { node: string };
}

const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

function tarList(tarball: string): string[] {
  const listed = runIn(REPO_ROOT, 'tar', ['-tzf', tarball], { PATH: SYSTEM_PATH });
  assert.equal(listed.status, 0, outputOf(listed));
  return listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((name) => name.replace(/^package\//, ''));
}

function tarRead(tarball: string, name: string): string {
  const read = runIn(REPO_ROOT, 'tar', ['-xzOf', tarball, `package/${name}`], { PATH: SYSTEM_PATH });
  assert.equal(read.status, 0, outputOf(read));
  return read.stdout;
}

void describe('the npm tarball', () => {
  let tarball: string;
  let files: string[];
  let manifest: PackageJson;
  before(() => {
    tarball = artifact('npm');
    files = tarList(tarball);
    manifest = JSON.parse(tarRead(tarball, 'package.json')) as PackageJson;
  });

  void it('is publishable, installs no dependencies and names its command, entry points and types', () => {
    assert.equal(manifest.name, 'stepthrough');
    assert.equal(manifest.version, VERSION);
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.license, 'MIT');
    assert.deepEqual(manifest.dependencies ?? {}, {}, 'the bundles carry every runtime dependency');
    assert.deepEqual(manifest.bin, { stepthrough: 'dist/cli.js' });
    assert.match(tarRead(tarball, 'dist/cli.js'), /^#!\/usr\/bin\/env node\n/);
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      const targets = typeof target === 'string' ? [target] : Object.values(target);
      for (const file of targets) {
        assert.ok(
          files.includes(file.replace(/^\.\//, '')),
          `exports['${subpath}'] names ${file}, not in the package`,
        );
      }
    }
    assert.ok(files.includes(manifest.types), `types ${manifest.types} is not in the package`);
    assert.ok(files.includes(manifest.main));
  });

  void it('holds only what runs: bundles, vendor files, declarations, schemas and the documents', () => {
    const allowed = [
      /^package\.json$/,
      /^README\.md$/,
      /^LICENSE$/,
      /^CHANGELOG\.md$/,
      /^schemas\/[\w.-]+\.json$/,
      /^dist\/cli\.js$/,
      /^dist\/cli\/[\w-]+\.js$/, // the command chunks and test-worker.js
      /^dist\/(core|vitest|jest)\.(cjs|mjs)$/,
      /^dist\/vendor\/[\w.-]+\.cjs$/,
      /^dist\/vendor\/hcl2json\/(lib\/index\.cjs|main\.wasm\.gz)$/,
      /^dist\/webview\/graph\.css$/,
      /^dist\/types\/(core|test-runners)\/[\w/.-]+\.d\.ts$/,
      /^dist\/THIRD_PARTY_LICENSES\.md$/,
    ];
    const stray = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
    assert.deepEqual(stray, [], 'files that do not belong in the npm package');
    for (const needed of ['LICENSE', 'CHANGELOG.md', 'README.md', 'schemas/sfn-test.schema.json']) {
      assert.ok(files.includes(needed), `${needed} is missing`);
    }
    assert.match(tarRead(tarball, 'LICENSE'), /^MIT License/);
    assert.match(tarRead(tarball, 'CHANGELOG.md'), new RegExp(`## \\[${VERSION.replace(/\./g, '\\.')}\\]`));
    const notice = tarRead(tarball, 'dist/THIRD_PARTY_LICENSES.md');
    for (const bundled of ['jsonata', 'yaml', 'elkjs', 'vscode-languageserver', '@vscode/debugadapter']) {
      assert.match(notice, new RegExp(`^- ${bundled.replace('/', '\\/')} `, 'm'), `${bundled} license`);
    }
  });
});

void describe('installed from the tarball into a fresh folder, offline', () => {
  let project: string;
  let env: Record<string, string>;
  before(() => {
    const tarball = artifact('npm');
    const scratch = scratchDir('npm-install');
    project = join(scratch, 'project');
    mkdirSync(project);
    env = baseEnv(scratch, SYSTEM_PATH);
    writeFileSync(join(project, 'package.json'), '{ "name": "user-project", "private": true }\n');
    const install = runIn(project, 'npm', ['install', '--offline', tarball], env);
    assert.equal(install.status, 0, outputOf(install));
    cpSync(join(REPO_ROOT, 'examples', 'order'), join(project, 'machines'), { recursive: true });
  });

  void it('`npx stepthrough --version` prints the version', () => {
    const version = runIn(project, 'npx', ['--offline', 'stepthrough', '--version'], env);
    assert.equal(version.status, 0, outputOf(version));
    assert.equal(version.stdout.trim(), `stepthrough ${VERSION}`);
  });

  void it('`npx stepthrough run`, `validate` and `test` work on the example', () => {
    const run = runIn(
      project,
      'npx',
      [
        '--offline',
        'stepthrough',
        'run',
        'machines/order.asl.json',
        '--input',
        'machines/order.input.json',
        '--mocks',
        'machines/order.mocks.json',
        '--json',
      ],
      env,
    );
    assert.equal(run.status, 0, outputOf(run));
    assert.equal((JSON.parse(run.stdout) as { status: string }).status, 'SUCCEEDED');
    const validate = runIn(
      project,
      'npx',
      ['--offline', 'stepthrough', 'validate', 'machines/order.asl.json'],
      env,
    );
    assert.equal(validate.status, 0, outputOf(validate));
    const test = runIn(project, 'npx', ['--offline', 'stepthrough', 'test'], env);
    assert.equal(test.status, 0, outputOf(test));
    assert.match(test.stdout, /Cases: 11 passed, 11 total/);
    // The worker threads start from the package's own worker script.
    const workers = runIn(project, 'npx', ['--offline', 'stepthrough', 'test', '--workers', '2'], env);
    assert.equal(workers.status, 0, outputOf(workers));
    assert.match(workers.stdout, /Cases: 11 passed, 11 total/);
  });

  void it('`require` and `import` load the library, one instance for both', () => {
    writeFileSync(
      join(project, 'use.cjs'),
      `const { execute, StepthroughError } = require('stepthrough/core');
const root = require('stepthrough');
execute({ StartAt: 'A', States: { A: { Type: 'Pass', Result: 7, End: true } } }).then(async (r) => {
  const esm = await import('stepthrough/core');
  console.log(JSON.stringify({ status: r.status, output: r.output, same: esm.StepthroughError === StepthroughError && root.execute === execute }));
});
`,
    );
    writeFileSync(
      join(project, 'use.mjs'),
      `import { execute, validate } from 'stepthrough/core';
const r = await execute('{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":"{% $sum([1,2,3]) %}","End":true}}}');
console.log(JSON.stringify({ status: r.status, output: r.output, diagnostics: validate('{}', { fileName: 'x.asl.json' }).length }));
`,
    );
    const cjs = runIn(project, 'node', ['use.cjs'], env);
    assert.equal(cjs.status, 0, outputOf(cjs));
    assert.deepEqual(JSON.parse(cjs.stdout), { status: 'SUCCEEDED', output: 7, same: true });
    const esm = runIn(project, 'node', ['use.mjs'], env);
    assert.equal(esm.status, 0, outputOf(esm));
    const parsed = JSON.parse(esm.stdout) as { status: string; output: number; diagnostics: number };
    assert.equal(parsed.status, 'SUCCEEDED');
    assert.equal(parsed.output, 6);
    assert.ok(parsed.diagnostics > 0, 'validate() reports an empty definition');
  });

  void it('the declarations type-check a TypeScript consumer, with no other package installed', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { execute, validate, StepthroughError, type ExecutionResult, type Diagnostic } from 'stepthrough/core';
export async function check(): Promise<string> {
  const result: ExecutionResult = await execute({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }, { input: { a: 1 } });
  const problems: Diagnostic[] = validate('{}', { fileName: 'x.asl.json' });
  const error = new StepthroughError('E_USAGE', 'example');
  return \`\${result.status} \${problems.length} \${error.code}\`;
}
`,
    );
    // No @types/node, no other package: the declarations must stand on their own (skipLibCheck off).
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = runIn(
      project,
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      env,
    );
    assert.equal(tsc.status, 0, outputOf(tsc));
  });
});

void describe('npm install -g from the tarball', () => {
  void it('puts `stepthrough` on PATH', () => {
    const tarball = artifact('npm');
    const scratch = scratchDir('npm-global');
    const prefix = join(scratch, 'prefix');
    const env = { ...baseEnv(scratch, SYSTEM_PATH), npm_config_prefix: prefix };
    const install = runIn(scratch, 'npm', ['install', '--global', '--offline', tarball], env);
    assert.equal(install.status, 0, outputOf(install));
    const onPath = { ...env, PATH: `${join(prefix, 'bin')}:${SYSTEM_PATH}` };
    const which = runIn(scratch, 'sh', ['-c', 'command -v stepthrough'], onPath);
    assert.equal(which.stdout.trim(), join(prefix, 'bin', 'stepthrough'), outputOf(which));
    const version = runIn(scratch, 'stepthrough', ['--version'], onPath);
    assert.equal(version.status, 0, outputOf(version));
    assert.equal(version.stdout.trim(), `stepthrough ${VERSION}`);
    const machine = join(scratch, 'hello.asl.json');
    writeFileSync(machine, readFileSync(join(REPO_ROOT, 'examples', 'order', 'order.asl.json')));
    const validate = runIn(scratch, 'stepthrough', ['validate', machine], onPath);
    assert.equal(validate.status, 0, outputOf(validate));
  });
});
