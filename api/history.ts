// GetExecutionHistory's events on the wire: the engine's AWS-shaped history events with their payloads
// (input, output, parameters, each assigned variable) as JSON text, timestamps as epoch seconds, and
// Stepthrough's own fields (scope, state) left out; `includeExecutionData: false` leaves the payloads
// out as AWS does. Paging (maxResults, reverseOrder, nextToken) is by event id.

import type { HistoryEvent } from '../core';
import { invalidToken } from './errors';
import { decodeToken, encodeToken, pageSize } from './paging';

const PAYLOAD_FIELDS = new Set(['input', 'output', 'parameters']);

function wireDetails(details: Record<string, unknown>, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined) continue;
    if (PAYLOAD_FIELDS.has(key)) {
      if (includeData) out[key] = JSON.stringify(value);
    } else if (key === 'assignedVariables') {
      if (!includeData) continue;
      const variables: Record<string, string> = {};
      for (const [name, v] of Object.entries(value as Record<string, unknown>))
        variables[name] = JSON.stringify(v);
      out[key] = variables;
    } else out[key] = value;
  }
  return out;
}

/** Stepthrough's own fields beside AWS's on each engine event: not part of AWS's history. */
const OWN_FIELDS = new Set(['scope', 'state']);

/** One event as GetExecutionHistory returns it: AWS's fields as the engine writes them, minus scope and state. */
export function wireEvent(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (OWN_FIELDS.has(key) || value === undefined) continue;
    if (key === 'timestamp') out.timestamp = Date.parse(event.timestamp) / 1000;
    else if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null)
      out[key] = wireDetails(value as Record<string, unknown>, includeData);
    else out[key] = value;
  }
  return out;
}

export interface HistoryPageRequest {
  executionArn: string;
  maxResults?: number;
  reverseOrder?: boolean;
  nextToken?: string;
  includeExecutionData?: boolean;
}

/** One page of an execution's history; the token remembers where the next page starts and for what. */
export function historyPage(
  events: readonly HistoryEvent[],
  request: HistoryPageRequest,
): { events: Record<string, unknown>[]; nextToken?: string } {
  const reverse = request.reverseOrder === true;
  const size = pageSize(request.maxResults);
  const scope = `history ${request.executionArn} ${reverse ? 'reverse' : 'forward'}`;
  let start = 0;
  if (request.nextToken !== undefined) {
    const position = decodeToken(request.nextToken, scope);
    if (
      typeof position !== 'number' ||
      !Number.isInteger(position) ||
      position < 0 ||
      position > events.length
    )
      throw invalidToken();
    start = position;
  }
  const ordered = reverse ? [...events].reverse() : events;
  const includeData = request.includeExecutionData !== false;
  const page = ordered.slice(start, start + size).map((e) => wireEvent(e, includeData));
  const next = start + size;
  return next < ordered.length ? { events: page, nextToken: encodeToken(scope, next) } : { events: page };
}
