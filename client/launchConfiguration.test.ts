// Tests of the launch configurations F5 and the Run/Debug commands use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { completeLaunchConfiguration, launchConfigurationFor, siblingFiles } from './launchConfiguration';

test('input and mocks files next to the definition are picked up, JSON first', () => {
  const present = new Set(['/w/order.input.yaml', '/w/order.input.json', '/w/order.mocks.yml']);
  assert.deepEqual(
    siblingFiles('/w/order.asl.json', (p) => present.has(p)),
    {
      inputFile: join('/w', 'order.input.json'),
      mocks: join('/w', 'order.mocks.yml'),
    },
  );
  assert.deepEqual(
    siblingFiles('/w/other.asl.json', (p) => present.has(p)),
    {},
  );
});

test('a launch configuration for a file: empty input without an input file, role and stop on entry', () => {
  const none = launchConfigurationFor('/w/a.asl.json', () => false, { cwd: '/w' });
  assert.deepEqual(none, {
    type: 'stepthrough',
    request: 'launch',
    name: 'Stepthrough: a.asl.json',
    definition: '/w/a.asl.json',
    cwd: '/w',
    input: {},
  });
  const full = launchConfigurationFor('/w/a.asl.json', (p) => p === join('/w', 'a.input.json'), {
    cwd: '/w',
    role: 'arn:aws:iam::123456789012:role/r',
    stopOnEntry: true,
  });
  assert.equal(full.inputFile, join('/w', 'a.input.json'));
  assert.equal(full.input, undefined);
  assert.equal(full.role, 'arn:aws:iam::123456789012:role/r');
  assert.equal(full.stopOnEntry, true);
});

test('F5 without launch.json debugs the active state machine, or nothing', () => {
  const config = completeLaunchConfiguration({}, '/w/a.asl.json', () => false, { cwd: '/w' });
  assert.equal(config?.definition, '/w/a.asl.json');
  assert.equal(config?.type, 'stepthrough');
  assert.equal(
    completeLaunchConfiguration({}, undefined, () => false, { cwd: '/w' }),
    undefined,
  );
});

test('a partial launch.json entry keeps what it gives and gets the defaults it lacks', () => {
  const given = {
    type: 'stepthrough',
    request: 'launch',
    name: 'Case',
    testFile: 't.sfn-test.yaml',
    case: 'ok',
  };
  const config = completeLaunchConfiguration(given, '/w/a.asl.json', () => false, {
    cwd: '/w',
    role: '/w/role.json',
  });
  assert.equal(config?.definition, undefined, 'a test file names its own state machine');
  assert.equal(config?.testFile, 't.sfn-test.yaml');
  assert.equal(config?.cwd, '/w');
  assert.equal(config?.role, '/w/role.json');
  const explicit = completeLaunchConfiguration(
    { type: 'stepthrough', request: 'launch', name: 'X', cwd: '/elsewhere', role: 'arn:x' },
    '/w/a.asl.json',
    () => false,
    { cwd: '/w', role: '/w/role.json' },
  );
  assert.equal(explicit?.definition, '/w/a.asl.json');
  assert.equal(explicit?.cwd, '/elsewhere');
  assert.equal(explicit?.role, 'arn:x');
  assert.equal(
    completeLaunchConfiguration({ type: 'stepthrough', name: 'X' }, undefined, () => false, { cwd: '/w' }),
    undefined,
  );
});
