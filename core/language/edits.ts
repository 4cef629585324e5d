// Structural text edits that keep the document's own style: add a property to an object (JSON, YAML block
// or flow mapping) and move an array item to the end.
import type { AstArray, AstObject, ParsedDocument } from '../parse';
import { indentUnit, indentationAt, lineBreak, lineEndOf, lineStartOf, quoteName } from './text';
import type { TextEdit } from './types';

type Scalar = string | number | boolean;

/** A value to insert: a scalar, or an object of scalars (one level). */
export type InsertValue = { scalar: Scalar } | { object: [string, Scalar][] };

function yamlScalar(value: Scalar): string {
  return typeof value === 'string' ? quoteName(value, 'yaml') : String(value);
}

function jsonValue(
  value: InsertValue,
  indent: string,
  unit: string,
  newline: string,
  multiline: boolean,
): string {
  if ('scalar' in value) return JSON.stringify(value.scalar);
  const entries = value.object.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  if (!multiline) return `{${entries.join(', ')}}`;
  return `{${newline}${entries.map((e) => indent + unit + e).join(`,${newline}`)}${newline}${indent}}`;
}

function yamlValue(value: InsertValue, indent: string, unit: string, newline: string, flow: boolean): string {
  if ('scalar' in value) return yamlScalar(value.scalar);
  if (flow)
    return `{${value.object.map(([k, v]) => `${quoteName(k, 'yaml')}: ${yamlScalar(v)}`).join(', ')}}`;
  return value.object
    .map(([k, v]) => `${newline}${indent}${unit}${quoteName(k, 'yaml')}: ${yamlScalar(v)}`)
    .join('');
}

/** The edit adding `key: value` as the last property of `object`. */
export function insertProperty(
  doc: ParsedDocument,
  object: AstObject,
  key: string,
  value: InsertValue,
): TextEdit {
  const text = doc.text;
  const unit = indentUnit(text);
  const newline = lineBreak(text);
  const last = object.properties[object.properties.length - 1];
  const flow = text.charAt(object.range.start) === '{';
  if (doc.format === 'json' || flow) {
    const keyText = doc.format === 'json' ? JSON.stringify(key) : quoteName(key, 'yaml');
    const render = (indent: string, multiline: boolean): string =>
      doc.format === 'json'
        ? jsonValue(value, indent, unit, newline, multiline)
        : yamlValue(value, indent, unit, newline, true);
    const closer = Math.max(object.range.start + 1, object.range.end - 1);
    if (!last) {
      const indent = indentationAt(text, object.range.start);
      return {
        range: { start: object.range.start + 1, end: closer },
        newText: `${newline}${indent}${unit}${keyText}: ${render(indent + unit, true)}${newline}${indent}`,
      };
    }
    const multiline = text.slice(object.range.start, object.range.end).includes('\n');
    const at = last.range.end;
    if (multiline && doc.format === 'json') {
      const indent = indentationAt(text, last.keyRange.start);
      return {
        range: { start: at, end: at },
        newText: `,${newline}${indent}${keyText}: ${render(indent, true)}`,
      };
    }
    return { range: { start: at, end: at }, newText: `, ${keyText}: ${render('', false)}` };
  }
  // YAML block mapping: a new line at the column of the keys, after the last property (and its comment).
  const column = last ? last.keyRange.start - lineStartOf(text, last.keyRange.start) : 0;
  const indent = ' '.repeat(column);
  const at = last ? lineEndOf(text, Math.max(last.range.start, last.range.end - 1)) : object.range.end;
  const rendered = yamlValue(value, indent, unit, newline, false);
  const separator = 'scalar' in value ? ' ' : '';
  return {
    range: { start: at, end: at },
    newText: `${newline}${indent}${quoteName(key, 'yaml')}:${separator}${rendered}`,
  };
}

/** The edit moving item `index` of `array` to the end, keeping the separators where they are. */
export function moveItemLast(doc: ParsedDocument, array: AstArray, index: number): TextEdit | undefined {
  const items = array.items;
  const moved = items[index];
  const first = items[0];
  const lastItem = items[items.length - 1];
  if (!moved || !first || !lastItem || index === items.length - 1) return undefined;
  const text = doc.text;
  const texts = items.map((item) => text.slice(item.range.start, item.range.end));
  const separators = items
    .slice(0, -1)
    .map((item, i) => text.slice(item.range.end, items[i + 1]?.range.start ?? item.range.end));
  const order = [...texts.slice(0, index), ...texts.slice(index + 1), texts[index] ?? ''];
  let newText = '';
  order.forEach((part, i) => {
    newText += part + (separators[i] ?? '');
  });
  return { range: { start: first.range.start, end: lastItem.range.end }, newText };
}
