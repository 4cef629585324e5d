// What a Task calls, as mocks and task handlers see it: the integration (lambda:invoke, a bare
// Lambda function ARN, an activity, any other service), the function or activity it resolves to,
// and the task-handler contract shared by JavaScript (`taskHandlers`) and Python handlers:
//
//   - lambda:invoke (and .waitForTaskToken): the handler gets the request's `Payload` and returns the
//     function's result, which the engine wraps in the service envelope ({StatusCode, Payload, ...})
//     as AWS does (a callback task's result is what the callback sends: it is not wrapped);
//   - a bare function ARN: the handler gets the request (it is the function's payload) and returns
//     the function's result, which is the task's result;
//   - any other integration: the handler gets the request (Parameters/Arguments) and returns the
//     service's result.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';

export type Integration = 'lambdaInvoke' | 'lambdaCallback' | 'lambdaArn' | 'activity' | 'other';

const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;
const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke$/;
const LAMBDA_CALLBACK = /^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/;
const ACTIVITY = /^arn:[^:]+:states:[^:]*:[^:]*:activity:([^:]+)$/;

export function integrationOf(resource: string): Integration {
  if (LAMBDA_ARN.test(resource)) return 'lambdaArn';
  if (LAMBDA_INVOKE.test(resource)) return 'lambdaInvoke';
  if (LAMBDA_CALLBACK.test(resource)) return 'lambdaCallback';
  if (ACTIVITY.test(resource)) return 'activity';
  return 'other';
}

/** The function name in a name, `name:qualifier`, a partial ARN or a full ARN. */
export function functionNameOf(reference: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(reference);
  if (match?.[1]) return match[1];
  return reference.split(':')[0] ?? reference;
}

/** What a Task resolves to: the function (name and, when written as one, ARN) or the activity. */
export interface TaskTarget {
  integration: Integration;
  /** The Lambda function's name, when the Task invokes one that is known. */
  functionName?: string;
  /** The function reference when it is an ARN (`arn:aws:lambda:...:function:name[:qualifier]`). */
  functionArn?: string;
  activityName?: string;
  activityArn?: string;
}

/**
 * The function or activity of a Task, from its Resource and (for lambda:invoke) its FunctionName:
 * the literal one in the definition (`request` undefined) or the one of an evaluated request.
 * A FunctionName computed at run time (`FunctionName.$`, JSONata) is only known from the request.
 */
export function taskTarget(
  resource: string,
  request: JsonValue | undefined,
  definition?: JsonObject,
): TaskTarget {
  const integration = integrationOf(resource);
  const target: TaskTarget = { integration };
  if (integration === 'lambdaArn') {
    target.functionName = functionNameOf(resource);
    target.functionArn = resource;
  } else if (integration === 'lambdaInvoke' || integration === 'lambdaCallback') {
    const name = request !== undefined ? fieldOf(request, 'FunctionName') : literalFunctionName(definition);
    if (name !== undefined && name !== '') {
      target.functionName = functionNameOf(name);
      if (name.startsWith('arn:')) target.functionArn = name;
    }
  } else if (integration === 'activity') {
    target.activityName = ACTIVITY.exec(resource)?.[1];
    target.activityArn = resource;
  }
  return target;
}

function fieldOf(value: JsonValue, key: string): string | undefined {
  if (!isJsonObject(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

/** FunctionName written literally in Parameters or Arguments (not a path, not a JSONata expression). */
function literalFunctionName(state: JsonObject | undefined): string | undefined {
  if (state === undefined) return undefined;
  for (const field of ['Parameters', 'Arguments'] as const) {
    const name = fieldOf(state[field] ?? null, 'FunctionName');
    if (name !== undefined && !/^\s*\{%/.test(name)) return name;
  }
  return undefined;
}

/** What a handler receives: the Payload for lambda:invoke, the request itself otherwise. */
export function handlerEvent(integration: Integration, request: JsonValue): JsonValue {
  if (integration !== 'lambdaInvoke' && integration !== 'lambdaCallback') return request;
  const payload = isJsonObject(request) ? request.Payload : undefined;
  return payload === undefined ? {} : payload;
}

/** The value a `when:` matches against: the same as a handler's event. */
export const whenSubject = handlerEvent;

/**
 * A UUID-shaped id derived from `seed` (FNV-1a over four lanes), so reruns see the same Lambda
 * request ids; the version and variant digits make it look like the runtime's.
 */
export function requestIdFor(seed: string): string {
  let hex = '';
  for (let lane = 0; lane < 4; lane++) {
    let h = 0x811c9dc5 ^ (lane * 0x9e3779b1);
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    hex += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The lambda:invoke integration's result: the function's payload in the service envelope. */
export function lambdaInvokeEnvelope(payload: JsonValue, requestId: string): JsonObject {
  const length = String(utf8Length(JSON.stringify(payload) ?? 'null'));
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [length],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-RequestId': requestId,
        'Content-Length': length,
        'Content-Type': 'application/json',
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The handler's result as the task's result: wrapped in the envelope for lambda:invoke. */
export function taskResultOf(integration: Integration, value: JsonValue, requestId: string): JsonValue {
  return integration === 'lambdaInvoke' ? lambdaInvokeEnvelope(value, requestId) : value;
}

/** JSON with ", " and ": " separators, as the Lambda runtimes write their error object. */
export function spacedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (isJsonObject(value)) {
    const parts = Object.keys(value).map((k) => `${JSON.stringify(k)}: ${spacedJson(value[k] as JsonValue)}`);
    return `{${parts.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A handler's error object (the Lambda runtime's errorMessage / errorType / trace) as the task's
 * Cause: as the runtime wrote it (spaced JSON) for a bare function ARN, re-serialised compactly by
 * the lambda:invoke integration; text is kept as it is.
 */
export function causeText(cause: string | JsonObject, integration: Integration): string {
  if (typeof cause === 'string') return cause;
  return integration === 'lambdaArn' ? spacedJson(cause) : JSON.stringify(cause);
}
