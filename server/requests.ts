// Answers the Stepthrough custom requests (server/protocol.ts) from the server's own parse of each open
// document, so that the extension never parses: is it a state machine, where is StartAt, which state is at
// a position, on a line, or behind a graph node, and the document's graph.
import { buildGraphModelFromDocument } from '../core/graph/model';
import { isJsonObject } from '../core/json';
import { type StateLocation, definitionModel, stateAtLine, stateAtOffset, stateAtPath } from '../core/model';
import { type ParsedDocument, propertyAt } from '../core/parse';
import type { DocumentStore } from './documents';
import type { StateReference, StepthroughRequest, StepthroughResponse } from './protocol';

function reference(doc: ParsedDocument, state: StateLocation | undefined): StateReference | null {
  if (!state) return null;
  return {
    name: state.name,
    path: state.path,
    stateType: state.type,
    nameRange: doc.lines.rangeOf(state.nameRange),
  };
}

/** The answer to one request (checked by isStepthroughRequest). */
export function answerRequest(store: DocumentStore, request: StepthroughRequest): StepthroughResponse {
  const unknown: StepthroughResponse = { type: 'unknownDocument', uri: request.uri };
  const open = store.get(request.uri);
  if (!open) return unknown;
  const doc = open.parsed;
  if (request.type === 'describe') {
    const root = doc.ast?.kind === 'object' ? doc.ast : undefined;
    const startAt = open.isStateMachine && root ? propertyAt(root, 'StartAt') : undefined;
    return {
      type: 'describe',
      isStateMachine: open.isStateMachine,
      startAt: startAt ? doc.lines.rangeOf({ start: startAt.keyRange.start, end: startAt.range.end }) : null,
    };
  }
  if (!open.isStateMachine) return unknown;
  const model = definitionModel(doc);
  switch (request.type) {
    case 'stateAt':
      return {
        type: 'stateAt',
        state: reference(doc, stateAtOffset(model, doc.lines.offsetAt(request.position))),
      };
    case 'statesOnLines':
      return {
        type: 'statesOnLines',
        states: request.lines.map((line) => reference(doc, stateAtLine(model, line))),
      };
    case 'findState': {
      const atPath = request.path ? stateAtPath(model, request.path) : undefined;
      const state = atPath ?? model.states.find((s) => s.name === request.name);
      return { type: 'findState', state: reference(doc, state) };
    }
    case 'graph':
      return graphOf(doc);
  }
}

/** The graph, or why there is none: the first syntax problem, or a top level that is not an object. */
function graphOf(doc: ParsedDocument): StepthroughResponse {
  if (isJsonObject(doc.value ?? null)) return { type: 'graph', graph: buildGraphModelFromDocument(doc) };
  const first = doc.diagnostics[0];
  return {
    type: 'graphError',
    message: first
      ? `Line ${first.range.start.line + 1}: ${first.message}`
      : 'The document is not a state machine.',
  };
}
