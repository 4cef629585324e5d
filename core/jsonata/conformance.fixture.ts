// Test support for the conformance tests: one recorded JSONata case (field, template or expression,
// bindings, recorded value or cause) and how to evaluate it.

import type { JsonValue } from '../json';
import {
  evaluateJsonataTemplate,
  evaluateTyped,
  type JsonataBindings,
  type JsonataExpectedType,
  type JsonataRuntime,
} from './index';

export interface ConformanceCase {
  id: string;
  field: string;
  /** A template (evaluated with evaluateJsonataTemplate) or, with `type`, one expression (evaluateTyped). */
  template: JsonValue;
  input?: JsonValue;
  variables?: Record<string, JsonValue>;
  context?: JsonValue;
  result?: JsonValue;
  errorOutput?: JsonValue;
  type?: JsonataExpectedType;
  /** The recorded value, or `cause` for a recorded States.QueryEvaluationError. */
  expected?: JsonValue;
  cause?: string;
}

const runtime: JsonataRuntime = { random: () => 0.25, uuid: () => '11111111-2222-4333-8444-555555555555' };

export function bindingsOf(c: ConformanceCase): JsonataBindings {
  const states: JsonataBindings['states'] = { input: c.input ?? {}, context: c.context ?? {} };
  if (c.result !== undefined) states.result = c.result;
  if (c.errorOutput !== undefined) states.errorOutput = c.errorOutput;
  return { states, variables: c.variables ?? {} };
}

export function runCase(c: ConformanceCase): Promise<JsonValue> {
  if (c.type !== undefined)
    return evaluateTyped(c.template as string, bindingsOf(c), runtime, c.field, c.type);
  return evaluateJsonataTemplate(c.template, bindingsOf(c), runtime, c.field);
}
