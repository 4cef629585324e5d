// DefinitionSubstitutions: replaces `${Name}` placeholders in every string of a definition.

import { StepthroughError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { hasOwn, setOwn } from '../jsonpath/values';

const PLACEHOLDER = /\$\{([^}]+)\}/g;

export function applySubstitutions(value: JsonValue, substitutions: Record<string, JsonValue>): JsonValue {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]+)\}$/.exec(value);
    if (whole && whole[1] !== undefined && hasOwn(substitutions, whole[1])) {
      const sub = substitutions[whole[1]] as JsonValue;
      return typeof sub === 'string' ? sub : sub;
    }
    return value.replace(PLACEHOLDER, (match, name: string) => {
      if (!hasOwn(substitutions, name)) return match;
      const sub = substitutions[name];
      return typeof sub === 'string' ? sub : JSON.stringify(sub);
    });
  }
  if (Array.isArray(value)) return value.map((v) => applySubstitutions(v, substitutions));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value))
      setOwn(
        out,
        applySubstitutions(key, substitutions) as string,
        applySubstitutions(value[key] as JsonValue, substitutions),
      );
    return out;
  }
  return value;
}

/** Placeholders left in a definition, e.g. ['LambdaArn']. */
export function findPlaceholders(value: JsonValue, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(PLACEHOLDER)) if (m[1] !== undefined) found.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => findPlaceholders(v, found));
  else if (isJsonObject(value))
    for (const k of Object.keys(value)) findPlaceholders(value[k] as JsonValue, found);
  return found;
}

export function checkSubstitutions(substitutions: unknown): Record<string, JsonValue> {
  if (!isJsonObject(substitutions)) {
    throw new StepthroughError('E_USAGE', 'Substitutions must be a JSON object of {"Name": value}.', {
      hint: 'e.g. {"OrderFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:order"}',
    });
  }
  return substitutions;
}
