// The Node handler worker: a child process that loads one module export and runs it as the Lambda
// Node.js runtime would, one invocation at a time, answering on file descriptor 3 (protocol.ts). The
// handler's console output stays on this process's stdout/stderr (the parent shows it as its logs).
// Bundled on its own (dist/handler-worker.js): it imports nothing of Stepthrough but types.
//
// As the runtime does: CommonJS or ESM (loaded with import()), async handlers (a returned promise)
// or callback style ((event, context, callback), also context.done/succeed/fail); an unhandled error
// becomes `{errorType: error.name, errorMessage, trace: stack lines}`; a load failure is
// Runtime.ImportModuleError / Runtime.UserCodeSyntaxError / Runtime.HandlerNotFound; an uncaught
// exception or unhandled rejection during an invocation fails it and ends the worker (the runtime
// restarts its process then), so a broken process is never reused.

import { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import type {
  InvocationContext,
  InvokeMessage,
  ParentMessage,
  RuntimeErrorObject,
  WorkerMessage,
  WorkerTarget,
} from '../protocol';

type Handler = (
  event: unknown,
  context: object,
  callback: (error?: unknown, value?: unknown) => void,
) => unknown;

const channel = new Socket({ fd: 3, readable: true, writable: true });
let handler: Handler | undefined;
let current: { id: number; settled: boolean } | undefined;
const pending: InvokeMessage[] = [];

function send(message: WorkerMessage): void {
  channel.write(`${JSON.stringify(message)}\n`);
}

/** The Node.js runtime's error object for a thrown value. */
function errorObject(error: unknown): RuntimeErrorObject {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n').filter((line) => line !== ''),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function named(errorType: string, errorMessage: string, cause?: unknown): RuntimeErrorObject {
  const trace = cause instanceof Error ? (cause.stack ?? '').split('\n').filter((l) => l !== '') : [];
  return { errorType, errorMessage, trace };
}

async function load(target: WorkerTarget): Promise<void> {
  if (target.runtime !== 'node') throw new Error('the Node worker runs Node targets only');
  const where = `${target.file}#${target.exportName}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(target.file).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) {
      send({
        type: 'initError',
        error: named('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`, error),
      });
    } else {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      send({ type: 'initError', error: named('Runtime.ImportModuleError', message, error) });
    }
    return;
  }
  // A CommonJS module's exports reach import() as `default` (named ones only when statically visible).
  let value: unknown = module;
  for (const [index, part] of target.exportName.split('.').entries()) {
    const holder = value as Record<string, unknown> | undefined;
    let next = holder?.[part];
    if (next === undefined && index === 0 && typeof module.default === 'object' && module.default !== null)
      next = (module.default as Record<string, unknown>)[part];
    value = next;
  }
  if (value === undefined) {
    send({
      type: 'initError',
      error: named('Runtime.HandlerNotFound', `${where} is undefined or not exported`),
    });
    return;
  }
  if (typeof value !== 'function') {
    send({ type: 'initError', error: named('Runtime.HandlerNotFound', `${where} is not a function`) });
    return;
  }
  handler = value as Handler;
  send({ type: 'ready', runtime: 'node', version: process.version });
}

function lambdaContext(data: InvocationContext, done: (error: unknown, value?: unknown) => void): object {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: data.functionName,
    functionVersion: data.functionVersion,
    invokedFunctionArn: data.invokedFunctionArn,
    // The runtime gives the memory size as a string.
    memoryLimitInMB: String(data.memoryLimitInMB),
    awsRequestId: data.awsRequestId,
    logGroupName: data.logGroupName,
    logStreamName: data.logStreamName,
    getRemainingTimeInMillis: (): number => Math.max(0, data.deadlineMs - Date.now()),
    done: (error: unknown, value?: unknown): void => done(error, value),
    succeed: (value?: unknown): void => done(null, value),
    fail: (error: unknown): void => done(error ?? new Error('handled')),
  };
}

function answer(id: number, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
  if (!current || current.id !== id || current.settled) return;
  current.settled = true;
  if (outcome.ok) {
    let text: string | undefined;
    try {
      text = JSON.stringify(outcome.value === undefined ? null : outcome.value);
    } catch (error) {
      const object = named(
        'Runtime.MarshalError',
        `Unable to stringify response body: ${String(error)}`,
        error,
      );
      send({ type: 'error', id, error: object, text: JSON.stringify(object) });
      return next();
    }
    channel.write(`{"type":"result","id":${id},"value":${text}}\n`);
  } else {
    const object = errorObject(outcome.error);
    send({ type: 'error', id, error: object, text: JSON.stringify(object) });
  }
  next();
}

function next(): void {
  current = undefined;
  const message = pending.shift();
  if (message) invoke(message);
}

function invoke(message: InvokeMessage): void {
  const id = message.id;
  current = { id, settled: false };
  const done = (error: unknown, value?: unknown): void =>
    error === null || error === undefined
      ? answer(id, { ok: true, value })
      : answer(id, { ok: false, error });
  const fn = handler;
  if (!fn) return answer(id, { ok: false, error: new Error('the handler is not loaded') });
  let result: unknown;
  try {
    result = fn(message.event, lambdaContext(message.context, done), done);
  } catch (error) {
    return answer(id, { ok: false, error });
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    (result as Promise<unknown>).then(
      (value) => answer(id, { ok: true, value }),
      (error: unknown) => answer(id, { ok: false, error: error ?? new Error('rejected') }),
    );
    return;
  }
  if (fn.length < 3 && !current?.settled) {
    // Neither a promise nor a callback: the runtime answers null once the handler's work is done.
    if (result !== undefined)
      process.stderr.write(
        'stepthrough: the handler returned a value without a promise or a callback; the Lambda Node.js runtime answers null (make it async)\n',
      );
    setImmediate(() => answer(id, { ok: true, value: null }));
  }
}

function crash(error: unknown, errorType?: string): void {
  const object = errorType
    ? named(errorType, String(error instanceof Error ? error.message : error), error)
    : errorObject(error);
  if (current && !current.settled) {
    current.settled = true;
    send({ type: 'error', id: current.id, error: object, text: JSON.stringify(object) });
  }
  // The runtime's process does not survive this: neither does the worker.
  channel.end(() => process.exit(1));
}

process.on('uncaughtException', (error) => crash(error));
process.on('unhandledRejection', (reason) => crash(reason, 'Runtime.UnhandledPromiseRejection'));

let buffered = '';
channel.setEncoding('utf8');
channel.on('data', (chunk: string) => {
  buffered += chunk;
  let newline = buffered.indexOf('\n');
  while (newline >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    newline = buffered.indexOf('\n');
    if (line.trim() === '') continue;
    const message = JSON.parse(line) as ParentMessage;
    if (message.type === 'init') void load(message.target);
    else if (current) pending.push(message);
    else invoke(message);
  }
});
// The parent closed the channel (or went away): nothing more will come.
channel.on('end', () => process.exit(0));
channel.on('error', () => process.exit(0));
