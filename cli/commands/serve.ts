// `stepthrough serve`: a long-lived engine process for other tools (the pytest plugin) speaking JSON
// lines over stdio — one request per input line, one response per output line, plus handler
// callbacks; see cli/serve-protocol.ts for the messages.

import { createInterface } from 'node:readline';
import { StepthroughError } from '../../core';
import type { CommandContext } from '../context';
import { PROTOCOL_VERSION } from '../serve-protocol';
import { serializeMessage, ServeSession } from '../serve/session';

export const SERVE_USAGE = `Usage: stepthrough serve

Runs the engine as a long-lived process speaking JSON lines over stdin/stdout (protocol version ${PROTOCOL_VERSION}).
Used by the pytest plugin (pytest-stepthrough); you do not normally start it yourself.

Each input line is one request, answered by one output line with the same id (a request reusing the
id of one not answered yet is refused: {"id": null, "ok": false, "error": {"code": "E_PROTOCOL", ...}}):
  {"id": 1, "type": "execute", "definition": {"file": "order.asl.json"}, "input": {...},
   "mocks": {"kind": "inline", "value": {"Charge": [{"Return": {"ok": true}}]}}}
  {"id": 1, "ok": true, "result": {"status": "SUCCEEDED", "output": ..., "states": [...], "events": [...]}}
  {"id": 2, "ok": false, "error": {"code": "E_FILE_NOT_FOUND", "message": "..."}}

Request types: execute, testState, listTestFile, runTestFile, start, waitingTasks, sendTaskSuccess,
sendTaskFailure, sendTaskHeartbeat, executionResult, shutdown.
A mock entry {"handler": "module:function"} makes the server ask the client to run the task:
  server: {"type": "invokeHandler", "callId": 7, "requestId": 1, "state": ..., "handler": ..., "input": ..., "context": {...}}
  client: {"type": "handlerResult", "callId": 7, "ok": true, "value": ...}
      or  {"type": "handlerResult", "callId": 7, "ok": false, "error": "ValueError", "cause": "..."}

The server exits after a shutdown request or when stdin closes.
`;

/**
 * Serves requests from `input` (default stdin) and writes messages through `ctx.stdout`, one JSON
 * line each. Resolves with exit code 0 after a shutdown request or the end of input.
 */
export async function serveCommand(
  ctx: CommandContext,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  if (ctx.positionals.length > 0) {
    throw new StepthroughError('E_USAGE', `takes no arguments (got '${ctx.positionals.join(' ')}').`, {
      hint: "It reads requests from stdin; see 'stepthrough help serve'.",
    });
  }
  const session = new ServeSession((message) => ctx.stdout(serializeMessage(message)), ctx.files);
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  const ended = new Promise<void>((resolve) => lines.once('close', resolve));
  lines.on('line', (line) => session.receive(line));
  await Promise.race([session.shutdown, ended]);
  lines.close();
  await session.close();
  if (input === process.stdin) process.stdin.destroy();
  return 0;
}
