// Execution operations: StartExecution (with Step Functions Local's `#TestCase` suffix picking a
// MockConfigFile test case), StartSyncExecution (EXPRESS), DescribeExecution,
// DescribeStateMachineForExecution, StopExecution, ListExecutions and GetExecutionHistory. As on AWS:
// StartExecution with the name and input of a RUNNING standard execution returns that execution, any
// other reuse of a name is ExecutionAlreadyExists; the operations AWS keeps no record for on express
// executions refuse their ARNs; executions are listed newest first.

import { randomUUID } from 'node:crypto';
import {
  MAX_INPUT_DEPTH,
  mockConfigFile,
  StepthroughError,
  type JsonValue,
  type MockSource,
} from '../../core';
import { checkName, executionArn, parseArn } from '../arns';
import type { Backend } from '../backend';
import {
  ApiError,
  executionAlreadyExists,
  executionDoesNotExist,
  invalidExecutionInput,
  resourceNotFound,
  resourceTypeNotInContext,
  typeNotSupported,
} from '../errors';
import { ExecutionRun } from '../execution';
import { historyPage } from '../history';
import { pageAfterKey } from '../paging';
import { resolveStateMachine } from './stateMachines';
import { epochSeconds, flag, integer, text, type Input, type Operation } from './types';

/** How deeply a JSON text nests (counted on the text: no recursion, whatever its depth). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function parseInput(inputText: string): JsonValue {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(inputText) as JsonValue;
  } catch (err) {
    throw invalidExecutionInput(err instanceof Error ? err.message : String(err));
  }
  if (nestingDepth(inputText) > MAX_INPUT_DEPTH)
    throw invalidExecutionInput(`The input nests deeper than ${MAX_INPUT_DEPTH} levels.`);
  return parsed;
}

function testCaseMocks(backend: Backend, machineName: string, testCase: string): MockSource {
  const config = backend.options.mockConfig;
  if (!config) {
    throw new ApiError(
      'ValidationException',
      `The state machine ARN names the test case '${testCase}', but the server has no mock config: start it with --mock-config FILE or SFN_MOCK_CONFIG=FILE.`,
    );
  }
  try {
    return mockConfigFile(config.spec, machineName, testCase, config.origin);
  } catch (err) {
    if (err instanceof StepthroughError) throw new ApiError('ValidationException', err.message);
    throw err;
  }
}

function start(backend: Backend, input: Input, express: boolean): ExecutionRun {
  const { machine, version, testCase } = resolveStateMachine(backend, input.stateMachineArn as string, true);
  if (express && machine.type !== 'EXPRESS') throw typeNotSupported();
  const name = checkName(text(input, 'name') ?? randomUUID());
  const inputText = text(input, 'input') ?? '{}';
  const parsed = parseInput(inputText);
  const arn = executionArn(machine.arn, name, machine.type === 'EXPRESS' ? { id: randomUUID() } : undefined);
  const existing = backend.executions.get(arn);
  if (existing) {
    if (
      existing.status === 'RUNNING' &&
      existing.inputText === inputText &&
      machine.type === 'STANDARD' &&
      !express
    )
      return existing;
    throw executionAlreadyExists(arn);
  }
  const run = new ExecutionRun({
    arn,
    name,
    machine,
    ...(version ? { versionArn: version.arn } : {}),
    definition: version?.definition ?? machine.definition,
    roleArn: version?.roleArn ?? machine.roleArn,
    inputText,
    input: parsed,
    ...(testCase !== undefined ? { mocks: testCaseMocks(backend, machine.name, testCase) } : {}),
    ...(backend.options.lambdaEndpoint ? { lambdaEndpoint: backend.options.lambdaEndpoint } : {}),
    time: backend.time,
    clock: backend.clock,
    onChange: () => backend.changed(),
  });
  backend.executions.set(arn, run);
  return run;
}

const startExecution: Operation = (backend, input) => {
  const run = start(backend, input, false);
  return { executionArn: run.arn, startDate: epochSeconds(run.startDate) };
};

const startSyncExecution: Operation = async (backend, input, request) => {
  const run = start(backend, input, true);
  const stopOnHangUp = (): void =>
    void run.stopNow('Stepthrough.ClientDisconnected', 'The caller stopped waiting.');
  request.signal.addEventListener('abort', stopOnHangUp, { once: true });
  try {
    await run.settled();
  } finally {
    request.signal.removeEventListener('abort', stopOnHangUp);
  }
  const { output, error, cause } = run.outcome;
  const out: Record<string, unknown> = {
    executionArn: run.arn,
    stateMachineArn: run.machineArn,
    name: run.name,
    startDate: epochSeconds(run.startDate),
    stopDate: epochSeconds(run.stopDate ?? run.startDate),
    status: run.status === 'ABORTED' ? 'FAILED' : run.status,
    input: run.inputText,
    inputDetails: { included: true },
    billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 },
  };
  if (output !== undefined) {
    out.output = output;
    out.outputDetails = { included: true };
  }
  if (error !== undefined) out.error = error;
  if (cause !== undefined) out.cause = cause;
  return out;
};

/** A standard execution the API knows; express ARNs are refused as AWS refuses them here. */
export function findExecution(backend: Backend, arn: string): ExecutionRun {
  const parsed = parseArn(arn, ['execution', 'express']);
  if (parsed.type === 'express') throw resourceTypeNotInContext('express');
  const run = backend.executions.get(arn);
  if (!run) throw executionDoesNotExist(arn);
  return run;
}

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

const describeExecution: Operation = (backend, input) => {
  const run = findExecution(backend, input.executionArn as string);
  const status = run.status;
  const { output, error, cause } = run.outcome;
  const out: Record<string, unknown> = {
    executionArn: run.arn,
    stateMachineArn: run.machineArn,
    name: run.name,
    status,
    startDate: epochSeconds(run.startDate),
    input: run.inputText,
    inputDetails: { included: true },
    redriveCount: 0,
    redriveStatus: REDRIVABLE.has(status) ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
  };
  if (!REDRIVABLE.has(status)) out.redriveStatusReason = `Execution is ${status} and cannot be redriven`;
  const stopDate = run.stopDate;
  if (stopDate !== undefined) out.stopDate = epochSeconds(stopDate);
  if (output !== undefined) {
    out.output = output;
    out.outputDetails = { included: true };
  }
  if (error !== undefined) out.error = error;
  if (cause !== undefined) out.cause = cause;
  if (run.versionArn !== undefined) out.stateMachineVersionArn = run.versionArn;
  return out;
};

const describeStateMachineForExecution: Operation = (backend, input) => {
  const run = findExecution(backend, input.executionArn as string);
  const machine = backend.machines.get(run.machineArn);
  return {
    stateMachineArn: run.versionArn ?? run.machineArn,
    name: run.machineName,
    definition: run.definition,
    roleArn: run.roleArn,
    updateDate: epochSeconds(run.machineUpdated),
    ...(machine
      ? {
          loggingConfiguration: machine.loggingConfiguration,
          tracingConfiguration: machine.tracingConfiguration,
        }
      : {}),
  };
};

const stopExecution: Operation = (backend, input) => {
  const run = findExecution(backend, input.executionArn as string);
  return { stopDate: epochSeconds(run.stopNow(text(input, 'error'), text(input, 'cause'))) };
};

const listExecutions: Operation = (backend, input) => {
  const machineArn = text(input, 'stateMachineArn');
  const mapRunArn = text(input, 'mapRunArn');
  if (mapRunArn !== undefined) throw resourceNotFound(mapRunArn);
  if (machineArn === undefined)
    throw new ApiError(
      'ValidationException',
      '1 validation error detected: Must provide a StateMachine ARN or MapRun ARN',
    );
  const { machine, version } = resolveStateMachine(backend, machineArn);
  if (machine.type !== 'STANDARD') throw typeNotSupported();
  const statusFilter = text(input, 'statusFilter');
  const redriven = text(input, 'redriveFilter') === 'REDRIVEN';
  const runs = [...backend.executions.values()]
    .filter((run) => run.machineArn === machine.arn && (!version || run.versionArn === version.arn))
    .filter((run) => !redriven && (statusFilter === undefined || run.status === statusFilter))
    .reverse();
  const { page, nextToken } = pageAfterKey(
    runs,
    (run) => run.arn,
    `ListExecutions ${machineArn} ${statusFilter ?? ''} ${redriven}`,
    integer(input, 'maxResults'),
    text(input, 'nextToken'),
  );
  return {
    executions: page.map((run) => {
      const stopDate = run.stopDate;
      return {
        executionArn: run.arn,
        stateMachineArn: run.machineArn,
        name: run.name,
        status: run.status,
        startDate: epochSeconds(run.startDate),
        ...(stopDate !== undefined ? { stopDate: epochSeconds(stopDate) } : {}),
        ...(run.versionArn !== undefined ? { stateMachineVersionArn: run.versionArn } : {}),
        redriveCount: 0,
      };
    }),
    ...(nextToken ? { nextToken } : {}),
  };
};

const getExecutionHistory: Operation = (backend, input) => {
  const run = findExecution(backend, input.executionArn as string);
  return historyPage(run.history(), {
    executionArn: run.arn,
    maxResults: integer(input, 'maxResults'),
    reverseOrder: flag(input, 'reverseOrder'),
    nextToken: text(input, 'nextToken'),
    includeExecutionData: flag(input, 'includeExecutionData'),
  });
};

export const EXECUTION_OPERATIONS: Record<string, Operation> = {
  StartExecution: startExecution,
  StartSyncExecution: startSyncExecution,
  DescribeExecution: describeExecution,
  DescribeStateMachineForExecution: describeStateMachineForExecution,
  StopExecution: stopExecution,
  ListExecutions: listExecutions,
  GetExecutionHistory: getExecutionHistory,
};
