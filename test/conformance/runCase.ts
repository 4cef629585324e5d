// Runs one recorded conformance case through the interpreter with the recorder's fixed values.

import {
  execute,
  simpleMocks,
  type ExecutionObserver,
  type ExecutionResult,
  type JsonObject,
  type JsonValue,
} from '../../core';
import type { ConformanceCase } from './compare';

export async function runConformanceCase(
  c: ConformanceCase,
  observer?: ExecutionObserver,
): Promise<ExecutionResult> {
  const mocks = c.expected.mocks ? simpleMocks(c.expected.mocks, `${c.name}/expected.json`) : undefined;
  return execute(c.definition as JsonObject, {
    input: c.input as JsonValue,
    mocks,
    // The recorder replaced the account id and the role ARN by these values.
    accountId: '111111111111',
    roleArn: 'snf_role_arn',
    startTime: '2025-01-01T00:00:00.000Z',
    observer,
  });
}
