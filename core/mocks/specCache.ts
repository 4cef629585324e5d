// The simple mock form read once per spec object: a suite or a benchmark that runs one machine many
// times with the same `mocks` pays for reading them once. A cached reading is used only while the
// caller's object still holds exactly what was read (a snapshot is compared on every run, without
// allocating), so a spec changed between runs is read again. Responses of a cached reading are copied
// as they are handed out, so one source serves every run (what a run has used is kept on the run's
// own TaskAnswers, answer.ts): no run can change what the next one gets.

import type { MockSource } from './types';
import { simpleMocks } from './simple';

/** How deep a spec may nest and still be cached (deeper ones are read on every run, as before). */
const MAX_SNAPSHOT_DEPTH = 64;

interface CachedReading {
  snapshot: unknown;
  source: MockSource;
}

const readings = new WeakMap<object, CachedReading>();

/** The mock source of one run from the simple form `spec`; throws as simpleMocks does. */
export function simpleMocksForRun(spec: unknown): MockSource {
  if (typeof spec !== 'object' || spec === null) return simpleMocks(spec, undefined, { forOneRun: true });
  const cached = readings.get(spec);
  if (cached !== undefined && sameData(cached.snapshot, spec)) return cached.source;
  const snapshot = snapshotOf(spec, 0);
  if (snapshot === NOT_PLAIN) {
    readings.delete(spec);
    return simpleMocks(spec, undefined, { forOneRun: true });
  }
  const source = simpleMocks(spec, undefined);
  readings.set(spec, { snapshot, source });
  return source;
}

const NOT_PLAIN = Symbol('not plain data');

/** A deep copy of plain data (objects with Object's prototype, arrays, primitives), or NOT_PLAIN. */
function snapshotOf(value: unknown, depth: number): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (depth >= MAX_SNAPSHOT_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const copy = snapshotOf(value[i], depth + 1);
      if (copy === NOT_PLAIN) return NOT_PLAIN;
      out.push(copy);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const values: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const copy = snapshotOf(record[keys[i] as string], depth + 1);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    values.push(copy);
  }
  return new PlainRecord(keys, values);
}

/** An object's snapshot: its own keys in order and their values' snapshots. */
class PlainRecord {
  constructor(
    readonly keys: readonly string[],
    readonly values: readonly unknown[],
  ) {}
}

/** Whether `value` holds exactly what `snapshot` recorded (same keys in the same order, Object.is leaves). */
function sameData(snapshot: unknown, value: unknown): boolean {
  if (snapshot instanceof PlainRecord) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    // Object.keys, not for-in: the mocks are the same objects run after run, so V8 has their keys cached
    // (measured: a for-in here cost more in the first thousand runs).
    const keys = Object.keys(value);
    if (keys.length !== snapshot.keys.length) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (key !== snapshot.keys[i]) return false;
      if (!sameData(snapshot.values[i], (value as Record<string, unknown>)[key])) return false;
    }
    return true;
  }
  if (Array.isArray(snapshot)) {
    if (!Array.isArray(value) || value.length !== snapshot.length) return false;
    for (let i = 0; i < snapshot.length; i++) if (!sameData(snapshot[i], value[i])) return false;
    return true;
  }
  return Object.is(snapshot, value);
}
