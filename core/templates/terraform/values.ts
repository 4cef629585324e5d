// HCL's value semantics as definitions use them: truthiness, display in a template, binary operators,
// jsonencode's key order, and own-property writes (a key named __proto__ stays a key).

import { isJsonObject, type JsonValue } from '../../json';

export function truthy(value: JsonValue): boolean {
  return value === true || value === 'true';
}

export function display(value: JsonValue): string {
  return typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);
}

export function binary(op: string, left: JsonValue, right: JsonValue): JsonValue {
  switch (op) {
    case '||':
      return truthy(left) || truthy(right);
    case '&&':
      return truthy(left) && truthy(right);
    case '==':
      return JSON.stringify(left) === JSON.stringify(right);
    case '!=':
      return JSON.stringify(left) !== JSON.stringify(right);
    case '<':
      return Number(left) < Number(right);
    case '>':
      return Number(left) > Number(right);
    case '<=':
      return Number(left) <= Number(right);
    case '>=':
      return Number(left) >= Number(right);
    case '+':
      return Number(left) + Number(right);
    case '-':
      return Number(left) - Number(right);
    case '*':
      return Number(left) * Number(right);
    case '/':
      return Number(left) / Number(right);
    case '%':
      return Number(left) % Number(right);
    default:
      return null;
  }
}

/** jsonencode: Terraform writes object keys in lexical order. */
export function stableJson(value: JsonValue): string {
  const sort = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(sort);
    if (isJsonObject(v)) {
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(v).sort()) setOwn(out, key, sort(v[key] ?? null));
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

export function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
