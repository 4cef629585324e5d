// Maps offsets inside a string value (as decoded: escapes resolved) back to offsets in the source text, for
// JSON strings and YAML plain, quoted and literal block scalars, so a diagnostic can point inside a string.
import type { OffsetRange } from '../diagnostics';
import type { AstScalar } from '../parse';

/** For each decoded UTF-16 unit i, the source offset where it starts; one extra entry for the end. */
type OffsetTable = number[];

const cache = new WeakMap<AstScalar, OffsetTable | null>();

/**
 * The source range of `length` decoded units at `offset` in the string `node`. When the scalar's source
 * cannot be mapped exactly (folded YAML scalars and the like), the whole value's range.
 */
export function rangeInString(text: string, node: AstScalar, offset: number, length: number): OffsetRange {
  const table = offsetTable(text, node);
  if (!table) return node.range;
  const last = table.length - 1;
  const from = Math.max(0, Math.min(offset, last));
  const to = Math.max(from, Math.min(offset + Math.max(0, length), last));
  const start = table[from] ?? node.range.start;
  let end = table[to] ?? node.range.end;
  // An empty span still gets one character, when the string has one there, so the editor shows something.
  if (to === from && from < last) end = table[from + 1] ?? end;
  return { start, end: Math.max(start, end) };
}

function offsetTable(text: string, node: AstScalar): OffsetTable | null {
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  const built = typeof node.value === 'string' ? buildTable(text, node.range, node.value) : null;
  cache.set(node, built);
  return built;
}

function buildTable(text: string, range: OffsetRange, value: string): OffsetTable | null {
  const first = text.charAt(range.start);
  let result: Decoded | null;
  if (first === '"') result = decodeDoubleQuoted(text, range.start + 1, range.end - 1);
  else if (first === "'") result = decodeSingleQuoted(text, range.start + 1, range.end - 1);
  else if (first === '|') result = decodeLiteralBlock(text, range);
  else result = decodePlain(text, range);
  // Only trust a table that reproduces the parser's value exactly.
  return result && result.value === value ? result.table : null;
}

interface Decoded {
  value: string;
  table: OffsetTable;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  // YAML double-quoted extras
  '0': '\0',
  a: '\x07',
  v: '\v',
  e: '\x1b',
  ' ': ' ',
  _: '\u00a0',
  N: '\u0085',
  L: '\u2028',
  P: '\u2029',
  '\t': '\t',
};

const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** JSON strings and single-line YAML double-quoted scalars. Multi-line (folded) ones are not mapped. */
function decodeDoubleQuoted(text: string, start: number, end: number): Decoded | null {
  let value = '';
  const table: OffsetTable = [];
  let pos = start;
  while (pos < end) {
    const ch = text.charAt(pos);
    if (ch === '\n' || ch === '\r') return null;
    if (ch !== '\\') {
      table.push(pos);
      value += ch;
      pos++;
      continue;
    }
    const kind = text.charAt(pos + 1);
    const simple = SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      table.push(pos);
      value += simple;
      pos += 2;
      continue;
    }
    const digits = HEX_ESCAPE_LENGTH[kind];
    if (digits === undefined) return null;
    const hex = text.slice(pos + 2, pos + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return null;
    const decoded = String.fromCodePoint(parseInt(hex, 16));
    for (let i = 0; i < decoded.length; i++) table.push(pos);
    value += decoded;
    pos += 2 + digits;
  }
  table.push(end);
  return { value, table };
}

function decodeSingleQuoted(text: string, start: number, end: number): Decoded | null {
  let value = '';
  const table: OffsetTable = [];
  let pos = start;
  while (pos < end) {
    const ch = text.charAt(pos);
    if (ch === '\n' || ch === '\r') return null;
    table.push(pos);
    value += ch;
    pos += ch === "'" && text.charAt(pos + 1) === "'" ? 2 : 1;
  }
  table.push(end);
  return { value, table };
}

/** A plain (unquoted) scalar on one line is its own value. */
function decodePlain(text: string, range: OffsetRange): Decoded | null {
  const value = text.slice(range.start, range.end);
  if (/[\r\n]/.test(value)) return null;
  const table: OffsetTable = [];
  for (let i = range.start; i <= range.end; i++) table.push(i);
  return { value, table };
}

/** `|`, `|-`, `|+` literal blocks: each content line minus the block's indentation. */
function decodeLiteralBlock(text: string, range: OffsetRange): Decoded | null {
  const headerEnd = text.indexOf('\n', range.start);
  if (headerEnd < 0 || headerEnd >= range.end) return null;
  const lines: { start: number; end: number }[] = [];
  let pos = headerEnd + 1;
  while (pos < range.end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0 || lineEnd > range.end) lineEnd = range.end;
    const contentEnd = text.charAt(lineEnd - 1) === '\r' ? lineEnd - 1 : lineEnd;
    lines.push({ start: pos, end: contentEnd });
    pos = lineEnd + 1;
  }
  const firstContent = lines.find((line) => text.slice(line.start, line.end).trim() !== '');
  if (!firstContent) return null;
  const indent = /^ */.exec(text.slice(firstContent.start, firstContent.end))?.[0].length ?? 0;
  let value = '';
  const table: OffsetTable = [];
  for (const line of lines) {
    const from = Math.min(line.start + indent, line.end);
    for (let i = from; i < line.end; i++) {
      table.push(i);
      value += text.charAt(i);
    }
    table.push(line.end);
    value += '\n';
  }
  // The parser applies the chomping indicator; try the forms it may have produced.
  const header = text.slice(range.start, headerEnd);
  if (header.includes('-')) {
    const trimmed = value.replace(/\n+$/, '');
    return { value: trimmed, table: table.slice(0, trimmed.length + 1) };
  }
  if (!header.includes('+')) {
    const clipped = value.replace(/\n+$/, '\n');
    return { value: clipped, table: table.slice(0, clipped.length + 1) };
  }
  return { value, table };
}
