// Evaluates a parsed intrinsic call: arguments left to right (paths through env.resolvePath, nested calls
// recursively), then the function. Failures throw StatesError('States.Runtime', cause).

import { ErrorNames, StatesError } from '../errors';
import { cloneJson } from '../json';
import type { JsonValue } from '../json';
import { intrinsicError } from './args';
import {
  statesArray,
  statesArrayContains,
  statesArrayGetItem,
  statesArrayLength,
  statesArrayPartition,
  statesArrayRange,
  statesArrayUnique,
} from './functions-array';
import { statesBase64Decode, statesBase64Encode, statesHash } from './functions-encoding';
import { statesJsonMerge, statesJsonToString, statesStringToJson } from './functions-json';
import { statesMathAdd, statesMathRandom, statesUuid } from './functions-math';
import { statesFormat, statesStringSplit } from './functions-string';
import { INTRINSIC_SIGNATURES } from './signatures';
import type { IntrinsicArg, IntrinsicCall, IntrinsicEnv } from './types';

type IntrinsicImplementation = (args: JsonValue[], call: IntrinsicCall, env: IntrinsicEnv) => JsonValue;

const IMPLEMENTATIONS: ReadonlyMap<string, IntrinsicImplementation> = new Map<
  string,
  IntrinsicImplementation
>([
  ['States.Format', (args, call) => statesFormat(args, call)],
  ['States.StringToJson', statesStringToJson],
  ['States.JsonToString', statesJsonToString],
  ['States.Array', statesArray],
  ['States.ArrayPartition', statesArrayPartition],
  ['States.ArrayContains', statesArrayContains],
  ['States.ArrayRange', statesArrayRange],
  ['States.ArrayGetItem', statesArrayGetItem],
  ['States.ArrayLength', statesArrayLength],
  ['States.ArrayUnique', statesArrayUnique],
  ['States.Base64Encode', statesBase64Encode],
  ['States.Base64Decode', statesBase64Decode],
  ['States.Hash', statesHash],
  ['States.JsonMerge', statesJsonMerge],
  ['States.MathRandom', (args, _call, env) => statesMathRandom(args, env)],
  ['States.MathAdd', statesMathAdd],
  ['States.StringSplit', statesStringSplit],
  ['States.UUID', (args, _call, env) => statesUuid(args, env)],
]);

/** Evaluates the call and returns its JSON result; throws StatesError on any failure. */
export function evaluateIntrinsic(call: IntrinsicCall, env: IntrinsicEnv): JsonValue {
  const implementation = IMPLEMENTATIONS.get(call.name);
  const signature = INTRINSIC_SIGNATURES.get(call.name);
  if (implementation === undefined || signature === undefined) {
    throw new StatesError(ErrorNames.Runtime, `Unknown intrinsic function ${call.name}.`);
  }
  const count = call.args.length;
  if (count < signature.minArgs || count > signature.maxArgs) {
    throw intrinsicError(
      call.name,
      `expected ${describeArity(signature.minArgs, signature.maxArgs)}, got ${count}.`,
    );
  }
  const values = call.args.map((arg) => evaluateArgument(arg, env));
  return implementation(values, call, env);
}

function evaluateArgument(arg: IntrinsicArg, env: IntrinsicEnv): JsonValue {
  switch (arg.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return arg.value;
    case 'null':
      return null;
    case 'path':
      // A copy, so results such as States.Array($.x) never alias the caller's data.
      return cloneJson(env.resolvePath(arg.text));
    case 'call':
      return evaluateIntrinsic(arg.call, env);
  }
}

/** "2 arguments", "1 to 3 arguments", "at least 1 argument". */
export function describeArity(min: number, max: number): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (max === Infinity) return `at least ${min} ${plural(min)}`;
  if (min === max) return `${min} ${plural(min)}`;
  return `${min} to ${max} ${plural(max)}`;
}
