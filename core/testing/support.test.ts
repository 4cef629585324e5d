// Tests of the runner's building blocks: first differences of JSON values, assertions on a run,
// test-file discovery and globs over an in-memory tree, the promise pool, and the published JSON
// Schema agreeing with the loader's keys.

import { describe, it } from 'node:test';
import { MOCK_ENTRY_KEYS, MOCK_THROW_KEYS } from './mockSpec';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CASE_KEYS,
  CONTEXT_KEYS,
  EXPECT_KEYS,
  STATE_EXPECT_KEYS,
  TOP_KEYS,
  checkExpectations,
  describeDifference,
  discoverTestFiles,
  firstDifference,
  globToRegExp,
  promisePool,
  type CaseRun,
  type DiscoveryIO,
} from './index';

void describe('firstDifference', () => {
  void it('finds the first changed, missing or unexpected value, with a JSONPath-like location', () => {
    assert.equal(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), undefined);
    assert.deepEqual(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }), {
      path: '$.a[1].b',
      kind: 'changed',
      expected: 2,
      actual: 3,
    });
    assert.deepEqual(firstDifference({ a: 1, b: 2 }, { a: 1 }), {
      path: '$.b',
      kind: 'missing',
      expected: 2,
    });
    assert.deepEqual(firstDifference({ a: 1 }, { a: 1, 'odd key': true }), {
      path: '$["odd key"]',
      kind: 'unexpected',
      actual: true,
    });
    assert.deepEqual(firstDifference([1, 2], [1]), { path: '$[1]', kind: 'missing', expected: 2 });
    assert.deepEqual(firstDifference([1], [1, 2]), { path: '$[1]', kind: 'unexpected', actual: 2 });
    assert.deepEqual(firstDifference({ n: '1' }, { n: 1 }), {
      path: '$.n',
      kind: 'type',
      expected: '1',
      actual: 1,
    });
    assert.equal(firstDifference({ x: 1.0, y: [] }, { y: [], x: 1 }), undefined);
  });

  void it('describes differences in one line', () => {
    assert.equal(
      describeDifference({ path: '$.a', kind: 'changed', expected: 'x', actual: 'y' }),
      'at $.a: expected "x", got "y"',
    );
    assert.equal(
      describeDifference({ path: '$.n', kind: 'type', expected: '1', actual: 1 }),
      'at $.n: expected string "1", got number 1',
    );
    assert.equal(
      describeDifference({ path: '$.b', kind: 'missing', expected: 2 }),
      'at $.b: missing (expected 2)',
    );
  });
});

void describe('checkExpectations', () => {
  const run: CaseRun = {
    summary: { status: 'SUCCEEDED', output: { id: 1, items: [1, 2], extra: true }, path: ['A', 'B'] },
    states: new Map([['B', { entered: 2, retries: 1, output: { ok: true }, error: 'Busy', cause: 'later' }]]),
    variables: { total: 3 },
  };

  void it('passes when everything matches, outputContains ignoring other keys', () => {
    const failures = checkExpectations(
      {
        outputContains: { items: [1, 2] },
        path: ['A', 'B'],
        variables: { total: 3 },
        states: {
          B: { entered: 2, attempts: 3, output: { ok: true }, error: 'Busy', cause: 'later' },
          C: { entered: 0 },
        },
      },
      run,
      false,
    );
    assert.deepEqual(failures, []);
  });

  void it('implies SUCCEEDED, or FAILED when an error is expected', () => {
    assert.deepEqual(
      checkExpectations({ error: 'Boom' }, run, false).map((f) => f.message),
      ['status: expected FAILED, got SUCCEEDED', 'error: expected "Boom", got none'],
    );
  });

  void it('explains each unmet expectation', () => {
    const failures = checkExpectations(
      {
        output: { id: 1 },
        path: ['A'],
        outputContains: { items: [2] },
        states: { C: { output: 1 }, B: { attempts: 1 } },
      },
      run,
      false,
    );
    assert.deepEqual(
      failures.map((f) => f.message),
      [
        'output differs at $.items: not expected (got [1,2])',
        'outputContains fails at $.items[0]: expected 2, got 1',
        'path differs at step 2: the run went on to B after the expected path ended',
        'C was never entered',
        'B attempts: expected 1, got 3',
      ],
    );
  });
});

function treeIO(paths: string[]): DiscoveryIO {
  const dirs = new Map<string, Set<string>>();
  const files = new Set(paths);
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = i === 0 ? '.' : parts.slice(0, i).join('/');
      const set = dirs.get(dir) ?? new Set<string>();
      set.add(parts[i] ?? '');
      dirs.set(dir, set);
    }
  }
  return {
    readDirectory(dir) {
      const entries = dirs.get(dir);
      if (!entries) throw new Error(`ENOTDIR ${dir}`);
      return [...entries].map((name) => ({
        name,
        directory: dirs.has(dir === '.' ? name : `${dir}/${name}`),
      }));
    },
    kind: (path) => (files.has(path) ? 'file' : dirs.has(path) ? 'directory' : undefined),
    join: (...parts) => parts.join('/'),
  };
}

void describe('discoverTestFiles', () => {
  const io = treeIO([
    'a/one.sfn-test.yaml',
    'a/two.sfn-test.json',
    'a/notes.yaml',
    'a/deep/three.sfn-test.yml',
    'node_modules/pkg/x.sfn-test.yaml',
    '.hidden/y.sfn-test.yaml',
    'b/other.yaml',
  ]);

  void it('walks the current directory by default, skipping node_modules and hidden directories', () => {
    assert.deepEqual(discoverTestFiles([], io), {
      files: ['a/deep/three.sfn-test.yml', 'a/one.sfn-test.yaml', 'a/two.sfn-test.json'],
      unmatched: [],
    });
  });

  void it('takes files as given, expands globs, and reports what matched nothing', () => {
    assert.deepEqual(discoverTestFiles(['b/other.yaml', 'a/*.sfn-test.*', 'a/**/*.yml', 'c/**'], io), {
      files: ['b/other.yaml', 'a/one.sfn-test.yaml', 'a/two.sfn-test.json', 'a/deep/three.sfn-test.yml'],
      unmatched: ['c/**'],
    });
    assert.deepEqual(discoverTestFiles(['a/**'], io).files, [
      'a/deep/three.sfn-test.yml',
      'a/one.sfn-test.yaml',
      'a/two.sfn-test.json',
    ]);
  });

  void it('translates globs: ** spans directories, * and ? stay within one, {a,b} alternates', () => {
    assert.equal(globToRegExp('a/**/*.yaml').test('a/x/y/z.yaml'), true);
    assert.equal(globToRegExp('a/**/*.yaml').test('a/z.yaml'), true);
    assert.equal(globToRegExp('a/*.yaml').test('a/x/z.yaml'), false);
    assert.equal(globToRegExp('a/?.{yaml,json}').test('a/b.json'), true);
    assert.equal(globToRegExp('a/?.{yaml,json}').test('a/bc.json'), false);
  });
});

void describe('promisePool', () => {
  void it('keeps results in task order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 9 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      await Promise.resolve();
      running--;
      return i * 2;
    });
    assert.deepEqual(await promisePool(tasks, 3), [0, 2, 4, 6, 8, 10, 12, 14, 16]);
    assert.equal(peak, 3);
    assert.deepEqual(await promisePool([], 3), []);
  });
});

void describe('the published JSON Schema (schemas/sfn-test.schema.json)', () => {
  interface SchemaObject {
    properties?: Record<string, unknown>;
    definitions?: Record<string, SchemaObject>;
  }
  const schema = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'schemas', 'sfn-test.schema.json'), 'utf8'),
  ) as SchemaObject;
  const keys = (object: SchemaObject | undefined): string[] => Object.keys(object?.properties ?? {}).sort();

  void it('declares exactly the keys the loader accepts', () => {
    assert.deepEqual(keys(schema), [...TOP_KEYS].sort());
    assert.deepEqual(keys(schema.definitions?.case), [...CASE_KEYS].sort());
    assert.deepEqual(keys(schema.definitions?.expectation), [...EXPECT_KEYS].sort());
    assert.deepEqual(keys(schema.definitions?.stateExpectation), [...STATE_EXPECT_KEYS].sort());
    assert.deepEqual(keys(schema.definitions?.context), [...CONTEXT_KEYS].sort());
    assert.deepEqual(keys(schema.definitions?.mockEntry), [...MOCK_ENTRY_KEYS].sort());
    assert.deepEqual(keys(schema.definitions?.throw), [...MOCK_THROW_KEYS].sort());
  });
});
