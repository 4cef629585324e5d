// The states without a service call: Pass, Succeed, Fail, Choice and Wait, in both query languages.

import { evaluateChoiceRule, timestampFromString } from '../../choice';
import { ErrorNames, StatesError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import { after, type MaybePromise } from '../maybePromise';
import { evaluateDynamicValue, evaluatePayloadTemplate } from '../payload';
import { resolvePath } from '../paths';
import { jsonataTypedField, usesJsonata } from '../query';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applySelectPath } from './dataflow';
import { finishPassThrough, finishWithResult } from './finish';

export function nextOf(run: StateRun): string | undefined {
  return run.def.End === true || typeof run.def.Next !== 'string' ? undefined : run.def.Next;
}

export function runPass(run: StateRun): MaybePromise<StateCompletion> {
  if (usesJsonata(run)) return finishWithResult(run, run.rawInput, nextOf(run));
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  return after(run.stage('afterInputPath', effective), () => {
    if (!('Parameters' in run.def)) return passResult(run, effective);
    const parameters = evaluatePayloadTemplate(run.def.Parameters as JsonValue, run.scope(effective));
    return after(run.stage('afterParameters', parameters), () => passResult(run, parameters));
  });
}

/** A Pass state's result: its `Result` field, else what InputPath and Parameters made of the input. */
function passResult(run: StateRun, computed: JsonValue): MaybePromise<StateCompletion> {
  const result = 'Result' in run.def ? (run.def.Result as JsonValue) : computed;
  return finishWithResult(run, result, nextOf(run));
}

export function runSucceed(run: StateRun): MaybePromise<StateCompletion> {
  if (usesJsonata(run)) return finishPassThrough(run, run.rawInput, undefined);
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  return after(run.stage('afterInputPath', effective), () => finishPassThrough(run, effective, undefined));
}

/** A Fail state's Error or Cause in JSONPath: the literal, or the value its `*Path` field selects. */
function failFieldByPath(run: StateRun, field: 'Error' | 'Cause'): string | undefined {
  const literal = run.def[field];
  if (typeof literal === 'string') return literal;
  const pathField = `${field}Path`;
  const pathText = run.def[pathField];
  if (typeof pathText !== 'string') return undefined;
  const value = evaluateDynamicValue(pathText, pathField, run.scope(run.rawInput));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

async function failFieldByJsonata(run: StateRun, field: 'Error' | 'Cause'): Promise<string | undefined> {
  const literal = run.def[field];
  if (literal === undefined) return undefined;
  const value = await jsonataTypedField(run, literal, field, 'string');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function runFail(run: StateRun): MaybePromise<StateCompletion> {
  if (usesJsonata(run)) return failByJsonata(run);
  const error = failFieldByPath(run, 'Error');
  const cause = failFieldByPath(run, 'Cause');
  throw new StatesError(error ?? '', cause);
}

async function failByJsonata(run: StateRun): Promise<StateCompletion> {
  const error = await failFieldByJsonata(run, 'Error');
  const cause = await failFieldByJsonata(run, 'Cause');
  throw new StatesError(error ?? '', cause);
}

export function runChoice(run: StateRun): MaybePromise<StateCompletion> {
  if (usesJsonata(run)) return chooseByJsonata(run);
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  return after(run.stage('afterInputPath', effective), () => chooseByJsonPath(run, effective));
}

function chooseByJsonPath(run: StateRun, effective: JsonValue): MaybePromise<StateCompletion> {
  const scope = run.scope(effective);
  const resolve = (pathText: string): { found: true; value: JsonValue } | { found: false } => {
    const r = resolvePath(pathText, scope);
    return r.found ? r : { found: false };
  };
  const choices = Array.isArray(run.def.Choices) ? run.def.Choices : [];
  for (const rule of choices) {
    if (isJsonObject(rule) && evaluateChoiceRule(rule, resolve, run.name)) {
      return choiceTaken(run, effective, rule);
    }
  }
  return choiceDefault(run, effective);
}

async function chooseByJsonata(run: StateRun): Promise<StateCompletion> {
  const choices = Array.isArray(run.def.Choices) ? run.def.Choices : [];
  for (const rule of choices) {
    if (!isJsonObject(rule)) continue;
    const condition = await jsonataTypedField(run, rule.Condition ?? false, 'Condition', 'boolean');
    if (condition === true) return choiceTaken(run, run.rawInput, rule);
  }
  return choiceDefault(run, run.rawInput);
}

/** The matched rule's Next; its Assign and Output replace the state's. */
function choiceTaken(run: StateRun, effective: JsonValue, rule: JsonObject): MaybePromise<StateCompletion> {
  const next = typeof rule.Next === 'string' ? rule.Next : undefined;
  return finishPassThrough(
    run,
    effective,
    next,
    rule.Assign ?? run.def.Assign,
    rule.Output ?? run.def.Output,
  );
}

function choiceDefault(run: StateRun, effective: JsonValue): MaybePromise<StateCompletion> {
  if (typeof run.def.Default !== 'string') {
    throw run.fail('No Choice rule matched and no Default state was specified.', ErrorNames.Runtime);
  }
  return finishPassThrough(run, effective, run.def.Default);
}

/** Longest Wait AWS accepts: 2^31-1 seconds from now. */
const MAX_WAIT_MS = 2_147_483_647 * 1000;

async function waitMillisecondsByJsonata(run: StateRun): Promise<number> {
  const def = run.def;
  const now = run.rt.scheduler.now;
  if ('Seconds' in def) {
    const seconds = await jsonataTypedField(run, def.Seconds as JsonValue, 'Seconds', 'integer');
    if (typeof seconds !== 'number' || seconds < 0)
      throw run.fail(
        `The Seconds field must be a non-negative integer, got ${JSON.stringify(seconds)}.`,
        ErrorNames.QueryEvaluationError,
      );
    return seconds * 1000;
  }
  if ('Timestamp' in def) {
    const ts = await jsonataTypedField(run, def.Timestamp as JsonValue, 'Timestamp', 'timestamp');
    const t = typeof ts === 'string' ? timestampFromString(ts) : undefined;
    if (t === undefined) {
      throw run.fail(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(ts)}`,
        ErrorNames.QueryEvaluationError,
      );
    }
    return t - now;
  }
  return 0;
}

function waitMillisecondsByPath(run: StateRun, effective: JsonValue): number {
  const def = run.def;
  const now = run.rt.scheduler.now;
  if (typeof def.Seconds === 'number') return def.Seconds * 1000;
  if (typeof def.SecondsPath === 'string') {
    const r = resolvePath(def.SecondsPath, run.scope(effective));
    if (!r.found)
      throw run.fail(`The SecondsPath parameter does not reference an input value: ${def.SecondsPath}`);
    const v = r.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw run.fail(
        `The SecondsPath parameter cannot be parsed as a long value: ${def.SecondsPath} == ${JSON.stringify(v)}`,
      );
    }
    if (v < 0)
      throw run.fail(`The SecondsPath parameter references a negative value: ${def.SecondsPath} == ${v}`);
    return v * 1000;
  }
  if (typeof def.Timestamp === 'string') {
    const t = timestampFromString(def.Timestamp);
    if (t === undefined)
      throw run.fail(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${def.Timestamp}`,
      );
    return t - now;
  }
  if (typeof def.TimestampPath === 'string') {
    const r = resolvePath(def.TimestampPath, run.scope(effective));
    if (!r.found)
      throw run.fail(`The TimestampPath parameter does not reference an input value: ${def.TimestampPath}`);
    const t = typeof r.value === 'string' ? timestampFromString(r.value) : undefined;
    if (t === undefined) {
      const shown = typeof r.value === 'string' ? r.value : JSON.stringify(r.value);
      throw run.fail(
        `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${def.TimestampPath} == ${shown}`,
      );
    }
    return t - now;
  }
  return 0;
}

export function runWait(run: StateRun): MaybePromise<StateCompletion> {
  if (usesJsonata(run)) {
    return waitMillisecondsByJsonata(run).then((ms) => waitThenFinish(run, run.rawInput, ms));
  }
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  return after(run.stage('afterInputPath', effective), () =>
    waitThenFinish(run, effective, waitMillisecondsByPath(run, effective)),
  );
}

function waitThenFinish(run: StateRun, effective: JsonValue, waitMs: number): MaybePromise<StateCompletion> {
  if (waitMs > MAX_WAIT_MS) throw run.fail('Wait state delay is too long.');
  const slept = waitMs > 0 ? run.rt.sleep(run.thread, waitMs) : undefined;
  return after(slept, () => finishPassThrough(run, effective, nextOf(run)));
}

export function unknownState(run: StateRun): MaybePromise<StateCompletion> {
  throw new StatesError(
    ErrorNames.Runtime,
    `The state '${run.name}' has an unknown Type '${String(run.def.Type)}'.`,
  );
}
