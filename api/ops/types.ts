// What every operation handler gets and returns. The input has been checked against the operation's
// input shape (model.ts), so its members have the types the model gives them.

import type { Backend } from '../backend';

export interface RequestContext {
  /** Aborted when the client goes away (a long poll or a synchronous execution stops waiting). */
  signal: AbortSignal;
}

export type Input = Record<string, unknown>;

export type Operation = (backend: Backend, input: Input, request: RequestContext) => unknown;

/** AWS's JSON protocol writes timestamps as epoch seconds. */
export const epochSeconds = (ms: number): number => ms / 1000;

export const text = (input: Input, key: string): string | undefined =>
  typeof input[key] === 'string' ? input[key] : undefined;

export const flag = (input: Input, key: string): boolean | undefined =>
  typeof input[key] === 'boolean' ? input[key] : undefined;

export const integer = (input: Input, key: string): number | undefined =>
  typeof input[key] === 'number' ? input[key] : undefined;
