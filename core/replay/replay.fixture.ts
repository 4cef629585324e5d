// A recorded history for the replay tests, in the shape `aws stepfunctions get-execution-history
// --output json` prints (payloads as JSON text, no Stepthrough fields). It is made by
// running a Map whose two iterations call `Reserve` with different requests; the first item's call is
// throttled, retried, and slower than the second's, so the recorded results come in an order a replay
// without `when` would hand out to the wrong iterations.

import { execute } from '../interpreter';
import type { JsonObject } from '../json';

export const RESERVE_MACHINE: JsonObject = {
  StartAt: 'Reserve lines',
  States: {
    'Reserve lines': {
      Type: 'Map',
      ItemsPath: '$.lines',
      ItemProcessor: {
        StartAt: 'Reserve',
        States: {
          Reserve: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'reserve', 'Payload.$': '$' },
            ResultSelector: { 'reserved.$': '$.Payload' },
            Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 1 }],
            End: true,
          },
        },
      },
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
};

const INPUT = { lines: [{ sku: 'book-1' }, { sku: 'pen-3' }] };

/** Event fields AWS sends as JSON text. */
const TEXT_FIELDS = new Set(['input', 'output', 'parameters']);

function asCliEvent(event: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'scope' || key === 'state') continue;
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      const details: Record<string, unknown> = {};
      for (const [field, v] of Object.entries(value))
        details[field] = TEXT_FIELDS.has(field) ? JSON.stringify(v) : v;
      out[key] = details;
    } else out[key] = value;
  }
  return out;
}

/** The history's events as the CLI prints them (one page). */
export async function reserveHistory(): Promise<Record<string, unknown>[]> {
  const run = await execute(RESERVE_MACHINE, {
    input: INPUT,
    mocks: {
      Reserve: [
        {
          When: { sku: 'book-1' },
          Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'Rate exceeded' },
          Delay: 2,
        },
        {
          When: { sku: 'book-1' },
          Return: { StatusCode: 200, Payload: { sku: 'book-1', id: 'r-1' } },
          Delay: 5,
        },
        {
          When: { sku: 'pen-3' },
          Return: { StatusCode: 200, Payload: { sku: 'pen-3', id: 'r-2' } },
          Delay: 1,
        },
      ],
    },
  });
  if (run.status !== 'SUCCEEDED') throw new Error(`the fixture run ended ${run.status}`);
  return (run.events as unknown as Record<string, unknown>[]).map(asCliEvent);
}
