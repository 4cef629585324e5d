// readTestFileRole: the `stateMachine` and `role` of a test file, read through injected file access.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readTestFileRole } from './testFileRole';
import type { TestFileIO } from './model';

function memoryIO(files: Record<string, string>): TestFileIO {
  return {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    resolve: (from, rel) => `${from.slice(0, from.lastIndexOf('/'))}/${rel.replace(/^\.\//, '')}`,
  };
}

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }],
});

describe('readTestFileRole', () => {
  test('resolves the machine and reads a role file, even when the cases are unfinished', () => {
    const io = memoryIO({
      '/w/order.sfn-test.yaml': 'stateMachine: ./order.asl.json\nrole: role.json\ncases:\n  - name:\n',
      '/w/role.json': POLICY,
    });
    const found = readTestFileRole('/w/order.sfn-test.yaml', io);
    assert.equal(found?.machineFile, '/w/order.asl.json');
    assert.deepEqual(found?.role?.files, ['/w/role.json']);
    assert.deepEqual(
      found?.role?.statements.map((s) => s.actions),
      [['lambda:InvokeFunction']],
    );
    assert.deepEqual(found?.problems, []);
  });

  test('a missing role file is a problem with its location, and no role', () => {
    const io = memoryIO({ '/w/t.sfn-test.yaml': 'stateMachine: m.asl.json\nrole: nowhere.json\n' });
    const found = readTestFileRole('/w/t.sfn-test.yaml', io);
    assert.equal(found?.role, undefined);
    assert.equal(found?.problems.length, 1);
    assert.match(found?.problems[0]?.message ?? '', /nowhere\.json.*does not exist/);
    assert.equal(found?.problems[0]?.line, 2);
    assert.deepEqual(found?.roleFiles, ['/w/nowhere.json'], 'the file to watch for, though it is missing');
  });

  test('a file that names no state machine, or cannot be read, declares nothing', () => {
    const io = memoryIO({ '/w/x.sfn-test.yaml': 'cases: []\n' });
    assert.equal(readTestFileRole('/w/x.sfn-test.yaml', io), undefined);
    assert.equal(readTestFileRole('/w/absent.sfn-test.yaml', io), undefined);
  });
});
