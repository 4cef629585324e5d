// A Task that starts another state machine's execution (`arn:aws:states:::states:startExecution`, `.sync`,
// `.sync:2`), as AWS's optimized Step Functions integration answers it:
//
//   - plain: the StartExecution response at once, `{ExecutionArn, StartDate}` with the SDK's HTTP metadata
//     (recorded: ../shared/conformance/services/sfn_task_service.test_start_execution); the child runs on;
//   - `.sync` / `.sync:2`: TaskSubmitted with that same response, then, when the child ends, the
//     DescribeExecution shape (`Input`/`Output` as JSON text for `.sync`, parsed for `.sync:2`; recorded:
//     ../shared/histories/service_integration/callback__start_execution_sync2 and the cross-account
//     `.sync` case beside it); a child that fails fails the Task with `States.TaskFailed` and that shape
//     (Status FAILED, Error, Cause) as JSON text in the cause.
//
// When the machine is mapped (ExecuteOptions.machines), it runs here as a child execution with its own
// history; otherwise a mock answers, and a `.sync` Task still writes TaskSubmitted first.

import { ErrorNames } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import type { MockResponse } from '../../mocks';
import { requestIdFor } from '../../mocks/targets';
import { NOT_TRUNCATED } from '../events';
import type { ChildSpec } from '../host';
import type { MaybePromise } from '../maybePromise';
import type { ChildExecutionResult } from '../options';
import { failed, reportResponse, timeOut, type ServiceCall } from './taskEvents';
import { settleCall } from './taskWait';

export type StartPattern = 'start' | 'sync' | 'sync:2';

/** The pattern of a `states:startExecution` resource; undefined for any other resource. */
export function startPatternOf(resource: string): StartPattern | undefined {
  const m = /^arn:[^:]+:states:::states:startExecution(\.sync(:2)?)?$/.exec(resource);
  if (!m) return undefined;
  return m[2] ? 'sync:2' : m[1] ? 'sync' : 'start';
}

/** What the request asks for: the machine, the execution's name and its input. */
interface StartRequest {
  stateMachineArn: string;
  name: string;
  executionArn: string;
  input: JsonValue;
}

/**
 * The request read as StartExecution reads it: `Input` as an object or as JSON text (absent or null is
 * `{}`: "If you don't include any JSON input data, you still must include the two braces", AWS's API
 * reference, and the recorded `.sync:2` run whose `Input: null` started the child with `{}`), `Name`
 * (else a name derived from the call, the same every run).
 */
function startRequestOf(call: ServiceCall): StartRequest {
  const request = isJsonObject(call.parameters) ? call.parameters : {};
  const arn = typeof request.StateMachineArn === 'string' ? request.StateMachineArn : '';
  const run = call.run;
  const name =
    typeof request.Name === 'string' && request.Name !== ''
      ? request.Name
      : requestIdFor(`${run.identity.executionArn}\n${run.name}\n${run.enteredEventId}`);
  const machineName = /:stateMachine:([^:]+)/.exec(arn)?.[1] ?? arn;
  const prefix = arn.slice(0, Math.max(0, arn.indexOf(':stateMachine:')));
  const executionArn = `${prefix}:execution:${machineName}:${name}`;
  let input: JsonValue = request.Input ?? {};
  if (typeof input === 'string') {
    try {
      input = JSON.parse(input) as JsonValue;
    } catch {
      failed(
        call,
        'StepFunctions.InvalidExecutionInputException',
        `Invalid State Machine Execution Input: '${input}' is not JSON (Service: AWSStepFunctions; Status Code: 400; Error Code: InvalidExecutionInput)`,
      );
    }
  }
  return { stateMachineArn: arn, name, executionArn, input };
}

/** AWS's StartExecution response as the integration passes it on (dates as epoch milliseconds). */
function startResponse(start: StartRequest, startMs: number): JsonObject {
  const requestId = requestIdFor(`${start.executionArn}\nstart`);
  // The API's own body: {"executionArn":...,"startDate":<epoch seconds>}.
  const length = String(
    JSON.stringify({ executionArn: start.executionArn, startDate: startMs / 1000 }).length,
  );
  const date = new Date(startMs).toUTCString();
  return {
    ExecutionArn: start.executionArn,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'x-amzn-RequestId': [requestId],
        connection: ['keep-alive'],
        'Content-Length': [length],
        Date: [date],
        'Content-Type': ['application/x-amz-json-1.0'],
      },
      HttpHeaders: {
        connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': 'application/x-amz-json-1.0',
        Date: date,
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StartDate: startMs,
  };
}

/** AWS writes TaskSubmitted, with the StartExecution response, for the child a `.sync` Task started. */
function submitted(call: ServiceCall, response: JsonObject): void {
  const { resourceType, resource } = call.target;
  call.run.record({
    type: 'TaskSubmitted',
    details: { resourceType, resource, output: response, outputDetails: NOT_TRUNCATED },
  });
}

/** A `.sync` Task answered by a mock: TaskSubmitted first, as AWS writes it, then the mock's answer. */
export function settleSyncMock(call: ServiceCall, response: MockResponse): MaybePromise<JsonValue> {
  if (response.kind === 'return' || response.kind === 'throw') {
    const start = startRequestOf(call);
    submitted(call, startResponse(start, call.run.host.now()));
  }
  return settleCall(call, response);
}

/** Runs the mapped machine as a child execution and answers the Task as AWS's integration does. */
export function runNestedExecution(
  call: ServiceCall,
  machine: JsonObject,
  pattern: StartPattern,
  machineKey: string,
): MaybePromise<JsonValue> {
  const { run } = call;
  const start = startRequestOf(call);
  const startMs = run.host.now();
  const response = startResponse(start, startMs);
  const spec: ChildSpec = {
    name: `Execution ${start.name}`,
    step: { state: run.name, kind: 'iteration', index: 0 },
    input: () => start.input,
    machine,
    basePath: [],
    queryLanguage: machine.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath',
    execution: {
      name: start.name,
      executionArn: start.executionArn,
      stateMachineArn: start.stateMachineArn,
      startedBy: 'startExecution',
      parentState: run.name,
      index: 0,
      parentExecutionArn: run.identity.executionArn,
      machineKey,
    },
  };
  if (pattern === 'start') {
    run.host.startExecution(run.thread, spec);
    return reportResponse(call, { kind: 'return', value: response });
  }
  submitted(call, response);
  return run.host.runExecution(run.thread, run.def, spec).then((child) => {
    // The child ran on the virtual clock; a Task that allows less time than it took timed out on AWS.
    if (run.host.now() - startMs > call.timeoutSeconds * 1000) timeOut(call, ErrorNames.Timeout);
    const described = describeExecution(child, start, startMs, run.host.now(), pattern === 'sync:2');
    if (child.status !== 'SUCCEEDED') failed(call, ErrorNames.TaskFailed, JSON.stringify(described));
    return reportResponse(call, { kind: 'return', value: described });
  });
}

/**
 * DescribeExecution of the ended child, as the `.sync` integrations return it (fields as recorded, in
 * AWS's order; Redrive* as AWS has written them since redrive launched in November 2023, recorded in the
 * cross-account `.sync` history).
 */
function describeExecution(
  child: ChildExecutionResult,
  start: StartRequest,
  startMs: number,
  stopMs: number,
  parsed: boolean,
): JsonObject {
  const text = (value: JsonValue): JsonValue => (parsed ? value : JSON.stringify(value));
  const out: JsonObject = {
    ExecutionArn: start.executionArn,
    Input: text(child.input),
    InputDetails: { Included: true },
    Name: start.name,
  };
  if (child.status === 'SUCCEEDED') {
    out.Output = text(child.output);
    out.OutputDetails = { Included: true };
  } else {
    if (child.error !== undefined) out.Error = child.error;
    if (child.cause !== undefined) out.Cause = child.cause;
  }
  out.RedriveCount = 0;
  if (child.status === 'SUCCEEDED') {
    out.RedriveStatus = 'NOT_REDRIVABLE';
    out.RedriveStatusReason = 'Execution is SUCCEEDED and cannot be redriven';
  } else out.RedriveStatus = 'REDRIVABLE';
  out.StartDate = startMs;
  out.StateMachineArn = start.stateMachineArn;
  out.Status = child.status;
  out.StopDate = stopMs;
  return out;
}
