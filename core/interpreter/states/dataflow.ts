// JSONPath-mode data flow shared by the state types: InputPath, ResultPath, OutputPath.

import type { JsonValue } from '../../json';
import { setAtPath } from '../../jsonpath';
import { compilePath, resolvePath } from '../paths';
import type { StateRun } from '../stateRun';

/** InputPath / OutputPath: a path over the value; null means `{}`; absent means `$`. */
export function applySelectPath(
  run: StateRun,
  field: 'InputPath' | 'OutputPath',
  value: JsonValue,
): JsonValue {
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
export function applyResultPath(
  run: StateRun,
  rawInput: JsonValue,
  result: JsonValue,
  resultPath: JsonValue | undefined = 'ResultPath' in run.def ? run.def.ResultPath : '$',
): JsonValue {
  if (resultPath === null) return rawInput;
  if (resultPath === undefined || resultPath === '$') return result;
  if (typeof resultPath !== 'string') throw run.fail('The ResultPath field must be a string or null.');
  const path = compilePath(resultPath);
  const set = setAtPath(rawInput, path, result);
  if (!set.ok) throw run.fail(`Invalid path '${resultPath}' : ${set.message}`);
  return set.value;
}

/** Reads a `*Path` field that must resolve (TimeoutSecondsPath, SecondsPath, ...). */
export function readRequiredPath(run: StateRun, pathText: string, input: JsonValue): JsonValue {
  const r = resolvePath(pathText, run.scope(input));
  if (!r.found) throw run.fail(`Invalid path '${pathText}' : ${r.message}`);
  return r.value;
}
