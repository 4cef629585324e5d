// An execution recorded on AWS (its GetExecutionHistory events) and the definition it ran, turned into
// a test case that replays it: the execution's input, a mock for each Task built from the results AWS
// recorded, and the recorded outcome as the expectation. The rules:
//
//   - Each result event (Task*, LambdaFunction*, Activity* Succeeded/Failed/TimedOut/...Failed) belongs
//     to the state of the nearest StateEntered up its previousEventId chain, and to the request of the
//     nearest Scheduled event on it. A state's results become its mock list, in recorded order (retries
//     count as calls, as they do for mocks). One result repeated is written once.
//   - A state inside a Map iteration or a Parallel branch is called by threads whose order the local
//     scheduler need not share with AWS: when its results differ, each entry is keyed with `when:` on
//     its recorded request, so each call gets the answer AWS gave to that request, whatever the order.
//   - What cannot be reproduced is said, never guessed: a result that was not recorded
//     (includeExecutionData false) or was cut off becomes a `Stepthrough.NotRecorded` error naming the
//     event; a value holding a recorder's placeholders (`<uuid:1>`) is used as recorded and noted;
//     calls `when` cannot tell apart, events that cannot be linked to a state, an outcome a local run
//     cannot have (ABORTED by a caller, no end event) are noted. Every note names the state or event.
//   - Expected: the recorded status, output (or error and cause) and the top-level path.

import { isJsonObject, isSubset, jsonEquals, type JsonObject, type JsonValue } from '../json';
import { integrationOf, whenSubject } from '../mocks/targets';
import { definitionModelOfValue, stateValue, type StateLocation } from '../model';
import {
  ancestry,
  causeText,
  detailsOf,
  hasUnlinkedEvents,
  payloadValue,
  type RecordedEvent,
} from './history';

export type ReplayStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One mock entry of a replay, in the test file's spelling. */
export interface ReplayMockEntry {
  when?: JsonValue;
  return?: JsonValue;
  throw?: { error: string; cause?: string };
  /** Why this entry is not what AWS answered, or what in it is redacted (a comment in the file). */
  note?: string;
}

export interface ReplayNote {
  kind: 'not-recorded' | 'truncated' | 'redacted' | 'ambiguous' | 'unattributed' | 'outcome';
  /** The state it concerns, when one. */
  state?: string;
  message: string;
}

export interface ReplayExpectation {
  status?: ReplayStatus;
  output?: JsonValue;
  error?: string;
  cause?: string;
  /** Top-level states entered, in order. */
  path: string[];
}

/** A test case that replays a recorded execution (the model `stepthrough import-history` writes). */
export interface ReplayCase {
  input: JsonValue;
  /** By state name: the entries each Task's calls are answered with. */
  mocks: Record<string, ReplayMockEntry[]>;
  context: { roleArn?: string; accountId?: string; region?: string; startTime?: string };
  expect: ReplayExpectation;
  /** What the replay cannot reproduce exactly, for the file's comments and the user's warning. */
  notes: ReplayNote[];
  /** How many events the history held. */
  events: number;
}

type ResultKind = 'return' | 'throw';

/** The result events of a Task call and what they mean. */
const RESULT_EVENTS: Readonly<Record<string, ResultKind>> = {
  TaskSucceeded: 'return',
  TaskFailed: 'throw',
  TaskTimedOut: 'throw',
  TaskStartFailed: 'throw',
  TaskSubmitFailed: 'throw',
  LambdaFunctionSucceeded: 'return',
  LambdaFunctionFailed: 'throw',
  LambdaFunctionTimedOut: 'throw',
  LambdaFunctionStartFailed: 'throw',
  LambdaFunctionScheduleFailed: 'throw',
  ActivitySucceeded: 'return',
  ActivityFailed: 'throw',
  ActivityTimedOut: 'throw',
  ActivityScheduleFailed: 'throw',
};

const SCHEDULED_EVENTS = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);

const END_EVENTS: Readonly<Record<string, ReplayStatus>> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

/** A recorder's placeholder (`<uuid:1>`, `<region>`, `<lambda_function_name>`): a value it replaced. */
const PLACEHOLDER = /<[A-Za-z][\w.:-]*>/g;

/** The placeholders a value holds, each once. */
export function placeholdersIn(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.match(PLACEHOLDER) ?? []) found.add(m);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isJsonObject(v as JsonValue)) Object.values(v as JsonObject).forEach(visit);
  };
  visit(value);
  return [...found];
}

interface RecordedCall {
  state: string;
  event: RecordedEvent;
  response: ReplayMockEntry;
  /** The request's `when` subject, when the Scheduled event was found and recorded its request. */
  subject?: JsonValue;
  /** The StateEntered event the call belongs to: calls sharing it are one state run's retries. */
  entered?: RecordedEvent;
}

function eventLabel(event: RecordedEvent): string {
  return `${event.type} (event ${typeof event.id === 'number' ? event.id : '?'})`;
}

/** The response AWS gave in a result event, or the error saying it was not recorded. */
function responseOf(
  event: RecordedEvent,
  kind: ResultKind,
  state: string,
  notes: ReplayNote[],
  texts: CauseTexts,
): ReplayMockEntry {
  const details = detailsOf(event);
  if (kind === 'throw') {
    const error = typeof details.error === 'string' ? details.error : undefined;
    const cause = texts.of(details.cause);
    if (error === undefined) {
      const message = `${eventLabel(event)} of '${state}' records no error name (a SendTaskFailure without one, or a history without its data), which a mock cannot give: the replay fails the call with Stepthrough.NotRecorded.`;
      notes.push({ kind: 'not-recorded', state, message });
      return { throw: { error: 'Stepthrough.NotRecorded', cause: message }, note: 'error not recorded' };
    }
    const entry: ReplayMockEntry = { throw: cause === undefined ? { error } : { error, cause } };
    const redacted = placeholdersIn(cause);
    if (redacted.length > 0) entry.note = `cause holds placeholders ${redacted.join(', ')}, used as recorded`;
    return entry;
  }
  const truncated =
    isJsonObject(details.outputDetails ?? null) && (details.outputDetails as JsonObject).truncated === true;
  const parsed = truncated ? undefined : payloadValue(details.output);
  if (parsed === undefined) {
    const why = truncated
      ? 'was cut off (outputDetails.truncated)'
      : details.output === undefined
        ? 'was not recorded (a history read with includeExecutionData false)'
        : 'is not JSON (replaced by a placeholder?)';
    const message = `The result of '${state}' in ${eventLabel(event)} ${why}; the replay fails this call with Stepthrough.NotRecorded: replace that entry with the result.`;
    notes.push({ kind: truncated ? 'truncated' : 'not-recorded', state, message });
    return { throw: { error: 'Stepthrough.NotRecorded', cause: message }, note: `result ${why}` };
  }
  const entry: ReplayMockEntry = { return: parsed.value };
  const redacted = placeholdersIn(parsed.value);
  if (redacted.length > 0) entry.note = `holds placeholders ${redacted.join(', ')}, returned as recorded`;
  return entry;
}

/** The state a Task event belongs to, for events without links: the one Task whose Resource fits. */
function stateByResource(event: RecordedEvent, tasks: readonly TaskState[]): string | undefined {
  const details = detailsOf(event);
  const type = typeof details.resourceType === 'string' ? details.resourceType : undefined;
  const resource = typeof details.resource === 'string' ? details.resource : undefined;
  const fits = tasks.filter((task) =>
    event.type.startsWith('LambdaFunction')
      ? integrationOf(task.resource) === 'lambdaArn'
      : event.type.startsWith('Activity')
        ? integrationOf(task.resource) === 'activity'
        : type !== undefined && resource !== undefined && task.resource.endsWith(`${type}:${resource}`),
  );
  return fits.length === 1 ? fits[0]?.name : undefined;
}

/**
 * Causes as AWS sent them. AWS's CLI gives each cause as text; a recorder that parsed the JSON ones
 * (../shared/histories) lost their spacing, so a parsed cause is written as the text of the same value
 * found elsewhere in the history (an error output a Catch passed on quotes it as AWS wrote it), else
 * as compact JSON.
 */
class CauseTexts {
  private strings: string[] | undefined;
  constructor(private readonly events: readonly RecordedEvent[]) {}

  of(value: unknown): string | undefined {
    if (value === undefined || value === null || typeof value === 'string') return causeText(value);
    for (const text of this.candidates()) {
      const parsed = payloadValue(text);
      if (parsed !== undefined && jsonEquals(parsed.value, value)) return text;
    }
    return causeText(value);
  }

  private candidates(): string[] {
    if (this.strings !== undefined) return this.strings;
    const found = new Set<string>();
    const visit = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.startsWith('{')) found.add(v);
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
    };
    this.events.forEach(visit);
    return (this.strings = [...found]);
  }
}

interface TaskState {
  name: string;
  resource: string;
  /** Inside a Map iteration or Parallel branch (at any depth). */
  concurrent: boolean;
  /** Inside a Distributed Map: its calls are in the child executions' histories, not this one. */
  distributed: boolean;
}

function taskStates(definition: JsonObject): Map<string, TaskState> {
  const model = definitionModelOfValue(definition);
  const tasks = new Map<string, TaskState>();
  for (const state of model.states) {
    if (state.type !== 'Task') continue;
    const value = stateValue(model, state);
    const resource = isJsonObject(value ?? null) ? (value as JsonObject).Resource : undefined;
    tasks.set(state.name, {
      name: state.name,
      resource: typeof resource === 'string' ? resource : '',
      concurrent: state.scope.kind !== 'top',
      distributed: state.scope.distributed,
    });
  }
  return tasks;
}

function topLevelNames(definition: JsonObject): Set<string> {
  const top = definitionModelOfValue(definition).scopes[0];
  return new Set((top?.states ?? []).map((s: StateLocation) => s.name));
}

/** The calls of each Task in recorded order, with their responses and requests. */
function recordedCalls(
  events: readonly RecordedEvent[],
  tasks: ReadonlyMap<string, TaskState>,
  notes: ReplayNote[],
  texts: CauseTexts,
): RecordedCall[] {
  const byId = new Map(events.filter((e) => typeof e.id === 'number').map((e) => [e.id, e]));
  const calls: RecordedCall[] = [];
  const taskList = [...tasks.values()];
  for (const event of events) {
    const kind = RESULT_EVENTS[event.type];
    if (kind === undefined) continue;
    let state: string | undefined;
    let scheduled: RecordedEvent | undefined;
    let entered: RecordedEvent | undefined;
    for (const step of ancestry(byId, event)) {
      if (scheduled === undefined && SCHEDULED_EVENTS.has(step.type)) scheduled = step;
      if (step.type.endsWith('StateEntered')) {
        const name = detailsOf(step).name;
        state = typeof name === 'string' ? name : undefined;
        entered = step;
        break;
      }
    }
    state ??= stateByResource(event, taskList);
    const task = state === undefined ? undefined : tasks.get(state);
    if (task === undefined) {
      notes.push({
        kind: 'unattributed',
        message: `${eventLabel(event)} cannot be tied to a Task state of the definition (its events are not linked, or the definition is not the one that ran); its result is left out.`,
      });
      continue;
    }
    const call: RecordedCall = {
      state: task.name,
      event,
      response: responseOf(event, kind, task.name, notes, texts),
    };
    if (entered !== undefined) call.entered = entered;
    const details = scheduled === undefined ? undefined : detailsOf(scheduled);
    const request = payloadValue(details?.parameters ?? details?.input);
    if (request !== undefined) call.subject = whenSubject(integrationOf(task.resource), request.value);
    calls.push(call);
  }
  return calls;
}

function sameResponse(a: ReplayMockEntry, b: ReplayMockEntry): boolean {
  return (
    jsonEquals(a.return ?? null, b.return ?? null) &&
    jsonEquals(a.throw ?? null, b.throw ?? null) &&
    (a.return === undefined) === (b.return === undefined)
  );
}

/** The mock entries of one state from its calls (see the rules at the top). */
function stateMocks(task: TaskState, calls: readonly RecordedCall[], notes: ReplayNote[]): ReplayMockEntry[] {
  const first = calls[0];
  if (first === undefined) return [];
  if (calls.every((c) => sameResponse(c.response, first.response))) return [first.response];
  if (!task.concurrent) return calls.map((c) => c.response);
  const subjects = calls.map((c) => c.subject);
  if (subjects.some((s) => s === undefined)) {
    notes.push({
      kind: 'ambiguous',
      state: task.name,
      message: `'${task.name}' runs in Map iterations or Parallel branches and its requests were not recorded: its ${calls.length} results are handed out in recorded order, which the local run's iterations may not follow.`,
    });
    return calls.map((c) => c.response);
  }
  // `when` tells the calls apart only if each request matches exactly the entries of equal requests.
  const confused = calls.some((c) =>
    calls.some((other) => !jsonEquals(other.subject, c.subject) && isSubset(other.subject, c.subject)),
  );
  // Equal requests with different answers are told apart by order alone: safe for one run's retries.
  const repeated = calls.some((c) =>
    calls.some(
      (other) =>
        jsonEquals(other.subject, c.subject) &&
        !sameResponse(other.response, c.response) &&
        (other.entered === undefined || other.entered !== c.entered),
    ),
  );
  if (confused || repeated) {
    notes.push({
      kind: 'ambiguous',
      state: task.name,
      message: confused
        ? `Some requests of '${task.name}' contain others, so "when" cannot tell its calls apart: a call may get the answer AWS gave another one.`
        : `'${task.name}' got different results for the same request in Map iterations or Parallel branches: they are handed out in recorded order, which the local run's iterations may not follow.`,
    });
  }
  return calls.map((c) => ({ when: c.subject as JsonValue, ...c.response }));
}

/** An ISO time from a recorded timestamp (ISO text or epoch seconds), when it is a real one. */
function startTimeOf(timestamp: unknown): string | undefined {
  const ms =
    typeof timestamp === 'number'
      ? timestamp * 1000
      : typeof timestamp === 'string'
        ? Date.parse(timestamp)
        : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

const ACCOUNT = /:(\d{12}):/;

function contextOf(events: readonly RecordedEvent[], started: JsonObject): ReplayCase['context'] {
  const context: ReplayCase['context'] = {};
  const roleArn = started.roleArn;
  if (typeof roleArn === 'string' && roleArn !== '') context.roleArn = roleArn;
  const startTime = startTimeOf(events[0]?.timestamp);
  if (startTime !== undefined) context.startTime = startTime;
  for (const event of events) {
    if (!SCHEDULED_EVENTS.has(event.type)) continue;
    const details = detailsOf(event);
    if (
      context.region === undefined &&
      typeof details.region === 'string' &&
      placeholdersIn(details.region).length === 0
    )
      context.region = details.region;
    if (context.accountId === undefined) {
      const account = ACCOUNT.exec(JSON.stringify(details))?.[1];
      if (account !== undefined) context.accountId = account;
    }
  }
  const roleAccount = typeof roleArn === 'string' ? ACCOUNT.exec(roleArn)?.[1] : undefined;
  if (roleAccount !== undefined) context.accountId = roleAccount;
  return context;
}

function expectationOf(
  events: readonly RecordedEvent[],
  top: ReadonlySet<string>,
  notes: ReplayNote[],
  texts: CauseTexts,
): ReplayExpectation {
  const path: string[] = [];
  for (const event of events) {
    if (!event.type.endsWith('StateEntered')) continue;
    const name = detailsOf(event).name;
    if (typeof name === 'string' && top.has(name)) path.push(name);
  }
  const expect: ReplayExpectation = { path };
  const last = events[events.length - 1];
  const status = last === undefined ? undefined : END_EVENTS[last.type];
  if (last === undefined || status === undefined) {
    notes.push({
      kind: 'outcome',
      message: `The history does not end the execution (its last event is ${last?.type ?? 'missing'}: still running, or a page is missing): no outcome is expected, only the path so far.`,
    });
    return expect;
  }
  expect.status = status;
  const details = detailsOf(last);
  if (status === 'ABORTED')
    notes.push({
      kind: 'outcome',
      message:
        'The execution was stopped by a caller (StopExecution): a local run does not stop by itself, so this replay cannot reach ABORTED.',
    });
  if (status === 'SUCCEEDED') {
    const truncated =
      isJsonObject(details.outputDetails ?? null) && (details.outputDetails as JsonObject).truncated === true;
    const output = truncated ? undefined : payloadValue(details.output);
    if (output === undefined)
      notes.push({
        kind: truncated ? 'truncated' : 'not-recorded',
        message: `The execution's output ${truncated ? 'was cut off' : 'was not recorded'}: the replay checks the status and path only.`,
      });
    else {
      expect.output = output.value;
      const redacted = placeholdersIn(output.value);
      if (redacted.length > 0)
        notes.push({
          kind: 'redacted',
          message: `The expected output holds placeholders (${redacted.join(', ')}): it matches only where the mocks return them as recorded.`,
        });
    }
  } else {
    if (typeof details.error === 'string') expect.error = details.error;
    const cause = texts.of(details.cause);
    if (cause !== undefined) expect.cause = cause;
  }
  return expect;
}

/**
 * The test case replaying a recorded execution. `events` are a history's events (readExecutionHistory
 * reads them from what the AWS CLI prints); `definition` is the state machine that ran.
 */
export function importHistory(events: readonly RecordedEvent[], definition: JsonObject): ReplayCase {
  const notes: ReplayNote[] = [];
  const startedEvent = events.find((e) => e.type === 'ExecutionStarted');
  const started = startedEvent === undefined ? {} : detailsOf(startedEvent);
  const inputTruncated =
    isJsonObject(started.inputDetails ?? null) && (started.inputDetails as JsonObject).truncated === true;
  const input = inputTruncated ? undefined : payloadValue(started.input);
  if (input === undefined)
    notes.push({
      kind: inputTruncated ? 'truncated' : 'not-recorded',
      message: `The execution's input ${startedEvent === undefined ? 'is missing (no ExecutionStarted event)' : inputTruncated ? 'was cut off' : 'was not recorded'}: the case runs with {}; give the real input.`,
    });
  else {
    const redacted = placeholdersIn(input.value);
    if (redacted.length > 0)
      notes.push({
        kind: 'redacted',
        message: `The input holds placeholders (${redacted.join(', ')}), used as recorded.`,
      });
  }
  if (hasUnlinkedEvents(events))
    notes.push({
      kind: 'unattributed',
      message:
        'Some events carry no numeric id (a recorder normalised them): their calls are tied to states by resource, in the order the file lists them.',
    });
  const tasks = taskStates(definition);
  const texts = new CauseTexts(events);
  const calls = recordedCalls(events, tasks, notes, texts);
  const mocks: Record<string, ReplayMockEntry[]> = {};
  for (const task of tasks.values()) {
    const own = calls.filter((c) => c.state === task.name);
    if (own.length > 0) mocks[task.name] = stateMocks(task, own, notes);
  }
  const entered = new Set(
    events.filter((e) => e.type.endsWith('StateEntered')).map((e) => String(detailsOf(e).name)),
  );
  for (const task of tasks.values()) {
    if (mocks[task.name] !== undefined) continue;
    if (task.distributed)
      notes.push({
        kind: 'not-recorded',
        state: task.name,
        message: `'${task.name}' runs in a Distributed Map's child executions, whose histories are not part of this one: it has no mock; add one (or a task handler).`,
      });
    else if (entered.has(task.name))
      notes.push({
        kind: 'not-recorded',
        state: task.name,
        message: `'${task.name}' was entered but AWS recorded no result for it (it failed before calling its service): it has no mock, and the replay stops there with Stepthrough.MockMissing.`,
      });
  }
  for (const event of events) {
    if (event.type !== 'MapRunStarted') continue;
    notes.push({
      kind: 'not-recorded',
      message: `A Distributed Map ran (${eventLabel(event)}): its items read by an ItemReader and its child executions are not in this history.`,
    });
  }
  for (const [state, entries] of Object.entries(mocks)) {
    const redacted = new Set(
      entries.flatMap((entry) => placeholdersIn([entry.return ?? null, entry.throw?.cause ?? null])),
    );
    if (redacted.size > 0)
      notes.push({
        kind: 'redacted',
        state,
        message: `The recorded results of '${state}' hold placeholders (${[...redacted].join(', ')}): its mocks return them as recorded.`,
      });
  }
  return {
    input: input?.value ?? {},
    mocks,
    context: contextOf(events, started),
    expect: expectationOf(events, topLevelNames(definition), notes, texts),
    notes: dedupe(notes),
    events: events.length,
  };
}

function dedupe(notes: ReplayNote[]): ReplayNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => !seen.has(n.message) && seen.add(n.message) !== undefined);
}

/** The mocks of a replay in the simple mock form (`Return`/`Throw`/`When`), for execute() and the debugger. */
export function replayMocks(replay: ReplayCase): Record<string, JsonObject[]> {
  const out: Record<string, JsonObject[]> = {};
  for (const [state, entries] of Object.entries(replay.mocks)) {
    out[state] = entries.map((entry) => {
      const mock: JsonObject = {};
      if (entry.when !== undefined) mock.When = entry.when;
      if (entry.return !== undefined) mock.Return = entry.return;
      if (entry.throw !== undefined)
        mock.Throw =
          entry.throw.cause === undefined
            ? { Error: entry.throw.error }
            : { Error: entry.throw.error, Cause: entry.throw.cause };
      return mock;
    });
  }
  return out;
}
