// Small JSON helpers for the JSONPath engine: own-property access that is safe with keys like "__proto__",
// and the Java-flavoured number/type text that Jayway puts in its messages and comparisons.

import type { JsonObject, JsonValue } from '../json';

export function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The own property `key`, or undefined (never an inherited value such as Object.prototype). */
export function getOwn(object: JsonObject, key: string): JsonValue | undefined {
  return hasOwn(object, key) ? object[key] : undefined;
}

/** Sets an own data property without triggering the `__proto__` setter. */
export function setOwn(object: JsonObject, key: string, value: JsonValue): void {
  // Only `__proto__` has a setter on Object.prototype; every other key assigns an own property.
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A string read as a decimal number the way Java's BigDecimal reads it, or null if it is not one. */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

/** The class name Jayway (with the Jackson provider) reports for a value in its error messages. */
export function javaClassName(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'java.lang.Double';
    return Math.abs(value) <= 2147483647 ? 'java.lang.Integer' : 'java.lang.Long';
  }
  return Array.isArray(value) ? 'java.util.ArrayList' : 'java.util.LinkedHashMap';
}
