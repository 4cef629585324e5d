// The engine's history has AWS's shape: every history recorded on AWS in ../shared/histories (see its
// README) is run again with its recorded input and mocks made from its recorded task results, and each
// event must match the recorded one in type, id, previousEventId, details field and the names of the
// details' fields (values are not compared: the recorder redacted many). A case that cannot match is
// listed below with its reason; a listed case that starts matching fails the test, so the list stays true.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { execute, importHistory, replayMocks } from '../../core';
import { knownDifference, loadHistoryCases, shapeOf, withActivityArns } from './shapes';

const ROOT = resolve(__dirname, '../../../shared/histories');

/** Besides AWS's fields, an event may carry Stepthrough's `scope` and `state` (events.ts). */
const EXTENSIONS = new Set(['scope', 'state']);
const AWS_FIELDS = new Set(['id', 'previousEventId', 'timestamp', 'type']);

if (!existsSync(join(ROOT, 'INDEX.tsv'))) {
  test('AWS execution histories', (t) => {
    t.skip(`../shared/histories is absent (looked in ${ROOT}); the recorded histories were not compared`);
  });
} else {
  test("every recorded AWS history the engine can run has the engine's history's shape", async () => {
    const cases = loadHistoryCases(ROOT);
    const differing: string[] = [];
    const unexpected: string[] = [];
    let compared = 0;
    for (const c of cases) {
      // A callback case's answers are its recorded task results (core/replay): a plain mock of a
      // Task that waits for its task token is the token's answer.
      const key = `${c.category}/${c.name}`;
      const reason = knownDifference(c);
      const definition = withActivityArns(c.definition);
      const replay = importHistory(c.events, definition);
      const result = await execute(definition, {
        input: replay.input,
        mocks: replayMocks(replay),
        // The recorder replaced the account id and the role ARN by these values.
        accountId: '111111111111',
        roleArn: 'snf_role_arn',
        // The recorder also replaced names in the definitions by placeholders (`<lambda_function_name>`,
        // ../shared/histories/README.md "Redaction conventions"), which AWS's name rules refuse; AWS
        // accepted the machines with their real names, so validation would judge the redaction.
        validate: false,
      });
      const ours = result.events as unknown as Record<string, unknown>[];
      for (const event of ours) {
        for (const field of Object.keys(event)) {
          if (!AWS_FIELDS.has(field) && !EXTENSIONS.has(field) && !field.endsWith('EventDetails')) {
            unexpected.push(`${key}: ${String(event.type)}.${field}`);
          }
        }
      }
      const want = c.events.map(shapeOf);
      const got = ours.map(shapeOf);
      const at = want.findIndex((shape, i) => shape !== got[i]);
      const matches = at < 0 && want.length === got.length;
      if (reason !== undefined) {
        assert.ok(!matches, `${key} now matches: remove it from the known differences (${reason})`);
        continue;
      }
      compared++;
      if (!matches) {
        const i = at < 0 ? want.length : at;
        differing.push(
          `${key} at event ${i + 1}: recorded ${want[i] ?? '(none)'}, ours ${got[i] ?? '(none)'}`,
        );
      }
    }
    assert.deepEqual(unexpected, [], "fields that are neither AWS's nor a documented extension");
    assert.ok(compared >= 85, `expected most of the recorded histories to be compared, compared ${compared}`);
    assert.deepEqual(differing, []);
  });
}
