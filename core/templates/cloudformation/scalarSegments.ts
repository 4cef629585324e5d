// A string scalar of a template as a piece of text that remembers its place: mapped character by
// character when the source writes it plainly, through its escapes when quoted, line by line for a
// literal block (`|`), else as a whole.

import type { AstNode } from '../../parse';
import { type Segment, quotedStringOffsets, sliceSegment } from '../origin';
import type { SourceFile } from '../sourceFile';

export function sliceOf(segment: Segment, from: number, to: number): Segment {
  return sliceSegment(segment, from, to);
}

/** A string scalar as one piece, mapped character by character where its source allows. */
export function scalarSegment(file: SourceFile, node: AstNode): Segment {
  const value =
    node.kind === 'string' ? String(node.value) : String((node as { value?: unknown }).value ?? '');
  const { start, end } = node.range;
  const source = file.text.slice(start, end);
  const span = { file: file.path, start, end };
  if (source === value) return { text: value, source: span, mapping: { kind: 'exact' } };
  const first = source[0];
  if ((first === '"' || first === "'") && source.slice(1, -1) === value)
    return { text: value, source: { ...span, start: start + 1 }, mapping: { kind: 'exact' } };
  if (first === '"') {
    const offsets = quotedStringOffsets(source, start, value);
    if (offsets) return { text: value, source: span, mapping: { kind: 'offsets', offsets } };
  }
  if (first === '|') {
    const lineStarts = blockLineStarts(file.text, start, end);
    if (lineStarts.length > 0) return { text: value, source: span, mapping: { kind: 'lines', lineStarts } };
  }
  return { text: value, source: span, mapping: { kind: 'whole' } };
}

/** Where each content line of a literal block scalar (`|`) starts, after its indentation. */
function blockLineStarts(text: string, start: number, end: number): number[] {
  const firstBreak = text.indexOf('\n', start);
  if (firstBreak < 0 || firstBreak >= end) return [];
  const starts: number[] = [];
  let indent = -1;
  let lineStart = firstBreak + 1;
  while (lineStart <= end && lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let pos = lineStart;
    while (text[pos] === ' ') pos++;
    const blank = pos >= lineEnd || text[pos] === '\r';
    if (indent < 0 && !blank) indent = pos - lineStart;
    starts.push(lineStart + Math.max(0, Math.min(indent < 0 ? 0 : indent, pos - lineStart)));
    lineStart = lineEnd + 1;
  }
  return starts;
}
