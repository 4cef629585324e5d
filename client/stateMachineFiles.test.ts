// Tests of state machine detection and of the launch configurations F5 and the Run/Debug commands use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  completeLaunchConfiguration,
  isStateMachineDocument,
  launchConfigurationFor,
  siblingFiles,
} from './stateMachineFiles';

const MACHINE = '{ "StartAt": "A", "States": { "A": { "Type": "Succeed" } } }';
const MACHINE_YAML = 'StartAt: A\nStates:\n  A:\n    Type: Succeed\n';

test('ASL languages and file names are state machines whatever their text', () => {
  assert.ok(isStateMachineDocument({ languageId: 'asl', fileName: '/w/x.json', text: '{}' }, false));
  assert.ok(isStateMachineDocument({ languageId: 'asl-yaml', fileName: '/w/x.yaml', text: '' }, false));
  assert.ok(isStateMachineDocument({ languageId: 'json', fileName: '/w/flow.asl.json', text: '{}' }, false));
});

test('plain JSON and YAML are state machines only when detection is on and they look like one', () => {
  const json = { languageId: 'json', fileName: '/w/flow.json', text: MACHINE };
  const yaml = { languageId: 'yaml', fileName: '/w/flow.yaml', text: MACHINE_YAML };
  assert.ok(isStateMachineDocument(json, true));
  assert.ok(isStateMachineDocument(yaml, true));
  assert.ok(!isStateMachineDocument(json, false));
  assert.ok(
    !isStateMachineDocument({ languageId: 'json', fileName: '/w/package.json', text: '{"name":"x"}' }, true),
  );
  assert.ok(!isStateMachineDocument({ languageId: 'typescript', fileName: '/w/a.ts', text: MACHINE }, true));
});

test('a plain file with States but no StartAt is a state machine when detection is on; a States list is not', () => {
  const onlyStates = {
    languageId: 'json',
    fileName: '/w/flow.json',
    text: '{"States": {"A": {"Type": "Pass"}}}',
  };
  assert.ok(isStateMachineDocument(onlyStates, true));
  assert.ok(!isStateMachineDocument(onlyStates, false));
  assert.ok(
    !isStateMachineDocument({ languageId: 'json', fileName: '/w/us.json', text: '{"States": ["CA"]}' }, true),
  );
});

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
