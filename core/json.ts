// JSON value types and the small structural helpers every part of the engine shares.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of a JSON value (structuredClone is slower for the small values we copy most). */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) out[key] = cloneJson((value as JsonObject)[key] as JsonValue);
  return out as T;
}

/** Structural equality; key order does not matter, number equality is numeric. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !jsonEquals(ao[k], bo[k])) return false;
  }
  return true;
}

/**
 * Whether the compact UTF-8 JSON text of a value may exceed `limit` bytes. Walks the value with an
 * upper bound (3 bytes per UTF-16 unit, escapes included) and only serialises when the bound is
 * over the limit, so checking small payloads stays cheap.
 */
export function jsonExceeds(value: unknown, limit: number): boolean {
  let budget = limit;
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > 2000) return true;
    if (typeof v === 'string') budget -= v.length * 6 + 2;
    else if (typeof v !== 'object' || v === null) budget -= 24;
    else if (Array.isArray(v)) {
      budget -= 2 + v.length;
      for (const item of v) if (walk(item, depth + 1)) return true;
    } else {
      const o = v as Record<string, unknown>;
      budget -= 2;
      for (const k in o) {
        budget -= k.length * 6 + 4;
        if (walk(o[k], depth + 1)) return true;
      }
    }
    return budget < 0;
  };
  if (!walk(value, 0)) return false;
  return jsonByteLength(value) > limit;
}

/** The size in bytes of the compact UTF-8 JSON text of a value, as AWS measures payloads. */
export function jsonByteLength(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** The JSON type name AWS uses in messages. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
