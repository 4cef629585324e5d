// An execution history as `aws stepfunctions get-execution-history --output json` prints it, read into
// one list of events: a page `{"events": [...], "nextToken"?}`, several pages concatenated (`cat p1 p2`)
// or given as a JSON array of pages, or a bare array of events. Pages may overlap or come in reverse
// order (`--reverse-order`): events are kept once per id and sorted by id. Also the small readers the
// importer uses on events: the details object, a recorded JSON text's value, the chain of
// previousEventId links.

import { StepthroughError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

/** One event of a history: AWS's fields (`id`, `previousEventId`, `timestamp`, `type`, one `...EventDetails`). */
export interface RecordedEvent {
  id: unknown;
  previousEventId: unknown;
  type: string;
  timestamp?: unknown;
  [field: string]: unknown;
}

function invalid(message: string): StepthroughError {
  return new StepthroughError('E_INVALID_HISTORY', message, {
    hint: 'Give what `aws stepfunctions get-execution-history --execution-arn ARN --output json` prints (pages may be concatenated).',
  });
}

/** The top-level JSON values of a text holding one or more of them back to back (`cat page1 page2`). */
function jsonValues(text: string): JsonValue[] {
  const values: JsonValue[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) values.push(parseOne(text.slice(start, i + 1), values.length));
      if (depth < 0) throw invalid(`Unbalanced "${c}" at offset ${i}.`);
    } else if (depth === 0 && !/\s/.test(c ?? '')) {
      throw invalid(`Unexpected "${c}" at offset ${i}: the history is JSON objects or arrays.`);
    }
  }
  if (depth !== 0) throw invalid('The history ends in the middle of a JSON value (a truncated file?).');
  return values;
}

function parseOne(text: string, index: number): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw invalid(`JSON value ${index + 1} of the history is not valid JSON: ${(err as Error).message}`);
  }
}

function isEvent(value: JsonValue): boolean {
  return isJsonObject(value) && typeof value.type === 'string' && value.id !== undefined;
}

/** Collects the events of a page, a list of pages or a list of events. */
function collect(value: JsonValue, into: RecordedEvent[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isEvent(item)) into.push(item as unknown as RecordedEvent);
      else if (isJsonObject(item) || Array.isArray(item)) collect(item, into);
      else throw invalid(`Expected history pages or events, found ${JSON.stringify(item)}.`);
    }
    return;
  }
  if (isJsonObject(value) && Array.isArray(value.events)) {
    collect(value.events, into);
    return;
  }
  throw invalid(
    'Expected an object with "events" (a GetExecutionHistory page), a list of pages or a list of events.',
  );
}

/** The events of a history text, once per id, in id order. Throws E_INVALID_HISTORY. */
export function readExecutionHistory(text: string): RecordedEvent[] {
  const all: RecordedEvent[] = [];
  for (const value of jsonValues(text)) collect(value, all);
  return historyEvents(all);
}

/** A list of events (one page's, or pages' joined) once per id and in id order, when the ids are numbers. */
export function historyEvents(events: readonly RecordedEvent[]): RecordedEvent[] {
  if (events.length === 0) throw invalid('The history holds no events.');
  if (!events.every((e) => typeof e.id === 'number')) return [...events];
  const byId = new Map<number, RecordedEvent>();
  for (const event of events) if (!byId.has(event.id as number)) byId.set(event.id as number, event);
  return [...byId.values()].sort((a, b) => (a.id as number) - (b.id as number));
}

/** The event's details object (`taskSucceededEventDetails`, ...) or an empty one. */
export function detailsOf(event: RecordedEvent): JsonObject {
  for (const key of Object.keys(event)) {
    const value = event[key];
    if (key.endsWith('EventDetails') && isJsonObject(value as JsonValue)) return value as JsonObject;
  }
  return {};
}

/**
 * A payload as the history holds it: AWS sends JSON text; a recorder may have parsed it already (the
 * histories of ../shared/histories hold objects where the text started with `{`). `undefined` when the
 * text is not JSON (cut off, or replaced by a placeholder).
 */
export function payloadValue(value: unknown): { value: JsonValue } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return { value: value as JsonValue };
  try {
    return { value: JSON.parse(value) as JsonValue };
  } catch {
    return undefined;
  }
}

/** A cause as AWS sent it: text (a parsed one is written back as compact JSON). */
export function causeText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether a recorder replaced the ids of a Parallel block by lists (the events cannot be linked). */
export function hasUnlinkedEvents(events: readonly RecordedEvent[]): boolean {
  return events.some((e) => typeof e.id !== 'number');
}

/** Walks previousEventId links from an event (itself first); stops at a missing link or a cycle. */
export function* ancestry(
  byId: ReadonlyMap<unknown, RecordedEvent>,
  event: RecordedEvent,
): Generator<RecordedEvent> {
  const seen = new Set<RecordedEvent>();
  let current: RecordedEvent | undefined = event;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = typeof current.id === 'number' ? byId.get(current.previousEventId) : undefined;
  }
}
