// Test helpers for the validator tests: build small definitions, find a snippet's offsets in the text, pick
// the diagnostics with a given code, and run table-driven cases (broken definition, expected range, fix).
import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { type Diagnostic, LineMap, type OffsetRange } from '../diagnostics';
import type { JsonObject } from '../json';
import { type ValidateOptions, validate } from './index';

/** A JSON definition whose StartAt is the first state. */
export function machine(states: JsonObject, top: JsonObject = {}): string {
  const first = Object.keys(states)[0] ?? 'Start';
  return JSON.stringify({ StartAt: first, ...top, States: states }, null, 2);
}

/** The offsets of the `nth` (0-based) occurrence of `snippet` in `text`; throws when it is not there. */
export function locate(text: string, snippet: string, nth = 0): OffsetRange {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(snippet, at + 1);
    if (at < 0) throw new Error(`snippet ${JSON.stringify(snippet)} (#${nth}) not found in the test text`);
  }
  return { start: at, end: at + snippet.length };
}

/** The diagnostics with `code`. */
export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** Runs the validator and keeps only the diagnostics with `code`. */
export function codesIn(text: string, code: string, options?: ValidateOptions): Diagnostic[] {
  return withCode(validate(text, options), code);
}

/** `CODE@text-at-range` for every diagnostic, for compact comparisons in assertions. */
export function summarize(text: string, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${text.slice(d.offsets.start, d.offsets.end)}`);
}

export interface Case {
  name: string;
  bad: string;
  code: string;
  /** The source text the diagnostic must cover exactly (its `nth` occurrence). */
  at: string;
  nth?: number;
  /** How much of `at` the range covers, from its start (default: all of it). */
  length?: number;
  message?: RegExp;
  /** The same definition fixed: it must get no diagnostic at all. */
  good: string;
  fileName?: string;
}

export function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    void it(`${c.code} ${c.name}`, () => {
      const found = codesIn(c.bad, c.code, { fileName: c.fileName });
      assert.equal(
        found.length,
        1,
        `expected one ${c.code}, got ${JSON.stringify(summarize(c.bad, validate(c.bad, { fileName: c.fileName })))}`,
      );
      const [diagnostic] = found;
      const where = locate(c.bad, c.at, c.nth ?? 0);
      const expected = c.length === undefined ? where : { start: where.start, end: where.start + c.length };
      assert.deepEqual(diagnostic?.offsets, expected);
      assert.deepEqual(diagnostic?.range, new LineMap(c.bad).rangeOf(expected));
      if (c.message) assert.match(diagnostic?.message ?? '', c.message);
      assert.deepEqual(summarize(c.good, validate(c.good, { fileName: c.fileName })), []);
    });
  }
}
