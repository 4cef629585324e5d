// `${...}` in definition text: finding each with its key (the text up to the matching brace) and
// replacing the bound ones, piece by piece so every character keeps its place in the template.

import { type Segment, sliceSegment, wholeSegment } from './origin';

export interface PlaceholderMatch {
  /** Offset of `$` in the text. */
  start: number;
  /** Offset after the closing `}`. */
  end: number;
  key: string;
  /** `${!Name}`: the Fn::Sub escape for a literal `${Name}`. */
  escaped: boolean;
}

/** Every `${...}` in `text`, braces inside matched, left to right; an unclosed one is not a placeholder. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const found: PlaceholderMatch[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return found;
    let depth = 1;
    let pos = start + 2;
    while (pos < text.length && depth > 0) {
      const ch = text.charCodeAt(pos);
      if (ch === 123) depth++;
      else if (ch === 125) depth--;
      pos++;
    }
    if (depth > 0) return found;
    const inner = text.slice(start + 2, pos - 1);
    const escaped = inner.startsWith('!');
    found.push({ start, end: pos, key: escaped ? inner.slice(1) : inner, escaped });
    from = pos;
  }
}

export interface Replacement {
  /** The text that takes the placeholder's place. */
  text: string;
  /** True when the replacement stands for the placeholder (mapped to it), false to keep the source mapping. */
  mapToPlaceholder: boolean;
}

/**
 * Replaces placeholders across assembled pieces. `replace` sees each placeholder (found in the whole
 * text, so one split across pieces is still one; `generated` when it starts in a piece that evaluation
 * produced) and returns its replacement, or undefined to keep it.
 */
export function replacePlaceholders(
  segments: readonly Segment[],
  replace: (match: PlaceholderMatch, generated: boolean) => Replacement | undefined,
): Segment[] {
  const text = segments.map((s) => s.text).join('');
  const matches = findPlaceholders(text);
  if (matches.length === 0) return [...segments];
  const out: Segment[] = [];
  let segmentIndex = 0;
  let segmentStart = 0;
  // Emits text[from, to) from the original pieces.
  const copy = (from: number, to: number): void => {
    while (from < to) {
      let segment = segments[segmentIndex];
      while (segment && segmentStart + segment.text.length <= from) {
        segmentStart += segment.text.length;
        segmentIndex++;
        segment = segments[segmentIndex];
      }
      if (!segment) return;
      const end = Math.min(to, segmentStart + segment.text.length);
      out.push(sliceSegment(segment, from - segmentStart, end - segmentStart));
      from = end;
    }
  };
  const sourceAt = (offset: number): Segment | undefined => {
    let at = 0;
    for (const segment of segments) {
      if (offset < at + segment.text.length) return sliceSegment(segment, offset - at, offset - at + 1);
      at += segment.text.length;
    }
    return undefined;
  };
  let cursor = 0;
  for (const match of matches) {
    const replacement = replace(match, sourceAt(match.start)?.generated === true);
    if (!replacement) continue;
    copy(cursor, match.start);
    if (replacement.mapToPlaceholder) {
      const first = sourceAt(match.start);
      const last = sourceAt(match.end - 1);
      const source =
        first?.source && last?.source && first.source.file === last.source.file
          ? { file: first.source.file, start: first.source.start, end: last.source.start + 1 }
          : first?.source;
      out.push(wholeSegment(replacement.text, source, true));
    } else {
      out.push(wholeSegment(replacement.text, sourceAt(match.start)?.source, true));
    }
    cursor = match.end;
  }
  copy(cursor, text.length);
  return out;
}
