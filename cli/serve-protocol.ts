// The `stepthrough serve` wire protocol: JSON lines over stdio between a client (the pytest plugin)
// and the long-lived server. Requests carry an `id` and get exactly one response with that id; while
// a request runs, the server may call back into the client (`invokeHandler`) for Task states that a
// client-side handler implements, and waits for the client's `handlerResult`.
//
// Answers from outside (the library's execution handle, AWS's SendTask* API): `start` starts an
// execution whose `.waitForTaskToken` Tasks and Activities with no mock or handler wait for the client
// (`outsideAnswers`) and answers at once with its `executionId`; `waitingTasks`, `sendTaskSuccess`,
// `sendTaskFailure` and `sendTaskHeartbeat` name that id; `executionResult` answers when it has ended.
// Handler calls of a started execution carry the `start` request's id as their `requestId`.

import { isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import type { DiagnosticJson, ExecutionResult, TaskTokenErrorName, WaitingTask } from '../core';
import type { CaseResult, TestFileProblem } from '../core/testing';

export const PROTOCOL_VERSION = 1;

/**
 * How deeply a message's JSON may nest. A transport limit, far beyond real inputs and mocks: deeper
 * values would exhaust the stack of the recursive walks that copy, check and write them back.
 */
export const MAX_MESSAGE_NESTING = 1000;

/** The state machine: a file (JSON or YAML) or a definition object given inline. */
export type DefinitionSource = { file: string } | { inline: JsonObject; name?: string };

/**
 * Mocks: the core's simple form (`{State: [{Return} | {Throw}]}`), whose entries may also be
 * `{handler: "module:function"}` (a client-side task implementation), or an AWS MockConfigFile, given
 * inline or as a file; `testCase` (and `stateMachine`) select from a MockConfigFile.
 */
export type MocksSource =
  | { kind: 'inline'; value: JsonObject; testCase?: string; stateMachine?: string }
  | { kind: 'file'; file: string; testCase?: string; stateMachine?: string };

/** The execution role: policy/role files, or a policy document given inline. */
export type RoleSource = { files: string[] } | { document: JsonValue };

/** Execution settings besides input and mocks (all optional). */
export interface RunSettings {
  executionName?: string;
  stateMachineName?: string;
  startTime?: string | number;
  seed?: number;
  maxTransitions?: number;
  region?: string;
  accountId?: string;
  roleArn?: string;
  substitutions?: Record<string, JsonValue>;
  /** false: run the machine even when AWS would reject it (default true: refuse it, E_INVALID_DEFINITION). */
  validate?: boolean;
}

interface RunRequestBase {
  id: number;
  definition: DefinitionSource;
  input?: JsonValue;
  mocks?: MocksSource;
  role?: RoleSource;
  settings?: RunSettings;
  /**
   * Task handlers the server runs in processes of its own (core/handlers: `./module.js#export`,
   * `python:module:function`, `{cmd: ...}`, with `environment`...), keyed as mocks are: the same map as a
   * test file's `handlers:`, relative paths against the server's working directory. A mock for the same
   * key wins. `"auto"`: for a template's machine, each function it calls, run from the template's
   * CodeUri and Handler (as a test file's `handlers: auto`).
   */
  handlers?: JsonObject | 'auto';
  /** The machines a `states:startExecution` Task may start (ExecuteOptions.machines), by name or ARN. */
  machines?: Record<string, DefinitionSource>;
}

export interface ExecuteRequest extends RunRequestBase {
  type: 'execute';
}

/** Starts an execution that the client answers from outside; the result is `{executionId}` at once. */
export interface StartRequest extends RunRequestBase {
  type: 'start';
}

/** The Tasks of a started execution waiting for their token: answered once one waits (or [] once it has ended). */
export interface WaitingTasksRequest {
  id: number;
  type: 'waitingTasks';
  executionId: number;
}

export interface SendTaskSuccessRequest {
  id: number;
  type: 'sendTaskSuccess';
  executionId: number;
  taskToken: string;
  output: JsonValue;
}

export interface SendTaskFailureRequest {
  id: number;
  type: 'sendTaskFailure';
  executionId: number;
  taskToken: string;
  error?: string;
  cause?: string;
}

export interface SendTaskHeartbeatRequest {
  id: number;
  type: 'sendTaskHeartbeat';
  executionId: number;
  taskToken: string;
}

/** How a started execution ended: answered when it has (the server then forgets it). */
export interface ExecutionResultRequest {
  id: number;
  type: 'executionResult';
  executionId: number;
}

/** One state alone, as the TestState API runs it. */
export interface TestStateRequest extends RunRequestBase {
  type: 'testState';
  state: string;
}

/** The cases of a `*.sfn-test.yaml` file, without running them. */
export interface ListTestFileRequest {
  id: number;
  type: 'listTestFile';
  file: string;
}

/** Runs the named cases of a test file (all of them when `cases` is absent). */
export interface RunTestFileRequest {
  id: number;
  type: 'runTestFile';
  file: string;
  cases?: string[];
}

export interface ShutdownRequest {
  id: number;
  type: 'shutdown';
}

export type Request =
  | ExecuteRequest
  | TestStateRequest
  | ListTestFileRequest
  | RunTestFileRequest
  | StartRequest
  | WaitingTasksRequest
  | SendTaskSuccessRequest
  | SendTaskFailureRequest
  | SendTaskHeartbeatRequest
  | ExecutionResultRequest
  | ShutdownRequest;
export type RequestType = Request['type'];

/** The client's answer to an `invokeHandler` call. `abort` stops the whole execution (the client gave up). */
export type HandlerResultMessage =
  | { type: 'handlerResult'; callId: number; ok: true; value: JsonValue }
  | {
      type: 'handlerResult';
      callId: number;
      ok: false;
      error: string;
      cause: string | JsonObject;
      abort?: boolean;
    };

export type ClientMessage = Request | HandlerResultMessage;

/** What a client-side handler learns about its invocation (Lambda-like context). */
export interface HandlerCallContext {
  resource: string;
  /** 0-based count of this state's task calls in the execution. */
  invocation: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  functionName: string;
  invokedFunctionArn: string;
  awsRequestId: string;
}

/** Server → client: run the handler for `state` with `input` (the Lambda event) and answer with a handlerResult. */
export interface InvokeHandlerMessage {
  type: 'invokeHandler';
  callId: number;
  /** The id of the request whose execution needs the call. */
  requestId: number;
  state: string;
  handler: string;
  input: JsonValue;
  context: HandlerCallContext;
}

export type ServeErrorCode = string;

export interface ErrorBody {
  code: ServeErrorCode;
  message: string;
  hint?: string;
  location?: { file?: string; line?: number; column?: number };
  /** E_INVALID_DEFINITION / E_PARSE: why AWS would reject the machine, as `validate` reports it. */
  diagnostics?: DiagnosticJson[];
  /** E_TASK_TOKEN: the exception AWS's SendTask* API throws for the same token (InvalidToken, TaskTimedOut, ...). */
  awsError?: TaskTokenErrorName;
}

/** Result of `testState`: TestState API statuses and the next state. */
export interface StateTestResult {
  status: 'SUCCEEDED' | 'FAILED' | 'CAUGHT_ERROR' | 'RETRIABLE';
  output: JsonValue | null;
  error?: string;
  cause?: string;
  /** The state the machine would go to next; null when the state ends the machine (or failed). */
  nextState: string | null;
  states: string[];
  events: ExecutionResult['events'];
}

export interface TestCaseInfo {
  name: string;
  line: number;
  column: number;
  skip: boolean;
  state?: string;
}

export interface ListTestFileResult {
  file: string;
  machineFile?: string;
  cases: TestCaseInfo[];
  /** Problems that stop the file from loading (then `cases` is empty). */
  problems: TestFileProblem[];
}

export interface RunTestFileResult {
  file: string;
  cases: CaseResult[];
  problems: TestFileProblem[];
  /** Requested case names the file does not have. */
  unknownCases: string[];
}

export interface ResultByType {
  execute: ExecutionResult;
  testState: StateTestResult;
  listTestFile: ListTestFileResult;
  runTestFile: RunTestFileResult;
  start: { executionId: number };
  waitingTasks: WaitingTask[];
  sendTaskSuccess: null;
  sendTaskFailure: null;
  sendTaskHeartbeat: null;
  executionResult: ExecutionResult;
  shutdown: null;
}

export type Response =
  | { id: number; ok: true; result: ResultByType[RequestType] }
  | { id: number | null; ok: false; error: ErrorBody };

export type ServerMessage = Response | InvokeHandlerMessage;

/** A line the server could not accept, with the request id when it could be read. */
export interface ProtocolViolation {
  id: number | null;
  message: string;
}

export type ParsedClientMessage =
  { ok: true; message: ClientMessage } | { ok: false; violation: ProtocolViolation };

type Fields = Record<string, unknown>;

class Invalid extends Error {}

function optionalString(fields: Fields, key: string, where: string): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Invalid(`${where}: "${key}" must be a string`);
  return value;
}

function requiredString(fields: Fields, key: string, where: string): string {
  const value = optionalString(fields, key, where);
  if (value === undefined || value === '')
    throw new Invalid(`${where}: "${key}" is required (a non-empty string)`);
  return value;
}

function readDefinition(raw: unknown): DefinitionSource {
  if (!isJsonObject(raw)) throw new Invalid('"definition" must be {"file": path} or {"inline": object}');
  if (typeof raw.file === 'string') return { file: raw.file };
  if (isJsonObject(raw.inline)) {
    const name = optionalString(raw, 'name', '"definition"');
    return name === undefined ? { inline: raw.inline } : { inline: raw.inline, name };
  }
  throw new Invalid('"definition" must be {"file": path} or {"inline": object}');
}

function readMocks(raw: unknown): MocksSource | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) throw new Invalid('"mocks" must be an object with "kind"');
  const selection: { testCase?: string; stateMachine?: string } = {};
  const testCase = optionalString(raw, 'testCase', '"mocks"');
  const stateMachine = optionalString(raw, 'stateMachine', '"mocks"');
  if (testCase !== undefined) selection.testCase = testCase;
  if (stateMachine !== undefined) selection.stateMachine = stateMachine;
  if (raw.kind === 'inline') {
    if (!isJsonObject(raw.value)) throw new Invalid('"mocks.value" must be an object');
    return { kind: 'inline', value: raw.value, ...selection };
  }
  if (raw.kind === 'file')
    return { kind: 'file', file: requiredString(raw, 'file', '"mocks"'), ...selection };
  throw new Invalid('"mocks.kind" must be "inline" or "file"');
}

function readRole(raw: unknown): RoleSource | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (isJsonObject(raw) && Array.isArray(raw.files) && raw.files.every((f) => typeof f === 'string'))
    return { files: raw.files as string[] };
  if (isJsonObject(raw) && raw.document !== undefined) return { document: raw.document };
  throw new Invalid('"role" must be {"files": [paths]} or {"document": policy}');
}

const SETTING_TYPES: Record<keyof RunSettings, 'string' | 'integer' | 'time' | 'object' | 'boolean'> = {
  executionName: 'string',
  stateMachineName: 'string',
  startTime: 'time',
  seed: 'integer',
  maxTransitions: 'integer',
  region: 'string',
  accountId: 'string',
  roleArn: 'string',
  substitutions: 'object',
  validate: 'boolean',
};

function readSettings(raw: unknown): RunSettings | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isJsonObject(raw)) throw new Invalid('"settings" must be an object');
  for (const [key, value] of Object.entries(raw)) {
    const kind = SETTING_TYPES[key as keyof RunSettings] as
      (typeof SETTING_TYPES)[keyof RunSettings] | undefined;
    if (kind === undefined) throw new Invalid(`"settings" has an unknown field "${key}"`);
    const fits =
      value === null ||
      (kind === 'string' && typeof value === 'string') ||
      (kind === 'integer' && Number.isInteger(value)) ||
      (kind === 'time' && (typeof value === 'string' || typeof value === 'number')) ||
      (kind === 'object' && isJsonObject(value)) ||
      (kind === 'boolean' && typeof value === 'boolean');
    if (!fits)
      throw new Invalid(
        `"settings.${key}" must be ${kind === 'time' ? 'an ISO-8601 string or epoch ms' : kind === 'boolean' ? 'true or false' : `a${kind === 'integer' ? 'n' : ''} ${kind}`}`,
      );
  }
  const settings: Fields = {};
  for (const [key, value] of Object.entries(raw)) if (value !== null) settings[key] = value;
  return settings as RunSettings;
}

function readRunRequest(fields: Fields, id: number): RunRequestBase {
  const request: RunRequestBase = { id, definition: readDefinition(fields.definition) };
  if (fields.input !== undefined) request.input = fields.input as JsonValue;
  const mocks = readMocks(fields.mocks);
  if (mocks) request.mocks = mocks;
  const role = readRole(fields.role);
  if (role) request.role = role;
  const settings = readSettings(fields.settings);
  if (settings) request.settings = settings;
  if (fields.handlers !== undefined && fields.handlers !== null) {
    if (fields.handlers !== 'auto' && !isJsonObject(fields.handlers))
      throw new Invalid('"handlers" must be "auto" or map Task states to handlers');
    request.handlers = fields.handlers;
  }
  if (fields.machines !== undefined && fields.machines !== null) {
    if (!isJsonObject(fields.machines))
      throw new Invalid('"machines" must map state machine names or ARNs to definitions');
    const machines: Record<string, DefinitionSource> = {};
    for (const [key, value] of Object.entries(fields.machines))
      Object.defineProperty(machines, key, {
        value: readDefinition(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    request.machines = machines;
  }
  return request;
}

function readHandlerResult(fields: Fields): HandlerResultMessage {
  const callId = fields.callId;
  if (!Number.isInteger(callId)) throw new Invalid('handlerResult: "callId" must be an integer');
  if (fields.ok === true) {
    if (!('value' in fields)) throw new Invalid('handlerResult: "value" is required when "ok" is true');
    return { type: 'handlerResult', callId: callId as number, ok: true, value: fields.value as JsonValue };
  }
  if (fields.ok !== false) throw new Invalid('handlerResult: "ok" must be true or false');
  const error = requiredString(fields, 'error', 'handlerResult');
  const cause = fields.cause === undefined ? '' : fields.cause;
  if (typeof cause !== 'string' && !isJsonObject(cause))
    throw new Invalid('handlerResult: "cause" must be a string or an object');
  const message: HandlerResultMessage = {
    type: 'handlerResult',
    callId: callId as number,
    ok: false,
    error,
    cause,
  };
  if (fields.abort === true) message.abort = true;
  return message;
}

function executionIdOf(fields: Fields, where: string): number {
  const value = fields.executionId;
  if (!Number.isInteger(value))
    throw new Invalid(`${where}: "executionId" must be an integer (what start answered)`);
  return value as number;
}

function readTaskAnswer(fields: Fields, id: number, type: string): Request {
  const executionId = executionIdOf(fields, type);
  const taskToken = requiredString(fields, 'taskToken', type);
  switch (type) {
    case 'sendTaskSuccess':
      if (!('output' in fields)) throw new Invalid('sendTaskSuccess: "output" is required (a JSON value)');
      return { id, type, executionId, taskToken, output: fields.output as JsonValue };
    case 'sendTaskFailure': {
      const request: SendTaskFailureRequest = { id, type, executionId, taskToken };
      const error = optionalString(fields, 'error', type);
      const cause = optionalString(fields, 'cause', type);
      if (error !== undefined) request.error = error;
      if (cause !== undefined) request.cause = cause;
      return request;
    }
    default:
      return { id, type: 'sendTaskHeartbeat', executionId, taskToken };
  }
}

function readMessage(fields: Fields, id: number | null): ClientMessage {
  const type = fields.type;
  if (type === 'handlerResult') return readHandlerResult(fields);
  if (id === null) throw new Invalid('"id" must be an integer');
  switch (type) {
    case 'execute':
      return { ...readRunRequest(fields, id), type };
    case 'testState':
      return { ...readRunRequest(fields, id), type, state: requiredString(fields, 'state', 'testState') };
    case 'listTestFile':
      return { id, type, file: requiredString(fields, 'file', 'listTestFile') };
    case 'runTestFile': {
      const request: RunTestFileRequest = { id, type, file: requiredString(fields, 'file', 'runTestFile') };
      if (fields.cases !== undefined && fields.cases !== null) {
        if (!Array.isArray(fields.cases) || !fields.cases.every((c) => typeof c === 'string'))
          throw new Invalid('runTestFile: "cases" must be a list of case names');
        request.cases = fields.cases as string[];
      }
      return request;
    }
    case 'start':
      return { ...readRunRequest(fields, id), type };
    case 'waitingTasks':
    case 'executionResult':
      return { id, type, executionId: executionIdOf(fields, type) };
    case 'sendTaskSuccess':
    case 'sendTaskFailure':
    case 'sendTaskHeartbeat':
      return readTaskAnswer(fields, id, type);
    case 'shutdown':
      return { id, type };
    default:
      throw new Invalid(
        `unknown message type ${JSON.stringify(type)}; expected execute, testState, listTestFile, runTestFile, start, waitingTasks, sendTaskSuccess, sendTaskFailure, sendTaskHeartbeat, executionResult, shutdown or handlerResult`,
      );
  }
}

/** Whether `value` has arrays or objects nested more than `limit` deep (walked without recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Reads one line from the client. Never throws: a bad line gives the violation (and the id, if any). */
export function parseClientMessage(line: string): ParsedClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return {
      ok: false,
      violation: { id: null, message: `the line is not JSON: ${(error as Error).message}` },
    };
  }
  if (!isJsonObject(raw))
    return { ok: false, violation: { id: null, message: 'a message must be a JSON object' } };
  const id = Number.isInteger(raw.id) ? (raw.id as number) : null;
  if (nestedDeeperThan(raw, MAX_MESSAGE_NESTING)) {
    return {
      ok: false,
      violation: { id, message: `the message nests more than ${MAX_MESSAGE_NESTING} arrays or objects deep` },
    };
  }
  try {
    return { ok: true, message: readMessage(raw, id) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, violation: { id, message: error.message } };
    throw error;
  }
}
