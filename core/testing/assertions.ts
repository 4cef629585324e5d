// Checks a case's expectations against what its run observed, producing one failure per unmet
// expectation, each with a message and, for JSON values, the first difference.

import { jsonEquals, type JsonObject, type JsonValue } from '../json';
import { describeDifference, firstDifference } from './diff';
import type { CaseRun } from './execution';
import type { AssertionFailure, Expectation, StateExpectation } from './model';

function valueCheck(
  check: string,
  expected: JsonValue,
  actual: JsonValue | undefined,
): AssertionFailure | undefined {
  if (actual === undefined) {
    return { check, message: `${check}: expected ${JSON.stringify(expected)}, but there is none`, expected };
  }
  const difference = firstDifference(expected, actual);
  if (!difference) return undefined;
  return {
    check,
    message: `${check} differs ${describeDifference(difference)}`,
    expected,
    actual,
    difference,
  };
}

/** Every key of `expected` is in `actual` with a deep-equal value. */
function containsCheck(
  check: string,
  expected: JsonObject,
  actual: JsonValue | undefined,
): AssertionFailure | undefined {
  const isObject = typeof actual === 'object' && actual !== null && !Array.isArray(actual);
  if (!isObject) {
    return {
      check,
      message: `${check}: expected an object containing ${JSON.stringify(expected)}, got ${JSON.stringify(actual ?? null)}`,
      expected,
      actual: actual ?? null,
    };
  }
  const subset: JsonObject = {};
  for (const key of Object.keys(expected))
    if (Object.prototype.hasOwnProperty.call(actual, key)) subset[key] = actual[key] as JsonValue;
  const difference = firstDifference(expected, subset);
  if (!difference) return undefined;
  return { check, message: `${check} fails ${describeDifference(difference)}`, expected, actual, difference };
}

function equalCheck(
  check: string,
  expected: JsonValue,
  actual: JsonValue | undefined,
  what = check,
): AssertionFailure | undefined {
  if (actual !== undefined && jsonEquals(expected, actual)) return undefined;
  return {
    check,
    message: `${what}: expected ${JSON.stringify(expected)}, got ${actual === undefined ? 'none' : JSON.stringify(actual)}`,
    expected,
    actual: actual ?? null,
  };
}

function pathCheck(expected: string[], actual: string[]): AssertionFailure | undefined {
  if (jsonEquals(expected, actual)) return undefined;
  let step = 0;
  while (step < expected.length && step < actual.length && expected[step] === actual[step]) step++;
  const detail =
    step >= expected.length
      ? `the run went on to ${actual[step] ?? '?'} after the expected path ended`
      : step >= actual.length
        ? `the run ended before ${expected[step] ?? '?'}`
        : `expected ${expected[step] ?? '?'}, got ${actual[step] ?? '?'}`;
  return {
    check: 'path',
    message: `path differs at step ${step + 1}: ${detail}`,
    expected,
    actual,
    difference: {
      path: `$[${step}]`,
      kind: 'changed',
      expected: expected[step] ?? null,
      actual: actual[step] ?? null,
    },
  };
}

function stateChecks(name: string, expected: StateExpectation, run: CaseRun): AssertionFailure[] {
  const facts = run.states.get(name);
  const prefix = `states.${name}`;
  const out: (AssertionFailure | undefined)[] = [];
  const entered = facts?.entered ?? 0;
  if (expected.entered !== undefined)
    out.push(equalCheck(`${prefix}.entered`, expected.entered, entered, `${name} entered (times)`));
  if (expected.attempts !== undefined) {
    out.push(
      equalCheck(
        `${prefix}.attempts`,
        expected.attempts,
        entered + (facts?.retries ?? 0),
        `${name} attempts`,
      ),
    );
  }
  const wantsData =
    expected.input !== undefined || expected.output !== undefined || expected.outputContains !== undefined;
  if (wantsData && entered === 0) {
    out.push({ check: prefix, message: `${name} was never entered` });
    return out.filter((f): f is AssertionFailure => f !== undefined);
  }
  if (expected.input !== undefined) out.push(valueCheck(`${prefix}.input`, expected.input, facts?.input));
  if (expected.output !== undefined) out.push(valueCheck(`${prefix}.output`, expected.output, facts?.output));
  if (expected.outputContains !== undefined)
    out.push(containsCheck(`${prefix}.outputContains`, expected.outputContains, facts?.output));
  if (expected.error !== undefined)
    out.push(equalCheck(`${prefix}.error`, expected.error, facts?.error, `${name} error`));
  if (expected.cause !== undefined)
    out.push(equalCheck(`${prefix}.cause`, expected.cause, facts?.cause, `${name} cause`));
  if (expected.variables !== undefined)
    out.push(containsCheck(`${prefix}.variables`, expected.variables, facts?.variables ?? {}));
  return out.filter((f): f is AssertionFailure => f !== undefined);
}

/** The status a case expects when it does not say: FAILED when it names an error, else SUCCEEDED. */
export function impliedStatus(expect: Expectation, singleState: boolean): string | undefined {
  if (expect.status !== undefined) return expect.status;
  const namesError =
    expect.error !== undefined || expect.cause !== undefined || expect.causeContains !== undefined;
  if (singleState) return namesError ? undefined : 'SUCCEEDED';
  return namesError ? 'FAILED' : 'SUCCEEDED';
}

export function checkExpectations(
  expect: Expectation,
  run: CaseRun,
  singleState: boolean,
): AssertionFailure[] {
  const out: (AssertionFailure | undefined)[] = [];
  const summary = run.summary;
  const status = impliedStatus(expect, singleState);
  if (status !== undefined && status !== summary.status) {
    const why =
      summary.error !== undefined ? ` (${summary.error}${summary.cause ? `: ${summary.cause}` : ''})` : '';
    out.push({
      check: 'status',
      message: `status: expected ${status}, got ${summary.status}${why}`,
      expected: status,
      actual: summary.status,
    });
  }
  if (expect.error !== undefined) out.push(equalCheck('error', expect.error, summary.error));
  if (expect.cause !== undefined) out.push(equalCheck('cause', expect.cause, summary.cause));
  if (expect.causeContains !== undefined && !(summary.cause ?? '').includes(expect.causeContains)) {
    out.push({
      check: 'causeContains',
      message: `cause: expected it to contain ${JSON.stringify(expect.causeContains)}, got ${JSON.stringify(summary.cause ?? null)}`,
      expected: expect.causeContains,
      actual: summary.cause ?? null,
    });
  }
  if (expect.output !== undefined) out.push(valueCheck('output', expect.output, summary.output ?? undefined));
  if (expect.outputContains !== undefined)
    out.push(containsCheck('outputContains', expect.outputContains, summary.output ?? undefined));
  if (expect.path !== undefined)
    out.push(
      pathCheck(expect.path, expect.pathIncludesInner ? (summary.states ?? summary.path) : summary.path),
    );
  if (expect.nextState !== undefined)
    out.push(equalCheck('nextState', expect.nextState, summary.nextState ?? null));
  if (expect.variables !== undefined) out.push(containsCheck('variables', expect.variables, run.variables));
  for (const [name, expectation] of Object.entries(expect.states ?? {}))
    out.push(...stateChecks(name, expectation, run));
  return out.filter((f): f is AssertionFailure => f !== undefined);
}
