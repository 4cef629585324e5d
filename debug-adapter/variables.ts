// JSON values as expandable DAP variables. A container is a root value plus a path into it, read
// when the client asks (so an edit never leaves a stale tree behind); editable roots accept
// setVariable, which rebuilds only the objects along the edited path (copy on write).

import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isJsonObject, type JsonValue } from '../core/json';
import { previewJson } from './console';

/** Where a tree's value comes from, and how to replace it (absent: read-only). */
export interface ValueRoot {
  read(): JsonValue | undefined;
  write?(value: JsonValue): void;
  /** Why the value cannot be edited (shown when the user tries). */
  readOnlyReason?: string;
}

export interface ScopeEntry {
  name: string;
  root: ValueRoot;
  /** An expression the debug console understands for this value (e.g. `$` or `$$.Execution`). */
  evaluateName?: string;
}

type Container =
  | { kind: 'scope'; entries: () => ScopeEntry[] }
  | { kind: 'json'; root: ValueRoot; path: (string | number)[]; evaluateName?: string };

/** An edit the user asked for that cannot be done; the message is for the user. */
export class SetVariableError extends Error {}

/** Arrays longer than this are paged by the client. */
const PAGE_THRESHOLD = 100;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function childEvaluateName(parent: string | undefined, key: string | number): string | undefined {
  if (parent === undefined) return undefined;
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}['${key.replace(/'/g, "\\'")}']`;
}

function valueAt(root: JsonValue | undefined, path: readonly (string | number)[]): JsonValue | undefined {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (
      isJsonObject(node) &&
      typeof key === 'string' &&
      Object.prototype.hasOwnProperty.call(node, key)
    ) {
      node = node[key];
    } else return undefined;
  }
  return node;
}

/** A copy of `node` with the value at `path` replaced; only the objects along the path are copied. */
export function replaceAt(node: JsonValue, path: readonly (string | number)[], value: JsonValue): JsonValue {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(node) && typeof head === 'number' && head >= 0 && head < node.length) {
    const copy = node.slice();
    copy[head] = replaceAt(node[head] as JsonValue, rest, value);
    return copy;
  }
  if (isJsonObject(node) && typeof head === 'string' && Object.prototype.hasOwnProperty.call(node, head)) {
    return { ...node, [head]: replaceAt(node[head] as JsonValue, rest, value) };
  }
  throw new SetVariableError(`'${String(head)}' does not exist any more.`);
}

/** A number JSON text can write but no JSON value holds (`1e999` parses to Infinity, which JSON writes as null). */
class OutOfRange extends Error {
  constructor(readonly whole: boolean) {
    super('out of range');
  }
}

export function parseEditedValue(text: string): JsonValue {
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new OutOfRange(key === '');
      return value;
    }) as JsonValue;
  } catch (error) {
    if (error instanceof OutOfRange) {
      throw new SetVariableError(
        `'${text}' ${error.whole ? 'is' : 'holds a number'} out of the range of JSON numbers (at most ±${Number.MAX_VALUE}); it would become null.`,
      );
    }
    throw new SetVariableError(`'${text}' is not a JSON value: write strings in double quotes, e.g. "abc".`);
  }
}

function typeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export class VariableStore {
  private handles = new Handles<Container>();

  /** Forgets every reference (call when the execution resumes). */
  reset(): void {
    this.handles.reset();
  }

  scope(entries: () => ScopeEntry[]): number {
    return this.handles.create({ kind: 'scope', entries });
  }

  /** How to show a value: its preview, and a reference when it can be expanded. */
  describe(
    value: JsonValue,
    root: ValueRoot,
    path: (string | number)[],
    evaluateName: string | undefined,
  ): { value: string; variablesReference: number; indexedVariables?: number; namedVariables?: number } {
    const shown = { value: previewJson(value), variablesReference: 0 };
    if (value === null || typeof value !== 'object') return shown;
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (size === 0) return shown;
    const ref = this.handles.create({ kind: 'json', root, path, evaluateName });
    if (Array.isArray(value) && value.length > PAGE_THRESHOLD) {
      return { ...shown, variablesReference: ref, indexedVariables: value.length };
    }
    return { ...shown, variablesReference: ref };
  }

  /** A read-only tree for a value computed on the spot (evaluate results). */
  describeValue(value: JsonValue, evaluateName?: string): ReturnType<VariableStore['describe']> {
    return this.describe(value, { read: () => value }, [], evaluateName);
  }

  variables(args: DebugProtocol.VariablesArguments): DebugProtocol.Variable[] {
    const container = this.handles.get(args.variablesReference);
    if (!container) return [];
    if (container.kind === 'scope') {
      return container.entries().flatMap((entry) => {
        const value = entry.root.read();
        if (value === undefined) return [];
        return [this.variable(entry.name, value, entry.root, [], entry.evaluateName)];
      });
    }
    const value = valueAt(container.root.read(), container.path);
    if (Array.isArray(value)) {
      const start = args.filter === 'indexed' ? (args.start ?? 0) : 0;
      const end =
        args.filter === 'indexed' && args.count ? Math.min(value.length, start + args.count) : value.length;
      const out: DebugProtocol.Variable[] = [];
      for (let i = start; i < end; i++) {
        out.push(
          this.variable(
            String(i),
            value[i] as JsonValue,
            container.root,
            [...container.path, i],
            childEvaluateName(container.evaluateName, i),
          ),
        );
      }
      return out;
    }
    if (!isJsonObject(value)) return [];
    return Object.entries(value).map(([key, item]) =>
      this.variable(
        key,
        item,
        container.root,
        [...container.path, key],
        childEvaluateName(container.evaluateName, key),
      ),
    );
  }

  private variable(
    name: string,
    value: JsonValue,
    root: ValueRoot,
    path: (string | number)[],
    evaluateName: string | undefined,
  ): DebugProtocol.Variable {
    const variable: DebugProtocol.Variable = {
      name,
      type: typeName(value),
      ...this.describe(value, root, path, evaluateName),
    };
    if (evaluateName !== undefined) variable.evaluateName = evaluateName;
    if (!root.write) variable.presentationHint = { attributes: ['readOnly'] };
    return variable;
  }

  /** Applies setVariable; throws SetVariableError with a message for the user. */
  set(args: DebugProtocol.SetVariableArguments): DebugProtocol.SetVariableResponse['body'] {
    const container = this.handles.get(args.variablesReference);
    if (!container)
      throw new SetVariableError('This value is no longer available; refresh the Variables view.');
    let root: ValueRoot;
    let path: (string | number)[];
    let evaluateName: string | undefined;
    if (container.kind === 'scope') {
      const entry = container.entries().find((e) => e.name === args.name);
      if (!entry) throw new SetVariableError(`There is no '${args.name}' here.`);
      root = entry.root;
      path = [];
      evaluateName = entry.evaluateName;
    } else {
      root = container.root;
      const parent = valueAt(root.read(), container.path);
      const key: string | number = Array.isArray(parent) ? Number(args.name) : args.name;
      path = [...container.path, key];
      evaluateName = childEvaluateName(container.evaluateName, key);
    }
    if (!root.write) throw new SetVariableError(root.readOnlyReason ?? 'This value is read-only.');
    const value = parseEditedValue(args.value);
    const current = root.read();
    root.write(path.length === 0 || current === undefined ? value : replaceAt(current, path, value));
    const shown = this.describe(value, root, path, evaluateName);
    return { value: shown.value, type: typeName(value), variablesReference: shown.variablesReference };
  }
}
