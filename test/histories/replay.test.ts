// `stepthrough import-history` on every execution recorded on AWS in ../shared/histories (see its
// README): each imported case, run by the test runner as `stepthrough test` runs it, must replay to the
// recorded status, top-level path and, where the history carries it, the output (or error and cause).
// A case that cannot is listed in replay-known-gaps.json with its reason and is never counted as
// passing; a listed case that starts passing fails this test, so the list stays true.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { loadTestFile, runTestFiles } from '../../core';
import { capturedContext } from '../../cli/capturedContext';
import { importHistoryCommand } from '../../cli/commands/import-history';
import { testFileIO, nodeFileAccess } from '../../host';
import { loadHistoryCases } from './shapes';

const ROOT = resolve(__dirname, '../../../shared/histories');
const KNOWN_GAPS = JSON.parse(readFileSync(join(__dirname, 'replay-known-gaps.json'), 'utf8')) as Record<
  string,
  string
>;
const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-replay-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

if (!existsSync(join(ROOT, 'INDEX.tsv'))) {
  test('replaying AWS execution histories', (t) => {
    t.skip(`../shared/histories is absent (looked in ${ROOT}); no history was replayed`);
  });
} else {
  test('every execution recorded on AWS replays from its imported case, or is a listed gap', async () => {
    const io = testFileIO(nodeFileAccess());
    const failing: string[] = [];
    const nowPassing: string[] = [];
    let passed = 0;
    const cases = loadHistoryCases(ROOT);
    for (const c of cases) {
      const key = `${c.category}/${c.name}`;
      const out = join(scratch, `${c.name}.sfn-test.yaml`);
      // The recorder put placeholders into names AWS's rules refuse (README "Redaction conventions"):
      // AWS accepted the machines with their real names, so the case is written with validate: false.
      const ctx = capturedContext([join(c.dir, 'history.json')], {
        definition: join(c.dir, 'definition.asl.json'),
        out,
        'no-validate': true,
      });
      assert.equal(await importHistoryCommand(ctx), 0, key);
      // The expectation is the recorded outcome, as meta.json states it independently of the importer.
      const meta = JSON.parse(readFileSync(join(c.dir, 'meta.json'), 'utf8')) as { status: string };
      const loaded = loadTestFile(out, io);
      assert.ok(loaded.ok, `${key}: ${JSON.stringify(loaded.ok ? '' : loaded.problems)}`);
      const expect = loaded.spec.cases[0]?.expect;
      assert.equal(expect?.status, meta.status, key);
      assert.ok((expect?.path?.length ?? 0) > 0, `${key}: no path expected`);
      const last = c.events[c.events.length - 1] as {
        executionSucceededEventDetails?: { output?: unknown };
        executionFailedEventDetails?: { error?: unknown; cause?: unknown };
      };
      if (last.executionSucceededEventDetails?.output !== undefined)
        assert.notEqual(expect?.output, undefined, `${key}: the recorded output is not expected`);
      const failure = last.executionFailedEventDetails;
      assert.equal(expect?.error !== undefined, failure?.error !== undefined, `${key}: the recorded error`);
      assert.equal(expect?.cause !== undefined, failure?.cause !== undefined, `${key}: the recorded cause`);

      const suite = await runTestFiles([out], io);
      const result = suite.files[0]?.cases[0];
      const ok = result?.outcome === 'passed';
      const gap = KNOWN_GAPS[key];
      if (gap !== undefined) {
        if (ok) nowPassing.push(key);
        // A gap must be announced by the import itself, never a silent wrong mock.
        assert.ok(
          ctx.err.some((line) => line.includes('warning:')),
          `${key}: imported without a warning`,
        );
        continue;
      }
      if (ok) passed++;
      else
        failing.push(
          `${key}: ${result?.outcome ?? 'not run'} ${(result?.failures ?? []).map((f) => f.message).join(' | ')}`,
        );
    }
    assert.deepEqual(nowPassing, [], 'listed in replay-known-gaps.json but now replaying: remove them');
    assert.deepEqual(failing, []);
    assert.equal(passed + Object.keys(KNOWN_GAPS).length, cases.length);
    assert.ok(passed >= 100, `expected most recorded executions to replay, ${passed} did`);
  });
}
