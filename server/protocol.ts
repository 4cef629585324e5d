// Custom requests of the Stepthrough language server, declared once for the server and its clients. The
// server owns the parse: the VS Code extension asks it whether a document is a state machine, where its
// StartAt is (the Run | Debug | Graph lenses), its graph, and which state a position, a line or a graph
// node means. Discriminated by a string `type`; a response has the request's type.
import type { GraphModel } from '../core/graph/model';

/** The JSON-RPC method carrying every Stepthrough request. */
export const STEPTHROUGH_REQUEST_METHOD = 'stepthrough/request';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface StateReference {
  name: string;
  /** The state's path in the definition, e.g. ['States', 'Work', 'Branches', 0, 'States', 'Inner']. */
  path: (string | number)[];
  stateType: string | undefined;
  /** Where its name is in the document. */
  nameRange: LspRange;
}

export type StepthroughRequest =
  /** Whether an open document is a state machine, and where its StartAt is. */
  | { type: 'describe'; uri: string }
  /** The innermost state at a position (null outside every state). */
  | { type: 'stateAt'; uri: string; position: LspPosition }
  /** The innermost state on each of these zero-based lines (null where none). */
  | { type: 'statesOnLines'; uri: string; lines: number[] }
  /** The state at this path, else the first one with this name. */
  | { type: 'findState'; uri: string; name: string; path?: (string | number)[] }
  /** The graph model of the document, or why it cannot be drawn. */
  | { type: 'graph'; uri: string };

export type StepthroughResponse =
  | { type: 'describe'; isStateMachine: boolean; startAt: LspRange | null }
  | { type: 'stateAt'; state: StateReference | null }
  | { type: 'statesOnLines'; states: (StateReference | null)[] }
  | { type: 'findState'; state: StateReference | null }
  | { type: 'graph'; graph: GraphModel }
  | { type: 'graphError'; message: string }
  /** The document is not open, or (but for `describe`) is not a state machine. */
  | { type: 'unknownDocument'; uri: string };

/** What the server may answer to a request of type T. */
export type ResponseTo<T extends StepthroughRequest['type']> =
  | Extract<StepthroughResponse, { type: T | (T extends 'graph' ? 'graphError' : never) }>
  | { type: 'unknownDocument'; uri: string };

function isPosition(value: unknown): value is LspPosition {
  const p = value as LspPosition | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

/** Checks a request as it arrives (shape only): the server answers anything else with InvalidParams. */
export function isStepthroughRequest(value: unknown): value is StepthroughRequest {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  if (typeof r['uri'] !== 'string') return false;
  switch (r['type']) {
    case 'describe':
    case 'graph':
      return true;
    case 'stateAt':
      return isPosition(r['position']);
    case 'statesOnLines':
      return Array.isArray(r['lines']) && r['lines'].length <= 10_000 && r['lines'].every(Number.isInteger);
    case 'findState':
      return (
        typeof r['name'] === 'string' &&
        (r['path'] === undefined ||
          (Array.isArray(r['path']) &&
            r['path'].every((s) => typeof s === 'string' || typeof s === 'number')))
      );
    default:
      return false;
  }
}
