// The data in ../shared (AWS recordings, corpora) is read in place. When a folder is absent, a suite
// that needs it skips and says so, except where STEPTHROUGH_SHARED_REQUIRED=1 (CI sets it): there
// the absence is a failure, so a missing ../shared can never pass for a green run.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

export const SHARED_ROOT = resolve(__dirname, '../../shared');

export function sharedRequired(): boolean {
  return process.env['STEPTHROUGH_SHARED_REQUIRED'] === '1';
}

/**
 * True when `../shared/<folder>/<marker>` exists. Otherwise registers one test that skips (or, when
 * required, fails) naming what is missing, and returns false.
 */
export function sharedFolderPresent(folder: string, marker: string, what: string): boolean {
  const path = resolve(SHARED_ROOT, folder, marker);
  if (existsSync(path)) return true;
  const reason = `../shared/${folder} is absent (looked for ${path}); ${what} were not run`;
  test(`${what} (../shared/${folder})`, (t) => {
    if (sharedRequired()) throw new Error(`${reason}, and STEPTHROUGH_SHARED_REQUIRED=1 requires them`);
    t.skip(reason);
  });
  return false;
}

/**
 * The `skip` option of a suite that reads `path` (inside ../shared): false when it is there; the
 * reason to skip when it is not. Throws when it is missing and STEPTHROUGH_SHARED_REQUIRED=1.
 */
export function skipWithoutShared(path: string): false | string {
  if (existsSync(path)) return false;
  const reason = `${path} is absent (../shared is not checked out beside the repository)`;
  if (sharedRequired()) throw new Error(`${reason}, and STEPTHROUGH_SHARED_REQUIRED=1: the suite must run`);
  return reason;
}

/** What the suites read in ../shared. */
export const SHARED_FOLDERS = {
  conformance: join(SHARED_ROOT, 'conformance', 'INDEX.tsv'),
  corpus: join(SHARED_ROOT, 'corpus'),
  corpusIac: join(SHARED_ROOT, 'corpus-iac'),
  histories: join(SHARED_ROOT, 'histories'),
} as const;
