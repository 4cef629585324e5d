// Pagination as the Step Functions API does it: `maxResults` (0 or absent: 100, at most 1000) and an
// opaque `nextToken` that is only good for the same listing ("keep all other arguments unchanged");
// a token that is not ours, or is for another listing, is InvalidToken.

import { createHash } from 'node:crypto';
import { invalidToken } from './errors';

export const DEFAULT_PAGE_SIZE = 100;

export function pageSize(maxResults: number | undefined): number {
  return maxResults === undefined || maxResults === 0 ? DEFAULT_PAGE_SIZE : maxResults;
}

function scopeKey(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 16);
}

/** A token for `position` within the listing named by `scope` (the operation and its arguments). */
export function encodeToken(scope: string, position: string | number): string {
  return Buffer.from(JSON.stringify({ s: scopeKey(scope), p: position })).toString('base64url');
}

/** The position a token holds; InvalidToken unless it was made for this same listing. */
export function decodeToken(token: string, scope: string): string | number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidToken();
  const { s, p } = parsed as { s?: unknown; p?: unknown };
  if (s !== scopeKey(scope) || (typeof p !== 'string' && typeof p !== 'number')) throw invalidToken();
  return p;
}

/**
 * A page of `items` (already in listing order) after the item whose key the token names; the next token
 * names the page's last item, so items added or removed meanwhile do not shift later pages.
 */
export function pageAfterKey<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  scope: string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const after = decodeToken(nextToken, scope);
    const index = items.findIndex((item) => keyOf(item) === after);
    if (index < 0) throw invalidToken();
    start = index + 1;
  }
  const size = pageSize(maxResults);
  const page = items.slice(start, start + size);
  const last = page[page.length - 1];
  return start + size < items.length && last !== undefined
    ? { page, nextToken: encodeToken(scope, keyOf(last)) }
    : { page };
}
