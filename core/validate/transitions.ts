// Transitions and the state graph: StartAt/Next/Default/Catch targets exist in the same scope, no transition
// leaves or enters a Parallel branch or Map iterator, every state is reachable, each scope can end, and
// state names are unique in the whole machine and short enough.
import {
  type DefinitionModel,
  type ScopeModel,
  type StateLocation,
  type TransitionRef,
  isMeaningfulTransition,
  isWithin,
} from '../model';
import { propertyAt } from '../parse';
import { type ValidationContext, quote } from './context';
import { describeScope } from './scopes';
import { closestMatch } from './suggest';

/** AWS limits state names to 80 characters. */
export const MAX_STATE_NAME_LENGTH = 80;
const TERMINAL_TYPES = new Set(['Succeed', 'Fail']);

/** A transition the state's type gives a meaning to, with the field name its messages use. */
interface Edge {
  transition: TransitionRef;
  field: 'StartAt' | 'Next' | 'Default';
}

export function checkTransitions(ctx: ValidationContext, model: DefinitionModel): void {
  const scopes = model.scopes;
  const allByName = new Map<string, StateLocation[]>();
  for (const scope of scopes) {
    for (const state of scope.states) {
      const list = allByName.get(state.name);
      if (list) list.push(state);
      else allByName.set(state.name, [state]);
    }
  }
  // The first of a repeated name is the one earliest in the document; later ones are reported.
  for (const list of allByName.values()) if (list.length > 1) list.sort(byNamePosition);
  checkNames(ctx, scopes, allByName);
  for (const scope of scopes) checkScopeGraph(ctx, scope, allByName);
}

function byNamePosition(a: StateLocation, b: StateLocation): number {
  return a.property.keyRange.start - b.property.keyRange.start;
}

function checkNames(
  ctx: ValidationContext,
  scopes: readonly ScopeModel[],
  allByName: Map<string, StateLocation[]>,
): void {
  for (const scope of scopes) {
    for (const state of scope.states) {
      if (state.name.length === 0 || state.name.length > MAX_STATE_NAME_LENGTH) {
        ctx.report(
          'ASL109',
          state.property.keyRange,
          state.name.length === 0
            ? 'A state name must not be empty'
            : `State names may be at most ${MAX_STATE_NAME_LENGTH} characters long (this one has ${state.name.length}): shorten it`,
        );
      }
      const same = allByName.get(state.name) ?? [];
      const first = same[0];
      // Repeats within one States object are the parser's duplicate-key error (ASL003).
      if (!first || first === state || first.scope === state.scope) continue;
      const where = ctx.doc.lines.positionAt(first.property.keyRange.start);
      ctx.report(
        'ASL205',
        state.property.keyRange,
        `State name ${quote(state.name)} is already used in ${describeScope(first.scope)} (line ${where.line + 1}): ` +
          'state names must be unique in the whole state machine, nested states included; rename one of them',
      );
    }
  }
}

function checkScopeGraph(
  ctx: ValidationContext,
  scope: ScopeModel,
  allByName: Map<string, StateLocation[]>,
): void {
  // Without a States object there is nothing to point at; its absence is reported with the scope's fields.
  if (scope.statesProperty?.value?.kind !== 'object') return;
  const edges = edgesOf(scope);
  const targets = new Map<StateLocation | undefined, StateLocation[]>();
  let dynamic = false;
  let startTarget: StateLocation | undefined;
  let startResolved = false;
  for (const edge of edges) {
    const result = resolveTarget(ctx, scope, edge, allByName);
    if (result === 'dynamic') {
      dynamic = true;
      continue;
    }
    if (edge.transition.field === 'StartAt') {
      startTarget = result;
      startResolved = result !== undefined;
    }
    if (!result) continue;
    const list = targets.get(edge.transition.from);
    if (list) list.push(result);
    else targets.set(edge.transition.from, [result]);
  }
  if (ctx.hasSyntaxErrors || dynamic || scope.states.length === 0) return;
  if (startResolved && startTarget) reportUnreachable(ctx, scope, startTarget, targets);
  checkTerminal(ctx, scope);
}

/**
 * The scope's transitions that count for its type: StartAt; Next unless the state is a Choice, Succeed or
 * Fail; Default and the rules' Next of a Choice; every catcher's Next. Only named targets (strings):
 * other values are type errors, reported with the fields.
 */
function edgesOf(scope: ScopeModel): Edge[] {
  const edges: Edge[] = [];
  for (const transition of scope.transitions) {
    if (transition.target === undefined || !isMeaningfulTransition(transition)) continue;
    edges.push({
      transition,
      field: transition.field === 'StartAt' || transition.field === 'Default' ? transition.field : 'Next',
    });
  }
  return edges;
}

/** The target state, undefined when it is missing (reported), or 'dynamic' for a placeholder. */
function resolveTarget(
  ctx: ValidationContext,
  scope: ScopeModel,
  edge: Edge,
  allByName: Map<string, StateLocation[]>,
): StateLocation | undefined | 'dynamic' {
  const { node, target: name } = edge.transition;
  if (name === undefined) return undefined;
  const local = scope.byName.get(name);
  if (local) return local;
  if (ctx.isPlaceholder(node)) return 'dynamic';
  const elsewhere = allByName.get(name)?.[0];
  if (elsewhere) {
    ctx.report('ASL202', node.range, crossScopeMessage(scope, elsewhere, edge.field));
    return undefined;
  }
  const candidates = scope.states.map((s) => s.name);
  const match = closestMatch(name, candidates);
  const fix = match
    ? `; did you mean ${quote(match)}?`
    : candidates.length > 0
      ? `; the states here are ${listNames(candidates)}`
      : '; add the state';
  ctx.report(
    'ASL201',
    node.range,
    `${quote(edge.field)} names ${quote(name)}, but there is no such state in ${describeScope(scope)}${fix}`,
  );
  return undefined;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).map(quote).join(', ');
  return names.length > 5 ? `${shown}, ...` : shown;
}

function crossScopeMessage(scope: ScopeModel, target: StateLocation, field: string): string {
  const name = quote(target.name);
  if (scope.owner && !isWithin(target.scope, scope)) {
    const what = scope.kind === 'branch' ? 'a Parallel branch' : 'a Map iterator';
    const owner = quote(scope.owner.name);
    return (
      `${quote(field)} cannot leave ${what}: ${name} is in ${describeScope(target.scope)}. ` +
      `End the ${scope.kind === 'branch' ? 'branch' : 'iteration'} with "End": true and set "Next" on ${owner} instead`
    );
  }
  return `${quote(field)} cannot go into ${describeScope(target.scope)}: ${name} is nested there; only states of ${describeScope(scope)} can be targets`;
}

function reportUnreachable(
  ctx: ValidationContext,
  scope: ScopeModel,
  start: StateLocation,
  targets: Map<StateLocation | undefined, StateLocation[]>,
): void {
  const reached = new Set<StateLocation>([start]);
  const queue: StateLocation[] = [start];
  while (queue.length > 0) {
    const state = queue.pop();
    if (!state) break;
    for (const target of targets.get(state) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const state of scope.states) {
    // A repeated name is one state for transitions (the parser already reported the repeat).
    if (reached.has(state) || !state.node || scope.byName.get(state.name) !== state) continue;
    ctx.report(
      'ASL203',
      state.property.keyRange,
      `State ${quote(state.name)} can never run: no transition from the StartAt state leads to it. ` +
        'Point a Next, Default or Catch at it, or remove it',
    );
  }
}

function checkTerminal(ctx: ValidationContext, scope: ScopeModel): void {
  let unknown = false;
  for (const state of scope.states) {
    if (!state.node || !state.type) {
      unknown = true;
      continue;
    }
    if (TERMINAL_TYPES.has(state.type)) return;
    const end = propertyAt(state.node, 'End')?.value;
    if (end?.kind === 'boolean' && end.value === true) return;
    if (end && ctx.isPlaceholder(end)) return;
  }
  if (unknown) return;
  const at = scope.statesProperty?.keyRange ?? {
    start: scope.container.range.start,
    end: scope.container.range.start + 1,
  };
  ctx.report(
    'ASL204',
    at,
    `${capitalize(describeScope(scope))} has no terminal state, so it can never finish: ` +
      'give a state "End": true, or add a Succeed or Fail state',
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
