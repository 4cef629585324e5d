// Go to definition, find references and rename for state names: a name and every StartAt, Next, Default,
// Choice and Catch Next naming it in its own scope. Also definition of a workflow variable (its Assign).
import type { OffsetRange } from '../diagnostics';
import {
  type StateLocation,
  definitionModel,
  enclosingState,
  findStateByName,
  incomingTransitions,
  stateNameAt,
  transitionAt,
  transitionTarget,
} from '../model';
import type { ParsedDocument } from '../parse';
import { nodeAtOffset } from '../parse';
import { scopeForState } from './expressions';
import { rewriteToken, wordAround } from './text';
import type { RenameOutcome, TextEdit } from './types';

/** AWS limits state names to 80 characters. */
const MAX_STATE_NAME = 80;

/** The state named at `offset`: by its own name, or by a transition naming it. */
export function stateReferencedAt(doc: ParsedDocument, offset: number): StateLocation | undefined {
  const model = definitionModel(doc);
  const named = stateNameAt(model, offset);
  if (named) return named;
  const ref = transitionAt(model, offset);
  return ref ? transitionTarget(ref) : undefined;
}

/** Where the thing at `offset` is defined: the state a transition names, or the Assign setting a variable. */
export function definitionAt(doc: ParsedDocument, offset: number): OffsetRange[] {
  const model = definitionModel(doc);
  const ref = transitionAt(model, offset);
  if (ref?.target !== undefined) {
    // A target outside the scope is an error, but jumping to it still helps to see why.
    const target = transitionTarget(ref) ?? findStateByName(model, ref.target, ref.from?.scope);
    return target ? [target.nameRange] : [];
  }
  return variableDefinitions(doc, offset);
}

function variableDefinitions(doc: ParsedDocument, offset: number): OffsetRange[] {
  if (!doc.ast) return [];
  const hit = nodeAtOffset(doc.ast, offset);
  if (!hit || hit.inKey || hit.node.kind !== 'string') return [];
  const word = doc.text.slice(wordAround(doc.text, offset).start, wordAround(doc.text, offset).end);
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(word);
  const name = match?.[1];
  if (!name || name === 'states') return [];
  const model = definitionModel(doc);
  const scope = scopeForState(model, enclosingState(model, hit.path));
  const out: OffsetRange[] = [];
  for (let current = scope; current; current = current.parent) {
    for (const state of current.states) {
      const assign = state.node?.properties.find((p) => p.key === 'Assign')?.value;
      if (assign?.kind !== 'object') continue;
      for (const property of assign.properties) {
        if (property.key === name || property.key === `${name}.$`) out.push(property.keyRange);
      }
    }
  }
  return out;
}

/** Every place naming the state at `offset` (its declaration first when asked for). */
export function referencesAt(
  doc: ParsedDocument,
  offset: number,
  includeDeclaration: boolean,
): OffsetRange[] {
  const state = stateReferencedAt(doc, offset);
  if (!state) return [];
  const refs = incomingTransitions(state).map((ref) => ref.node.range);
  return includeDeclaration ? [state.nameRange, ...refs] : refs;
}

/** The name token to rename at `offset` (inside its quotes) and the current name. */
export function prepareRename(
  doc: ParsedDocument,
  offset: number,
): { range: OffsetRange; placeholder: string } | undefined {
  const state = stateReferencedAt(doc, offset);
  if (!state) return undefined;
  const ref = transitionAt(definitionModel(doc), offset);
  const range = ref ? ref.node.range : state.nameRange;
  return { range: innerRange(doc.text, range), placeholder: state.name };
}

function innerRange(text: string, range: OffsetRange): OffsetRange {
  const first = text.charAt(range.start);
  if (
    (first === '"' || first === "'") &&
    range.end - range.start >= 2 &&
    text.charAt(range.end - 1) === first
  ) {
    return { start: range.start + 1, end: range.end - 1 };
  }
  return range;
}

/** Renames the state at `offset` and every transition naming it, in its scope. */
export function renameState(doc: ParsedDocument, offset: number, newName: string): RenameOutcome {
  const state = stateReferencedAt(doc, offset);
  if (!state)
    return {
      ok: false,
      message: 'Put the cursor on a state name, or on a StartAt, Next or Default naming a state.',
    };
  if (newName === state.name) return { ok: true, edits: [] };
  if (newName.length === 0) return { ok: false, message: 'A state name cannot be empty.' };
  if (newName.length > MAX_STATE_NAME) {
    return {
      ok: false,
      message: `State names may be at most ${MAX_STATE_NAME} characters long (this one has ${newName.length}).`,
    };
  }
  const clash = definitionModel(doc).states.find((other) => other.name === newName);
  if (clash) {
    const line = doc.lines.positionAt(clash.nameRange.start).line + 1;
    return {
      ok: false,
      message: `There is already a state named ${JSON.stringify(newName)} (line ${line}): state names must be unique in the whole state machine.`,
    };
  }
  const edits: TextEdit[] = [
    { range: state.nameRange, newText: rewriteToken(doc, state.nameRange, newName) },
  ];
  for (const ref of incomingTransitions(state)) {
    edits.push({ range: ref.node.range, newText: rewriteToken(doc, ref.node.range, newName) });
  }
  return { ok: true, edits };
}
