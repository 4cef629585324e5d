// Every operation the server answers, by the name X-Amz-Target carries after `AWSStepFunctions.`.
// TestState is core's TestState function (the same one `stepthrough test-state` and test files use),
// its refusals answered under the exception names it gives them.

import { testState, TestStateError } from '../../core';
import { ApiError } from '../errors';
import { EXECUTION_OPERATIONS } from './executions';
import { STATE_MACHINE_OPERATIONS } from './stateMachines';
import { TASK_OPERATIONS } from './tasks';
import type { Operation } from './types';

const testStateOperation: Operation = async (backend, input, request) => {
  try {
    return await testState(input, {
      accountId: backend.scope.account,
      region: backend.scope.region,
      partition: backend.scope.partition,
      onStarted: (handle) => request.signal.addEventListener('abort', () => handle.abort(), { once: true }),
    });
  } catch (err) {
    if (err instanceof TestStateError)
      throw new ApiError(err.exception, err.hint ? `${err.message} ${err.hint}` : err.message);
    throw err;
  }
};

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...STATE_MACHINE_OPERATIONS,
  ...EXECUTION_OPERATIONS,
  ...TASK_OPERATIONS,
  TestState: testStateOperation,
};

export type { Operation, RequestContext } from './types';
