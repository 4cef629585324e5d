// Answers the Stepthrough custom requests (server/protocol.ts) from the server's own parse of each open
// document, so that the extension never parses: is it a state machine, where is StartAt, which state is at
// a position, on a line, or behind a graph node, and the document's graph. For a template, the same questions
// about one of its machines, answered from the model of its resolved definition with the template's ranges.
import { buildGraphModelFromDocument } from '../core/graph/model';
import { isJsonObject } from '../core/json';
import {
  type DefinitionModel,
  type StateLocation,
  definitionModel,
  definitionOffset,
  sourceRange,
  stateAtLine,
  stateAtOffset,
  stateAtPath,
} from '../core/model';
import { type ParsedDocument, propertyAt } from '../core/parse';
import type { DocumentStore, OpenDocument } from './documents';
import type { StateReference, StepthroughRequest, StepthroughResponse } from './protocol';
import type { LoadedTemplate, TemplateDocuments } from './templates';

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
export function answerRequest(
  store: DocumentStore,
  templates: TemplateDocuments,
  request: StepthroughRequest,
): StepthroughResponse | Promise<StepthroughResponse> {
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
      isTemplate: open.isTemplate,
      startAt: startAt ? doc.lines.rangeOf({ start: startAt.keyRange.start, end: startAt.range.end }) : null,
    };
  }
  if (open.isTemplate) return answerForTemplate(templates, open, request);
  if (!open.isStateMachine || request.type === 'templateMachines') return unknown;
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

/** Where a state's name is written in the template (null when its definition is written in another file). */
function templateReference(
  loaded: LoadedTemplate,
  model: DefinitionModel,
  state: StateLocation | undefined,
): StateReference | null {
  if (!state) return null;
  const name = sourceRange(model, state.nameRange);
  if (name?.file !== loaded.file) return null;
  return {
    name: state.name,
    path: state.path,
    stateType: state.type,
    nameRange: loaded.lines.rangeOf({ start: name.start, end: name.start }),
  };
}

/** A template's machines, and questions about one of them (by `machine`, or the only one). */
async function answerForTemplate(
  templates: TemplateDocuments,
  open: OpenDocument,
  request: Exclude<StepthroughRequest, { type: 'describe' }>,
): Promise<StepthroughResponse> {
  if (request.type === 'templateMachines') {
    const loaded = await templates.template(open);
    return {
      type: 'templateMachines',
      machines: loaded.machines.map(({ machine, model }) => {
        const where = machine.location;
        const elsewhere = machine.definitionLocation?.file;
        return {
          id: machine.id,
          name: machine.name,
          range: where ? where.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          resolved: model !== undefined && !machine.diagnostics.some((d) => d.severity === 'error'),
          definitionFile: elsewhere !== undefined && elsewhere !== loaded.file ? elsewhere : null,
        };
      }),
    };
  }
  const found = await templates.machine(open, request.machine);
  const model = found?.machine.model;
  if (!found || !model) {
    return request.type === 'graph'
      ? {
          type: 'graphError',
          message: found
            ? `The definition of ${found.machine.machine.id} did not resolve: see the Problems view.`
            : 'Say which state machine of the template to draw.',
        }
      : { type: 'unknownDocument', uri: request.uri };
  }
  const { loaded } = found;
  switch (request.type) {
    case 'stateAt': {
      const offset = definitionOffset(model, loaded.file, loaded.lines.offsetAt(request.position));
      const state = offset === undefined ? undefined : stateAtOffset(model, offset);
      return { type: 'stateAt', state: templateReference(loaded, model, state) };
    }
    case 'statesOnLines':
      return {
        type: 'statesOnLines',
        states: request.lines.map((line) =>
          templateReference(loaded, model, templates.stateOnLine(loaded, model, line)),
        ),
      };
    case 'findState': {
      const atPath = request.path ? stateAtPath(model, request.path) : undefined;
      const state = atPath ?? model.states.find((s) => s.name === request.name);
      return { type: 'findState', state: templateReference(loaded, model, state) };
    }
    case 'graph':
      return graphOf(model.doc);
  }
}
