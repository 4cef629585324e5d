// Recognising `{% ... %}` JSONata strings, extracting their inner expression, syntax checking with the
// jsonata parser, and a bounded cache of compiled expressions shared by every evaluation.

import jsonata from './vendor/jsonata';
import { configureCompiledExpression } from './functions';

/** A compiled expression as the jsonata library returns it. */
type CompiledJsonata = jsonata.Expression;

/** A syntax error inside an expression; `offset`/`length` are relative to the expression text. */
export interface JsonataSyntaxError {
  message: string;
  offset: number;
  length: number;
  /** The jsonata error code (S0201, S0202, ...). */
  code: string;
}

const OPEN = '{%';
const CLOSE = '%}';

/**
 * True for a string AWS evaluates as JSONata: it starts with `{%` and ends with `%}` exactly. AWS does not
 * trim: `" {% states.input %} "` is a plain string (recorded in the conformance corpus).
 */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && hasDelimiters(value);
}

function hasDelimiters(text: string): boolean {
  return text.length >= OPEN.length + CLOSE.length && text.startsWith(OPEN) && text.endsWith(CLOSE);
}

/**
 * The expression between `{%` and `%}`, without surrounding whitespace (the form AWS quotes in its error
 * causes), and the offset of its first character in `text`. Text that is not a `{% %}` string is returned
 * trimmed with its own offset, so callers may pass either form.
 */
export function extractExpression(text: string): { expression: string; offset: number } {
  const wrapped = hasDelimiters(text);
  const start = wrapped ? OPEN.length : 0;
  const end = wrapped ? text.length - CLOSE.length : text.length;
  const inner = text.slice(start, end);
  const leading = inner.length - inner.trimStart().length;
  return { expression: inner.trim(), offset: start + leading };
}

interface JsonataParseError {
  code?: unknown;
  position?: unknown;
  token?: unknown;
  message?: unknown;
}

function toSyntaxError(expression: string, error: unknown): JsonataSyntaxError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as JsonataParseError;
  const code = typeof e.code === 'string' ? e.code : 'S0000';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const position = typeof e.position === 'number' ? Math.max(0, Math.min(e.position, expression.length)) : 0;
  const token = typeof e.token === 'string' && e.token !== '(end)' ? e.token : undefined;
  if (
    token !== undefined &&
    position >= token.length &&
    expression.slice(position - token.length, position) === token
  ) {
    return { message, offset: position - token.length, length: token.length, code };
  }
  if (token === undefined && typeof e.token === 'string') {
    // Unexpected end of expression: point at the end.
    return { message, offset: position, length: 0, code };
  }
  // Errors without a token (unterminated string, regex, comment) report the position they stopped at.
  const offset = Math.max(0, position - 1);
  return { message, offset, length: expression.length > 0 ? 1 : 0, code };
}

type CacheEntry = { compiled: CompiledJsonata } | { error: JsonataSyntaxError };

const MAX_CACHE_ENTRIES = 2000;
const cache = new Map<string, CacheEntry>();

/** Compiles (or fetches from the cache) an inner expression, with Step Functions' functions installed. */
export function compileJsonata(expression: string): CacheEntry {
  const cached = cache.get(expression);
  if (cached !== undefined) {
    // Refresh its place so the most recently used entries survive eviction.
    cache.delete(expression);
    cache.set(expression, cached);
    return cached;
  }
  let entry: CacheEntry;
  try {
    const compiled = jsonata(expression);
    configureCompiledExpression(compiled);
    entry = { compiled };
  } catch (error) {
    entry = { error: toSyntaxError(expression, error) };
  }
  cache.set(expression, entry);
  if (cache.size > MAX_CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return entry;
}

/**
 * The first syntax error of an inner expression (as returned by `extractExpression`), or undefined when it
 * parses. The message is the parser's own, without its code, as AWS reports it under
 * INVALID_JSONATA_EXPRESSION; the code is kept separately.
 */
export function checkJsonataSyntax(expression: string): JsonataSyntaxError | undefined {
  const entry = compileJsonata(expression);
  return 'error' in entry ? entry.error : undefined;
}
