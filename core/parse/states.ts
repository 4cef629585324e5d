// Finding the states of a definition (nested ones too) and which state holds an offset, a line or a name.
import { type AstObject, propertyAt, rangeContains } from './ast';
import type { ParsedDocument, StateLocation, StateScope } from './types';

/**
 * Every state under the top-level `States`, Parallel `Branches[i].States`, and Map `ItemProcessor.States` /
 * `Iterator.States`, recursively, in document order. Nesting is followed whatever the `Type` says, so a
 * half-typed state still shows its children.
 */
export function discoverStates(root: AstObject): StateLocation[] {
  const found: StateLocation[] = [];
  collectStates(root, [], [], found);
  return found;
}

function collectStates(
  container: AstObject,
  basePath: (string | number)[],
  scope: StateScope[],
  found: StateLocation[],
): void {
  const states = propertyAt(container, 'States')?.value;
  if (!states || states.kind !== 'object') return;
  for (const property of states.properties) {
    const node = property.value?.kind === 'object' ? property.value : undefined;
    const typeValue = node ? propertyAt(node, 'Type')?.value : undefined;
    const path = [...basePath, 'States', property.key];
    found.push({
      name: property.key,
      path,
      scope,
      type: typeValue?.kind === 'string' ? (typeValue.value as string) : undefined,
      nameRange: property.keyRange,
      range: property.range,
      node,
    });
    if (!node) continue;
    const branches = propertyAt(node, 'Branches')?.value;
    if (branches?.kind === 'array') {
      branches.items.forEach((branch, index) => {
        if (branch.kind === 'object') {
          collectStates(
            branch,
            [...path, 'Branches', index],
            [...scope, { state: property.key, branch: index }],
            found,
          );
        }
      });
    }
    for (const key of ['ItemProcessor', 'Iterator']) {
      const processor = propertyAt(node, key)?.value;
      if (processor?.kind === 'object') {
        collectStates(
          processor,
          [...path, key],
          [...scope, { state: property.key, branch: 'ItemProcessor' }],
          found,
        );
      }
    }
  }
}

function depthOf(state: StateLocation): number {
  return state.path.length;
}

/** The innermost state whose range contains `offset` (ends inclusive). */
export function stateAtOffset(doc: ParsedDocument, offset: number): StateLocation | undefined {
  let best: StateLocation | undefined;
  for (const state of doc.states) {
    if (!rangeContains(state.range, offset)) continue;
    if (!best || depthOf(state) >= depthOf(best)) best = state;
  }
  return best;
}

/**
 * The innermost state with a character on the zero-based `line`. When two states at the same depth share
 * the line (`}, "B": {`), the one whose name is on the line wins.
 */
export function stateAtLine(doc: ParsedDocument, line: number): StateLocation | undefined {
  if (!Number.isInteger(line) || line < 0 || line >= doc.lines.lineCount) return undefined;
  const lineStart = doc.lines.offsetAt({ line, character: 0 });
  const lineEnd =
    line + 1 < doc.lines.lineCount ? doc.lines.offsetAt({ line: line + 1, character: 0 }) : doc.text.length;
  let best: StateLocation | undefined;
  let bestNameOnLine = false;
  for (const state of doc.states) {
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

function sameScope(a: StateScope[], b: StateScope[]): boolean {
  return (
    a.length === b.length &&
    a.every((entry, i) => entry.state === b[i]?.state && entry.branch === b[i]?.branch)
  );
}

function sharedScopeLength(a: StateScope[], b: StateScope[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n]?.state === b[n]?.state && a[n]?.branch === b[n]?.branch) n++;
  return n;
}

/**
 * The state called `name`. AWS wants state names unique in the whole machine; when a document repeats one,
 * `scopeHint` picks the one in that scope, else the one in the nearest enclosing scope, else the first.
 */
export function findStateByName(
  doc: ParsedDocument,
  name: string,
  scopeHint?: StateScope[],
): StateLocation | undefined {
  const matches = doc.states.filter((state) => state.name === name);
  if (matches.length <= 1 || !scopeHint) return matches[0];
  const exact = matches.find((state) => sameScope(state.scope, scopeHint));
  if (exact) return exact;
  let best: StateLocation | undefined;
  let bestShared = -1;
  for (const state of matches) {
    const shared = sharedScopeLength(state.scope, scopeHint);
    // Only an enclosing scope counts: the state's whole scope must be a prefix of the hint.
    if (shared === state.scope.length && shared > bestShared) {
      best = state;
      bestShared = shared;
    }
  }
  return best ?? matches[0];
}
