// Lays out a graph model with elkjs (layered, top to bottom, hierarchical for Map and Parallel) and
// returns nodes and edges in absolute coordinates, with label lines already wrapped for drawing.
// Node and edge order follow the definition, so a small edit does not reshuffle the picture.

import ELK, { type ElkExtendedEdge, type ElkNode, type LayoutOptions } from 'elkjs/lib/elk.bundled.js';
import type { DanglingTransition, GraphEdge, GraphModel, GraphNode } from './model';
import { GRAPH_METRICS } from './metrics';
import { estimateTextWidth, truncateToWidth, wrapText } from './text';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutNode extends GraphNode, Box {
  /** The label as drawn: wrapped name lines for states, one (possibly shortened) line for containers. */
  lines: string[];
  /** The detail line as drawn (shortened), when the node has one. */
  detailLine?: string;
  /** True when `lines` or `detailLine` do not show the whole text. */
  truncated: boolean;
}

export interface LaidOutEdge extends GraphEdge {
  /** Start point, bend points, end point. */
  points: Point[];
  /** Where the label is drawn, when the edge has one. */
  labelBox?: Box;
}

export interface GraphLayout {
  width: number;
  height: number;
  /** Parents before children. */
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  dangling: DanglingTransition[];
}

const M = GRAPH_METRICS;

const ROOT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '34',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.spacing.edgeLabel': '3',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.randomSeed': '1',
};

export interface Measured {
  width: number;
  height: number;
  lines: string[];
  detailLine?: string;
  truncated: boolean;
}

function measureState(node: GraphNode): Measured {
  const wrapped = wrapText(node.label, M.nodeMaxTextWidth, M.nodeFontSize, M.maxNameLines);
  const detailLine =
    node.detail === undefined
      ? undefined
      : truncateToWidth(node.detail, M.nodeMaxTextWidth, M.detailFontSize);
  const textWidth = Math.max(
    ...wrapped.lines.map((line) => estimateTextWidth(line, M.nodeFontSize)),
    detailLine === undefined ? 0 : estimateTextWidth(detailLine, M.detailFontSize),
  );
  const extra = node.stateType === 'Choice' ? M.choiceExtraWidth : 0;
  const width = Math.max(M.nodeMinWidth, textWidth + M.iconAreaWidth + M.nodePaddingRight) + extra;
  const height =
    2 * M.nodePaddingY +
    wrapped.lines.length * M.lineHeight +
    (detailLine === undefined ? 0 : M.detailLineHeight);
  const truncated = wrapped.truncated || (detailLine !== undefined && detailLine !== node.detail);
  const measured: Measured = { width, height, lines: wrapped.lines, truncated };
  if (detailLine !== undefined) measured.detailLine = detailLine;
  return measured;
}

/** A container's header: the name (and detail) of a Map or Parallel, `Branch N` for a branch. */
function headerText(node: GraphNode): string {
  return node.kind === 'state' && node.detail !== undefined ? `${node.label} · ${node.detail}` : node.label;
}

/**
 * The header line as drawn, cut to the container's laid-out width. (ELK sizes compound nodes from
 * their content and ignores a minimum size under INCLUDE_CHILDREN, so the header adapts instead.)
 */
function headerLine(node: GraphNode, width: number): { line: string; truncated: boolean } {
  const text = headerText(node);
  const fontSize = node.kind === 'branch' ? M.branchFontSize : M.headerFontSize;
  const available = width - (node.kind === 'branch' ? M.branchLabelX : M.iconAreaWidth) - M.compoundPadding;
  const line = truncateToWidth(text, Math.max(available, 24), fontSize);
  return { line, truncated: line !== text };
}

export function measure(node: GraphNode): Measured {
  if (node.kind === 'start' || node.kind === 'end') {
    return { width: M.markerSize, height: M.markerSize, lines: [node.label], truncated: false };
  }
  if (node.compound) return { width: 0, height: 0, lines: [headerText(node)], truncated: false };
  return measureState(node);
}

function elkNodeFor(node: GraphNode, measured: Measured): ElkNode {
  if (node.compound) {
    const top = node.kind === 'branch' ? M.branchHeaderHeight + 6 : M.compoundHeaderHeight + 8;
    const pad = node.kind === 'branch' ? 10 : M.compoundPadding;
    return {
      id: node.id,
      children: [],
      edges: [],
      layoutOptions: {
        'elk.padding': `[top=${top},left=${pad},bottom=${pad},right=${pad}]`,
      },
    };
  }
  const elk: ElkNode = { id: node.id, width: measured.width, height: measured.height };
  if (node.kind === 'start') elk.layoutOptions = { 'elk.layered.layering.layerConstraint': 'FIRST' };
  if (node.kind === 'end') elk.layoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST' };
  return elk;
}

function elkEdgeFor(edge: GraphEdge): ElkExtendedEdge {
  const elk: ElkExtendedEdge = { id: edge.id, sources: [edge.source], targets: [edge.target] };
  if (edge.label !== undefined) {
    elk.labels = [
      {
        id: `${edge.id}::label`,
        text: edge.label,
        width: estimateTextWidth(edge.label, M.edgeFontSize) + 2 * M.edgeLabelPaddingX,
        height: M.edgeLabelHeight,
      },
    ];
  }
  return elk;
}

/** Builds the ELK input graph: children under their parents, edges in the compound holding both ends. */
export function toElkGraph(model: GraphModel, measured: Map<string, Measured>): ElkNode {
  const root: ElkNode = { id: '::root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  const elkNodes = new Map<string, ElkNode>();
  for (const node of model.nodes) {
    const m = measured.get(node.id);
    if (!m) continue;
    const elk = elkNodeFor(node, m);
    elkNodes.set(node.id, elk);
    const parent = node.parent === undefined ? root : elkNodes.get(node.parent);
    (parent ?? root).children?.push(elk);
  }
  for (const edge of model.edges) {
    if (!elkNodes.has(edge.source) || !elkNodes.has(edge.target)) continue;
    const container = edge.parent === undefined ? root : (elkNodes.get(edge.parent) ?? root);
    container.edges?.push(elkEdgeFor(edge));
  }
  return root;
}

interface Collected {
  nodes: Map<string, Box>;
  edges: Map<string, { edge: ElkExtendedEdge; offset: Point }>;
}

function collect(elk: ElkNode, offset: Point, out: Collected): void {
  for (const edge of elk.edges ?? []) out.edges.set(edge.id, { edge, offset });
  for (const child of elk.children ?? []) {
    const box = {
      x: offset.x + (child.x ?? 0),
      y: offset.y + (child.y ?? 0),
      width: child.width ?? 0,
      height: child.height ?? 0,
    };
    out.nodes.set(child.id, box);
    collect(child, { x: box.x, y: box.y }, out);
  }
}

function edgePoints(edge: ElkExtendedEdge, offset: Point): Point[] {
  const points: Point[] = [];
  const add = (p: { x: number; y: number }): void => {
    const q = { x: p.x + offset.x, y: p.y + offset.y };
    const last = points[points.length - 1];
    if (!last || last.x !== q.x || last.y !== q.y) points.push(q);
  };
  for (const section of edge.sections ?? []) {
    add(section.startPoint);
    for (const bend of section.bendPoints ?? []) add(bend);
    add(section.endPoint);
  }
  return points;
}

let sharedElk: InstanceType<typeof ELK> | undefined;

/** Lays out a model; resolves with absolute coordinates. Rejects only if elkjs itself fails. */
export async function layoutGraph(model: GraphModel): Promise<GraphLayout> {
  const measured = new Map(model.nodes.map((node) => [node.id, measure(node)]));
  sharedElk ??= new ELK();
  const result = await sharedElk.layout(toElkGraph(model, measured));
  const collected: Collected = { nodes: new Map(), edges: new Map() };
  collect(result, { x: 0, y: 0 }, collected);
  const nodes: LaidOutNode[] = [];
  for (const node of model.nodes) {
    const box = collected.nodes.get(node.id);
    const m = measured.get(node.id);
    if (!box || !m) continue;
    const laidOut: LaidOutNode = { ...node, ...box, lines: m.lines, truncated: m.truncated };
    if (node.compound) {
      const header = headerLine(node, box.width);
      laidOut.lines = [header.line];
      laidOut.truncated = header.truncated;
    }
    if (m.detailLine !== undefined) laidOut.detailLine = m.detailLine;
    nodes.push(laidOut);
  }
  const edges: LaidOutEdge[] = [];
  for (const edge of model.edges) {
    const found = collected.edges.get(edge.id);
    if (!found) continue;
    const container =
      found.edge.container === undefined ? undefined : collected.nodes.get(found.edge.container);
    if (container) found.offset = { x: container.x, y: container.y };
    const laidOut: LaidOutEdge = { ...edge, points: edgePoints(found.edge, found.offset) };
    const label = found.edge.labels?.[0];
    if (label) {
      laidOut.labelBox = {
        x: found.offset.x + (label.x ?? 0),
        y: found.offset.y + (label.y ?? 0),
        width: label.width ?? 0,
        height: label.height ?? 0,
      };
    }
    edges.push(laidOut);
  }
  return { width: result.width ?? 0, height: result.height ?? 0, nodes, edges, dangling: model.dangling };
}
