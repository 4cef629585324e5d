// Formatting for JSON definitions: one property or item per line, `": "` after keys, empty objects and
// arrays kept short. Numbers and strings are copied exactly as written. Documents with syntax errors are
// left alone.
import type { ParsedDocument } from '../parse';
import { ParseCode } from '../parse';
import type { FormatOptions, TextEdit } from './types';

const BLOCKING_CODES = new Set<string>([
  ParseCode.jsonSyntax,
  ParseCode.tooDeep,
  ParseCode.unquotedPlaceholder,
]);

/** The edit that formats the document (none when it is already formatted, YAML, or has syntax errors). */
export function formatJson(doc: ParsedDocument, options: FormatOptions): TextEdit[] {
  if (doc.format !== 'json' || !doc.ast) return [];
  if (doc.diagnostics.some((d) => BLOCKING_CODES.has(d.code))) return [];
  const formatted = formatJsonText(doc.text, options);
  if (formatted === undefined || formatted === doc.text) return [];
  return [minimalEdit(doc.text, formatted)];
}

/** Tokens of a syntactically valid JSON text: strings, punctuation and literal runs. */
function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    const ch = text.charAt(pos);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      pos++;
    } else if (ch === '"') {
      let end = pos + 1;
      while (end < text.length && text.charAt(end) !== '"') end += text.charAt(end) === '\\' ? 2 : 1;
      if (end >= text.length) return undefined;
      tokens.push(text.slice(pos, end + 1));
      pos = end + 1;
    } else if ('{}[],:'.includes(ch)) {
      tokens.push(ch);
      pos++;
    } else {
      let end = pos;
      while (end < text.length && !/[\s{}[\],:"]/.test(text.charAt(end))) end++;
      if (end === pos) return undefined;
      tokens.push(text.slice(pos, end));
      pos = end;
    }
  }
  return tokens;
}

export function formatJsonText(text: string, options: FormatOptions): string | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, Math.min(options.tabSize, 8))) : '\t';
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const parts: string[] = [];
  let level = 0;
  const breakLine = (): void => {
    parts.push(newline, unit.repeat(Math.max(0, level)));
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '{' || token === '[') {
      const next = tokens[i + 1];
      if ((token === '{' && next === '}') || (token === '[' && next === ']')) {
        parts.push(token, next);
        i++;
        continue;
      }
      const inline = token === '[' ? inlineArray(tokens, i) : undefined;
      if (inline) {
        parts.push(inline.text);
        i = inline.end;
        continue;
      }
      parts.push(token);
      level++;
      breakLine();
    } else if (token === '}' || token === ']') {
      level--;
      breakLine();
      parts.push(token);
    } else if (token === ',') {
      parts.push(',');
      breakLine();
    } else if (token === ':') {
      parts.push(': ');
    } else {
      parts.push(token);
    }
  }
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const trailing = /\r?\n$/.test(text) ? newline : '';
  return bom + parts.join('') + trailing;
}

/** Arrays of a few short scalars stay on one line: `["States.ALL"]`. */
const MAX_INLINE_ARRAY = 60;

function inlineArray(tokens: string[], open: number): { text: string; end: number } | undefined {
  const items: string[] = [];
  for (let i = open + 1; i < tokens.length; i += 2) {
    const item = tokens[i] ?? '';
    if ('{}[],:'.includes(item)) return undefined;
    items.push(item);
    const separator = tokens[i + 1];
    if (separator === ']') {
      const text = `[${items.join(', ')}]`;
      return text.length <= MAX_INLINE_ARRAY ? { text, end: i + 1 } : undefined;
    }
    if (separator !== ',') return undefined;
  }
  return undefined;
}

/** One edit covering only the part that changed. */
function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--;
    endAfter--;
  }
  // Never split a \r\n: positions between the two are not on any line.
  if (start > 0 && before.charAt(start - 1) === '\r' && before.charAt(start) === '\n') start--;
  if (before.charAt(endBefore - 1) === '\r' && before.charAt(endBefore) === '\n') {
    endBefore++;
    endAfter++;
  }
  return { range: { start, end: endBefore }, newText: after.slice(start, endAfter) };
}
