// Run overlays: which states a run (or a debug session, or a test suite) visited, failed, caught,
// retried, and which edges it took, as sets of names and edge ids the renderer turns into styles.

import { isStateEntered, type HistoryEvent } from '../interpreter/events';
import type { GraphModel, GraphNode } from './model';

/** What to emphasise on the picture. State entries are state names or node ids; edges are edge ids. */
export interface GraphOverlay {
  /** The states executing now (a debug session's current states). */
  active?: string[];
  visited?: string[];
  failed?: string[];
  caught?: string[];
  retrying?: string[];
  /** States no test case reached. */
  uncovered?: string[];
  breakpoints?: string[];
  /** The state under the editor's cursor. */
  selected?: string;
  /** Edges of the path taken. */
  pathEdges?: string[];
  /** The edge just taken (drawn stronger than the rest of the path). */
  lastEdge?: string;
}

/**
 * The one table of overlay marks: each GraphOverlay field, whether it marks nodes (states, by name or id)
 * or edges (by id), the class the drawing gets, and whether the field holds a list or one entry. The renderer, the webview (message checks, class
 * resets) and graph.css (a test checks it styles each class) all follow it.
 */
export const OVERLAY_MARKS = [
  { field: 'active', on: 'node', className: 'st-active', shape: 'list' },
  { field: 'visited', on: 'node', className: 'st-visited', shape: 'list' },
  { field: 'failed', on: 'node', className: 'st-failed', shape: 'list' },
  { field: 'caught', on: 'node', className: 'st-caught', shape: 'list' },
  { field: 'retrying', on: 'node', className: 'st-retrying', shape: 'list' },
  { field: 'uncovered', on: 'node', className: 'st-uncovered', shape: 'list' },
  { field: 'breakpoints', on: 'node', className: 'st-breakpoint', shape: 'list' },
  { field: 'selected', on: 'node', className: 'st-selected', shape: 'one' },
  // The last edge is part of the path too: it gets both classes.
  { field: 'pathEdges', on: 'edge', className: 'st-path', shape: 'list' },
  { field: 'lastEdge', on: 'edge', className: 'st-last', shape: 'one' },
] as const satisfies readonly {
  field: keyof GraphOverlay;
  on: 'node' | 'edge';
  className: string;
  /** A list of names or ids, or one. */
  shape: 'list' | 'one';
}[];

type OverlayMark = (typeof OVERLAY_MARKS)[number];
export type NodeOverlayClass = Extract<OverlayMark, { on: 'node' }>['className'];
export type EdgeOverlayClass = Extract<OverlayMark, { on: 'edge' }>['className'];

/** Every GraphOverlay field has its mark (a field missing from the table fails to compile here). */
const everyFieldMarked: Exclude<keyof GraphOverlay, OverlayMark['field']> extends never ? true : never = true;
void everyFieldMarked;

/** The classes of node marks and of edge marks (the webview removes them before applying new ones). */
export const NODE_OVERLAY_CLASSES: readonly NodeOverlayClass[] = OVERLAY_MARKS.flatMap((mark) =>
  mark.on === 'node' ? [mark.className] : [],
);
export const EDGE_OVERLAY_CLASSES: readonly EdgeOverlayClass[] = OVERLAY_MARKS.flatMap((mark) =>
  mark.on === 'edge' ? [mark.className] : [],
);

/** True when an overlay field holds `entry` (a list field contains it, a single field equals it). */
function holds(overlay: GraphOverlay, field: keyof GraphOverlay, entry: (value: string) => boolean): boolean {
  const value = overlay[field];
  return Array.isArray(value) ? value.some(entry) : typeof value === 'string' && entry(value);
}

/** The overlay classes of a node (state entries match the node's state name or its id), in table order. */
export function nodeOverlayClasses(
  node: Pick<GraphNode, 'id' | 'stateName'>,
  overlay: GraphOverlay,
): NodeOverlayClass[] {
  if (node.stateName === undefined) return [];
  const matches = (entry: string): boolean => entry === node.stateName || entry === node.id;
  const classes: NodeOverlayClass[] = [];
  for (const mark of OVERLAY_MARKS) {
    if (mark.on === 'node' && holds(overlay, mark.field, matches)) classes.push(mark.className);
  }
  return classes;
}

export function edgeOverlayClasses(edgeId: string, overlay: GraphOverlay): EdgeOverlayClass[] {
  const classes: EdgeOverlayClass[] = [];
  if (overlay.pathEdges?.includes(edgeId) || overlay.lastEdge === edgeId) classes.push('st-path');
  if (overlay.lastEdge === edgeId) classes.push('st-last');
  return classes;
}

/** The ids of the edges from state `from` to state `to` (names or ids); `to` may be 'End' for end edges. */
export function edgesBetween(model: Pick<GraphModel, 'nodes' | 'edges'>, from: string, to: string): string[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const isState = (id: string, entry: string): boolean => {
    const node = byId.get(id);
    return (
      node !== undefined && node.stateName !== undefined && (node.stateName === entry || node.id === entry)
    );
  };
  return model.edges
    .filter((e) => e.kind !== 'start' && e.kind !== 'end' && isState(e.source, from) && isState(e.target, to))
    .map((e) => e.id);
}

function edgesOfKind(
  model: Pick<GraphModel, 'nodes' | 'edges'>,
  kind: 'start' | 'end',
  state: string,
): string[] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  return model.edges
    .filter((e) => e.kind === kind)
    .filter((e) => byId.get(kind === 'start' ? e.target : e.source)?.stateName === state)
    .map((e) => e.id);
}

const FAILURE_EVENTS = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'MapStateFailed',
  'ParallelStateFailed',
]);

interface StateVisit {
  name: string;
  type: string;
  failures: number;
  lastAttemptFailed: boolean;
  exited: boolean;
}

function failedStateOf(event: HistoryEvent): string | undefined {
  if (!FAILURE_EVENTS.has(event.type)) return undefined;
  return event.state;
}

/**
 * The overlay of one run from its history: states entered are visited; a state whose attempt failed
 * and that exited anyway was caught (when its last attempt failed) or retried (when a later attempt
 * succeeded); one that failed and never exited, or a Fail state, failed. Each thread's consecutive
 * states give the edges taken.
 */
export function runOverlay(
  model: Pick<GraphModel, 'nodes' | 'edges'>,
  events: readonly HistoryEvent[],
): GraphOverlay {
  const threads = new Map<string, StateVisit[]>();
  const visited: string[] = [];
  for (const event of events) {
    const thread = JSON.stringify(event.scope);
    const visits = threads.get(thread) ?? [];
    threads.set(thread, visits);
    const current = visits[visits.length - 1];
    if (isStateEntered(event)) {
      const name = event.stateEnteredEventDetails.name;
      if (!visited.includes(name)) visited.push(name);
      visits.push({
        name,
        type: event.type.replace(/StateEntered$/, ''),
        failures: 0,
        lastAttemptFailed: false,
        exited: false,
      });
      continue;
    }
    if (!current) continue;
    const failed = failedStateOf(event);
    if (failed === current.name) {
      current.failures++;
      current.lastAttemptFailed = true;
    } else if (
      (event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled') &&
      current.failures > 0
    ) {
      current.lastAttemptFailed = false;
    } else if (event.type.endsWith('StateExited')) {
      current.exited = true;
    }
  }
  const overlay: Required<Pick<GraphOverlay, 'visited' | 'failed' | 'caught' | 'retrying' | 'pathEdges'>> = {
    visited,
    failed: [],
    caught: [],
    retrying: [],
    pathEdges: [],
  };
  const addUnique = (list: string[], items: string[]): void => {
    for (const item of items) if (!list.includes(item)) list.push(item);
  };
  for (const visits of threads.values()) {
    visits.forEach((visit, i) => {
      if (visit.type === 'Fail' || (visit.failures > 0 && !visit.exited))
        addUnique(overlay.failed, [visit.name]);
      else if (visit.failures > 0 && visit.lastAttemptFailed) addUnique(overlay.caught, [visit.name]);
      if (visit.failures > 0 && (visit.failures > 1 || !visit.lastAttemptFailed))
        addUnique(overlay.retrying, [visit.name]);
      const previous = visits[i - 1];
      if (previous) addUnique(overlay.pathEdges, edgesBetween(model, previous.name, visit.name));
      else addUnique(overlay.pathEdges, edgesOfKind(model, 'start', visit.name));
      const last = i === visits.length - 1;
      if (last && (visit.exited || visit.type === 'Fail'))
        addUnique(overlay.pathEdges, edgesOfKind(model, 'end', visit.name));
    });
  }
  return overlay;
}
