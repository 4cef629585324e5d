// The data in ../shared (AWS recordings, corpora) is read in place. When a folder is absent, a suite
// that needs it skips and says so, except where STEPTHROUGH_SHARED_REQUIRED=1 (CI sets it): there
// the absence is a failure, so a missing ../shared can never pass for a green run.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
