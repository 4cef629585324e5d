// The two faces of a user's pattern: `BoundedRegExp` for synchronous callers (JSONPath `=~`) and
// `AsyncBoundedRegExp` for jsonata's regex hook, both running the very RegExp they wrap in the regex sandbox
// with a time limit. Results are RegExp#exec's; a match past its limit goes to the caller's `onTimeout`.

import { execAsync, execSync, RegexCancelledError, RegexTimeoutError, type RegexReply } from './sandbox';

/** The array RegExp#exec returns, as far as callers read it. */
export interface BoundedMatch extends Array<string | undefined> {
  index: number;
  input: string;
}

/** How long the next match may take, and what a timeout or a cancellation becomes (they must throw). */
export interface RegexLimits {
  remainingMs(): number;
  onTimeout(error: RegexTimeoutError): never;
  /** Cancels asynchronous matches. */
  signal?: AbortSignal;
  onCancel?(error: RegexCancelledError): never;
}

/**
 * Limits for matches that share `totalMs` of matching in all, counted from the first one (a timeout is
 * thrown as RegexTimeoutError). For synchronous callers that have no clock of their own.
 */
export function sharedTimeLimit(totalMs: number): RegexLimits {
  let deadline: number | undefined;
  return {
    remainingMs: () => (deadline ??= Date.now() + totalMs) - Date.now(),
    onTimeout: (error) => {
      throw error;
    },
  };
}

function toMatch(reply: Exclude<RegexReply, { kind: 'error' }>, text: string): BoundedMatch | null {
  if (reply.kind === 'noMatch') return null;
  const match = reply.groups as BoundedMatch;
  match.index = reply.index;
  match.input = text;
  return match;
}

/** Synchronous: the caller's thread waits for the match (at most `remainingMs()`). */
export class BoundedRegExp {
  lastIndex = 0;

  constructor(
    readonly regex: RegExp,
    private readonly limits: RegexLimits,
  ) {}

  exec(text: string): BoundedMatch | null {
    const subject = String(text);
    let reply;
    try {
      reply = execSync(
        this.regex.source,
        this.regex.flags,
        subject,
        this.lastIndex,
        this.limits.remainingMs(),
      );
    } catch (error) {
      if (error instanceof RegexTimeoutError) this.limits.onTimeout(error);
      throw error;
    }
    this.lastIndex = reply.lastIndex;
    return toMatch(reply, subject);
  }

  test(text: string): boolean {
    return this.exec(text) !== null;
  }
}

/** Asynchronous: the match runs while the caller's thread goes on. Stateless, so concurrent uses are safe. */
export class AsyncBoundedRegExp {
  constructor(
    readonly regex: RegExp,
    private readonly limits: RegexLimits,
  ) {}

  /** RegExp#exec from `fromIndex` (for global and sticky patterns), and where the next search starts. */
  async execFrom(
    text: string,
    fromIndex: number,
  ): Promise<{ match: BoundedMatch; nextIndex: number } | null> {
    const subject = String(text);
    const { source, flags } = this.regex;
    let reply;
    try {
      reply = await execAsync(
        source,
        flags,
        subject,
        fromIndex,
        this.limits.remainingMs(),
        this.limits.signal,
      );
    } catch (error) {
      if (error instanceof RegexTimeoutError) this.limits.onTimeout(error);
      if (error instanceof RegexCancelledError) this.limits.onCancel?.(error);
      throw error;
    }
    const match = toMatch(reply, subject);
    return match === null ? null : { match, nextIndex: reply.lastIndex };
  }

  async test(text: string): Promise<boolean> {
    return (await this.execFrom(text, 0)) !== null;
  }
}
