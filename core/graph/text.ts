// Text metrics for the graph without a DOM: an estimate of rendered width by character class, and
// label wrapping/shortening. Layout sizes nodes with these; the renderer draws the lines they produce.

/** Relative advance widths (fraction of the font size) of a proportional sans-serif font. */
function charWidth(ch: string): number {
  if (" ilIj.,:;|!'`()[]{}f t".includes(ch)) return 0.32;
  if ('mwMW@%'.includes(ch)) return 0.86;
  if (/[A-Z0-9#&$?_~<>=+*^]/.test(ch)) return 0.66;
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x2e80) return 1.0; // CJK and other wide scripts
  return 0.56;
}

/** Estimated width in px of `text` at `fontSize` px (errs on the wide side). */
export function estimateTextWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += charWidth(ch);
  return Math.ceil(units * fontSize);
}

/** Collapses whitespace runs (newlines included) to single spaces and trims. */
export function normalizeLabel(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Shortens `text` to at most `maxWidth` px, ending in an ellipsis when something was cut. */
export function truncateToWidth(text: string, maxWidth: number, fontSize: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const ellipsis = '…';
  let out = '';
  let width = estimateTextWidth(ellipsis, fontSize);
  for (const ch of text) {
    const w = estimateTextWidth(ch, fontSize);
    if (width + w > maxWidth) break;
    out += ch;
    width += w;
  }
  return `${out.trimEnd()}${ellipsis}`;
}

/**
 * Splits a label into pieces that may end a line: after spaces and separators (`-_./:`), and between a
 * lower-case letter or digit and an upper-case letter (`ProcessOrder` → `Process|Order`).
 */
export function breakOpportunities(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  const chars = [...text];
  chars.forEach((ch, i) => {
    const previous = chars[i - 1];
    const camelBreak = previous !== undefined && /[a-z0-9]/.test(previous) && /[A-Z]/.test(ch);
    if (camelBreak && current !== '') {
      pieces.push(current);
      current = '';
    }
    current += ch;
    if (' -_./:'.includes(ch)) {
      pieces.push(current);
      current = '';
    }
  });
  if (current !== '') pieces.push(current);
  return pieces;
}

export interface WrappedText {
  lines: string[];
  /** True when the lines do not show the whole text (it was cut and ends in an ellipsis). */
  truncated: boolean;
}

/** Greedy line filling at break opportunities; a piece wider than a line is split by character. */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines: number): WrappedText {
  const normalized = normalizeLabel(text);
  const rawLines: string[] = [];
  let line = '';
  const pushLine = (): void => {
    rawLines.push(line);
    line = '';
  };
  const fits = (candidate: string): boolean => estimateTextWidth(candidate.trim(), fontSize) <= maxWidth;
  for (const piece of breakOpportunities(normalized)) {
    if (fits(line + piece)) {
      line += piece;
      continue;
    }
    if (line !== '') pushLine();
    if (fits(piece)) {
      line = piece;
      continue;
    }
    for (const ch of piece) {
      if (!fits(line + ch) && line !== '') pushLine();
      line += ch;
    }
  }
  if (line !== '' || rawLines.length === 0) pushLine();
  if (rawLines.length <= maxLines) return { lines: rawLines.map((l) => l.trim()), truncated: false };
  const kept = rawLines.slice(0, maxLines - 1).map((l) => l.trim());
  const rest = rawLines
    .slice(maxLines - 1)
    .join('')
    .trim();
  kept.push(truncateToWidth(rest, maxWidth, fontSize));
  return { lines: kept, truncated: true };
}
