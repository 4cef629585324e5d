// A snapshot serializer for execution results that is the same on every run: the status, output,
// error, cause, the top-level path, the states entered and the history as event types and state
// names, with no event timestamps or ids, and any UUID (execution names, `States.UUID()`) or ISO-8601
// timestamp inside a value replaced by a placeholder.

import type { ExecutionResult, JsonValue } from '../core';
import { isExecutionResult, topLevelPath } from './results';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** The value with UUIDs and timestamps in its strings replaced, keys kept in order. */
export function stableValue(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value === 'string') return value.replace(UUID, '<uuid>').replace(TIMESTAMP, '<timestamp>');
  if (Array.isArray(value)) return value.map((item) => stableValue(item) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = stableValue(item) ?? null;
    return out;
  }
  return value;
}

/** What a snapshot of an execution holds. Its keys differ from a result's, so it is printed as plain data. */
export function snapshotView(result: ExecutionResult): Record<string, unknown> {
  const view: Record<string, unknown> = { status: result.status };
  if (result.error !== undefined) view.error = result.error;
  if (result.cause !== undefined) view.cause = stableValue(result.cause);
  view.output = stableValue(result.output);
  view.path = topLevelPath(result);
  view.entered = result.states;
  view.history = result.events.map((event) => {
    const name = event.state;
    const scope = event.scope.map((step) => `${step.state}[${step.index}]`).join(' > ');
    return `${event.type}${name !== undefined ? ` ${name}` : ''}${scope ? ` (in ${scope})` : ''}`;
  });
  return view;
}

interface Printer {
  (value: unknown, config: unknown, indentation: string, depth: number, refs: unknown): string;
}

/** For `expect.addSnapshotSerializer` (Vitest and Jest); registered by both entry points. */
export const sfnSnapshotSerializer = {
  test: (value: unknown): boolean => isExecutionResult(value),
  serialize(
    value: ExecutionResult,
    config: unknown,
    indentation: string,
    depth: number,
    refs: unknown,
    printer: Printer,
  ): string {
    return `StepFunctionsExecution ${printer(snapshotView(value), config, indentation, depth, refs)}`;
  },
};
