// The engine's history has AWS's shape: every history recorded on AWS in ../shared/histories (see its
// README) is run again with its recorded input and mocks made from its recorded task results, and each
// event must match the recorded one in type, id, previousEventId, details field and the names of the
// details' fields (values are not compared: the recorder redacted many). A case that cannot match is
// listed below with its reason; a listed case that starts matching fails the test, so the list stays true.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { execute } from '../../core';
import { isNormalised, loadHistoryCases, mocksFromHistory, recordedValue, shapeOf } from './shapes';

const ROOT = resolve(__dirname, '../../../shared/histories');

const TASK_TOKEN_CALLBACKS =
  'A callback (.waitForTaskToken, .sync) or an Activity: AWS writes TaskSubmitted/Activity* events for the wait, which the engine does not model yet (callbacks and Activities are later work).';
const NORMALISED =
  "The recorder normalised this Parallel block (README, 'Parallel-normalised histories'): ids inside it are not AWS's.";

/** Cases that cannot match, and why. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'errors/activities__activity_task_on_deleted':
    'AWS refused the Task because its Activity had been deleted: a check on AWS resources, not on the definition.',
  'errors/apigetway_task_service__invoke_with_headers__singleStringHeader':
    "AWS's API Gateway integration refused the request's Headers before the call: integration-specific parameter validation the engine does not do.",
  'map/assign_reference_variables__reference_in_map_state_max_items_path__MAP_STATE_REFERENCE_IN__2d08768c':
    'The ItemReader read an S3 object the history does not hold, so no items can be given to the run.',
  'map/scenarios.base_scenarios__map_state_config_distributed_reentrant_lambda':
    'The child executions ran a Lambda whose results live in their own histories, which were not recorded: no mocks exist for it.',
  'map/scenarios.base_scenarios__map_state_config_distributed_reentrant':
    "Recorded in May 2024, when AWS linked a Distributed Map's MapStateExited to MapRunSucceeded; the recordings of November 2024 link it to MapRunStarted, which the engine follows.",
  'service_integration/callback__start_execution_sync2': TASK_TOKEN_CALLBACKS,
  'service_integration/credentials_base__cross_account_states_start_sync_execution__SFN_START_EXECUTION_SYNC_ROLE_95133859':
    TASK_TOKEN_CALLBACKS,
};

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
      const key = `${c.category}/${c.name}`;
      const reason =
        c.category === 'callback'
          ? TASK_TOKEN_CALLBACKS
          : isNormalised(c.events)
            ? NORMALISED
            : KNOWN_DIFFERENCES[key];
      const started = c.events[0] as { executionStartedEventDetails?: { input?: unknown } };
      const result = await execute(c.definition, {
        input: recordedValue(started.executionStartedEventDetails?.input),
        mocks: mocksFromHistory(c.events),
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
