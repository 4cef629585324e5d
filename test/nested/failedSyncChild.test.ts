// What the parent sees when a `.sync` child execution fails (issue #15: "a failed child fails the parent
// Task with AWS's error and cause"), and the evidence it rests on.
//
// Evidence. ../shared holds no recording of a startExecution.sync Task whose child failed: the first test
// lists every recording that names states:startExecution and checks that none is one (it fails, naming
// it, the day one is added: then match it here). So the choice rests on AWS's documentation and on the
// recorded success shape:
//   - the error: the Task fails with `States.TaskFailed` (AWS's developer guide, "Error handling in Step
//     Functions": States.TaskFailed, "a Task state failed during the execution"; the `.sync` pattern of
//     "Discover service integration patterns" waits for the job and fails the Task when the job fails);
//   - the cause: the child's DescribeExecution as JSON text, the shape the `.sync` integrations return
//     (recorded on success: ../shared/histories/service_integration/callback__start_execution_sync2,
//     event 6), with `Status: FAILED` and the `Error` and `Cause` DescribeExecution gives a FAILED
//     execution (AWS API reference, DescribeExecution: error / cause) instead of `Output`.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute, type JsonObject } from '../../core';
import { SHARED_ROOT, skipWithoutShared } from '../shared';

const HISTORIES = join(SHARED_ROOT, 'histories');
const CONFORMANCE = join(SHARED_ROOT, 'conformance');
const SYNC2 = join(HISTORIES, 'service_integration', 'callback__start_execution_sync2', 'history.json');

/** Every recorded case folder (conformance or histories) whose definition names states:startExecution. */
function recordingsNamingStartExecution(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name === 'definition.asl.json' &&
        readFileSync(path, 'utf8').includes('states:startExecution')
      )
        out.push(dir);
    }
  };
  walk(root);
  return out.sort();
}

interface Recorded {
  status?: string;
  events?: { type: string; taskFailedEventDetails?: { error?: string } }[];
}

describe(
  'a failed .sync child execution, in its parent',
  { skip: skipWithoutShared(HISTORIES) || skipWithoutShared(CONFORMANCE) },
  () => {
    it('../shared records no startExecution.sync Task whose child failed (the docs are the evidence)', () => {
      const found = [
        ...recordingsNamingStartExecution(CONFORMANCE),
        ...recordingsNamingStartExecution(HISTORIES),
      ];
      assert.ok(found.length >= 6, `the recordings naming states:startExecution: ${found.join(', ')}`);
      for (const dir of found) {
        const definition = readFileSync(join(dir, 'definition.asl.json'), 'utf8');
        if (!definition.includes('states:startExecution.sync')) continue; // plain startExecution: no child outcome
        const file = existsSync(join(dir, 'history.json')) ? 'history.json' : 'expected.json';
        const recorded = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Recorded;
        const failedTask = recorded.events?.some((e) => e.type === 'TaskFailed') ?? false;
        assert.ok(
          !failedTask && recorded.status !== 'FAILED',
          `${dir} records a failed startExecution.sync Task: match its error and cause in the tests below`,
        );
      }
    });

    it('fails the Task with States.TaskFailed, the cause the DescribeExecution shape AWS records, FAILED, with the child’s Error and Cause', async () => {
      const recorded = JSON.parse(readFileSync(SYNC2, 'utf8')) as {
        events: { type: string; taskSucceededEventDetails?: { output: JsonObject } }[];
      };
      const succeeded = recorded.events.find((e) => e.type === 'TaskSucceeded')?.taskSucceededEventDetails
        ?.output;
      assert.ok(succeeded, 'the recording holds the DescribeExecution of a child that succeeded');
      const result = await execute(
        {
          StartAt: 'Ship',
          States: {
            Ship: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.sync:2',
              Parameters: {
                StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child',
                Name: 'c-1',
              },
              End: true,
            },
          },
        },
        {
          machines: {
            Child: {
              StartAt: 'Boom',
              States: { Boom: { Type: 'Fail', Error: 'Courier.Unavailable', Cause: 'no van' } },
            },
          },
        },
      );
      assert.equal(result.status, 'FAILED');
      assert.equal(result.error, 'States.TaskFailed');
      const cause = JSON.parse(result.cause ?? '') as JsonObject;
      // Every field AWS recorded for a finished child, but its Output, which a FAILED execution has not.
      for (const key of Object.keys(succeeded).filter((k) => k !== 'Output' && k !== 'OutputDetails'))
        assert.ok(key in cause, `the cause lacks ${key}: ${result.cause}`);
      assert.equal(cause.Status, 'FAILED');
      assert.equal(cause.Error, 'Courier.Unavailable');
      assert.equal(cause.Cause, 'no van');
      assert.equal(cause.ExecutionArn, 'arn:aws:states:us-east-1:123456789012:execution:Child:c-1');
      assert.equal('Output' in cause, false);
      // The parent's history says so on the Task: TaskFailed with the same error and cause.
      const failed = result.events.find((e) => e.type === 'TaskFailed');
      assert.ok(failed?.type === 'TaskFailed');
      assert.equal(failed.taskFailedEventDetails.error, 'States.TaskFailed');
      assert.equal(failed.taskFailedEventDetails.cause, result.cause);
    });

    it('a child that timed out is described as AWS describes a timed-out execution: TIMED_OUT, no Error, no Cause', async () => {
      // Recorded: ../shared/conformance/timeouts/timeouts.test_global_timeout, AWS's DescribeExecution of
      // an execution past its TimeoutSeconds (its error and cause would be there had AWS reported any).
      const recorded = JSON.parse(
        readFileSync(join(CONFORMANCE, 'timeouts', 'timeouts.test_global_timeout', 'expected.json'), 'utf8'),
      ) as JsonObject;
      assert.equal(recorded.status, 'TIMED_OUT');
      assert.equal('error' in recorded || 'cause' in recorded, false);
      const definition = JSON.parse(
        readFileSync(
          join(CONFORMANCE, 'timeouts', 'timeouts.test_global_timeout', 'definition.asl.json'),
          'utf8',
        ),
      ) as JsonObject;
      const root = await execute(definition);
      assert.equal(root.status, 'TIMED_OUT');
      assert.equal(root.error, undefined);
      assert.equal(root.cause, undefined);
      // The same machine as a .sync child: its own result, and the DescribeExecution its parent fails with.
      const parent = await execute(
        {
          StartAt: 'Run',
          States: {
            Run: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.sync:2',
              Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Slow' },
              End: true,
            },
          },
        },
        { machines: { Slow: definition } },
      );
      const child = parent.childExecutions?.[0];
      assert.equal(child?.status, 'TIMED_OUT');
      assert.equal(child?.error, undefined);
      assert.equal(child?.cause, undefined);
      assert.equal(parent.error, 'States.TaskFailed');
      const cause = JSON.parse(parent.cause ?? '') as JsonObject;
      assert.equal(cause.Status, 'TIMED_OUT');
      assert.equal('Error' in cause || 'Cause' in cause, false, parent.cause);
    });
  },
);
