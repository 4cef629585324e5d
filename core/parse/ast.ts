// The document AST shared by the JSON and YAML parsers, and lookups on it by key, path and offset.
import type { OffsetRange } from '../diagnostics';
import type { JsonObject, JsonValue } from '../json';

export type AstNode = AstObject | AstArray | AstScalar;

export interface AstBase {
  range: OffsetRange;
  parent?: AstNode;
  /**
   * Set on an object or array that lost a member because it was nested deeper than MAX_NESTING_DEPTH (an
   * ASL005 error says where): a check that would call it empty or incomplete has nothing to go on.
   */
  truncated?: true;
}

export interface AstProperty {
  key: string;
  keyRange: OffsetRange;
  value: AstNode | undefined;
  /** From the start of the key through the end of the value (or of the key when the value is missing). */
  range: OffsetRange;
}

export interface AstObject extends AstBase {
  kind: 'object';
  properties: AstProperty[];
}

export interface AstArray extends AstBase {
  kind: 'array';
  items: AstNode[];
}

export interface AstScalar extends AstBase {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}

export type AstPath = (string | number)[];

/** True when `offset` lies in `range`, the end included (a cursor right after a token is still "in" it). */
export function rangeContains(range: OffsetRange, offset: number): boolean {
  return range.start <= offset && offset <= range.end;
}

/** The property named `key`; with duplicate keys, the last one (the one whose value counts, as in JSON.parse). */
export function propertyAt(obj: AstObject, key: string): AstProperty | undefined {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const property = obj.properties[i];
    if (property && property.key === key) return property;
  }
  return undefined;
}

/** The node at a path of keys and indexes, or undefined when any step is missing. */
export function nodeAtPath(ast: AstNode | undefined, path: AstPath): AstNode | undefined {
  let node: AstNode | undefined = ast;
  for (const segment of path) {
    if (!node) return undefined;
    if (node.kind === 'object') node = propertyAt(node, String(segment))?.value;
    else if (node.kind === 'array' && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return node;
}

export interface NodeAtOffset {
  /** The innermost node at the offset; when `inKey`, the object that owns the key. */
  node: AstNode;
  /** When `inKey`, the property whose key holds the offset; otherwise the property whose value is `node`, if any. */
  property?: AstProperty;
  inKey: boolean;
  /** Path from the root to `node`. */
  path: AstPath;
}

/**
 * The innermost node at `offset`, for completion and hover. Ends are inclusive, so a cursor right after a
 * token still finds it. A property whose value is missing (`"Type": |`) is found with `inKey: false` and
 * `node` being its object.
 */
export function nodeAtOffset(ast: AstNode, offset: number): NodeAtOffset | undefined {
  if (!rangeContains(ast.range, offset)) return undefined;
  let node: AstNode = ast;
  let viaProperty: AstProperty | undefined;
  const path: AstPath = [];
  for (;;) {
    let next: AstNode | undefined;
    if (node.kind === 'object') {
      for (const property of node.properties) {
        if (rangeContains(property.keyRange, offset)) return { node, property, inKey: true, path };
        if (property.value && rangeContains(property.value.range, offset)) {
          next = property.value;
          viaProperty = property;
          path.push(property.key);
          break;
        }
        if (!property.value && rangeContains(property.range, offset))
          return { node, property, inKey: false, path };
      }
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => rangeContains(item.range, offset));
      const item = node.items[index];
      if (item) {
        next = item;
        viaProperty = undefined;
        path.push(index);
      }
    }
    if (!next) {
      return viaProperty ? { node, property: viaProperty, inKey: false, path } : { node, inKey: false, path };
    }
    node = next;
  }
}

function setOwnProperty(target: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * The plain JSON value of a subtree. Properties whose value is missing are left out; with duplicate keys
 * the last one wins, as with JSON.parse. Depth is bounded by the parsers.
 */
export function astToValue(node: AstNode): JsonValue {
  switch (node.kind) {
    case 'object': {
      const out: JsonObject = {};
      for (const property of node.properties) {
        if (property.value) setOwnProperty(out, property.key, astToValue(property.value));
      }
      return out;
    }
    case 'array':
      return node.items.map((item) => astToValue(item));
    default:
      return node.value;
  }
}
