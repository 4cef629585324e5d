// The states without a service call: Pass, Succeed, Fail, Choice and Wait (JSONPath mode).

import { evaluateChoiceRule, timestampFromString } from '../../choice';
import { ErrorNames, StatesError } from '../../errors';
import { isJsonObject, type JsonValue } from '../../json';
import { evaluateDynamicValue, evaluatePayloadTemplate } from '../payload';
import { resolvePath } from '../paths';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applyResultPath, applySelectPath } from './dataflow';

export function nextOf(run: StateRun): string | undefined {
  return run.def.End === true || typeof run.def.Next !== 'string' ? undefined : run.def.Next;
}

export async function runPass(run: StateRun): Promise<StateCompletion> {
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  if (run.observingStages) await run.stage('afterInputPath', effective);
  let result: JsonValue = effective;
  if ('Parameters' in run.def) {
    result = evaluatePayloadTemplate(run.def.Parameters as JsonValue, run.scope(effective));
    if (run.observingStages) await run.stage('afterParameters', result);
  }
  if ('Result' in run.def) result = run.def.Result as JsonValue;
  if (run.observingStages) await run.stage('result', result);
  const placed = applyResultPath(run, run.rawInput, result);
  if (run.observingStages) await run.stage('afterResultPath', placed);
  const output = applySelectPath(run, 'OutputPath', placed);
  return { output, next: nextOf(run) };
}

export async function runSucceed(run: StateRun): Promise<StateCompletion> {
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  if (run.observingStages) await run.stage('afterInputPath', effective);
  return { output: applySelectPath(run, 'OutputPath', effective), next: undefined };
}

function failField(run: StateRun, field: 'Error' | 'Cause'): string | undefined {
  const literal = run.def[field];
  if (typeof literal === 'string') return literal;
  const pathField = `${field}Path`;
  const pathText = run.def[pathField];
  if (typeof pathText !== 'string') return undefined;
  const value = evaluateDynamicValue(pathText, pathField, run.scope(run.rawInput));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function runFail(run: StateRun): Promise<StateCompletion> {
  const error = failField(run, 'Error');
  const cause = failField(run, 'Cause');
  return Promise.reject(new StatesError(error ?? '', cause));
}

export async function runChoice(run: StateRun): Promise<StateCompletion> {
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  if (run.observingStages) await run.stage('afterInputPath', effective);
  const scope = run.scope(effective);
  const resolve = (pathText: string): { found: true; value: JsonValue } | { found: false } => {
    const r = resolvePath(pathText, scope);
    return r.found ? r : { found: false };
  };
  const choices = Array.isArray(run.def.Choices) ? run.def.Choices : [];
  let next: string | undefined;
  for (const rule of choices) {
    if (isJsonObject(rule) && evaluateChoiceRule(rule, resolve, run.name)) {
      next = typeof rule.Next === 'string' ? rule.Next : undefined;
      break;
    }
  }
  if (next === undefined) {
    if (typeof run.def.Default !== 'string') {
      throw run.fail('No Choice rule matched and no Default state was specified.', ErrorNames.Runtime);
    }
    next = run.def.Default;
  }
  return { output: applySelectPath(run, 'OutputPath', effective), next };
}

/** Longest Wait AWS accepts: 2^31-1 seconds from now. */
const MAX_WAIT_MS = 2_147_483_647 * 1000;

export async function runWait(run: StateRun): Promise<StateCompletion> {
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  if (run.observingStages) await run.stage('afterInputPath', effective);
  const now = run.rt.scheduler.now;
  let waitMs = 0;
  const def = run.def;
  if (typeof def.Seconds === 'number') {
    waitMs = def.Seconds * 1000;
  } else if (typeof def.SecondsPath === 'string') {
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
    waitMs = v * 1000;
  } else if (typeof def.Timestamp === 'string') {
    const t = timestampFromString(def.Timestamp);
    if (t === undefined)
      throw run.fail(
        `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${def.Timestamp}`,
      );
    waitMs = t - now;
  } else if (typeof def.TimestampPath === 'string') {
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
    waitMs = t - now;
  }
  if (waitMs > MAX_WAIT_MS) throw run.fail('Wait state delay is too long.');
  if (waitMs > 0) await run.rt.sleep(run.thread, waitMs);
  return { output: applySelectPath(run, 'OutputPath', effective), next: nextOf(run) };
}

export function unknownState(run: StateRun): Promise<StateCompletion> {
  return Promise.reject(
    new StatesError(
      ErrorNames.Runtime,
      `The state '${run.name}' has an unknown Type '${String(run.def.Type)}'.`,
    ),
  );
}
