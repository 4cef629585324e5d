// Payload templates (Parameters, ResultSelector, ItemSelector, Fail paths): keys ending in `.$`
// take a JSONPath or an intrinsic function; everything else is copied literally.

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { evaluateIntrinsic, looksLikeIntrinsic, parseIntrinsic, type IntrinsicCall } from '../intrinsics';
import { setOwn } from '../jsonpath/values';
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
export function evaluateDynamicValue(
  expression: string,
  field: string,
  scope: ExpressionScope,
  intrinsic: boolean = looksLikeIntrinsic(expression),
): JsonValue {
  if (intrinsic) {
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

/** One key of a payload template, read once per template object. */
interface TemplateField {
  key: string;
  /** The key without its `.$` suffix for a dynamic value. */
  outKey: string;
  value: JsonValue;
  /** `key.$`: the value is a path or an intrinsic function. */
  dynamic: boolean;
  intrinsic: boolean;
}

/**
 * Templates are parts of the definition, which executions only read: each one's keys are sorted out
 * once. (A definition object changed after it ran is not supported: pass a new object.)
 */
const templateFields = new WeakMap<JsonObject, TemplateField[]>();

function fieldsOf(template: JsonObject): TemplateField[] {
  let fields = templateFields.get(template);
  if (fields === undefined) {
    fields = Object.keys(template).map((key) => {
      const value = template[key] as JsonValue;
      const dynamic = key.endsWith('.$');
      return {
        key,
        outKey: dynamic ? key.slice(0, -2) : key,
        value,
        dynamic,
        intrinsic: dynamic && typeof value === 'string' && looksLikeIntrinsic(value),
      };
    });
    templateFields.set(template, fields);
  }
  return fields;
}

/** Evaluates a payload template against the scope. */
export function evaluatePayloadTemplate(template: JsonValue, scope: ExpressionScope): JsonValue {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, scope));
  if (!isJsonObject(template)) return template;
  const out: JsonObject = {};
  for (const field of fieldsOf(template)) {
    let value: JsonValue;
    if (field.dynamic) {
      if (typeof field.value !== 'string') {
        throw new StatesError(
          ErrorNames.Runtime,
          `The value of the field '${field.key}' must be a JSONPath or an intrinsic function string.`,
        );
      }
      value = evaluateDynamicValue(field.value, field.key, scope, field.intrinsic);
    } else {
      value = evaluatePayloadTemplate(field.value, scope);
    }
    if (field.outKey === '__proto__') setOwn(out, field.outKey, value);
    else out[field.outKey] = value;
  }
  return out;
}
