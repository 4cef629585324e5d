// Quick fixes for diagnostics: a misspelt state name ("did you mean"), any other "did you mean" suggestion,
// a missing End, a missing state to create, and States.ALL moved to the last Retry/Catch entry.
import type { Diagnostic } from '../diagnostics';
import {
  type DefinitionModel,
  type ScopeModel,
  type StateLocation,
  NO_NEXT_TYPES,
  definitionModel,
  stateAtOffset,
  transitionAt,
} from '../model';
import type { AstArray, AstObject, ParsedDocument } from '../parse';
import { nodeAtOffset, nodeAtPath, propertyAt } from '../parse';
import { closestMatch } from '../validate/suggest';
import { insertProperty, moveItemLast } from './edits';
import { rewriteToken } from './text';
import type { CodeFix } from './types';

/** The fixes for these diagnostics (each fix names the diagnostic it answers). */
export function quickFixes(doc: ParsedDocument, diagnostics: readonly Diagnostic[]): CodeFix[] {
  if (!doc.ast) return [];
  const model = definitionModel(doc);
  const fixes: CodeFix[] = [];
  const seen = new Set<string>();
  const add = (fix: CodeFix): void => {
    const key = `${fix.title}@${JSON.stringify(fix.edits.map((e) => e.range))}`;
    if (seen.has(key)) return;
    seen.add(key);
    fixes.push(fix);
  };
  for (const diagnostic of diagnostics) {
    switch (diagnostic.code) {
      case 'ASL201':
        missingTarget(doc, model, diagnostic).forEach(add);
        break;
      case 'ASL130':
        statesAllLast(doc, diagnostic).forEach(add);
        break;
      case 'ASL204':
        noTerminal(doc, model, diagnostic).forEach(add);
        break;
      default:
        suggestion(doc, diagnostic).forEach(add);
        missingEnd(doc, model, diagnostic).forEach(add);
    }
  }
  return fixes;
}

function missingTarget(doc: ParsedDocument, model: DefinitionModel, diagnostic: Diagnostic): CodeFix[] {
  const ref = transitionAt(model, diagnostic.offsets.start);
  if (ref?.target === undefined) return [];
  const target = ref.target;
  const fixes: CodeFix[] = [];
  const names = ref.scope.states.map((state) => state.name);
  const match = closestMatch(target, names);
  if (match !== undefined) {
    fixes.push({
      title: `Change to ${JSON.stringify(match)}`,
      edits: [{ range: ref.node.range, newText: rewriteToken(doc, ref.node.range, match) }],
      preferred: true,
      diagnostic,
    });
  }
  const states = ref.scope.statesProperty?.value;
  if (target.length > 0 && states?.kind === 'object' && !model.states.some((s) => s.name === target)) {
    fixes.push({
      title: `Create state ${JSON.stringify(target)}`,
      edits: [
        insertProperty(doc, states, target, {
          object: [
            ['Type', 'Pass'],
            ['End', true],
          ],
        }),
      ],
      preferred: false,
      diagnostic,
    });
  }
  return fixes;
}

/** `did you mean "X"?` in a message: replace the flagged text with X when it is a close misspelling of it. */
function suggestion(doc: ParsedDocument, diagnostic: Diagnostic): CodeFix[] {
  const match = /did you mean ("(?:[^"\\]|\\.)*")/.exec(diagnostic.message);
  if (!match?.[1]) return [];
  let suggested: string;
  try {
    suggested = JSON.parse(match[1]) as string;
  } catch {
    return [];
  }
  const { start, end } = diagnostic.offsets;
  const flagged = doc.text.slice(start, end);
  const quote = flagged.charAt(0);
  const quoted = (quote === '"' || quote === "'") && flagged.length >= 2 && flagged.endsWith(quote);
  const bare = quoted ? flagged.slice(1, -1) : flagged;
  if (bare.length === 0 || bare.includes('\n') || closestMatch(bare, [suggested]) !== suggested) return [];
  const newText =
    quoted || isWholeScalar(doc, start, end) ? rewriteToken(doc, { start, end }, suggested) : suggested;
  return [
    {
      title: `Change to ${JSON.stringify(suggested)}`,
      edits: [{ range: { start, end }, newText }],
      preferred: true,
      diagnostic,
    },
  ];
}

function isWholeScalar(doc: ParsedDocument, start: number, end: number): boolean {
  if (!doc.ast) return false;
  const hit = nodeAtOffset(doc.ast, start);
  if (!hit) return false;
  const range = hit.inKey ? hit.property?.keyRange : hit.node.range;
  return range !== undefined && range.start === start && range.end === end;
}

function needsEnd(state: StateLocation | undefined): state is StateLocation & { node: AstObject } {
  if (!state?.node || !state.type || NO_NEXT_TYPES.has(state.type)) return false;
  return !propertyAt(state.node, 'Next') && !propertyAt(state.node, 'End');
}

function addEndFix(
  doc: ParsedDocument,
  state: StateLocation & { node: AstObject },
  diagnostic: Diagnostic,
  title: string,
): CodeFix {
  return {
    title,
    edits: [insertProperty(doc, state.node, 'End', { scalar: true })],
    preferred: false,
    diagnostic,
  };
}

/** A state with neither Next nor End (whatever diagnostic points into it): add `"End": true`. */
function missingEnd(doc: ParsedDocument, model: DefinitionModel, diagnostic: Diagnostic): CodeFix[] {
  if (diagnostic.code !== 'ASL101' && diagnostic.code !== 'ASL110' && diagnostic.code !== 'ASL108') return [];
  const state = stateAtOffset(model, diagnostic.offsets.start);
  return needsEnd(state) ? [addEndFix(doc, state, diagnostic, 'Add "End": true')] : [];
}

/** A scope with no terminal state: offer to end it at each state that has no Next. */
function noTerminal(doc: ParsedDocument, model: DefinitionModel, diagnostic: Diagnostic): CodeFix[] {
  const scope = scopeAt(model, diagnostic.offsets.start);
  if (!scope) return [];
  return scope.states
    .filter(needsEnd)
    .slice(0, 5)
    .map((state) => addEndFix(doc, state, diagnostic, `Add "End": true to ${JSON.stringify(state.name)}`));
}

function scopeAt(model: DefinitionModel, offset: number): ScopeModel | undefined {
  let best: ScopeModel | undefined;
  for (const scope of model.scopes) {
    const { start, end } = scope.container.range;
    if (start <= offset && offset <= end && (!best || start >= best.container.range.start)) best = scope;
  }
  return best;
}

/** States.ALL in a Retry or Catch entry that is not last: move that entry to the end. */
function statesAllLast(doc: ParsedDocument, diagnostic: Diagnostic): CodeFix[] {
  if (!doc.ast) return [];
  const hit = nodeAtOffset(doc.ast, diagnostic.offsets.start);
  if (!hit) return [];
  const path = hit.path;
  for (let i = path.length - 2; i >= 0; i--) {
    const key = path[i];
    const index = path[i + 1];
    if ((key === 'Retry' || key === 'Catch') && typeof index === 'number') {
      const array = nodeAtPath(doc.ast, path.slice(0, i + 1));
      if (array?.kind !== 'array') return [];
      const edit = moveItemLast(doc, array as AstArray, index);
      if (!edit) return [];
      return [
        {
          title: `Move the States.ALL ${key === 'Retry' ? 'retrier' : 'catcher'} last`,
          edits: [edit],
          preferred: true,
          diagnostic,
        },
      ];
    }
  }
  return [];
}
