// Where the cursor is, for completion: typing a key of some object, a value of some field, an item of some
// list, or nowhere useful. Works on half-typed documents, JSON (by tokens) and YAML (by indentation).
import type { OffsetRange } from '../diagnostics';
import type { AstArray, AstNode, AstObject, AstPath, AstProperty, AstScalar, ParsedDocument } from '../parse';
import { nodeAtOffset, nodeAtPath } from '../parse';
import { clipToLine, lineStartOf, previousSignificant, wordAround } from './text';

export type CursorSite =
  | {
      kind: 'key';
      object: AstObject;
      path: AstPath;
      /** The property whose key is being edited, if any. */
      property: AstProperty | undefined;
      /** What a candidate replaces. */
      range: OffsetRange;
      /** True when the property already has a `:` (only the key is to be written). */
      hasColon: boolean;
    }
  | {
      kind: 'value';
      object: AstObject;
      path: AstPath;
      key: string;
      /** The value being edited, when there is one. */
      node: AstScalar | undefined;
      range: OffsetRange;
    }
  | {
      kind: 'item';
      array: AstArray;
      /** Path of the array. */
      path: AstPath;
      node: AstScalar | undefined;
      range: OffsetRange;
    };

/** The token range a candidate replaces: a whole (terminated) string token, else the word at the cursor. */
function tokenRange(
  doc: ParsedDocument,
  node: { range: OffsetRange } | undefined,
  offset: number,
): OffsetRange {
  const text = doc.text;
  if (node) {
    const { start, end } = node.range;
    const first = text.charAt(start);
    const terminated = (first === '"' || first === "'") && end - start >= 2 && text.charAt(end - 1) === first;
    if (terminated || (first !== '"' && first !== "'")) return clipToLine(text, node.range, offset);
    // An unterminated string runs to the end of the line or beyond: replace only what was typed.
    return clipToLine(text, { start, end: wordAround(text, offset).end }, offset);
  }
  return clipToLine(text, wordAround(text, offset), offset);
}

function isScalar(node: AstNode | undefined): node is AstScalar {
  return node !== undefined && node.kind !== 'object' && node.kind !== 'array';
}

export function cursorSite(doc: ParsedDocument, offset: number): CursorSite | undefined {
  const ast = doc.ast;
  if (!ast) return undefined;
  if (doc.format === 'yaml' && onBlankYamlLine(doc.text, offset)) return yamlBlankLineSite(doc, offset);
  const hit = nodeAtOffset(ast, offset);
  if (!hit) return undefined;
  if (hit.inKey && hit.node.kind === 'object' && hit.property) {
    const property = hit.property;
    const afterKey = colonFollows(doc.text, property.keyRange.end);
    return {
      kind: 'key',
      object: hit.node,
      path: hit.path,
      property,
      range: tokenRange(doc, { range: property.keyRange }, offset),
      hasColon: property.value !== undefined || afterKey,
    };
  }
  const parentPath = hit.path.slice(0, -1);
  const last = hit.path[hit.path.length - 1];
  if (isScalar(hit.node)) {
    const parent = nodeAtPath(ast, parentPath);
    if (typeof last === 'string' && parent?.kind === 'object') {
      return {
        kind: 'value',
        object: parent,
        path: parentPath,
        key: last,
        node: hit.node,
        range: tokenRange(doc, hit.node, offset),
      };
    }
    if (typeof last === 'number' && parent?.kind === 'array') {
      return {
        kind: 'item',
        array: parent,
        path: parentPath,
        node: hit.node,
        range: tokenRange(doc, hit.node, offset),
      };
    }
    return undefined;
  }
  if (hit.node.kind === 'array') {
    return {
      kind: 'item',
      array: hit.node,
      path: hit.path,
      node: undefined,
      range: { start: offset, end: offset },
    };
  }
  return objectGapSite(doc, hit.node, hit.path, offset);
}

/** The cursor is in an object but on no key or value: after a `:` it is a missing value, else a new key. */
function objectGapSite(doc: ParsedDocument, object: AstObject, path: AstPath, offset: number): CursorSite {
  const before = previousSignificant(doc.text, offset);
  if (before?.char === ':') {
    const property = [...object.properties].reverse().find((p) => p.keyRange.end <= before.at);
    if (property && (!property.value || property.value.range.start >= offset)) {
      return {
        kind: 'value',
        object,
        path,
        key: property.key,
        node: undefined,
        range: { start: offset, end: offset },
      };
    }
  }
  return {
    kind: 'key',
    object,
    path,
    property: undefined,
    range: clipToLine(doc.text, wordAround(doc.text, offset), offset),
    hasColon: false,
  };
}

function colonFollows(text: string, from: number): boolean {
  let pos = from;
  while (pos < text.length && (text.charAt(pos) === ' ' || text.charAt(pos) === '\t')) pos++;
  return text.charAt(pos) === ':';
}

function onBlankYamlLine(text: string, offset: number): boolean {
  return (
    /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset)) &&
    /^[ \t]*(\r?\n|$)/.test(text.slice(offset))
  );
}

/**
 * On a blank YAML line the tree cannot tell which mapping the cursor is in (a block mapping ends at its last
 * value): the deepest mapping above the cursor whose keys start at the cursor's column, not closed by a
 * less indented line in between.
 */
function yamlBlankLineSite(doc: ParsedDocument, offset: number): CursorSite | undefined {
  const column = offset - lineStartOf(doc.text, offset);
  let best: { object: AstObject; path: AstPath } | undefined;
  const visit = (node: AstNode, path: AstPath): void => {
    if (node.range.start >= offset) return;
    if (node.kind === 'object') {
      const first = node.properties[0];
      if (first && first.keyRange.start < offset && keyColumn(doc.text, first.keyRange.start) === column) {
        if (!best || node.range.start >= best.object.range.start) best = { object: node, path };
      }
      for (const property of node.properties)
        if (property.value) visit(property.value, [...path, property.key]);
    } else if (node.kind === 'array') {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    }
  };
  if (doc.ast) visit(doc.ast, []);
  if (!best || closedBefore(doc.text, best.object.range.end, offset, column)) return undefined;
  return {
    kind: 'key',
    object: best.object,
    path: best.path,
    property: undefined,
    range: { start: offset, end: offset },
    hasColon: false,
  };
}

function keyColumn(text: string, start: number): number {
  return start - lineStartOf(text, start);
}

/** True when a non-blank line between `from` and `offset` is indented less than `column`. */
function closedBefore(text: string, from: number, offset: number, column: number): boolean {
  const between = text.slice(from, lineStartOf(text, offset));
  const lines = between.split(/\r?\n|\r/).slice(1);
  return lines.some(
    (line) =>
      line.trim() !== '' && !line.trim().startsWith('#') && line.length - line.trimStart().length < column,
  );
}
