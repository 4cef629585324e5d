// Answers one Task call of a run from its mocks and task handlers, by the rule in keys.ts: layers
// in order (a case's before its file's), and within a layer the call's keys from the most specific
// (state name, logical ID, function, activity), a mock before a handler at each. A handler is called
// with the contract in targets.ts. What one run has used is kept per run, so a missing mock can name
// the nearest mock nobody used.

import { StatesError, StepthroughError } from '../errors';
import { isJsonObject, jsonDepthExceeds, MAX_INPUT_DEPTH, type JsonObject, type JsonValue } from '../json';
import { closestMatch } from '../validate/suggest';
import { callKeys, knownMockKeys, unknownMockKeys, type LogicalIds } from './keys';
import { ListMockSource } from './simple';
import { simpleMocksForRun } from './specCache';
import {
  causeText,
  handlerEvent,
  requestIdFor,
  taskResultOf,
  taskTarget,
  whenSubject,
  type Integration,
} from './targets';
import type { ScopePath } from '../interpreter/events';
import { isMockSource, type MockCall, type MockResponse, type MockSource, type TaskHandler } from './types';

/** What a run answers Task calls with (the interpreter's configuration, one object per run). */
export interface TaskAnswers {
  mocks: MockSource | undefined;
  taskHandlers: Record<string, TaskHandler>;
  /**
   * Handlers that sit with one of the mock layers (a test file's handlers with the file's mocks, a
   * case's with the case's): tried at that layer, after its mocks at each key (rules 2 and 4).
   * `taskHandlers` sit with the first layer.
   */
  layerHandlers?: ReadonlyMap<MockSource, Record<string, TaskHandler>>;
  /** Logical resource names of the Tasks' resources, by state name (from a template). */
  logicalIds?: LogicalIds;
  /**
   * A Task that waits for its task token (`.waitForTaskToken`) or an Activity, with no mock and no handler,
   * waits for an answer from outside the run instead of failing with Stepthrough.MockMissing.
   */
  outsideAnswers?: boolean;
  /**
   * State machines a `states:startExecution` Task may start here, by name or ARN (ExecuteOptions.machines):
   * after the mocks and handlers, a mapped machine answers the call by running as a child execution.
   */
  machines?: Record<string, JsonObject>;
  /** This module's bookkeeping of the run's calls, kept on the run's own object (set on first use). */
  taskCalls?: RunCalls;
}

/** One Task call. */
export interface TaskCall {
  stateName: string;
  resource: string;
  /** The effective request: the input after InputPath and Parameters/Arguments. */
  request: JsonValue;
  /** 0-based count of this state's calls in the run. */
  invocation: number;
  /** 1 for the first try, 2 for the first retry... */
  attempt: number;
  /** The state machine's ARN (its partition, region and account name the function). */
  stateMachineArn: string;
  /** The Task's TimeoutSeconds, when it sets one. */
  timeoutSeconds?: number;
  /** The Map iterations and Parallel branches the call runs in. */
  scope: ScopePath;
}

/** What one run has done with its mocks: per-key call counts, `when` sequences, keys used. */
export class RunCalls {
  /** Calls per key and per `when` group (made on first need: most runs never need them). */
  counts: Map<string, number> | undefined;
  /** Keys that answered a call. */
  used: Set<string> | undefined;

  use(key: string): void {
    (this.used ??= new Set()).add(key);
  }
}

function runCallsOf(answers: TaskAnswers): RunCalls {
  return (answers.taskCalls ??= new RunCalls());
}

function bump(calls: RunCalls, key: string): number {
  const counts = (calls.counts ??= new Map());
  const n = counts.get(key) ?? 0;
  counts.set(key, n + 1);
  return n;
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/**
 * The response to a Task call (a promise when a handler answers). Throws StatesError
 * `Stepthrough.MockMissing` when nothing answers it.
 */
export function answerTaskCall(answers: TaskAnswers, call: TaskCall): MockResponse | Promise<MockResponse> {
  const mocks = answers.mocks;
  // The common case first: the first layer mocks the state by name (rule 3's first key, a mock first).
  if (mocks !== undefined && mocks.layers === undefined && mocks.has(call.stateName)) {
    const response = respond(answers, mocks, call.stateName, true, call);
    if (response !== undefined) return response;
    throw noResponse(call, call.stateName, mocks);
  }
  const target = taskTarget(call.resource, call.request);
  const keys = callKeys(call.stateName, target, answers.logicalIds);
  const layers: readonly MockSource[] = mocks === undefined ? [] : (mocks.layers?.() ?? [mocks]);
  const handlers = answers.taskHandlers;
  for (let i = 0; i < Math.max(1, layers.length); i++) {
    const layer = layers[i];
    const own = layer === undefined ? undefined : answers.layerHandlers?.get(layer);
    for (const { level, key } of keys) {
      if (layer?.has(key)) {
        const response = respond(answers, layer, key, level === 'state', call);
        if (response !== undefined) return response;
        throw noResponse(call, key, layer);
      }
      // Handlers sit in the first layer (the library's and pytest's single layer).
      if (i === 0 && hasOwn(handlers, key)) {
        runCallsOf(answers).use(key);
        return callHandler(handlers[key] as TaskHandler, key, target.integration, target.functionName, call);
      }
      if (own !== undefined && hasOwn(own, key)) {
        runCallsOf(answers).use(key);
        return callHandler(own[key] as TaskHandler, key, target.integration, target.functionName, call);
      }
    }
  }
  const machine = answers.machines && mappedMachine(answers.machines, call);
  if (machine) return { kind: 'execution', machine: machine.definition, key: machine.key };
  if (answers.outsideAnswers === true && answeredFromOutside(call.resource)) return { kind: 'outside' };
  throw missing(
    answers,
    call,
    keys.map((k) => k.key),
  );
}

/** `states:startExecution`, `.sync` and `.sync:2`: the patterns a mapped machine runs for here. */
export const START_EXECUTION = /^arn:[^:]+:states:::states:startExecution(\.sync(?::2)?)?$/;

/**
 * The machine a `states:startExecution` call starts, when the caller mapped it: by the request's whole
 * StateMachineArn, else by the name at its end (`...:stateMachine:ChildFlow`, a version or alias
 * qualifier after the name aside).
 */
function mappedMachine(
  machines: Record<string, JsonObject>,
  call: TaskCall,
): { key: string; definition: JsonObject } | undefined {
  if (!START_EXECUTION.test(call.resource) || !isJsonObject(call.request)) return undefined;
  const arn = call.request.StateMachineArn;
  if (typeof arn !== 'string') return undefined;
  const name = /:stateMachine:([^:]+)/.exec(arn)?.[1];
  for (const key of [arn, name]) {
    if (key !== undefined && hasOwn(machines, key)) return { key, definition: machines[key] as JsonObject };
  }
  return undefined;
}

/** Whether AWS waits for someone to answer a call of this resource with its task token. */
export function answeredFromOutside(resource: string): boolean {
  return resource.endsWith('.waitForTaskToken') || /^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource);
}

/** A layer's response under `key`: by the state's invocation count for a state key, else by the key's own count. */
function respond(
  answers: TaskAnswers,
  source: MockSource,
  key: string,
  stateKey: boolean,
  call: TaskCall,
): MockResponse | undefined {
  const calls = runCallsOf(answers);
  calls.use(key);
  const invocation = stateKey ? call.invocation : bump(calls, `\u0000${key}`);
  return source.responseFor(key, invocation, new LazyMockCall(calls, key, call));
}

/** The MockCall of one call; only a list with `when` entries reads it, so nothing is computed up front. */
class LazyMockCall implements MockCall {
  constructor(
    private readonly calls: RunCalls,
    private readonly key: string,
    private readonly call: TaskCall,
  ) {}

  get subject(): JsonValue {
    return whenSubject(taskTarget(this.call.resource, undefined).integration, this.call.request);
  }

  sequence(group: string): number {
    return bump(this.calls, `${this.key}\u0000${group}`);
  }
}

function noResponse(call: TaskCall, key: string, source: MockSource): StatesError {
  const keyed = key === call.stateName ? `'${key}'` : `'${key}' (for the Task state '${call.stateName}')`;
  const subject = whenSubject(taskTarget(call.resource, undefined).integration, call.request);
  const conditions = source instanceof ListMockSource ? source.conditions(key) : [];
  const reason =
    conditions.length > 0
      ? `none of its "when" entries matches the request ${clip(JSON.stringify(subject))} and it has no entry without "when" (the fallback)`
      : `it has no response for call ${call.invocation + 1} (a MockConfigFile response list ran out)`;
  return new StatesError('Stepthrough.MockMissing', `The mock for ${keyed} has no answer: ${reason}.`);
}

function clip(text: string | undefined, max = 200): string {
  const value = text ?? 'undefined';
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Every key the run was given (mocks of every layer and handlers) that no call used. */
function unusedKeys(answers: TaskAnswers): string[] {
  const used = answers.taskCalls?.used ?? new Set<string>();
  const all = [...(answers.mocks?.stateNames() ?? []), ...Object.keys(answers.taskHandlers)];
  for (const handlers of answers.layerHandlers?.values() ?? []) all.push(...Object.keys(handlers));
  return [...new Set(all)].filter((key) => !used.has(key));
}

function missing(answers: TaskAnswers, call: TaskCall, keys: string[]): StatesError {
  const unused = unusedKeys(answers);
  let near: string | undefined;
  for (const key of keys) {
    near = closestMatch(key, unused);
    if (near !== undefined) break;
  }
  const hint =
    near !== undefined
      ? ` The mock "${near}" was never used: did you mean "${call.stateName}"?`
      : ` Add a mock for it, e.g. {"${call.stateName}": [{"Return": {}}]}.`;
  return new StatesError(
    'Stepthrough.MockMissing',
    `The Task state '${call.stateName}' (${call.resource}) has no mock and no task handler.${hint}`,
  );
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>` in the state machine's partition, region and account. */
function functionArnFor(name: string, stateMachineArn: string): string {
  const [, partition = 'aws', , region = 'us-east-1', account = '123456789012'] = stateMachineArn.split(':');
  return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
}

/** Runs a task handler under the contract of targets.ts; its exceptions become the task's error. */
async function callHandler(
  handler: TaskHandler,
  key: string,
  integration: Integration,
  functionName: string | undefined,
  call: TaskCall,
): Promise<MockResponse> {
  const requestId = requestIdFor(`${call.stateName}/${call.invocation}/${call.attempt}`);
  const fields = isJsonObject(call.request) ? call.request : {};
  const reference =
    integration === 'lambdaArn'
      ? call.resource
      : typeof fields.FunctionName === 'string'
        ? fields.FunctionName
        : (functionName ?? call.stateName);
  const name = functionName ?? call.stateName;
  const context = {
    stateName: call.stateName,
    resource: call.resource,
    invocation: call.invocation,
    attempt: call.attempt,
    key,
    functionName: name,
    invokedFunctionArn: reference.startsWith('arn:') ? reference : functionArnFor(name, call.stateMachineArn),
    awsRequestId: requestId,
    scope: call.scope,
    ...(call.timeoutSeconds === undefined ? {} : { timeoutSeconds: call.timeoutSeconds }),
  };
  try {
    const value = await handler(handlerEvent(integration, call.request), context);
    // Unwrapped, so the Task reports it as it reports any result past the bound (taskEvents.ts): the
    // lambda:invoke envelope measures its payload, which would recurse through every level.
    if (jsonDepthExceeds(value, MAX_INPUT_DEPTH)) return { kind: 'return', value };
    return { kind: 'return', value: taskResultOf(integration, value, requestId) };
  } catch (err) {
    if (err instanceof StatesError) return { kind: 'throw', error: err.error, cause: err.cause ?? '' };
    const e = err instanceof Error ? err : new Error(String(err));
    const error = e.name || 'Error';
    if (integration === 'other' || integration === 'activity')
      return { kind: 'throw', error, cause: e.message };
    // A Lambda function's unhandled exception: the Node.js runtime's error object is the Cause.
    const trace = (e.stack ?? '').split('\n').filter((line) => line !== '');
    const errorObject: JsonObject = { errorType: error, errorMessage: e.message, trace };
    return { kind: 'throw', error, cause: causeText(errorObject, integration) };
  }
}

/**
 * The mock source of a run from what the caller gave: a MockSource as it is, or the simple form
 * (built for this run alone). Keys of the simple form and of the handlers are checked against the
 * machine (rule 1): a key naming nothing throws E_UNKNOWN_STATE with "did you mean".
 */
export function runMocks(
  definition: JsonObject,
  mocks: MockSource | Record<string, unknown> | undefined,
  taskHandlers: Record<string, TaskHandler> | undefined,
  logicalIds?: LogicalIds,
  layerHandlers?: ReadonlyMap<MockSource, Record<string, TaskHandler>>,
  childMachines: readonly JsonObject[] = [],
): MockSource | undefined {
  const source = mocks === undefined || isMockSource(mocks) ? mocks : undefined;
  const spec = source === undefined ? mocks : undefined;
  // A top-level state's name is always a valid key (rule 1): checked first, so that a machine whose mocks
  // are keyed by its states never needs the whole key table (built from the definition model on first use).
  const states = isJsonObject(definition.States) ? definition.States : undefined;
  let known: ReadonlyMap<string, unknown> | undefined;
  // A mapped child machine's states are answered by the same mocks (ExecuteOptions.machines).
  const isKnown = (key: string): boolean =>
    (states !== undefined &&
      Object.prototype.hasOwnProperty.call(states, key) &&
      isJsonObject(states[key])) ||
    (known ??= knownMockKeys(definition, logicalIds)).has(key) ||
    childMachines.some((child) => knownMockKeys(child).has(key));
  let keys: string[] | undefined;
  // Checked without allocating when every key is known (the common case, on every run).
  if (spec !== undefined) for (const key of Object.keys(spec)) if (!isKnown(key)) (keys ??= []).push(key);
  for (const key in taskHandlers) if (!isKnown(key)) (keys ??= []).push(key);
  for (const handlers of layerHandlers?.values() ?? [])
    for (const key in handlers) if (!isKnown(key)) (keys ??= []).push(key);
  if (keys !== undefined) {
    const [unknown] = unknownMockKeys(keys, definition, logicalIds);
    if (unknown !== undefined) {
      throw new StepthroughError('E_UNKNOWN_STATE', unknown.message, {
        hint:
          unknown.suggestion !== undefined
            ? `Did you mean "${unknown.suggestion}"?`
            : 'Key mocks and task handlers by state name (or the function or activity a Task calls).',
      });
    }
  }
  if (mocks === undefined) return undefined;
  if (source !== undefined) return source;
  // Read once per spec object while it stays unchanged (specCache.ts).
  return simpleMocksForRun(mocks);
}
