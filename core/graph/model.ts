// The graph model of a state machine: a node per state (Map and Parallel as compound nodes holding
// their item processor and branches), start and end markers per scope, and an edge per transition,
// drawn from the definition model. Built from any value without throwing: what cannot be resolved is
// reported as dangling.

import type { OffsetRange } from '../diagnostics';
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import {
  type DefinitionModel,
  type ScopeModel,
  type StateLocation,
  type TransitionField,
  type TransitionRef,
  definitionModel,
  definitionModelOfValue,
  stateValue,
} from '../model';
import { type ParsedDocument, astToValue } from '../parse';
import { describeChoiceRule, describeErrorEquals, shortenLabel } from './labels';
import { stateDetail } from './details';

export type GraphNodeKind = 'state' | 'start' | 'end' | 'branch';
export type GraphEdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphNode {
  /** Unique: the escaped state names and scope steps from the top, e.g. `Outer/Branches/0/Inner`. */
  id: string;
  kind: GraphNodeKind;
  /** What the node shows: the state name, `Start`, `End`, `Branch 1`. */
  label: string;
  /** The state's name (state nodes only). */
  stateName?: string;
  /** The state's `Type` when it is a string (state nodes only). */
  stateType?: string;
  /** A short second line: a Task's resource, a Wait's duration, a distributed Map. */
  detail?: string;
  /** The compound node (Map, Parallel or Parallel branch) holding this node; undefined at top level. */
  parent?: string;
  /** The scope (a `States` object) the node belongs to: '' at top level. */
  scope: string;
  /** Where the state's object (or the scope's container) is in the definition. */
  path: (string | number)[];
  /** True for nodes that hold other nodes. */
  compound: boolean;
  /** Source ranges of the state's property and name, when built from a parsed document. */
  range?: OffsetRange;
  nameRange?: OffsetRange;
}

export interface GraphEdge {
  /** Unique: the source id, the transition kind and its index, e.g. `Check::choice:2`. */
  id: string;
  kind: GraphEdgeKind;
  source: string;
  target: string;
  /** Shortened text drawn on the edge (Choice conditions, `Default`, caught errors). */
  label?: string;
  /** The full text of the label when it was shortened, or a description for the tooltip. */
  title?: string;
  /** The compound node both ends sit in; undefined at top level. */
  parent?: string;
}

/** A transition whose target is not a state of the same scope (a typo, a half-typed name). */
export interface DanglingTransition {
  source: string;
  kind: GraphEdgeKind;
  /** The target as written (stringified when it is not a string). */
  target: string;
  label?: string;
}

export interface GraphModel {
  /** Parents before children; within a scope: start marker, states in definition order, end marker. */
  nodes: GraphNode[];
  /** In definition order: a scope's start edge, then each state's transitions followed by its nested scopes' edges. */
  edges: GraphEdge[];
  dangling: DanglingTransition[];
}

/** Scopes nested deeper than this are not expanded (the parser already limits document depth). */
const MAX_SCOPE_DEPTH = 64;

/** Escapes a name for use as an id segment: `~` → `~0`, `/` → `~1`, `:` → `~2`. */
export function escapeIdSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1').replace(/:/g, '~2');
}

export function startMarkerId(scope: string): string {
  return `${scope}::start`;
}

export function endMarkerId(scope: string): string {
  return `${scope}::end`;
}

function stringOrUndefined(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

interface ScopeContext {
  scope: string;
  parent: string | undefined;
  path: (string | number)[];
  depth: number;
}

/** Which edge kind each transition field draws, and in what order a state's edges are drawn. */
const EDGE_KINDS: Readonly<Record<TransitionField, GraphEdgeKind>> = {
  StartAt: 'start',
  Next: 'next',
  ChoiceNext: 'choice',
  Default: 'default',
  CatchNext: 'catch',
};
const EDGE_ORDER: readonly TransitionField[] = ['Next', 'ChoiceNext', 'Default', 'CatchNext'];

/**
 * Draws a definition model. What runs is what a JSON reader keeps: a state name repeated in one `States`
 * object is drawn once, where it first appears, with its last definition.
 */
class ModelBuilder {
  readonly graph: GraphModel = { nodes: [], edges: [], dangling: [] };

  constructor(
    private readonly model: DefinitionModel,
    private readonly withRanges: boolean,
  ) {}

  build(): GraphModel {
    this.addScope(this.model.scopes[0], { scope: '', parent: undefined, path: [], depth: 0 });
    return this.graph;
  }

  /** A scope's markers and states; `scope` is undefined for a container that is not an object. */
  private addScope(scope: ScopeModel | undefined, ctx: ScopeContext): void {
    const startId = startMarkerId(ctx.scope);
    const endId = endMarkerId(ctx.scope);
    const common = { scope: ctx.scope, parent: ctx.parent, path: ctx.path, compound: false };
    this.graph.nodes.push({ id: startId, kind: 'start', label: 'Start', ...common });
    const drawn = new Map<string, StateLocation>();
    for (const state of scope?.states ?? []) drawn.set(state.name, state);
    const ids = new Map<string, string>();
    for (const name of drawn.keys()) {
      ids.set(name, ctx.scope === '' ? escapeIdSegment(name) : `${ctx.scope}/${escapeIdSegment(name)}`);
    }
    for (const transition of scope?.transitions ?? []) {
      if (transition.field === 'StartAt') this.addTransition(ids, ctx, startId, transition);
    }
    for (const [name, state] of drawn) {
      const id = ids.get(name) ?? name;
      this.addState(state, id, ctx, () => this.addStateTransitions(state, id, ids, ctx, endId));
    }
    this.graph.nodes.push({ id: endId, kind: 'end', label: 'End', ...common });
  }

  /** Adds the state's node, then its own transitions (`addTransitions`), then its nested scopes. */
  private addState(state: StateLocation, id: string, ctx: ScopeContext, addTransitions: () => void): void {
    const value = this.valueOf(state);
    const definition = isJsonObject(value) ? value : {};
    const branches = Array.isArray(definition['Branches']) ? definition['Branches'] : [];
    const processors = state.scopes.filter((scope) => scope.kind === 'processor');
    const compound = ctx.depth < MAX_SCOPE_DEPTH && (branches.length > 0 || processors.length > 0);
    const node: GraphNode = {
      id,
      kind: 'state',
      label: state.name,
      stateName: state.name,
      scope: ctx.scope,
      path: state.path,
      compound,
    };
    const stateType = stringOrUndefined(definition['Type']);
    if (stateType !== undefined) node.stateType = stateType;
    const detail = stateDetail(definition);
    if (detail !== undefined) node.detail = detail;
    if (ctx.parent !== undefined) node.parent = ctx.parent;
    if (this.withRanges) {
      node.range = state.range;
      node.nameRange = state.nameRange;
    }
    this.graph.nodes.push(node);
    addTransitions();
    if (!compound) return;
    for (const processor of processors) {
      const key = processor.key as string;
      this.addScope(processor, {
        scope: `${id}/${key}`,
        parent: id,
        path: processor.path,
        depth: ctx.depth + 1,
      });
    }
    branches.forEach((_branch, index) => {
      const branchId = `${id}/Branches/${index}`;
      const branchPath = [...state.path, 'Branches', index];
      this.graph.nodes.push({
        id: branchId,
        kind: 'branch',
        label: `Branch ${index + 1}`,
        parent: id,
        scope: ctx.scope,
        path: branchPath,
        compound: true,
      });
      const scope = state.scopes.find((s) => s.kind === 'branch' && s.key === index);
      this.addScope(scope, { scope: branchId, parent: branchId, path: branchPath, depth: ctx.depth + 1 });
    });
  }

  private addStateTransitions(
    state: StateLocation,
    id: string,
    ids: Map<string, string>,
    ctx: ScopeContext,
    endId: string,
  ): void {
    if (!state.node) return;
    const definition = this.valueOf(state);
    if (!isJsonObject(definition)) return;
    for (const field of EDGE_ORDER) {
      for (const transition of state.transitions) {
        if (transition.field === field)
          this.addTransition(ids, ctx, id, transition, this.labelOf(transition, definition));
      }
    }
    const type = definition['Type'];
    if (definition['End'] === true || type === 'Succeed' || type === 'Fail') {
      this.pushEdge({ id: `${id}::end`, kind: 'end', source: id, target: endId }, ctx);
    }
  }

  /** The full text on a Choice rule's edge (its condition), a Default's, or a catcher's (its errors). */
  private labelOf(transition: TransitionRef, state: JsonObject): string | undefined {
    const entry = (list: JsonValue | undefined): JsonObject => {
      const item = Array.isArray(list) ? list[transition.index ?? -1] : undefined;
      return isJsonObject(item) ? item : {};
    };
    switch (transition.field) {
      case 'ChoiceNext':
        return describeChoiceRule(entry(state['Choices']));
      case 'Default':
        return 'Default';
      case 'CatchNext':
        return describeErrorEquals(entry(state['Catch']));
      default:
        return undefined;
    }
  }

  private addTransition(
    ids: Map<string, string>,
    ctx: ScopeContext,
    source: string,
    transition: TransitionRef,
    fullLabel?: string,
  ): void {
    const kind = EDGE_KINDS[transition.field];
    const index = transition.index;
    const target = transition.target;
    const targetId = target === undefined ? undefined : ids.get(target);
    const label = fullLabel === undefined ? undefined : shortenLabel(fullLabel);
    if (targetId === undefined) {
      const written = target ?? JSON.stringify(astToValue(transition.node));
      const dangling: DanglingTransition = { source, kind, target: written };
      if (label !== undefined) dangling.label = label;
      this.graph.dangling.push(dangling);
      return;
    }
    const edge: GraphEdge = {
      id: index === undefined ? `${source}::${kind}` : `${source}::${kind}:${index}`,
      kind,
      source,
      target: targetId,
    };
    if (label !== undefined) edge.label = label;
    if (fullLabel !== undefined && (kind === 'choice' || kind === 'catch')) {
      edge.title = kind === 'catch' ? `Catch: ${fullLabel}` : fullLabel;
    }
    this.pushEdge(edge, ctx);
  }

  private pushEdge(edge: GraphEdge, ctx: ScopeContext): void {
    if (ctx.parent !== undefined) edge.parent = ctx.parent;
    this.graph.edges.push(edge);
  }

  /** The state's definition as a value (what the details and labels read). */
  private valueOf(state: StateLocation): JsonValue | undefined {
    return stateValue(this.model, state);
  }
}

/** Builds the graph of a definition value (any value: a broken one yields what can be drawn). */
export function buildGraphModel(definition: JsonValue | undefined): GraphModel {
  return new ModelBuilder(definitionModelOfValue(definition), false).build();
}

/** Like buildGraphModel, with each state node carrying its source ranges from the parsed document. */
export function buildGraphModelFromDocument(doc: ParsedDocument): GraphModel {
  return new ModelBuilder(definitionModel(doc), true).build();
}
