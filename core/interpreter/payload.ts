// Payload templates (Parameters, ResultSelector, ItemSelector, Fail paths): keys ending in `.$`
// take a JSONPath or an intrinsic function; everything else is copied literally.

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { evaluateIntrinsic, looksLikeIntrinsic, parseIntrinsic, type IntrinsicCall } from '../intrinsics';
import { resolvePath, type PathScope } from './paths';
import type { RandomSource } from './random';

export interface ExpressionScope extends PathScope {
  random: RandomSource;
}

const intrinsicCache = new Map<string, IntrinsicCall | { error: string }>();

function compileIntrinsic(text: string): IntrinsicCall {
  let hit = intrinsicCache.get(text);
  if (hit === undefined) {
    const parsed = parseIntrinsic(text);
    hit = parsed.ok ? parsed.call : { error: parsed.message };
    if (intrinsicCache.size > 10_000) intrinsicCache.clear();
    intrinsicCache.set(text, hit);
  }
  if ('error' in hit)
    throw new StatesError(ErrorNames.Runtime, `Invalid intrinsic function '${text}': ${hit.error}`);
  return hit;
}

function inputText(scope: PathScope): string {
  return JSON.stringify(scope.input);
}

/** Evaluates one `.$` value (a path or an intrinsic) for the named field. */
export function evaluateDynamicValue(expression: string, field: string, scope: ExpressionScope): JsonValue {
  if (looksLikeIntrinsic(expression)) {
    const call = compileIntrinsic(expression);
    return evaluateIntrinsic(call, {
      resolvePath: (pathText) => {
        const r = resolvePath(pathText, scope);
        if (!r.found) {
          throw new StatesError(
            ErrorNames.Runtime,
            `The JSONPath '${pathText}' specified for the field '${field}' could not be found in the input '${inputText(scope)}'`,
          );
        }
        return r.value;
      },
      random: () => scope.random.next(),
      uuid: () => scope.random.uuid(),
    });
  }
  const r = resolvePath(expression, scope);
  if (!r.found) {
    throw new StatesError(
      ErrorNames.Runtime,
      `The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${inputText(scope)}'`,
    );
  }
  return r.value;
}

/** Evaluates a payload template against the scope. */
export function evaluatePayloadTemplate(template: JsonValue, scope: ExpressionScope): JsonValue {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, scope));
  if (!isJsonObject(template)) return template;
  const out: JsonObject = {};
  for (const key of Object.keys(template)) {
    const value = template[key] as JsonValue;
    if (key.endsWith('.$')) {
      if (typeof value !== 'string') {
        throw new StatesError(
          ErrorNames.Runtime,
          `The value of the field '${key}' must be a JSONPath or an intrinsic function string.`,
        );
      }
      out[key.slice(0, -2)] = evaluateDynamicValue(value, key, scope);
    } else {
      out[key] = evaluatePayloadTemplate(value, scope);
    }
  }
  return out;
}
