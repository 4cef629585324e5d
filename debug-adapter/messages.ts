// DAP message bodies built from the adapter's own records: breakpoints as the client sees them
// (client line/column numbering) and stopped events.

import { StoppedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BoundBreakpoint } from './breakpoints';
import type { StopInfo } from './controller';

/** Converts the adapter's zero-based positions and paths to the client's conventions. */
export interface ClientConverter {
  path(file: string): string;
  line(zeroBased: number): number;
  column(zeroBased: number): number;
}

export function toDapBreakpoint(bp: BoundBreakpoint, to: ClientConverter): DebugProtocol.Breakpoint {
  const out: DebugProtocol.Breakpoint = { id: bp.id, verified: bp.verified };
  if (bp.message) out.message = bp.message;
  if (bp.file) out.source = { path: to.path(bp.file) };
  const line = bp.line ?? bp.requestedLine;
  if (line !== undefined) out.line = to.line(line);
  if (bp.column !== undefined) out.column = to.column(bp.column);
  return out;
}

export function toStoppedEvent(stop: StopInfo): DebugProtocol.StoppedEvent {
  const event = new StoppedEvent(
    stop.reason,
    stop.point.threadId,
    stop.exception?.text,
  ) as DebugProtocol.StoppedEvent;
  event.body.allThreadsStopped = true;
  if (stop.exception) event.body.description = stop.exception.description;
  if (stop.hitBreakpointIds) event.body.hitBreakpointIds = stop.hitBreakpointIds;
  return event;
}
