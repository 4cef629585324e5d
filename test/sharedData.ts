// Where the tests read ../shared (read in place, never copied) and what happens when it is absent:
// a suite says so and skips, except when STEPTHROUGH_SHARED_REQUIRED=1 (CI: .ci/run sets it), where a
// missing folder fails the suite: the conformance and corpus suites must run there, not skip.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The ../shared folder beside the repository. */
export const SHARED = resolve(__dirname, '..', '..', 'shared');

export function sharedRequired(): boolean {
  return process.env.STEPTHROUGH_SHARED_REQUIRED === '1';
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

/** The folders the suites read. */
export const SHARED_FOLDERS = {
  conformance: join(SHARED, 'conformance', 'INDEX.tsv'),
  corpus: join(SHARED, 'corpus'),
  corpusIac: join(SHARED, 'corpus-iac'),
  histories: join(SHARED, 'histories'),
} as const;
