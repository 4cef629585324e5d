// LAMBDA_ENDPOINT, as Step Functions Local has it: a Task that calls a Lambda function and has no mock
// (`arn:aws:states:::lambda:invoke`, or a function ARN as the Resource) is sent to a Lambda API endpoint
// (such as `sam local start-lambda`) with the Lambda Invoke protocol
// (POST /2015-03-31/functions/<name>/invocations). The forwarder is a task handler under core's one
// contract (core/mocks/targets.ts): it gets the function's payload and returns the function's result,
// and the engine gives the state machine what AWS does (for lambda:invoke the service envelope, for a
// function ARN the bare result). A function error fails the Task with its errorType (cause: its error
// object, compact JSON for lambda:invoke, as written for a function ARN); a Lambda service error
// (404 ...) fails it with `Lambda.<ErrorCode>` and AWS's cause wording (recorded in
// ../shared/conformance error_handling/task_service_lambda.test_no_such_function).

import {
  StatesError,
  definitionModel,
  integrationOf,
  parseDocument,
  type JsonValue,
  type TaskHandler,
} from '../core';

export interface LambdaTask {
  kind: 'invoke' | 'function';
  resource: string;
}

/** The Task states of a definition (nested ones included) that call a Lambda function, by name. */
export function lambdaTaskStates(definition: string): Map<string, LambdaTask> {
  const found = new Map<string, LambdaTask>();
  const model = definitionModel(parseDocument(definition, { format: 'json' }));
  for (const state of model.states) {
    if (state.type !== 'Task' || !state.node) continue;
    const resource = state.node.properties.find((p) => p.key === 'Resource')?.value;
    if (resource?.kind !== 'string' || typeof resource.value !== 'string') continue;
    const integration = integrationOf(resource.value);
    if (integration === 'lambdaInvoke') found.set(state.name, { kind: 'invoke', resource: resource.value });
    else if (integration === 'lambdaArn')
      found.set(state.name, { kind: 'function', resource: resource.value });
  }
  return found;
}

/** `Name`, `Name:alias`, `123456789012:function:Name`, or a function ARN -> the name and qualifier. */
export function functionTarget(reference: string): { name: string; qualifier?: string } {
  const arn = /^(?:arn:[^:]+:lambda:[^:]*:)?(?:\d{12}:)?function:([^:]+)(?::(.+))?$/.exec(reference);
  const [name, qualifier] = arn ? [arn[1] ?? '', arn[2]] : reference.split(':', 2);
  return qualifier ? { name: name ?? reference, qualifier } : { name: name ?? reference };
}

interface LambdaAnswer {
  status: number;
  body: string;
  headers: Headers;
}

async function invoke(
  endpoint: string,
  functionName: string,
  payload: string,
  signal: AbortSignal,
): Promise<LambdaAnswer> {
  const { name, qualifier } = functionTarget(functionName);
  const url = new URL(
    `2015-03-31/functions/${encodeURIComponent(name)}/invocations`,
    endpoint.endsWith('/') ? endpoint : `${endpoint}/`,
  );
  if (qualifier) url.searchParams.set('Qualifier', qualifier);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Amz-Invocation-Type': 'RequestResponse' },
      body: payload,
      signal,
    });
    return { status: response.status, body: await response.text(), headers: response.headers };
  } catch (err) {
    if (signal.aborted)
      throw new StatesError('States.Runtime', 'The execution was stopped while the Lambda function ran.');
    const reason =
      err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new StatesError(
      'Stepthrough.LambdaEndpointError',
      `The Lambda endpoint ${endpoint} could not be reached for ${functionName}: ${reason}. Start it (e.g. sam local start-lambda) or mock the state.`,
    );
  }
}

function parsed(text: string): JsonValue {
  if (text === '') return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** A Lambda service error (the function was not found, throttled, ...) as AWS reports it to the Task. */
function serviceError(answer: LambdaAnswer, functionName: string): StatesError {
  const body = parsed(answer.body);
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const headerType = answer.headers.get('x-amzn-errortype')?.split(':')[0];
  const code =
    headerType ??
    (typeof fields.__type === 'string' ? fields.__type.split('#').pop() : undefined) ??
    (typeof fields.Type === 'string' && fields.Type !== 'User' ? fields.Type : undefined) ??
    'ServiceException';
  const message =
    typeof fields.message === 'string'
      ? fields.message
      : typeof fields.Message === 'string'
        ? fields.Message
        : `Lambda answered ${answer.status} for ${functionName}`;
  const requestId = answer.headers.get('x-amzn-requestid') ?? '';
  return new StatesError(
    `Lambda.${code}`,
    `${message} (Service: AWSLambda; Status Code: ${answer.status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`,
  );
}

/** The function's own error (X-Amz-Function-Error): its errorType names the Task's error. */
function functionError(answer: LambdaAnswer, kind: 'invoke' | 'function'): StatesError {
  const body = parsed(answer.body);
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
  const error = typeof fields.errorType === 'string' ? fields.errorType : 'Lambda.Unknown';
  const cause =
    kind === 'invoke' && typeof body === 'object' && body !== null ? JSON.stringify(body) : answer.body;
  return new StatesError(error, cause);
}

export interface LambdaForwarding {
  endpoint: string;
  /** Called before each call with the execution's current virtual time (a paced execution waits here). */
  beforeCall?: () => Promise<void> | undefined;
  /** Called after each call (a paced execution re-anchors its clock: the engine's stood still meanwhile). */
  afterCall?: () => void;
  /** Aborted when the execution is stopped. */
  signal: AbortSignal;
}

/**
 * A task handler that forwards one Task state's calls to the Lambda endpoint. Under core's task-handler
 * contract it receives the function's payload (lambda:invoke's `Payload`, a function ARN's whole request)
 * and the function it calls (`invokedFunctionArn`: the FunctionName as written when it is an ARN, with
 * its qualifier, else the ARN of the named function), and returns the function's result.
 */
export function forwardingHandler({ kind }: LambdaTask, forwarding: LambdaForwarding): TaskHandler {
  return async (payload, context) => {
    const functionName = context.invokedFunctionArn;
    await forwarding.beforeCall?.();
    let answer: LambdaAnswer;
    try {
      answer = await invoke(forwarding.endpoint, functionName, JSON.stringify(payload), forwarding.signal);
    } finally {
      forwarding.afterCall?.();
    }
    if (answer.status < 200 || answer.status >= 300) throw serviceError(answer, functionName);
    if (answer.headers.has('x-amz-function-error')) throw functionError(answer, kind);
    return parsed(answer.body);
  };
}
