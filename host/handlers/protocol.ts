// The wire protocol between Stepthrough and a handler worker (a Node or Python child process that
// runs one function): JSON lines on file descriptor 3, both ways, so the handler's own stdout and
// stderr stay its logs. The messages are declared once here; the Node worker imports them and the
// Python worker (python/src/pytest_stepthrough/lambda_worker.py) mirrors WORKER_MESSAGE_FIELDS, which
// a test compares with the Python side's own table.
//
//   parent → worker: init (once, first), invoke (one at a time)
//   worker → parent: ready | initError (once, answering init), result | error (per invoke, same id)
//
// A worker never gets a second invoke before it answered the first; the parent stops a worker by
// closing the channel (the worker exits at end of input) and kills it when it does not.

import type { JsonObject, JsonValue } from '../../core';

/** What the worker loads: a Node module export or a Python module's callable. */
export type WorkerTarget =
  | { runtime: 'node'; file: string; exportName: string }
  | { runtime: 'python'; module: string; attribute: string; root: string };

/** The Lambda context a handler sees, as data (each worker builds its runtime's context object). */
export interface InvocationContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: number;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  /** Real-time epoch milliseconds when the handler is stopped: getRemainingTimeInMillis() counts down to it. */
  deadlineMs: number;
}

/**
 * A handler's unhandled error as its runtime reports it: Node's `{errorType, errorMessage, trace}`,
 * Python's `{errorMessage, errorType, requestId, stackTrace}` (key order as each runtime writes it).
 */
export type RuntimeErrorObject = JsonObject & { errorType: string; errorMessage: string };

export interface InitMessage {
  type: 'init';
  target: WorkerTarget;
}

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  event: JsonValue;
  context: InvocationContext;
}

export type ParentMessage = InitMessage | InvokeMessage;

export interface ReadyMessage {
  type: 'ready';
  runtime: 'node' | 'python';
  /** The runtime's version (`v20.19.0`, `3.11.7`), for messages. */
  version: string;
}

/** Loading failed (Runtime.ImportModuleError, Runtime.HandlerNotFound, Runtime.UserCodeSyntaxError...). */
export interface InitErrorMessage {
  type: 'initError';
  error: RuntimeErrorObject;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  value: JsonValue;
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  error: RuntimeErrorObject;
  /** The error object as the runtime serialises it (Python: `json.dumps`, spaced; Node: compact). */
  text: string;
}

export type WorkerMessage = ReadyMessage | InitErrorMessage | ResultMessage | ErrorMessage;

/** The fields each message type must carry: the table both ends agree on (tested against Python's). */
export const WORKER_MESSAGE_FIELDS: Readonly<
  Record<ParentMessage['type'] | WorkerMessage['type'], readonly string[]>
> = {
  init: ['type', 'target'],
  invoke: ['type', 'id', 'event', 'context'],
  ready: ['type', 'runtime', 'version'],
  initError: ['type', 'error'],
  result: ['type', 'id', 'value'],
  error: ['type', 'id', 'error', 'text'],
};

/** The fields of an InvocationContext, for the same agreement test. */
export const INVOCATION_CONTEXT_FIELDS: readonly (keyof InvocationContext)[] = [
  'functionName',
  'functionVersion',
  'invokedFunctionArn',
  'memoryLimitInMB',
  'awsRequestId',
  'logGroupName',
  'logStreamName',
  'deadlineMs',
];

/** Reads one worker line; undefined when it is not a well-formed worker message. Never throws. */
export function parseWorkerMessage(line: string): WorkerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const message = value as Record<string, unknown>;
  const type = message.type;
  if (type !== 'ready' && type !== 'initError' && type !== 'result' && type !== 'error') return undefined;
  const fields = WORKER_MESSAGE_FIELDS[type];
  if (!fields.every((field) => Object.prototype.hasOwnProperty.call(message, field))) return undefined;
  if ((type === 'result' || type === 'error') && !Number.isInteger(message.id)) return undefined;
  if (type === 'initError' || type === 'error') {
    const error = message.error as Record<string, unknown> | null;
    if (typeof error !== 'object' || error === null || typeof error.errorType !== 'string') return undefined;
    if (typeof error.errorMessage !== 'string') return undefined;
  }
  if (type === 'error' && typeof message.text !== 'string') return undefined;
  return message as unknown as WorkerMessage;
}
