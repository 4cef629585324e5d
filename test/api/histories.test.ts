// GetExecutionHistory answers with the shapes AWS recorded (issue #16, "Proof"): every history in
// ../shared/histories the engine can run (test/histories: the same cases, the same known differences)
// is run again through the API, as a Step Functions Local suite would run it (a MockConfigFile test
// case answering each Task with the recorded results, `#TestCase` on the ARN), and each event of the
// history the API returns must match the recorded one in type, id, previousEventId, details field and
// the names of the details' fields; payloads are JSON text, as on AWS. Nothing else is on the wire beside
// AWS's fields: the harness checks every answer against the service model (unknown members included).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { importHistory, type JsonValue } from '../../core';
import {
  knownDifference,
  loadHistoryCases,
  shapeOf,
  withActivityArns,
  type HistoryCase,
} from '../histories/shapes';
import { eventually, ROLE, startHarness, type ApiHarness } from './harness';

const ROOT = resolve(__dirname, '../../../shared/histories');
const ACCOUNT = '111111111111';

/**
 * The recorder replaced names in the definitions by placeholders (`<lambda_function_name>`,
 * ../shared/histories/README.md "Redaction conventions") that AWS's name rules refuse; AWS created the
 * machines with real names, so the placeholders become names before CreateStateMachine judges them.
 */
const unredacted = (definition: unknown): string =>
  JSON.stringify(definition).replace(/<([A-Za-z0-9_-]+)>/g, '$1');

/**
 * One MockConfigFile for every case: machine H<i>, test case Recorded, each Task state answered with the
 * results AWS recorded for it, in the order recorded (core's importHistory reads them from the history).
 */
function mockConfig(cases: HistoryCase[]): unknown {
  const StateMachines: Record<string, unknown> = {};
  const MockedResponses: Record<string, unknown> = {};
  cases.forEach((c, i) => {
    const testCase: Record<string, string> = {};
    for (const [state, entries] of Object.entries(importHistory(c.events, c.definition).mocks)) {
      const name = `H${i}.${state}`;
      testCase[state] = name;
      MockedResponses[name] = Object.fromEntries(
        entries.map((entry, n) => [
          String(n),
          entry.throw
            ? { Throw: { Error: entry.throw.error, Cause: entry.throw.cause ?? '' } }
            : { Return: entry.return ?? null },
        ]),
      );
    }
    StateMachines[`H${i}`] = { TestCases: { Recorded: testCase } };
  });
  return { StateMachines, MockedResponses };
}

if (!existsSync(join(ROOT, 'INDEX.tsv'))) {
  void it('AWS execution histories through the API', (t) => {
    t.skip(`../shared/histories is absent (looked in ${ROOT}); the recorded histories were not compared`);
  });
} else {
  const cases = loadHistoryCases(ROOT).filter((c) => knownDifference(c) === undefined);

  void describe('GetExecutionHistory has the shapes AWS recorded', () => {
    let api: ApiHarness;
    before(async () => {
      api = await startHarness({
        accountId: ACCOUNT,
        mockConfig: { spec: mockConfig(cases), origin: 'recorded-histories.json' },
      });
    });
    after(() => api.close());

    void it('for every recorded history the engine can run', async () => {
      assert.ok(cases.length >= 85, `expected most recorded histories to be compared, got ${cases.length}`);
      const differing: string[] = [];
      for (const [i, c] of cases.entries()) {
        const key = `${c.category}/${c.name}`;
        const created = await api.sfn.send(
          new CreateStateMachineCommand({
            name: `H${i}`,
            definition: unredacted(withActivityArns(c.definition)),
            roleArn: ROLE,
          }),
        );
        const input: JsonValue = importHistory(c.events, c.definition).input;
        const { executionArn } = await api.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: `${created.stateMachineArn}#Recorded`,
            input: JSON.stringify(input),
          }),
        );
        await eventually(async () => {
          const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
          return d.status === 'RUNNING' ? undefined : d;
        }, `${key} to end`);
        const events: HistoryEvent[] = [];
        let nextToken: string | undefined;
        do {
          const page = await api.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
          events.push(...(page.events ?? []));
          nextToken = page.nextToken;
        } while (nextToken);
        const got = events.map((e) => shapeOf(e as unknown as Record<string, unknown>));
        const want = c.events.map(shapeOf);
        const at = want.findIndex((shape, n) => shape !== got[n]);
        if (at >= 0 || want.length !== got.length) {
          const n = at < 0 ? want.length : at;
          differing.push(
            `${key} at event ${n + 1}: recorded ${want[n] ?? '(none)'}, ours ${got[n] ?? '(none)'}`,
          );
        }
        for (const event of events) {
          const details = Object.entries(event).find(([field]) => field.endsWith('EventDetails'))?.[1] as
            Record<string, unknown> | undefined;
          for (const payload of ['input', 'output', 'parameters'] as const) {
            if (details && payload in details && typeof details[payload] !== 'string')
              differing.push(`${key}: ${String(event.type)}.${payload} is not JSON text`);
          }
        }
      }
      assert.deepEqual(differing, []);
    });
  });
}
