// The matchers on an execution result, one implementation for Vitest and Jest: both call a matcher
// with the same context (`this.equals`, `this.isNot`, `this.utils.diff`/`matcherHint`/`print*`), so
// nothing here depends on either. Subset arguments (toSucceedWith, withInput, toHaveVariables) match
// like toMatchObject: every key given must match, recursively, arrays element by element; asymmetric
// matchers (expect.any, expect.stringContaining, ...) work anywhere. Each failure message says what
// was expected, what happened (a diff for values), the path the run took and how it ended.

import type { ExecutionResult, JsonValue } from '../core';
import { ending, finalVariables, invocationsOf, isExecutionResult, topLevelPath } from './results';

/** What Vitest and Jest both give a matcher as `this`. */
export interface MatcherContext {
  isNot: boolean;
  equals(a: unknown, b: unknown): boolean;
  utils: {
    diff(expected: unknown, received: unknown): string | null | undefined;
    matcherHint(name: string, received?: string, expected?: string, options?: { isNot?: boolean }): string;
    printExpected(value: unknown): string;
    printReceived(value: unknown): string;
  };
}

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

export interface InvokedOptions {
  /** Exactly this many calls (retries and Map iterations count). */
  times?: number;
  /** Only calls whose request (after Parameters / Arguments) contains this. */
  withInput?: unknown;
}

type Matcher<A extends unknown[]> = (this: MatcherContext, received: unknown, ...args: A) => MatcherResult;

function isAsymmetric(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isAsymmetric(value);
}

/** toMatchObject-style: every key of `expected` matches in `actual`. */
function matchesSubset(ctx: MatcherContext, actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => matchesSubset(ctx, actual[i], item))
    );
  }
  if (isPlainObject(expected)) {
    return (
      isPlainObject(actual) &&
      Object.keys(expected).every(
        (key) => Object.hasOwn(actual, key) && matchesSubset(ctx, actual[key], expected[key]),
      )
    );
  }
  return ctx.equals(actual, expected);
}

/** `actual` cut down to the keys `expected` names, so a diff shows only what was asked about. */
function subsetView(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length) {
    return actual.map((item, i) => subsetView(item, expected[i]));
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const view: Record<string, unknown> = {};
    for (const key of Object.keys(expected))
      if (Object.hasOwn(actual, key)) view[key] = subsetView(actual[key], expected[key]);
    return view;
  }
  return actual;
}

function requireResult(received: unknown, matcher: string): ExecutionResult {
  if (isExecutionResult(received)) return received;
  throw new TypeError(
    `${matcher}: expected an execution result (what execute() from 'stepthrough' resolves to: {status, output, states, events}), received ${
      received === null ? 'null' : typeof received
    }`,
  );
}

/** The lines every message ends with: where the run went and how it ended. */
function runSummary(result: ExecutionResult): string {
  const path = topLevelPath(result);
  return `\n\nPath taken: ${path.length > 0 ? path.join(' → ') : '(no state entered)'}\nEnded:      ${ending(result)}`;
}

function diffBlock(ctx: MatcherContext, expected: unknown, received: unknown): string {
  const diff = ctx.utils.diff(expected, received);
  return diff
    ? `\n\n${diff}`
    : `\n\nExpected: ${ctx.utils.printExpected(expected)}\nReceived: ${ctx.utils.printReceived(received)}`;
}

function textMatches(ctx: MatcherContext, actual: string | undefined, expected: unknown): boolean {
  if (expected instanceof RegExp) return actual !== undefined && expected.test(actual);
  return ctx.equals(actual, expected);
}

const toSucceed: Matcher<[]> = function (received) {
  const result = requireResult(received, 'toSucceed');
  const pass = result.status === 'SUCCEEDED';
  const hint = this.utils.matcherHint('toSucceed', 'execution', '', { isNot: this.isNot });
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected the execution not to succeed, but it did, with output ${this.utils.printReceived(result.output)}${runSummary(result)}`
        : `${hint}\n\nExpected the execution to succeed, but it ended ${result.status}${runSummary(result)}`,
  };
};

const toSucceedWith: Matcher<[unknown]> = function (received, expected) {
  const result = requireResult(received, 'toSucceedWith');
  const succeeded = result.status === 'SUCCEEDED';
  const pass = succeeded && matchesSubset(this, result.output, expected);
  const hint = this.utils.matcherHint('toSucceedWith', 'execution', 'outputSubset', { isNot: this.isNot });
  return {
    pass,
    message: () => {
      if (pass) {
        return `${hint}\n\nExpected the output not to contain ${this.utils.printExpected(expected)}, but it does: ${this.utils.printReceived(result.output)}${runSummary(result)}`;
      }
      if (!succeeded)
        return `${hint}\n\nExpected the execution to succeed, but it ended ${result.status}${runSummary(result)}`;
      return `${hint}\n\nThe output does not contain the expected values (- expected, + received):${diffBlock(
        this,
        expected,
        subsetView(result.output, expected),
      )}${runSummary(result)}`;
    },
  };
};

const toFailWith: Matcher<[unknown, unknown?]> = function (received, error, cause) {
  const result = requireResult(received, 'toFailWith');
  const failed = result.status === 'FAILED' || result.status === 'TIMED_OUT';
  const errorOk = failed && textMatches(this, result.error, error);
  const causeOk = cause === undefined || (failed && textMatches(this, result.cause, cause));
  const pass = errorOk && causeOk;
  const expectedText = cause === undefined ? 'error' : 'error, cause';
  const hint = this.utils.matcherHint('toFailWith', 'execution', expectedText, { isNot: this.isNot });
  return {
    pass,
    message: () => {
      if (pass)
        return `${hint}\n\nExpected the execution not to fail with ${this.utils.printExpected(error)}, but it did${runSummary(result)}`;
      if (!failed) {
        return `${hint}\n\nExpected the execution to fail with ${this.utils.printExpected(error)}, but it ended ${result.status}${
          result.status === 'SUCCEEDED' ? ` with output ${this.utils.printReceived(result.output)}` : ''
        }${runSummary(result)}`;
      }
      const lines = [`${hint}\n`];
      lines.push(`Expected error: ${this.utils.printExpected(error)}`);
      lines.push(`Received error: ${this.utils.printReceived(result.error)}`);
      if (cause !== undefined) {
        lines.push(`Expected cause: ${this.utils.printExpected(cause)}`);
        lines.push(`Received cause: ${this.utils.printReceived(result.cause)}`);
      }
      return `${lines.join('\n')}${runSummary(result)}`;
    },
  };
};

const toHaveVisited: Matcher<[string]> = function (received, state) {
  const result = requireResult(received, 'toHaveVisited');
  const pass = result.states.includes(state);
  const hint = this.utils.matcherHint('toHaveVisited', 'execution', 'state', { isNot: this.isNot });
  const entered = [...new Set(result.states)];
  return {
    pass,
    message: () =>
      `${hint}\n\nExpected the execution ${pass ? 'not ' : ''}to enter ${this.utils.printExpected(state)}\nStates entered: ${
        entered.length > 0 ? entered.join(', ') : '(none)'
      }${runSummary(result)}`,
  };
};

/** As a test file's `expect.path` and pytest's `assert_path`: top-level, or every state with `includeInner`. */
const toHavePath: Matcher<[readonly string[], { includeInner?: boolean }?]> = function (
  received,
  path,
  options = {},
) {
  const result = requireResult(received, 'toHavePath');
  const actual = options.includeInner === true ? result.states : topLevelPath(result);
  const pass = this.equals(actual, path);
  const hint = this.utils.matcherHint('toHavePath', 'execution', 'path', { isNot: this.isNot });
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected a different path than ${this.utils.printExpected(path)}${runSummary(result)}`
        : `${hint}\n\nThe ${options.includeInner === true ? '' : 'top-level '}states entered differ (- expected, + received):${diffBlock(this, path, actual)}${runSummary(result)}`,
  };
};

const toHaveInvoked: Matcher<[string, InvokedOptions?]> = function (received, state, options = {}) {
  const result = requireResult(received, 'toHaveInvoked');
  const calls = invocationsOf(result, state);
  const matching =
    options.withInput === undefined
      ? calls
      : calls.filter((call) => matchesSubset(this, call.input, options.withInput));
  const pass = options.times === undefined ? matching.length > 0 : matching.length === options.times;
  const hint = this.utils.matcherHint('toHaveInvoked', 'execution', 'state, options', { isNot: this.isNot });
  return {
    pass,
    message: () => {
      const wanted =
        options.times === undefined
          ? 'at least once'
          : `${options.times} time${options.times === 1 ? '' : 's'}`;
      const filter =
        options.withInput === undefined
          ? ''
          : ` with input containing ${this.utils.printExpected(options.withInput)}`;
      const lines = [
        `${hint}\n`,
        `Expected ${this.utils.printExpected(state)} ${pass ? 'not ' : ''}to be invoked ${wanted}${filter}`,
        `Received: ${calls.length} call${calls.length === 1 ? '' : 's'}${
          options.withInput === undefined ? '' : `, ${matching.length} matching`
        }`,
      ];
      calls
        .slice(0, 5)
        .forEach((call, i) => lines.push(`  call ${i + 1}: ${this.utils.printReceived(call.input)}`));
      if (calls.length > 5) lines.push(`  … ${calls.length - 5} more`);
      const first = calls[0];
      if (!pass && options.withInput !== undefined && matching.length === 0 && first) {
        lines.push(
          `\nFirst call against the expected input (- expected, + received):${diffBlock(
            this,
            options.withInput,
            subsetView(first.input, options.withInput),
          )}`,
        );
      }
      return `${lines.join('\n')}${runSummary(result)}`;
    },
  };
};

const toHaveVariables: Matcher<[Record<string, unknown>]> = function (received, expected) {
  const result = requireResult(received, 'toHaveVariables');
  const variables = finalVariables(result);
  const pass = matchesSubset(this, variables, expected);
  const hint = this.utils.matcherHint('toHaveVariables', 'execution', 'variables', { isNot: this.isNot });
  return {
    pass,
    message: () =>
      pass
        ? `${hint}\n\nExpected the workflow variables not to contain ${this.utils.printExpected(expected)}${runSummary(result)}`
        : `${hint}\n\nThe workflow variables at the end differ (- expected, + received):${diffBlock(
            this,
            expected,
            subsetView(variables as JsonValue, expected),
          )}${runSummary(result)}`,
  };
};

/** The matchers, for `expect.extend(sfnMatchers)`. */
export const sfnMatchers = {
  toSucceed,
  toSucceedWith,
  toFailWith,
  toHaveVisited,
  toHavePath,
  toHaveInvoked,
  toHaveVariables,
};

/** The matchers' signatures on `expect(execution)`, for both frameworks' type declarations. */
export interface SfnMatchers<R = unknown> {
  /** The execution ended SUCCEEDED. */
  toSucceed(): R;
  /** It SUCCEEDED and its output contains these values (like toMatchObject). */
  toSucceedWith(outputSubset: unknown): R;
  /** It FAILED (or TIMED_OUT) with this error (a string, RegExp or asymmetric matcher), and cause if given. */
  toFailWith(error: unknown, cause?: unknown): R;
  /** It entered this state, at any depth (inside Map and Parallel too). */
  toHaveVisited(state: string): R;
  /** The top-level states it entered, in order, are exactly these; with `includeInner`, every state (Map and Parallel inner ones too). */
  toHavePath(path: readonly string[], options?: { includeInner?: boolean }): R;
  /** This Task state was called (retries and iterations count), `times` times, with a request containing `withInput`. */
  toHaveInvoked(state: string, options?: InvokedOptions): R;
  /** The top-level workflow variables at the end contain these. */
  toHaveVariables(subset: Record<string, unknown>): R;
}
