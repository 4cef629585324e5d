// Turns a debug session's custom events (debug-adapter/protocol.ts) into the graph overlay: the state
// the execution is stopped at, the states visited, failed, caught and retried, and the edges taken.
// Pure: no VS Code API, so it is unit-tested directly.

import { edgesBetween, type GraphOverlay } from '../../core/graph/overlay';
import type { GraphModel } from '../../core/graph/model';
import type { StepthroughEvent } from '../../debug-adapter/protocol';

/** The part of a graph model (or layout) the overlay needs to name edges. */
export type GraphShape = Pick<GraphModel, 'nodes' | 'edges'>;

function addUnique(list: string[], items: readonly string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/** The start-marker edge into `state` (the first state of a scope). */
function startEdgesInto(shape: GraphShape, state: string): string[] {
  const names = new Map(shape.nodes.map((n) => [n.id, n.stateName]));
  return shape.edges.filter((e) => e.kind === 'start' && names.get(e.target) === state).map((e) => e.id);
}

export class DebugOverlayTracker {
  private active: string[] = [];
  private visited: string[] = [];
  private failed: string[] = [];
  private caught: string[] = [];
  private retrying: string[] = [];
  private pathEdges: string[] = [];
  private lastEdge: string | undefined;
  /** The last state entered on each thread, for the edge to the next one. */
  private lastOnThread = new Map<number, string>();
  /** The definition file the session debugs (from runStarted). */
  definitionFile: string | undefined;
  ended = false;

  constructor(private shape: GraphShape | undefined = undefined) {}

  /** The graph changed (the document was edited): edges are recomputed for the next transitions. */
  setShape(shape: GraphShape | undefined): void {
    this.shape = shape;
  }

  private reset(): void {
    this.active = [];
    this.visited = [];
    this.failed = [];
    this.caught = [];
    this.retrying = [];
    this.pathEdges = [];
    this.lastEdge = undefined;
    this.lastOnThread.clear();
    this.ended = false;
  }

  private entered(state: string, threadId: number): void {
    addUnique(this.visited, [state]);
    const previous = this.lastOnThread.get(threadId);
    this.lastOnThread.set(threadId, state);
    if (!this.shape) return;
    const edges =
      previous === undefined ? startEdgesInto(this.shape, state) : edgesBetween(this.shape, previous, state);
    addUnique(this.pathEdges, edges);
    this.lastEdge = edges[0] ?? this.lastEdge;
  }

  /** Applies one event; returns true when the overlay changed. */
  apply(event: StepthroughEvent): boolean {
    // The graph draws the debugged machine: a child machine's states (a nested execution's) are not in it.
    if ((event.type === 'stateStatus' || event.type === 'paused') && event.machine !== undefined)
      return false;
    switch (event.type) {
      case 'runStarted':
        this.reset();
        this.definitionFile = event.definitionFile;
        return true;
      case 'stateStatus':
        if (event.status === 'entered') this.entered(event.state, event.threadId);
        else if (event.status === 'failed') addUnique(this.failed, [event.state]);
        else if (event.status === 'caught') addUnique(this.caught, [event.state]);
        else if (event.status === 'retrying') addUnique(this.retrying, [event.state]);
        else return false;
        return true;
      case 'paused':
        this.active = [event.state];
        addUnique(this.visited, [event.state]);
        return true;
      case 'resumed':
        if (this.active.length === 0) return false;
        this.active = [];
        return true;
      case 'runEnded':
        this.active = [];
        this.ended = true;
        return true;
    }
  }

  overlay(): GraphOverlay {
    const overlay: GraphOverlay = {
      active: [...this.active],
      visited: [...this.visited],
      failed: [...this.failed],
      caught: [...this.caught],
      retrying: [...this.retrying],
      pathEdges: [...this.pathEdges],
    };
    if (this.lastEdge !== undefined) overlay.lastEdge = this.lastEdge;
    return overlay;
  }
}
