// Client-side task handlers for `stepthrough serve`: picks `{handler: "module:function"}` entries
// out of simple-form mocks, and turns each into an engine TaskHandler that calls back into the client
// with a Lambda-style event and context, then shapes the answer as the integration would (the
// lambda:invoke envelope, the Lambda error object as Cause).

import { createHash } from 'node:crypto';
import { StatesError, StepthroughError, type JsonObject, type JsonValue, type TaskHandler } from '../../core';
import { isJsonObject } from '../../core/json';
import type { HandlerCallContext, HandlerResultMessage, InvokeHandlerMessage } from '../serve-protocol';

/** Sends an `invokeHandler` call to the client and resolves with its answer. */
export type HandlerCaller = (
  call: Omit<InvokeHandlerMessage, 'type' | 'callId' | 'requestId'>,
) => Promise<HandlerResultMessage>;

const HANDLER_KEYS = ['handler', 'Handler'] as const;

function handlerName(entry: unknown): string | undefined {
  if (!isJsonObject(entry)) return undefined;
  const key = HANDLER_KEYS.find((k) => Object.prototype.hasOwnProperty.call(entry, k));
  if (key === undefined) return undefined;
  const name = entry[key];
  return typeof name === 'string' ? name : '';
}

function invalid(message: string, hint: string): StepthroughError {
  return new StepthroughError('E_INVALID_MOCKS', message, { hint });
}

/**
 * Splits simple-form mocks into static responses and handler names. A state's handler entry stands
 * alone (`{"handler": "orders.reserve:handler"}`, or a one-entry list of it): the handler answers
 * every call of that state. Throws E_INVALID_MOCKS for malformed handler entries.
 */
export function splitHandlerMocks(spec: JsonObject): { mocks: JsonObject; handlers: Record<string, string> } {
  const mocks: JsonObject = {};
  const handlers: Record<string, string> = {};
  for (const [state, raw] of Object.entries(spec)) {
    const entries: unknown[] = Array.isArray(raw) ? raw : [raw];
    const names = entries.map(handlerName);
    if (names.every((n) => n === undefined)) {
      mocks[state] = raw;
      continue;
    }
    const name = names[0];
    if (entries.length !== 1 || name === undefined) {
      throw invalid(
        `mocks for state "${state}": a handler entry cannot be mixed with other responses`,
        'Give the state either {"handler": "module:function"} alone (it answers every call) or Return/Throw entries.',
      );
    }
    const entry = entries[0] as JsonObject;
    const extra = Object.keys(entry).filter((k) => !(HANDLER_KEYS as readonly string[]).includes(k));
    if (extra.length > 0 || Object.keys(entry).length !== 1) {
      throw invalid(
        `mocks for state "${state}": a handler entry has only "handler"${extra.length > 0 ? ` (found ${extra.map((k) => `"${k}"`).join(', ')})` : ''}`,
        'Write {"handler": "module:function"}.',
      );
    }
    if (name === '') {
      throw invalid(
        `mocks for state "${state}": "handler" must name a function as "module:function"`,
        'Write e.g. {"handler": "orders.reserve:handler"}.',
      );
    }
    handlers[state] = name;
  }
  return { mocks, handlers };
}

type Integration = 'lambdaInvoke' | 'lambdaToken' | 'lambdaArn' | 'other';

function integrationOf(resource: string): Integration {
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource)) return 'lambdaArn';
  if (/^arn:[^:]+:states:::lambda:invoke$/.test(resource)) return 'lambdaInvoke';
  if (/^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'lambdaToken';
  return 'other';
}

/** The function name in a name, partial ARN or full ARN (`...:function:name[:qualifier]`). */
function functionNameOf(reference: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(reference);
  if (match?.[1]) return match[1];
  return reference.split(':')[0] ?? reference;
}

/** A UUID-shaped id derived from the call, so reruns see the same request ids. */
function requestIdFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface LambdaCall {
  integration: Integration;
  /** What the handler receives: the Payload for lambda:invoke, else the task's parameters. */
  event: JsonValue;
  context: HandlerCallContext;
}

/** The event and Lambda context for one task call. */
export function lambdaCall(
  state: string,
  parameters: JsonValue,
  call: { resource: string; invocation: number; attempt: number },
  arn: { region: string; accountId: string },
): LambdaCall {
  const integration = integrationOf(call.resource);
  const viaIntegration = integration === 'lambdaInvoke' || integration === 'lambdaToken';
  const fields = isJsonObject(parameters) ? parameters : {};
  const reference =
    integration === 'lambdaArn'
      ? call.resource
      : viaIntegration && typeof fields.FunctionName === 'string'
        ? fields.FunctionName
        : state;
  const functionName = functionNameOf(reference);
  const invokedFunctionArn = reference.startsWith('arn:')
    ? reference
    : `arn:aws:lambda:${arn.region}:${arn.accountId}:function:${functionName}`;
  const payload = fields.Payload;
  return {
    integration,
    event: viaIntegration ? (payload === undefined ? {} : payload) : parameters,
    context: {
      resource: call.resource,
      invocation: call.invocation,
      attempt: call.attempt,
      functionName,
      invokedFunctionArn,
      awsRequestId: requestIdFor(`${state}/${call.invocation}/${call.attempt}`),
    },
  };
}

/** The lambda:invoke integration's result: the function's payload in the service envelope. */
export function lambdaInvokeEnvelope(payload: JsonValue, requestId: string): JsonObject {
  const length = String(Buffer.byteLength(JSON.stringify(payload), 'utf8'));
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

/** JSON with ", " and ": " separators, as the Python Lambda runtime writes its error object. */
function spacedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (isJsonObject(value)) {
    const parts = Object.keys(value).map((k) => `${JSON.stringify(k)}: ${spacedJson(value[k] as JsonValue)}`);
    return `{${parts.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A handler's error as the task's Cause: an error object (the Lambda runtime's errorMessage /
 * errorType / stackTrace) reaches a bare function ARN as the runtime wrote it, and the lambda:invoke
 * integration re-serialised compactly; text is kept as it is.
 */
export function causeText(cause: string | JsonObject, integration: Integration): string {
  if (typeof cause === 'string') return cause;
  return integration === 'lambdaArn' ? spacedJson(cause) : JSON.stringify(cause);
}

/**
 * Engine task handlers that call the client: `call` sends invokeHandler and waits; `onAbort` is
 * called when the client answers with abort (the caller then stops the execution).
 */
export function clientTaskHandlers(
  handlers: Record<string, string>,
  arn: { region: string; accountId: string },
  call: HandlerCaller,
  onAbort: () => void,
): Record<string, TaskHandler> {
  const out: Record<string, TaskHandler> = {};
  for (const [state, handler] of Object.entries(handlers)) {
    out[state] = async (parameters, context) => {
      const request = lambdaCall(state, parameters, context, arn);
      const reply = await call({ state, handler, input: request.event, context: request.context });
      if (reply.ok) {
        return request.integration === 'lambdaInvoke'
          ? lambdaInvokeEnvelope(reply.value, request.context.awsRequestId)
          : reply.value;
      }
      if (reply.abort) onAbort();
      throw new StatesError(reply.error, causeText(reply.cause, request.integration));
    };
  }
  return out;
}
