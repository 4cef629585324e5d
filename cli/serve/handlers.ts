// Client-side task handlers for `stepthrough serve`: picks `{handler: "module:function"}` entries
// out of simple-form mocks, and turns each into an engine TaskHandler that calls back into the client.
// The engine gives the handler contract (core/mocks/targets.ts): the event (the Payload for
// lambda:invoke), the Lambda context, and wrapping the result as the integration would; a client's
// error object becomes the Cause as that integration writes it.

import { StatesError, StepthroughError, type JsonObject, type TaskHandler } from '../../core';
import { isJsonObject } from '../../core/json';
import { causeText, integrationOf } from '../../core/mocks/targets';
import type { HandlerResultMessage, InvokeHandlerMessage } from '../serve-protocol';

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

/**
 * Engine task handlers that call the client: `call` sends invokeHandler and waits; `onAbort` is
 * called when the client answers with abort (the caller then stops the execution).
 */
export function clientTaskHandlers(
  handlers: Record<string, string>,
  call: HandlerCaller,
  onAbort: () => void,
): Record<string, TaskHandler> {
  const out: Record<string, TaskHandler> = {};
  for (const [key, handler] of Object.entries(handlers)) {
    out[key] = async (event, context) => {
      const reply = await call({
        state: context.stateName,
        handler,
        input: event,
        context: {
          resource: context.resource,
          invocation: context.invocation,
          attempt: context.attempt,
          functionName: context.functionName,
          invokedFunctionArn: context.invokedFunctionArn,
          awsRequestId: context.awsRequestId,
        },
      });
      if (reply.ok) return reply.value;
      if (reply.abort) onAbort();
      throw new StatesError(reply.error, causeText(reply.cause, integrationOf(context.resource)));
    };
  }
  return out;
}
