// The JSONPath data flow of a state, in the order AWS applies it:
//   InputPath → Parameters → (the state's work: a service call, a wait, branches) → ResultSelector
//   → Assign (over the selected result) → ResultPath (into the raw input) → OutputPath
// and the `...Path` forms of the other fields (TimeoutSecondsPath, SecondsPath, ItemsPath, ...), read over
// the effective input. `$$` is the context object and `$name` a workflow variable, read as they were when
// the state was entered. Everything here is synchronous; a promise appears only when an observer pauses
// on a data stage.

import { evaluateChoiceRule, timestampFromString } from '../../choice';
import { isJsonObject, type JsonValue } from '../../json';
import { setAtPath } from '../../jsonpath';
import { errorOutput } from '../errorHandling';
import { after, settle, type MaybePromise } from '../maybePromise';
import { compilePath, resolvePath } from '../paths';
import { evaluateDynamicValue, evaluatePayloadTemplate } from '../payload';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { type MapLimits, type OutputBlocks, type QueryLanguage, type TaskTimeouts } from './language';

type Assigned = Record<string, JsonValue> | undefined;

export const JSONPATH: QueryLanguage = {
  name: 'JSONPath',

  effectiveInput(run) {
    const effective = selectPath(run, 'InputPath', run.rawInput);
    return settle(run.stage('afterInputPath', effective), effective);
  },

  parameters(run, effective) {
    if (!('Parameters' in run.def)) return effective;
    const parameters = evaluatePayloadTemplate(run.def.Parameters as JsonValue, run.scope(effective));
    return settle(run.stage('afterParameters', parameters), parameters);
  },

  finishWithResult(run, result, next) {
    // Continuations are made only when an observer pauses (no closure per state otherwise).
    const staged = run.stage('result', result);
    if (staged !== undefined) return after(staged, () => selectResult(run, result, next));
    return selectResult(run, result, next);
  },

  finishPassThrough(run, effective, next, blocks?: OutputBlocks) {
    const assigned = evaluateAssign(run, blocks ? blocks.assign : run.def.Assign, effective);
    return completeOutput(run, selectPath(run, 'OutputPath', effective), next, assigned);
  },

  finishCaught(run, catcher, err) {
    const errOut = errorOutput(err);
    const next = typeof catcher.Next === 'string' ? catcher.Next : undefined;
    const assigned = evaluateAssign(run, catcher.Assign, errOut);
    const resultPath = 'ResultPath' in catcher ? catcher.ResultPath : '$';
    const output = placeAtResultPath(run, run.rawInput, errOut, resultPath);
    run.storeVariables(assigned);
    return { output, next, assigned };
  },

  taskTimeouts(run, effective): TaskTimeouts {
    return {
      // The fields read by constant names: a Task's own properties, read on every attempt.
      timeoutSeconds: secondsField(
        run,
        'TimeoutSeconds',
        run.def.TimeoutSeconds,
        run.def.TimeoutSecondsPath,
        effective,
      ),
      heartbeatSeconds: secondsField(
        run,
        'HeartbeatSeconds',
        run.def.HeartbeatSeconds,
        run.def.HeartbeatSecondsPath,
        effective,
      ),
    };
  },

  waitMilliseconds(run, effective) {
    const def = run.def;
    const now = run.host.now();
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
  },

  failError(run) {
    return { error: failField(run, 'Error'), cause: failField(run, 'Cause') };
  },

  matchChoice(run, effective) {
    const scope = run.scope(effective);
    const resolve = (pathText: string): { found: true; value: JsonValue } | { found: false } => {
      const r = resolvePath(pathText, scope);
      return r.found ? r : { found: false };
    };
    const choices = Array.isArray(run.def.Choices) ? run.def.Choices : [];
    for (const rule of choices) {
      if (isJsonObject(rule) && evaluateChoiceRule(rule, resolve, run.name)) return rule;
    }
    return undefined;
  },

  mapItems(run, effective) {
    const itemsPath = run.def.ItemsPath;
    if (typeof itemsPath !== 'string') return effective;
    const r = resolvePath(itemsPath, run.scope(effective));
    if (!r.found) throw run.fail(`Invalid path '${itemsPath}' : No results for path: ${itemsPath}`);
    return r.value;
  },

  mapLimits(run, effective): MapLimits {
    const def = run.def;
    let limit = typeof def.MaxConcurrency === 'number' ? def.MaxConcurrency : 0;
    if (typeof def.MaxConcurrencyPath === 'string') {
      const v = numericValue(readRequiredPath(run, def.MaxConcurrencyPath, effective), true);
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw run.fail(
          `The MaxConcurrencyPath field refers to value "${shown(v)}" which is not a valid integer: ${def.MaxConcurrencyPath}`,
        );
      }
      limit = v;
    }
    let count = typeof def.ToleratedFailureCount === 'number' ? def.ToleratedFailureCount : undefined;
    if (typeof def.ToleratedFailureCountPath === 'string') {
      const v = numericValue(readRequiredPath(run, def.ToleratedFailureCountPath, effective), true);
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw run.fail(
          `The ToleratedFailureCountPath field refers to value "${shown(v)}" which is not a valid integer: ${def.ToleratedFailureCountPath}`,
        );
      }
      count = v;
    }
    if (count !== undefined && count < 0) throw run.fail('ToleratedFailureCount cannot be negative.');
    let percentage =
      typeof def.ToleratedFailurePercentage === 'number' ? def.ToleratedFailurePercentage : undefined;
    if (typeof def.ToleratedFailurePercentagePath === 'string') {
      const v = numericValue(readRequiredPath(run, def.ToleratedFailurePercentagePath, effective), false);
      if (typeof v !== 'number') {
        throw run.fail(
          `The ToleratedFailurePercentagePath field refers to value "${shown(v)}" which is not a valid float: ${def.ToleratedFailurePercentagePath}`,
        );
      }
      percentage = v;
    }
    if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
      throw run.fail('ToleratedFailurePercentage must be between 0 and 100.');
    }
    return { limit, count, percentage };
  },

  selectItem(run, selector, effective, context) {
    return evaluatePayloadTemplate(selector, {
      input: effective,
      context,
      variables: run.thread.variables,
      random: run.host.random,
    });
  },

  requestField: 'Parameters',

  template(run, value, _field, effective) {
    return evaluatePayloadTemplate(value, run.scope(effective));
  },

  count(run, holder, field, effective) {
    const literal = holder[field];
    if (typeof literal === 'number') return literal;
    const pathText = holder[`${field}Path`];
    if (typeof pathText !== 'string') return undefined;
    const v = numericValue(readRequiredPath(run, pathText, effective), true);
    return typeof v === 'number' ? v : undefined;
  },
};

/** InputPath / OutputPath: a path over the value; null means `{}`; absent means `$`. */
function selectPath(run: StateRun, field: 'InputPath' | 'OutputPath', value: JsonValue): JsonValue {
  if (!(field in run.def)) return value;
  const pathText = run.def[field];
  if (pathText === null) return {};
  if (typeof pathText !== 'string') throw run.fail(`The ${field} field must be a string or null.`);
  if (pathText === '$') return value;
  const r = resolvePath(pathText, run.scope(value));
  if (!r.found) throw run.fail(`Invalid path '${pathText}' : ${r.message}`);
  return r.value;
}

/** ResultPath: where the result goes in the raw state input; null discards the result. */
function placeAtResultPath(
  run: StateRun,
  rawInput: JsonValue,
  result: JsonValue,
  resultPath: JsonValue | undefined,
): JsonValue {
  if (resultPath === null) return rawInput;
  if (resultPath === undefined || resultPath === '$') return result;
  if (typeof resultPath !== 'string') throw run.fail('The ResultPath field must be a string or null.');
  const set = setAtPath(rawInput, compilePath(resultPath), result);
  if (!set.ok) throw run.fail(`Invalid path '${resultPath}' : ${set.message}`);
  return set.value;
}

/** ResultSelector, then the rest of the pipeline. */
function selectResult(
  run: StateRun,
  result: JsonValue,
  next: string | undefined,
): MaybePromise<StateCompletion> {
  if (!('ResultSelector' in run.def)) return placeResult(run, result, next);
  const selected = evaluatePayloadTemplate(run.def.ResultSelector as JsonValue, run.scope(result));
  const staged = run.stage('afterResultSelector', selected);
  if (staged !== undefined) return after(staged, () => placeResult(run, selected, next));
  return placeResult(run, selected, next);
}

/** Assign (over the selected result), ResultPath, OutputPath. */
function placeResult(
  run: StateRun,
  selected: JsonValue,
  next: string | undefined,
): MaybePromise<StateCompletion> {
  const assigned = evaluateAssign(run, run.def.Assign, selected);
  const resultPath = 'ResultPath' in run.def ? run.def.ResultPath : '$';
  const placed = placeAtResultPath(run, run.rawInput, selected, resultPath);
  const staged = run.stage('afterResultPath', placed);
  if (staged !== undefined)
    return after(staged, () => completeOutput(run, selectPath(run, 'OutputPath', placed), next, assigned));
  return completeOutput(run, selectPath(run, 'OutputPath', placed), next, assigned);
}

/** Stores the assigned variables and reports the output stage. */
function completeOutput(
  run: StateRun,
  output: JsonValue,
  next: string | undefined,
  assigned: Assigned,
): MaybePromise<StateCompletion> {
  run.storeVariables(assigned);
  return settle(run.stage('output', output), { output, next, assigned });
}

/** An Assign block: a payload template over `dollar` (`x.$` keys take paths or intrinsics). */
function evaluateAssign(run: StateRun, assign: JsonValue | undefined, dollar: JsonValue): Assigned {
  if (!isJsonObject(assign)) return undefined;
  const value = evaluatePayloadTemplate(assign, run.scope(dollar));
  return isJsonObject(value) ? value : undefined;
}

/** Reads a `*Path` field that must resolve (TimeoutSecondsPath, MaxConcurrencyPath, ...). */
function readRequiredPath(run: StateRun, pathText: string, input: JsonValue): JsonValue {
  const r = resolvePath(pathText, run.scope(input));
  if (!r.found) throw run.fail(`Invalid path '${pathText}' : ${r.message}`);
  return r.value;
}

function secondsField(
  run: StateRun,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
  literal: JsonValue | undefined,
  pathText: JsonValue | undefined,
  input: JsonValue,
): number | undefined {
  if (typeof literal === 'number') return literal;
  if (typeof pathText !== 'string') return undefined;
  const value = readRequiredPath(run, pathText, input);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw run.fail(
      `The ${field}Path field refers to value "${JSON.stringify(value)}" which is not a valid positive integer: ${pathText}`,
    );
  }
  return value;
}

/** A Fail state's Error or Cause: the literal, or the value its `*Path` field selects (intrinsics allowed). */
function failField(run: StateRun, field: 'Error' | 'Cause'): string | undefined {
  const literal = run.def[field];
  if (typeof literal === 'string') return literal;
  const pathField = `${field}Path`;
  const pathText = run.def[pathField];
  if (typeof pathText !== 'string') return undefined;
  const value = evaluateDynamicValue(pathText, pathField, run.scope(run.rawInput));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** AWS reads a numeric string ("1") in MaxConcurrencyPath / ToleratedFailure*Path as the number. */
function numericValue(v: JsonValue, integer: boolean): JsonValue {
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n) && (!integer || Number.isInteger(n))) return n;
  }
  return v;
}

function shown(v: JsonValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
