// Helpers of the TestState tests (teststate.test.ts, refusals.test.ts): the response with its JSON
// strings parsed, a refused request, and the Pass state of LocalStack's IO_PASS_STATE recordings.

import assert from 'node:assert/strict';
import { testState, TestStateError } from '.';
import type { TestStateRequest, TestStateResponse } from './model';

export type Parsed = Record<string, unknown>;

/** The response with its JSON strings parsed (output, inspection stages, variables). */
export function parsed(response: TestStateResponse): Parsed {
  const out: Parsed = { ...response };
  if (response.output !== undefined) out.output = JSON.parse(response.output) as unknown;
  if (response.inspectionData) {
    const data: Parsed = {};
    for (const [key, value] of Object.entries(response.inspectionData)) {
      data[key] = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    }
    out.inspectionData = data;
  }
  return out;
}

export const run = async (request: TestStateRequest): Promise<Parsed> => parsed(await testState(request));
export const json = (value: unknown): string => JSON.stringify(value);

export async function refused(request: unknown, exception: string, message: RegExp): Promise<void> {
  await assert.rejects(testState(request), (e: unknown) => {
    assert.ok(e instanceof TestStateError, String(e));
    assert.equal(e.exception, exception);
    assert.match(e.message, message);
    return true;
  });
}

export const IO_PASS = json({
  Type: 'Pass',
  InputPath: '$.initialData',
  Parameters: { staticValue: 'some value', 'inputValue.$': '$.fieldFromInput' },
  ResultPath: '$.modifiedData',
  End: true,
});
export const NESTED_INPUT = {
  initialData: { fieldFromInput: 'value from input', otherField: 'other' },
  unrelatedData: { someOtherField: 1234 },
};
export const IO_OUTPUT = {
  ...NESTED_INPUT,
  modifiedData: { staticValue: 'some value', inputValue: 'value from input' },
};
