// CI must run the suites over ../shared (the AWS conformance recordings and the corpora), never skip
// them: with STEPTHROUGH_SHARED_REQUIRED=1 (set by .ci/run) a missing folder fails here.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { SHARED_FOLDERS, sharedRequired, skipWithoutShared } from './shared';

test(
  '../shared is present when CI requires it',
  { skip: sharedRequired() ? false : 'STEPTHROUGH_SHARED_REQUIRED is not 1' },
  () => {
    for (const [name, path] of Object.entries(SHARED_FOLDERS))
      assert.ok(existsSync(path), `${name}: ${path} is missing`);
  },
);

test('a missing ../shared folder skips a suite, or fails it when required', () => {
  const saved = process.env.STEPTHROUGH_SHARED_REQUIRED;
  try {
    delete process.env.STEPTHROUGH_SHARED_REQUIRED;
    assert.match(String(skipWithoutShared('/nonexistent/shared/corpus')), /is absent/);
    process.env.STEPTHROUGH_SHARED_REQUIRED = '1';
    assert.throws(
      () => skipWithoutShared('/nonexistent/shared/corpus'),
      /STEPTHROUGH_SHARED_REQUIRED=1: the suite must run/,
    );
    assert.equal(skipWithoutShared(__dirname), false);
  } finally {
    if (saved === undefined) delete process.env.STEPTHROUGH_SHARED_REQUIRED;
    else process.env.STEPTHROUGH_SHARED_REQUIRED = saved;
  }
});
