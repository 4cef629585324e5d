// Text helpers for the editor features: line bounds, the token at the cursor, writing a name as a JSON or
// YAML string in the style of the token it replaces, and indentation.
import type { OffsetRange } from '../diagnostics';
import type { DocumentFormat, ParsedDocument } from '../parse';

export function lineStartOf(text: string, offset: number): number {
  let pos = Math.min(offset, text.length);
  while (pos > 0 && text.charCodeAt(pos - 1) !== 10 && text.charCodeAt(pos - 1) !== 13) pos--;
  return pos;
}

export function lineEndOf(text: string, offset: number): number {
  let pos = Math.max(0, offset);
  while (pos < text.length && text.charCodeAt(pos) !== 10 && text.charCodeAt(pos) !== 13) pos++;
  return pos;
}

/** The range clipped to the cursor's line and widened to contain the cursor (what LSP wants for completion). */
export function clipToLine(text: string, range: OffsetRange, offset: number): OffsetRange {
  const lineStart = lineStartOf(text, offset);
  const lineEnd = lineEndOf(text, offset);
  const start = Math.min(Math.max(range.start, lineStart), offset);
  const end = Math.max(Math.min(range.end, lineEnd), offset);
  return { start, end };
}

/** The last character before `offset` that is not whitespace, and where it is. */
export function previousSignificant(text: string, offset: number): { char: string; at: number } | undefined {
  let pos = Math.min(offset, text.length) - 1;
  while (pos >= 0 && /\s/.test(text.charAt(pos))) pos--;
  return pos >= 0 ? { char: text.charAt(pos), at: pos } : undefined;
}

const WORD = /[A-Za-z0-9_$.]/;

/** The identifier-ish run (letters, digits, `_`, `$`, `.`) around `offset`: [start, offset) and (offset, end]. */
export function wordAround(text: string, offset: number): OffsetRange {
  let start = offset;
  while (start > 0 && WORD.test(text.charAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && WORD.test(text.charAt(end))) end++;
  return { start, end };
}

const YAML_RESERVED = /^(true|false|yes|no|on|off|null|y|n|~|\.inf|-\.inf|\.nan)$/i;
/** Characters a YAML plain scalar cannot start with. */
const YAML_INDICATORS = '-?:,[]{}#&*!|>\'"%@`';

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfeff) return true;
  }
  return false;
}

/** True when `value` reads back as the same string written plain (unquoted) in YAML. */
export function isPlainYamlSafe(value: string): boolean {
  if (value === '' || value.trim() !== value || hasControlCharacter(value)) return false;
  if (YAML_INDICATORS.includes(value.charAt(0)) || YAML_RESERVED.test(value)) return false;
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return false;
  // Anything a YAML 1.1 or 1.2 reader might take for a number, date or time.
  return !/^[-+]?(\.?\d|0[xob])/i.test(value);
}

/** A name written as a string token: JSON always double-quoted; YAML in the style of `original`. */
export function quoteName(name: string, format: DocumentFormat, original?: string): string {
  if (format === 'json') return JSON.stringify(name);
  const first = original?.charAt(0);
  if (first === "'") return `'${name.replace(/'/g, "''")}'`;
  if (first === '"') return JSON.stringify(name);
  return isPlainYamlSafe(name) ? name : JSON.stringify(name);
}

/** The string token at `range` written with a new value, in the same quoting style. */
export function rewriteToken(doc: ParsedDocument, range: OffsetRange, value: string): string {
  return quoteName(value, doc.format, doc.text.slice(range.start, range.end));
}

/** The whitespace at the start of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let end = start;
  while (end < text.length && (text.charAt(end) === ' ' || text.charAt(end) === '\t')) end++;
  return text.slice(start, end);
}

/** The indentation unit the document seems to use (two spaces when it cannot tell). */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  const first = match?.[1];
  if (!first) return '  ';
  if (first.startsWith('\t')) return '\t';
  return first.length >= 2 && first.length <= 8 ? ' '.repeat(Math.min(first.length, 4)) : '  ';
}

/** The line break the document uses. */
export function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
