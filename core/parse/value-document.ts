// A parsed document for a definition that exists only as a value (built in code, read by JSON.parse,
// sent over a protocol): the same AST as a parsed text, with empty source ranges, so that everything
// that reads documents reads values too.
import { type Diagnostic, LineMap, makeDiagnostic } from '../diagnostics';
import type { JsonValue } from '../json';
import type { AstArray, AstNode, AstObject, AstProperty } from './ast';
import { MAX_NESTING_DEPTH, ParseCode } from './support';
import type { ParsedDocument } from './types';

const NO_RANGE = { start: 0, end: 0 } as const;

/**
 * A document whose value is `value` itself (not a copy); it has no text, and every range is empty. As
 * with a parsed text, objects and arrays nested deeper than MAX_NESTING_DEPTH are left out of the AST
 * (their parent is marked `truncated`) with an ASL005 error.
 */
export function parsedDocumentOfValue(value: JsonValue | undefined): ParsedDocument {
  const lines = new LineMap('');
  const diagnostics: Diagnostic[] = [];
  const ast = value === undefined ? undefined : valueToAst(value);
  if (ast?.tooDeep) {
    const message = `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this part is ignored`;
    diagnostics.push(makeDiagnostic(lines, ParseCode.tooDeep, 'error', message, NO_RANGE));
  }
  return { format: 'json', text: '', lines, ast: ast?.root, value, diagnostics };
}

interface Pending {
  value: JsonValue;
  attach: (node: AstNode) => void;
  parent: AstArray | AstObject | undefined;
  depth: number;
}

/** The AST of a value, built with an explicit stack, so that a deep value cannot overflow the call stack. */
function valueToAst(value: JsonValue): { root: AstNode; tooDeep: boolean } {
  const pending: Pending[] = [];
  let result: AstNode | undefined;
  let tooDeep = false;
  pending.push({ value, attach: (node) => (result = node), parent: undefined, depth: 0 });
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next) break;
    if (
      next.parent &&
      next.depth >= MAX_NESTING_DEPTH &&
      typeof next.value === 'object' &&
      next.value !== null
    ) {
      next.parent.truncated = true;
      tooDeep = true;
      continue;
    }
    const node = shallowNode(next.value);
    if (next.parent) node.parent = next.parent;
    next.attach(node);
    // Members are pushed last first, so that each is attached in order (after the ones before it and
    // their contents): an array item left out for depth leaves no hole.
    if (node.kind === 'object') {
      const object: AstObject = node;
      const entries = Object.entries(next.value as Record<string, JsonValue>);
      for (const [key] of entries)
        object.properties.push({ key, keyRange: NO_RANGE, value: undefined, range: NO_RANGE });
      for (let i = entries.length - 1; i >= 0; i--) {
        const property = object.properties[i] as AstProperty;
        const member = (entries[i] as [string, JsonValue])[1];
        const attach = (child: AstNode): void => {
          property.value = child;
        };
        pending.push({ value: member, attach, parent: object, depth: next.depth + 1 });
      }
    } else if (node.kind === 'array') {
      const array: AstArray = node;
      const items = next.value as JsonValue[];
      const attach = (child: AstNode): void => {
        array.items.push(child);
      };
      for (let i = items.length - 1; i >= 0; i--) {
        pending.push({ value: items[i] as JsonValue, attach, parent: array, depth: next.depth + 1 });
      }
    }
  }
  return { root: result as AstNode, tooDeep };
}

function shallowNode(value: JsonValue): AstNode {
  if (Array.isArray(value)) return { kind: 'array', items: [], range: NO_RANGE };
  if (value === null) return { kind: 'null', value: null, range: NO_RANGE };
  switch (typeof value) {
    case 'object':
      return { kind: 'object', properties: [], range: NO_RANGE } satisfies AstObject;
    case 'string':
      return { kind: 'string', value, range: NO_RANGE };
    case 'number':
      return { kind: 'number', value, range: NO_RANGE };
    default:
      return { kind: 'boolean', value, range: NO_RANGE };
  }
}
