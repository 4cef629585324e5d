// Where the text of a definition comes from: a string assembled from pieces (Fn::Join parts, Fn::Sub
// text, substituted placeholders, a file) keeps, for each piece, the span of the template it was read
// from, so an offset in the assembled text maps back to a file, a line and a column.

import { LineMap } from '../diagnostics';
import type { TemplateLocation } from './types';

/**
 * How offsets inside a piece map to its source:
 * - `exact`: character i of the piece is at `start + i` (plain scalars, file contents, quoted strings without escapes).
 * - `offsets`: character i is at `offsets[i]` (quoted strings with escapes).
 * - `lines`: line k of the piece starts at `lineStarts[k]` (YAML block scalars and folded text).
 * - `whole`: the piece as a whole stands for `start..end` (a substituted value, an intrinsic).
 */
export type SegmentMapping =
  | { kind: 'exact' }
  | { kind: 'offsets'; offsets: number[] }
  | { kind: 'lines'; lineStarts: number[] }
  | { kind: 'whole' };

export interface SourceSpan {
  file: string;
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  source: SourceSpan | undefined;
  mapping: SegmentMapping;
  /** Produced by evaluation (an intrinsic's value, an Fn::Sub escape), not written as is: its `${...}` are not the template's placeholders. */
  generated?: boolean;
}

export function wholeSegment(text: string, source: SourceSpan | undefined, generated = false): Segment {
  return generated
    ? { text, source, mapping: { kind: 'whole' }, generated }
    : { text, source, mapping: { kind: 'whole' } };
}

export function segmentsText(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) out += segment.text;
  return out;
}

/** The part of a segment from `from` to `to` (offsets inside its text), keeping its mapping. */
export function sliceSegment(segment: Segment, from: number, to: number): Segment {
  const sliced = sliceMapped(segment, from, to);
  if (segment.generated) sliced.generated = true;
  return sliced;
}

function sliceMapped(segment: Segment, from: number, to: number): Segment {
  const text = segment.text.slice(from, to);
  const { source, mapping } = segment;
  if (!source) return { text, source, mapping };
  switch (mapping.kind) {
    case 'exact':
      return { text, source: { ...source, start: source.start + from, end: source.start + to }, mapping };
    case 'offsets': {
      const offsets = mapping.offsets.slice(from, to + 1);
      const start = offsets[0] ?? source.start;
      return { text, source: { ...source, start }, mapping: { kind: 'offsets', offsets } };
    }
    case 'lines': {
      // Keep the whole line table; record where the slice starts in the piece.
      const before = segment.text.slice(0, from);
      const line = countNewlines(before);
      const column = from - (before.lastIndexOf('\n') + 1);
      const starts = mapping.lineStarts.slice(line).map((s, i) => (i === 0 ? s + column : s));
      return {
        text,
        source: { ...source, start: starts[0] ?? source.start },
        mapping: { kind: 'lines', lineStarts: starts },
      };
    }
    case 'whole':
      return { text, source, mapping };
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The source offset of character `offset` of a segment, or undefined when the segment has no source. */
export function segmentSourceOffset(
  segment: Segment,
  offset: number,
): { file: string; offset: number } | undefined {
  const { source, mapping } = segment;
  if (!source) return undefined;
  switch (mapping.kind) {
    case 'exact':
      return { file: source.file, offset: source.start + offset };
    case 'offsets':
      return {
        file: source.file,
        offset: mapping.offsets[Math.min(offset, mapping.offsets.length - 1)] ?? source.start,
      };
    case 'lines': {
      const before = segment.text.slice(0, offset);
      const line = countNewlines(before);
      const column = offset - (before.lastIndexOf('\n') + 1);
      const lineStart = mapping.lineStarts[Math.min(line, mapping.lineStarts.length - 1)];
      return { file: source.file, offset: lineStart === undefined ? source.start : lineStart + column };
    }
    case 'whole':
      return { file: source.file, offset: source.start };
  }
}

/** Maps offsets of an assembled text back to the files its pieces came from. */
export class TextOrigin {
  private readonly starts: number[] = [];

  constructor(
    readonly segments: readonly Segment[],
    private readonly lineMaps: (file: string) => LineMap | undefined,
  ) {
    let at = 0;
    for (const segment of segments) {
      this.starts.push(at);
      at += segment.text.length;
    }
  }

  /** The template location of `start..end` in the assembled text (mapped by its start; the end is kept on the same piece). */
  locate(start: number, end: number): TemplateLocation | undefined {
    const index = this.segmentAt(start);
    if (index < 0) return undefined;
    const segment = this.segments[index];
    const segmentStart = this.starts[index] ?? 0;
    if (!segment?.source) return undefined;
    const from = segmentSourceOffset(segment, start - segmentStart);
    if (!from) return undefined;
    let to: number;
    if (segment.mapping.kind === 'whole') to = segment.source.end;
    else {
      const endInSegment = Math.min(end - segmentStart, segment.text.length);
      to = Math.max(from.offset, segmentSourceOffset(segment, endInSegment)?.offset ?? from.offset);
    }
    return makeLocation(from.file, from.offset, to, this.lineMaps(from.file));
  }

  private segmentAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    // Skip empty pieces so an offset lands on the piece that holds its character.
    while (lo < this.segments.length - 1 && (this.segments[lo]?.text.length ?? 0) === 0) lo++;
    return lo;
  }
}

export function makeLocation(
  file: string,
  start: number,
  end: number,
  lines: LineMap | undefined,
): TemplateLocation {
  const map = lines ?? new LineMap('');
  return { file, start, end, range: map.rangeOf({ start, end }) };
}

/**
 * Character offsets of a double-quoted string's value in its source (`"a\"b"` → offsets of a, ", b),
 * plus one past the end; undefined when the source is not a simple double-quoted string on one line.
 */
export function quotedStringOffsets(
  source: string,
  sourceStart: number,
  value: string,
): number[] | undefined {
  if (source.length < 2 || source[0] !== '"' || source[source.length - 1] !== '"') return undefined;
  const offsets: number[] = [];
  let i = 1;
  while (i < source.length - 1) {
    const ch = source[i];
    if (ch === '\n' || ch === '\r') return undefined;
    offsets.push(sourceStart + i);
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === 'u') i += 6;
      else if (next === 'x') i += 4;
      else if (next === 'U') i += 10;
      else i += 2;
    } else {
      // A surrogate pair is two UTF-16 units in both the source and the value.
      i += 1;
    }
  }
  offsets.push(sourceStart + source.length - 1);
  return offsets.length === value.length + 1 ? offsets : undefined;
}
