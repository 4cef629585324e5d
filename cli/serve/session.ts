// One `stepthrough serve` connection: reads client lines, runs requests concurrently, answers each
// with one response, relays handler calls to the client and their results back to the engine, and
// on shutdown (or end of input) stops whatever still runs.

import { testFileIO, type FileAccess } from '../../host';
import {
  DefinitionError,
  diagnosticJson,
  StepthroughError,
  TaskTokenError,
  type ExecutionHandle,
} from '../../core';
import {
  parseClientMessage,
  type ErrorBody,
  type HandlerResultMessage,
  type Request,
  type ResultByType,
  type ServerMessage,
} from '../serve-protocol';
import type { HandlerCaller } from './handlers';
import { runExecute, runStart, runTestState, type RunHooks } from './runs';
import { StartedExecutions } from './started';
import { listTestFile, runTestFile } from './testFiles';

interface PendingCall {
  requestId: number;
  resolve(result: HandlerResultMessage): void;
}

/** Turns anything a request threw into the response's error body. */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof StepthroughError) {
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.hint !== undefined) body.hint = error.hint;
    if (error.location !== undefined) body.location = error.location;
    if (error instanceof DefinitionError) body.diagnostics = error.diagnostics.map(diagnosticJson);
    if (error instanceof TaskTokenError) body.awsError = error.awsError;
    return body;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { code: 'E_INTERNAL', message: `internal error: ${text}`, hint: 'Please report this as a bug.' };
}

/**
 * The line for a message. A result that cannot be written as JSON (nested past what JSON.stringify's
 * recursion reaches) becomes an error response for its request, so every request is still answered.
 */
export function serializeMessage(message: ServerMessage): string {
  try {
    return JSON.stringify(message);
  } catch (error) {
    const id = 'id' in message ? message.id : null;
    return JSON.stringify({
      id,
      ok: false,
      error: {
        code: 'E_INTERNAL',
        message: `the response could not be written as JSON: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'Please report this as a bug, with the request.',
      },
    });
  }
}

export class ServeSession {
  private nextCallId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private readonly executions = new Map<number, ExecutionHandle>();
  /** Executions the client answers from outside (`start`), by executionId. */
  private readonly started = new StartedExecutions();
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of requests not answered yet: a second request with one of them is refused. */
  private readonly pendingIds = new Set<number>();
  private closed = false;
  private shutdownRequested: (() => void) | undefined;
  /** Resolves when the client asks to shut down. */
  readonly shutdown: Promise<void>;

  constructor(
    private readonly send: (message: ServerMessage) => void,
    private readonly files: FileAccess,
  ) {
    this.shutdown = new Promise((resolve) => {
      this.shutdownRequested = resolve;
    });
  }

  /** Handles one line from the client; never throws (problems are answered on the wire). */
  receive(line: string): void {
    if (this.closed || line.trim() === '') return;
    const parsed = parseClientMessage(line);
    if (!parsed.ok) {
      this.send({
        id: parsed.violation.id,
        ok: false,
        error: { code: 'E_PROTOCOL', message: parsed.violation.message },
      });
      return;
    }
    const message = parsed.message;
    if (message.type === 'handlerResult') {
      this.settleCall(message);
      return;
    }
    if (this.pendingIds.has(message.id)) {
      // Answered without the id: the running request keeps the one response that carries it.
      this.send({
        id: null,
        ok: false,
        error: {
          code: 'E_PROTOCOL',
          message: `request id ${message.id} is already in flight: this ${message.type} request is refused`,
          hint: 'Give each request an id that no unanswered request uses.',
        },
      });
      return;
    }
    if (message.type === 'shutdown') {
      this.send({ id: message.id, ok: true, result: null });
      this.shutdownRequested?.();
      return;
    }
    this.pendingIds.add(message.id);
    const work = this.answer(message).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Stops every running execution and fails pending handler calls; resolves when requests are answered. */
  async close(): Promise<void> {
    this.closed = true;
    for (const handle of this.executions.values()) handle.abort();
    this.started.abortAll();
    for (const [callId, call] of this.calls) {
      this.calls.delete(callId);
      call.resolve({
        type: 'handlerResult',
        callId,
        ok: false,
        error: 'Stepthrough.ServerClosing',
        cause: 'the server is shutting down',
        abort: true,
      });
    }
    await Promise.all([...this.inFlight]);
  }

  private settleCall(message: HandlerResultMessage): void {
    const call = this.calls.get(message.callId);
    if (!call) {
      this.send({
        id: null,
        ok: false,
        error: { code: 'E_PROTOCOL', message: `handlerResult for unknown callId ${message.callId}` },
      });
      return;
    }
    this.calls.delete(message.callId);
    call.resolve(message);
  }

  private hooksFor(requestId: number): RunHooks {
    const callHandler: HandlerCaller = (call) =>
      new Promise<HandlerResultMessage>((resolve) => {
        const callId = this.nextCallId++;
        this.calls.set(callId, { requestId, resolve });
        this.send({ type: 'invokeHandler', callId, requestId, ...call });
      });
    return {
      callHandler,
      started: (handle) => this.executions.set(requestId, handle),
      files: this.files,
    };
  }

  private async run(request: Exclude<Request, { type: 'shutdown' }>): Promise<ResultByType[Request['type']]> {
    switch (request.type) {
      case 'execute':
        return runExecute(request, this.hooksFor(request.id));
      case 'testState':
        return runTestState(request, this.hooksFor(request.id));
      case 'listTestFile':
        return listTestFile(request.file, testFileIO(this.files));
      case 'runTestFile':
        return runTestFile(request.file, request.cases, testFileIO(this.files));
      case 'start': {
        const reserved = this.started.reserve();
        reserved.attach(await runStart(request, this.hooksFor(request.id), reserved.onTaskWaiting));
        return { executionId: reserved.executionId };
      }
      case 'waitingTasks':
        return this.started.waitingTasks(request);
      case 'sendTaskSuccess':
      case 'sendTaskFailure':
      case 'sendTaskHeartbeat':
        return this.started.answer(request);
      case 'executionResult':
        return this.started.result(request);
    }
  }

  private async answer(request: Exclude<Request, { type: 'shutdown' }>): Promise<void> {
    try {
      const result = await this.run(request);
      this.send({ id: request.id, ok: true, result });
    } catch (error) {
      this.send({ id: request.id, ok: false, error: errorBody(error) });
    } finally {
      this.executions.delete(request.id);
      this.pendingIds.delete(request.id);
    }
  }
}
