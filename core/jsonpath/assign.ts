// Writes a value into JSON at a reference path, as ResultPath does: copies only along the path, creates
// missing intermediate objects, and fails (AWS: "Unable to apply ReferencePath ...") where the input has a
// non-object in the way.

import { isJsonObject, shallowCopy, type JsonValue } from '../json';
import type { ParsedPath, PathSegment } from './ast';
import { getOwn, setOwn } from './values';

/** An ASL Reference Path: selects at most one node using only names and array indexes (no union, function...). */
export function isReferencePath(path: ParsedPath): boolean {
  return path.definite && path.segments.every((s) => s.kind === 'property' || s.kind === 'index');
}

export type SetResult = { ok: true; value: JsonValue } | { ok: false; message: string };

/**
 * Returns a new root with `value` placed at `path` (`$` replaces the whole root). The input is never mutated:
 * objects and arrays on the path are shallow-copied, everything else is shared.
 */
export function setAtPath(root: JsonValue, path: ParsedPath, value: JsonValue): SetResult {
  if (path.root.kind !== 'input') {
    return { ok: false, message: `The path '${path.source}' must start with '$' to be used as a ResultPath` };
  }
  if (!isReferencePath(path)) {
    return {
      ok: false,
      message: `The path '${path.source}' is not a reference path: it must select a single node using only names and array indexes`,
    };
  }
  const written = writeAt(root, path.segments, 0, value);
  if (written === undefined) {
    return {
      ok: false,
      message: `Unable to apply ReferencePath ${path.source} to input ${JSON.stringify(root)}`,
    };
  }
  return { ok: true, value: written };
}

/** The copy of `node` with `value` written at segments[i..], or undefined when the input does not allow it. */
function writeAt(
  node: JsonValue,
  segments: readonly PathSegment[],
  i: number,
  value: JsonValue,
): JsonValue | undefined {
  const segment = segments[i];
  if (segment === undefined) return value;
  if (segment.kind === 'property') {
    if (!isJsonObject(node)) return undefined;
    const existing = getOwn(node, segment.name);
    const next = segments[i + 1];
    // A missing intermediate becomes an empty object; an array cannot be invented for an index.
    const child =
      existing !== undefined ? existing : next === undefined || next.kind === 'property' ? {} : undefined;
    if (child === undefined) return undefined;
    const written = writeAt(child, segments, i + 1, value);
    if (written === undefined) return undefined;
    const copy = shallowCopy(node);
    setOwn(copy, segment.name, written);
    return copy;
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(node)) return undefined;
    const effective = segment.index < 0 ? node.length + segment.index : segment.index;
    const existing = node[effective];
    if (effective < 0 || existing === undefined) return undefined;
    const written = writeAt(existing, segments, i + 1, value);
    if (written === undefined) return undefined;
    const copy = node.slice();
    copy[effective] = written;
    return copy;
  }
  return undefined;
}
