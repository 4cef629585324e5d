// The graph model of a state machine: a node per state (Map and Parallel as compound nodes holding
// their item processor and branches), start and end markers per scope, and an edge per transition.
// Built from any value without throwing: what cannot be resolved is reported as dangling.

import type { OffsetRange } from '../diagnostics';
import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import type { ParsedDocument } from '../parse/types';
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

class ModelBuilder {
  readonly model: GraphModel = { nodes: [], edges: [], dangling: [] };

  addScope(container: JsonValue | undefined, ctx: ScopeContext): void {
    const states = isJsonObject(container) && isJsonObject(container['States']) ? container['States'] : {};
    const startId = startMarkerId(ctx.scope);
    const endId = endMarkerId(ctx.scope);
    const common = { scope: ctx.scope, parent: ctx.parent, path: ctx.path, compound: false };
    this.model.nodes.push({ id: startId, kind: 'start', label: 'Start', ...common });
    const ids = new Map<string, string>();
    for (const name of Object.keys(states)) {
      ids.set(name, ctx.scope === '' ? escapeIdSegment(name) : `${ctx.scope}/${escapeIdSegment(name)}`);
    }
    const startAt = isJsonObject(container) ? container['StartAt'] : undefined;
    this.addTransition(ids, ctx, startId, 'start', undefined, startAt);
    for (const [name, definition] of Object.entries(states)) {
      const id = ids.get(name) ?? name;
      this.addState(name, id, definition, ctx, () =>
        this.addStateTransitions(id, definition, ids, ctx, endId),
      );
    }
    this.model.nodes.push({ id: endId, kind: 'end', label: 'End', ...common });
  }

  /** Adds the state's node, then its own transitions (`addTransitions`), then its nested scopes. */
  private addState(
    name: string,
    id: string,
    definition: JsonValue,
    ctx: ScopeContext,
    addTransitions: () => void,
  ): void {
    const state = isJsonObject(definition) ? definition : {};
    const path = [...ctx.path, 'States', name];
    const branches = Array.isArray(state['Branches']) ? state['Branches'] : [];
    const processors = (['ItemProcessor', 'Iterator'] as const).filter((key) => isJsonObject(state[key]));
    const compound = ctx.depth < MAX_SCOPE_DEPTH && (branches.length > 0 || processors.length > 0);
    const node: GraphNode = {
      id,
      kind: 'state',
      label: name,
      stateName: name,
      scope: ctx.scope,
      path,
      compound,
    };
    const stateType = stringOrUndefined(state['Type']);
    if (stateType !== undefined) node.stateType = stateType;
    const detail = stateDetail(state);
    if (detail !== undefined) node.detail = detail;
    if (ctx.parent !== undefined) node.parent = ctx.parent;
    this.model.nodes.push(node);
    addTransitions();
    if (!compound) return;
    for (const key of processors) {
      this.addScope(state[key], {
        scope: `${id}/${key}`,
        parent: id,
        path: [...path, key],
        depth: ctx.depth + 1,
      });
    }
    branches.forEach((branch, index) => {
      const branchId = `${id}/Branches/${index}`;
      const branchPath = [...path, 'Branches', index];
      this.model.nodes.push({
        id: branchId,
        kind: 'branch',
        label: `Branch ${index + 1}`,
        parent: id,
        scope: ctx.scope,
        path: branchPath,
        compound: true,
      });
      this.addScope(branch, { scope: branchId, parent: branchId, path: branchPath, depth: ctx.depth + 1 });
    });
  }

  private addStateTransitions(
    id: string,
    definition: JsonValue,
    ids: Map<string, string>,
    ctx: ScopeContext,
    endId: string,
  ): void {
    if (!isJsonObject(definition)) return;
    const state: JsonObject = definition;
    if ('Next' in state) this.addTransition(ids, ctx, id, 'next', undefined, state['Next']);
    const choices = state['Choices'];
    if (Array.isArray(choices)) {
      choices.forEach((rule, index) => {
        if (!isJsonObject(rule) || !('Next' in rule)) return;
        const condition = describeChoiceRule(rule);
        this.addTransition(ids, ctx, id, 'choice', index, rule['Next'], condition);
      });
    }
    if ('Default' in state)
      this.addTransition(ids, ctx, id, 'default', undefined, state['Default'], 'Default');
    const catchers = state['Catch'];
    if (Array.isArray(catchers)) {
      catchers.forEach((catcher, index) => {
        if (!isJsonObject(catcher) || !('Next' in catcher)) return;
        this.addTransition(ids, ctx, id, 'catch', index, catcher['Next'], describeErrorEquals(catcher));
      });
    }
    const type = state['Type'];
    if (state['End'] === true || type === 'Succeed' || type === 'Fail') {
      this.pushEdge({ id: `${id}::end`, kind: 'end', source: id, target: endId }, ctx);
    }
  }

  private addTransition(
    ids: Map<string, string>,
    ctx: ScopeContext,
    source: string,
    kind: GraphEdgeKind,
    index: number | undefined,
    target: JsonValue | undefined,
    fullLabel?: string,
  ): void {
    const targetId = typeof target === 'string' ? ids.get(target) : undefined;
    const label = fullLabel === undefined ? undefined : shortenLabel(fullLabel);
    if (targetId === undefined) {
      if (target === undefined) return;
      const written = typeof target === 'string' ? target : (JSON.stringify(target) ?? String(target));
      const dangling: DanglingTransition = { source, kind, target: written };
      if (label !== undefined) dangling.label = label;
      this.model.dangling.push(dangling);
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
    this.model.edges.push(edge);
  }
}

/** Builds the graph of a definition value (any value: a broken one yields what can be drawn). */
export function buildGraphModel(definition: JsonValue | undefined): GraphModel {
  const builder = new ModelBuilder();
  builder.addScope(definition, { scope: '', parent: undefined, path: [], depth: 0 });
  return builder.model;
}

/** Like buildGraphModel, with each state node carrying its source ranges from the parsed document. */
export function buildGraphModelFromDocument(doc: ParsedDocument): GraphModel {
  const model = buildGraphModel(doc.value);
  const locations = new Map(doc.states.map((s) => [JSON.stringify(s.path), s]));
  for (const node of model.nodes) {
    if (node.kind !== 'state') continue;
    const location = locations.get(JSON.stringify(node.path));
    if (!location) continue;
    node.range = location.range;
    node.nameRange = location.nameRange;
  }
  return model;
}
