// AWS's recorded execution histories (../shared/histories, see its README) turned into runs of our engine:
// the recorded input, mocks made from the recorded task results, and a comparison of the two histories'
// shapes: each event's type, id, previousEventId, details field and the names of the details' fields.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject, JsonValue } from '../../core/json';

export interface HistoryCase {
  name: string;
  category: string;
  dir: string;
  definition: JsonObject;
  events: RecordedEvent[];
}

export type RecordedEvent = Record<string, unknown> & { id: unknown; previousEventId: unknown; type: string };

export function loadHistoryCases(root: string): HistoryCase[] {
  const lines = readFileSync(join(root, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const caseCol = header.indexOf('case');
  const categoryCol = header.indexOf('category');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const name = cells[caseCol] ?? '';
    const category = cells[categoryCol] ?? '';
    const dir = join(root, category, name);
    const definition = JSON.parse(readFileSync(join(dir, 'definition.asl.json'), 'utf8')) as JsonObject;
    const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as {
      events: RecordedEvent[];
    };
    return { name, category, dir, definition, events: history.events };
  });
}

/** The recorder parsed JSON text starting with `{`; every other string is still JSON text. */
export function recordedValue(value: unknown): JsonValue {
  if (typeof value !== 'string') return value as JsonValue;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return value;
  }
}

function detailsOf(event: Record<string, unknown>): [string, Record<string, unknown>] | undefined {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key === undefined ? undefined : [key, event[key] as Record<string, unknown>];
}

/** Whether the recorder normalised a Parallel block of this history (ids replaced by lists). */
export function isNormalised(events: RecordedEvent[]): boolean {
  return events.some((e) => typeof e.id !== 'number');
}

/** The state each task event belongs to: the nearest StateEntered up the previousEventId chain. */
function stateOf(events: RecordedEvent[], event: RecordedEvent): string | undefined {
  const byId = new Map(events.map((e) => [e.id, e]));
  let current: RecordedEvent | undefined = event;
  for (let guard = 0; current && guard < 10_000; guard++) {
    if (current.type.endsWith('StateEntered')) {
      return (current.stateEnteredEventDetails as { name?: string } | undefined)?.name;
    }
    current = byId.get(current.previousEventId);
  }
  return undefined;
}

const RESULTS: Record<string, 'return' | 'throw' | 'timeout'> = {
  TaskSucceeded: 'return',
  LambdaFunctionSucceeded: 'return',
  TaskFailed: 'throw',
  LambdaFunctionFailed: 'throw',
  TaskTimedOut: 'timeout',
  LambdaFunctionTimedOut: 'timeout',
};

/** Mocks (the simple form) giving each Task the results AWS recorded, in order. */
export function mocksFromHistory(events: RecordedEvent[]): Record<string, JsonValue[]> {
  const mocks: Record<string, JsonValue[]> = {};
  for (const event of events) {
    const kind = RESULTS[event.type];
    if (!kind) continue;
    const state = stateOf(events, event);
    if (state === undefined) continue;
    const [, details] = detailsOf(event) ?? ['', {}];
    let response: JsonValue;
    if (kind === 'return') response = { Return: recordedValue(details.output) };
    else {
      const cause = details.cause;
      response = {
        Throw: {
          Error: typeof details.error === 'string' ? details.error : '',
          Cause:
            kind === 'timeout' || cause === undefined
              ? ''
              : typeof cause === 'string'
                ? cause
                : JSON.stringify(cause),
        },
      };
    }
    (mocks[state] ??= []).push(response);
  }
  return mocks;
}

/** An event's shape: type, ids, details field, its fields' names. */
export function shapeOf(event: Record<string, unknown>): string {
  const details = detailsOf(event);
  const fields = details ? `${details[0]}{${Object.keys(details[1]).sort().join(',')}}` : '-';
  return `${String(event.id)}<-${String(event.previousEventId)} ${String(event.type)} ${fields}`;
}
