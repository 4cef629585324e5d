// Questions asked of a definition model: which state holds an offset, a line, a name or a path; which
// transition is at an offset; where a transition leads, what leads into a state and which transitions
// its Type gives a meaning; a state's value.
import { type JsonValue, isJsonObject } from '../json';
import type { AstPath } from '../parse';
import { rangeContains } from '../parse';
import type { DefinitionModel, ScopeModel, StateLocation, TransitionRef } from './types';

function depthOf(state: StateLocation): number {
  return state.path.length;
}

/** The innermost state whose range contains `offset` (ends inclusive). */
export function stateAtOffset(model: DefinitionModel, offset: number): StateLocation | undefined {
  let best: StateLocation | undefined;
  for (const state of model.states) {
    if (!rangeContains(state.range, offset)) continue;
    if (!best || depthOf(state) >= depthOf(best)) best = state;
  }
  return best;
}

/**
 * The innermost state with a character on the zero-based `line`. When two states at the same depth share
 * the line (`}, "B": {`), the one whose name is on the line wins.
 */
export function stateAtLine(model: DefinitionModel, line: number): StateLocation | undefined {
  const { doc } = model;
  if (!Number.isInteger(line) || line < 0 || line >= doc.lines.lineCount) return undefined;
  const lineStart = doc.lines.offsetAt({ line, character: 0 });
  const lineEnd =
    line + 1 < doc.lines.lineCount ? doc.lines.offsetAt({ line: line + 1, character: 0 }) : doc.text.length;
  let best: StateLocation | undefined;
  let bestNameOnLine = false;
  for (const state of model.states) {
    if (!(state.range.start < lineEnd && state.range.end > lineStart)) continue;
    const nameOnLine = state.nameRange.start >= lineStart && state.nameRange.start < lineEnd;
    if (
      !best ||
      depthOf(state) > depthOf(best) ||
      (depthOf(state) === depthOf(best) && nameOnLine && !bestNameOnLine)
    ) {
      best = state;
      bestNameOnLine = nameOnLine;
    }
  }
  return best;
}

/** The state whose name (key) holds `offset` (ends inclusive). */
export function stateNameAt(model: DefinitionModel, offset: number): StateLocation | undefined {
  return model.states.find((state) => rangeContains(state.nameRange, offset));
}

/** True when `inner` is `outer` or nested (at any depth) inside it. */
export function isWithin(inner: ScopeModel, outer: ScopeModel): boolean {
  for (let scope: ScopeModel | undefined = inner; scope; scope = scope.parent) {
    if (scope === outer) return true;
  }
  return false;
}

/**
 * The state called `name`. AWS wants state names unique in the whole machine; when a document repeats one,
 * `near` picks the one in that scope, else the one in the nearest scope enclosing it, else the first.
 */
export function findStateByName(
  model: DefinitionModel,
  name: string,
  near?: ScopeModel,
): StateLocation | undefined {
  const matches = model.states.filter((state) => state.name === name);
  if (matches.length <= 1 || !near) return matches[0];
  let best: StateLocation | undefined;
  for (const state of matches) {
    if (isWithin(near, state.scope) && (!best || state.scope.depth > best.scope.depth)) best = state;
  }
  return best ?? matches[0];
}

/** The innermost state whose object is at or above `path`. */
export function enclosingState(model: DefinitionModel, path: AstPath): StateLocation | undefined {
  let best: StateLocation | undefined;
  for (const state of model.states) {
    if (state.path.length > path.length) continue;
    if (best && state.path.length <= best.path.length) continue;
    if (state.path.every((segment, i) => segment === path[i])) best = state;
  }
  return best;
}

const byPath = new WeakMap<DefinitionModel, Map<string, StateLocation>>();

/** The state at exactly `path` (with a repeated name, the first one). */
export function stateAtPath(
  model: DefinitionModel,
  path: readonly (string | number)[],
): StateLocation | undefined {
  let index = byPath.get(model);
  if (!index) {
    index = new Map();
    for (const state of model.states) {
      const key = JSON.stringify(state.path);
      if (!index.has(key)) index.set(key, state);
    }
    byPath.set(model, index);
  }
  return index.get(JSON.stringify(path));
}

/** The state a transition names, in the transition's own scope (the first one when a name repeats). */
export function transitionTarget(transition: TransitionRef): StateLocation | undefined {
  return transition.target === undefined ? undefined : transition.scope.byName.get(transition.target);
}

/** The transition whose target string holds `offset` (ends inclusive). */
export function transitionAt(model: DefinitionModel, offset: number): TransitionRef | undefined {
  return model.transitions.find(
    (transition) => transition.target !== undefined && rangeContains(transition.node.range, offset),
  );
}

/** The transitions that lead into `state` (from its own scope). */
export function incomingTransitions(state: StateLocation): TransitionRef[] {
  return state.scope.transitions.filter((transition) => transitionTarget(transition) === state);
}

/** The state types whose `Next` means nothing: a Choice chooses by its rules, Succeed and Fail end. */
export const NO_NEXT_TYPES: ReadonlySet<string> = new Set(['Choice', 'Succeed', 'Fail']);

/**
 * Whether the state's Type gives a written transition a meaning (the model lists every one): StartAt;
 * Next unless the state is a Choice, Succeed or Fail; a Choice's Default and its rules' Next; every
 * catcher's Next.
 */
export function isMeaningfulTransition(transition: TransitionRef): boolean {
  const type = transition.from?.type ?? '';
  switch (transition.field) {
    case 'Next':
      return !NO_NEXT_TYPES.has(type);
    case 'Default':
    case 'ChoiceNext':
      return type === 'Choice';
    default:
      return true;
  }
}

/** The transitions leaving `state` that name a state (a string target). */
export function outgoingTransitions(state: StateLocation): TransitionRef[] {
  return state.transitions.filter((transition) => transition.target !== undefined);
}

/**
 * The state's definition as a plain value: the document's value at the state's path (with a name repeated
 * in one `States` object, the last definition: the one a JSON reader keeps). Undefined when there is none.
 */
export function stateValue(model: DefinitionModel, state: StateLocation): JsonValue | undefined {
  let current = model.doc.value;
  for (const step of state.path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isJsonObject(current) && typeof step === 'string' && Object.hasOwn(current, step))
      current = current[step];
    else return undefined;
  }
  return current;
}
