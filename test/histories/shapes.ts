// AWS's recorded execution histories (../shared/histories, see its README) loaded for the suites over
// them (the replay is core's: core/replay's importHistory gives the input and mocks), and a comparison
// of two histories' shapes: each event's type, id, previousEventId, details field and its fields' names.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../core/json';

export interface HistoryCase {
  name: string;
  category: string;
  dir: string;
  definition: JsonObject;
  events: RecordedEvent[];
}

export type { RecordedEvent } from '../../core';
import type { RecordedEvent } from '../../core';

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

function detailsOf(event: Record<string, unknown>): [string, Record<string, unknown>] | undefined {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key === undefined ? undefined : [key, event[key] as Record<string, unknown>];
}

/** Whether the recorder normalised a Parallel block of this history (ids replaced by lists). */
export function isNormalised(events: RecordedEvent[]): boolean {
  return events.some((e) => typeof e.id !== 'number');
}

/** An event's shape: type, ids, details field, its fields' names. */
export function shapeOf(event: Record<string, unknown>): string {
  const details = detailsOf(event);
  const fields = details ? `${details[0]}{${Object.keys(details[1]).sort().join(',')}}` : '-';
  return `${String(event.id)}<-${String(event.previousEventId)} ${String(event.type)} ${fields}`;
}
