// Draws a laid-out state machine graph as an SVG string: pure functions, no DOM, no VS Code API.
// Styling is all classes (see webview/graph.css), so the same markup works in the webview under a
// strict CSP, in an exported SVG (with the CSS embedded) and in a standalone HTML page.

import type { GraphLayout, LaidOutEdge, LaidOutNode, Point } from '../../core/graph/layout';
import { GRAPH_METRICS as M } from '../../core/graph/metrics';
import type { DanglingTransition } from '../../core/graph/model';
import { edgeOverlayClasses, nodeOverlayClasses, type GraphOverlay } from '../../core/graph/overlay';
import { CHOICE_POINT, escapeXml, icon, num, outline, shapeKindOf, warningBadge } from './shapes';

export type GraphTheme = 'light' | 'dark' | 'high-contrast';

export interface RenderOptions {
  /** Fallback colours outside VS Code (inside, VS Code's theme variables win). Default light. */
  theme?: GraphTheme;
  overlay?: GraphOverlay;
  /** CSS to embed in a `<style>` element: for standalone SVG files. Never in the webview (CSP). */
  embeddedCss?: string;
  /** Hover effects, pointer cursor and breakpoint hot spots (the webview). */
  interactive?: boolean;
  /** The picture's accessible name (also its tooltip outside the webview). */
  title?: string;
}

/** Ids of the arrowhead markers; graph.css refers to them for path edges. */
export const MARKER_IDS = { normal: 'st-arrow', catch: 'st-arrow-catch', path: 'st-arrow-path' } as const;

const CORNER_RADIUS = 6;

function defs(): string {
  const marker = (id: string, cls: string): string =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="8" markerHeight="8" ` +
    `markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="${cls}" d="M0 0.5 L10 5 L0 9.5 Z"/></marker>`;
  return (
    `<defs>${marker(MARKER_IDS.normal, 'st-arrowhead')}${marker(MARKER_IDS.catch, 'st-arrowhead st-arrowhead-catch')}` +
    `${marker(MARKER_IDS.path, 'st-arrowhead st-arrowhead-path')}</defs>`
  );
}

function classList(...parts: Array<string | false | undefined>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
}

function titleOf(node: LaidOutNode, dangling: DanglingTransition[]): string {
  const lines = [
    node.stateType === undefined ? `${node.label} (no Type)` : `${node.label} (${node.stateType})`,
  ];
  if (node.detail !== undefined) lines.push(node.detail);
  for (const d of dangling) {
    lines.push(`${d.kind === 'start' ? 'StartAt' : d.kind} → '${d.target}' is not a state in this scope`);
  }
  return `<title>${escapeXml(lines.join('\n'))}</title>`;
}

function dataAttributes(node: LaidOutNode): string {
  const name = node.stateName === undefined ? '' : ` data-name="${escapeXml(node.stateName)}"`;
  return `data-id="${escapeXml(node.id)}"${name}`;
}

function renderText(
  lines: string[],
  x: number,
  firstBaseline: number,
  lineHeight: number,
  cls: string,
): string {
  const spans = lines
    .map(
      (line, i) =>
        `<tspan x="${num(x)}" y="${num(firstBaseline + i * lineHeight)}">${escapeXml(line)}</tspan>`,
    )
    .join('');
  return `<text class="${cls}" text-anchor="middle">${spans}</text>`;
}

function renderState(node: LaidOutNode, overlay: GraphOverlay, dangling: DanglingTransition[]): string {
  const kind = shapeKindOf(node.stateType);
  const { width: w, height: h } = node;
  const classes = classList(
    'st-node st-state',
    `st-type-${kind}`,
    ...nodeOverlayClasses(node, overlay),
    dangling.length > 0 && 'st-dangling',
  );
  const iconX = kind === 'choice' ? CHOICE_POINT + 1 : 9;
  const textLeft = iconX + 14 + 7;
  const textRight = w - M.nodePaddingRight - (kind === 'choice' ? CHOICE_POINT - 4 : 0);
  const cx = (textLeft + textRight) / 2;
  const block = node.lines.length * M.lineHeight + (node.detailLine === undefined ? 0 : M.detailLineHeight);
  const top = (h - block) / 2;
  let body = renderText(node.lines, cx, top + M.lineHeight * 0.76, M.lineHeight, 'st-label');
  if (node.detailLine !== undefined) {
    const baseline = top + node.lines.length * M.lineHeight + M.detailLineHeight * 0.78;
    body += renderText([node.detailLine], cx, baseline, M.detailLineHeight, 'st-detail');
  }
  return (
    `<g class="${classes}" ${dataAttributes(node)} transform="translate(${num(node.x)},${num(node.y)})">` +
    titleOf(node, dangling) +
    `<rect class="st-focus-ring" x="-4" y="-4" width="${num(w + 8)}" height="${num(h + 8)}" rx="9"/>` +
    outline(kind, w, h, 'st-shape') +
    icon(kind, iconX, h / 2 - 7) +
    body +
    `<circle class="st-bp" cx="0" cy="${num(h / 2)}" r="5"/>` +
    (dangling.length > 0 ? warningBadge(w - 3, 3) : '') +
    `</g>`
  );
}

function renderContainer(node: LaidOutNode, overlay: GraphOverlay, dangling: DanglingTransition[]): string {
  if (node.kind === 'branch') {
    return (
      `<g class="st-branch" data-id="${escapeXml(node.id)}" transform="translate(${num(node.x)},${num(node.y)})">` +
      `<rect class="st-branch-frame" width="${num(node.width)}" height="${num(node.height)}" rx="6"/>` +
      `<text class="st-branch-label" x="${M.branchLabelX}" y="14">${escapeXml(node.lines[0] ?? node.label)}</text></g>`
    );
  }
  const kind = shapeKindOf(node.stateType);
  const classes = classList(
    'st-node st-container',
    `st-type-${kind}`,
    ...nodeOverlayClasses(node, overlay),
    dangling.length > 0 && 'st-dangling',
  );
  const headerY = M.compoundHeaderHeight / 2;
  return (
    `<g class="${classes}" ${dataAttributes(node)} transform="translate(${num(node.x)},${num(node.y)})">` +
    titleOf(node, dangling) +
    `<rect class="st-focus-ring" x="-4" y="-4" width="${num(node.width + 8)}" height="${num(node.height + 8)}" rx="11"/>` +
    `<rect class="st-container-frame" width="${num(node.width)}" height="${num(node.height)}" rx="8"/>` +
    icon(kind, 10, headerY - 7) +
    `<text class="st-header" x="${M.iconAreaWidth}" y="${num(headerY + 4.3)}">${escapeXml(node.lines[0] ?? node.label)}</text>` +
    `<circle class="st-bp" cx="0" cy="${num(headerY)}" r="5"/>` +
    (dangling.length > 0 ? warningBadge(node.width - 3, 3) : '') +
    `</g>`
  );
}

function renderMarker(node: LaidOutNode): string {
  const cx = node.x + node.width / 2;
  const cy = node.y + node.height / 2;
  const r = node.width / 2;
  const open = `<g class="st-marker st-marker-${node.kind}" data-id="${escapeXml(node.id)}" transform="translate(${num(cx)},${num(cy)})">`;
  if (node.kind === 'start') {
    return `${open}<title>Start</title><circle class="st-marker-start" r="${num(r)}"/><path class="st-marker-start-glyph" d="M-3 -5 L5 0 L-3 5 Z"/></g>`;
  }
  return `${open}<title>End</title><circle class="st-marker-end-ring" r="${num(r - 1)}"/><circle class="st-marker-end" r="${num(r - 5)}"/></g>`;
}

/** Moves an edge end lying on the top or bottom side of a round or pointed node onto its outline. */
function snapToOutline(point: Point, node: LaidOutNode | undefined): Point {
  if (!node) return point;
  const onTop = Math.abs(point.y - node.y) < 0.5;
  const onBottom = Math.abs(point.y - (node.y + node.height)) < 0.5;
  if (!onTop && !onBottom) return point;
  const sign = onTop ? -1 : 1;
  const cy = node.y + node.height / 2;
  if (node.kind === 'start' || node.kind === 'end') {
    const r = node.width / 2;
    const dx = Math.min(Math.abs(point.x - (node.x + r)), r);
    return { x: point.x, y: cy + sign * Math.sqrt(r * r - dx * dx) };
  }
  if (node.kind === 'state' && !node.compound && node.stateType === 'Choice') {
    const fromSide = Math.min(point.x - node.x, node.x + node.width - point.x);
    if (fromSide >= CHOICE_POINT) return point;
    const half = node.height / 2;
    return { x: point.x, y: cy + sign * half * (Math.max(fromSide, 0) / CHOICE_POINT) };
  }
  return point;
}

/** An SVG path through the points with rounded corners. */
export function roundedPath(points: Point[], radius = CORNER_RADIUS): string {
  const first = points[0];
  if (!first) return '';
  let d = `M${num(first.x)} ${num(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Point;
    const prev = points[i - 1] as Point;
    const next = points[i + 1];
    if (!next) {
      d += ` L${num(p.x)} ${num(p.y)}`;
      break;
    }
    const inLength = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLength = Math.hypot(next.x - p.x, next.y - p.y);
    const r = Math.min(radius, inLength / 2, outLength / 2);
    if (r < 0.5) {
      d += ` L${num(p.x)} ${num(p.y)}`;
      continue;
    }
    const before = { x: p.x - ((p.x - prev.x) / inLength) * r, y: p.y - ((p.y - prev.y) / inLength) * r };
    const after = { x: p.x + ((next.x - p.x) / outLength) * r, y: p.y + ((next.y - p.y) / outLength) * r };
    d += ` L${num(before.x)} ${num(before.y)} Q${num(p.x)} ${num(p.y)} ${num(after.x)} ${num(after.y)}`;
  }
  return d;
}

function renderEdge(edge: LaidOutEdge, nodes: Map<string, LaidOutNode>, overlay: GraphOverlay): string {
  if (edge.points.length < 2) return '';
  const points = [...edge.points];
  points[0] = snapToOutline(points[0] as Point, nodes.get(edge.source));
  points[points.length - 1] = snapToOutline(points[points.length - 1] as Point, nodes.get(edge.target));
  const overlayClasses = edgeOverlayClasses(edge.id, overlay);
  const marker =
    overlayClasses.length > 0
      ? MARKER_IDS.path
      : edge.kind === 'catch'
        ? MARKER_IDS.catch
        : MARKER_IDS.normal;
  const title = edge.title ?? edge.label;
  return (
    `<g class="${classList('st-edge', `st-edge-${edge.kind}`, ...overlayClasses)}" data-id="${escapeXml(edge.id)}">` +
    (title === undefined ? '' : `<title>${escapeXml(title)}</title>`) +
    `<path class="st-edge-line" d="${roundedPath(points)}" marker-end="url(#${marker})"/></g>`
  );
}

function renderEdgeLabel(edge: LaidOutEdge, overlay: GraphOverlay): string {
  const box = edge.labelBox;
  if (!box || edge.label === undefined) return '';
  const classes = classList('st-edge-label', `st-edge-${edge.kind}`, ...edgeOverlayClasses(edge.id, overlay));
  return (
    `<g class="${classes}" data-edge="${escapeXml(edge.id)}">` +
    `<title>${escapeXml(edge.title ?? edge.label)}</title>` +
    `<rect class="st-edge-label-bg" x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="3"/>` +
    `<text class="st-edge-label-text" x="${num(box.x + box.width / 2)}" y="${num(box.y + box.height / 2 + M.edgeFontSize * 0.36)}" text-anchor="middle">` +
    `${escapeXml(edge.label)}</text></g>`
  );
}

/** The whole picture as an `<svg>` element string. */
export function renderSvg(layout: GraphLayout, options: RenderOptions = {}): string {
  const overlay = options.overlay ?? {};
  const theme = options.theme ?? 'light';
  const width = Math.max(layout.width, 1);
  const height = Math.max(layout.height, 1);
  const nodesById = new Map(layout.nodes.map((n) => [n.id, n]));
  const danglingBySource = new Map<string, DanglingTransition[]>();
  for (const d of layout.dangling)
    danglingBySource.set(d.source, [...(danglingBySource.get(d.source) ?? []), d]);
  const containers: string[] = [];
  const leaves: string[] = [];
  for (const node of layout.nodes) {
    const dangling = danglingBySource.get(node.id) ?? [];
    if (node.kind === 'start' || node.kind === 'end') leaves.push(renderMarker(node));
    else if (node.compound) containers.push(renderContainer(node, overlay, dangling));
    else leaves.push(renderState(node, overlay, dangling));
  }
  const edges = layout.edges.map((e) => renderEdge(e, nodesById, overlay)).join('');
  const labels = layout.edges.map((e) => renderEdgeLabel(e, overlay)).join('');
  const title = options.title ?? 'State machine graph';
  const svgClass = classList(
    'st-graph',
    `st-theme-${theme}`,
    options.interactive === true && 'st-interactive',
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${svgClass}" viewBox="0 0 ${num(width)} ${num(height)}" ` +
    `width="${num(width)}" height="${num(height)}" role="img" aria-label="${escapeXml(title)}">` +
    (options.interactive === true ? '' : `<title>${escapeXml(title)}</title>`) +
    (options.embeddedCss === undefined
      ? ''
      : `<style><![CDATA[\n${options.embeddedCss.replace(/]]>/g, ']] >')}\n]]></style>`) +
    defs() +
    `<rect class="st-canvas" width="${num(width)}" height="${num(height)}"/>` +
    `<g class="st-containers">${containers.join('')}</g>` +
    `<g class="st-edges">${edges}</g>` +
    `<g class="st-edge-labels">${labels}</g>` +
    `<g class="st-nodes">${leaves.join('')}</g>` +
    `</svg>`
  );
}
