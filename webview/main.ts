// The graph webview's script (runs in the browser): draws what the extension sends, keeps the last
// good picture with a banner when a render fails, zooms (wheel), pans (drag) and fits, and reports
// clicks on nodes (reveal the state) and on breakpoint spots (toggle a breakpoint).

import type { GraphLayout, LaidOutNode } from '../core/graph/layout';
import {
  EDGE_OVERLAY_CLASSES,
  NODE_OVERLAY_CLASSES,
  edgeOverlayClasses,
  nodeOverlayClasses,
  type GraphOverlay,
} from '../core/graph/overlay';
import {
  isExtensionToWebviewMessage,
  overlayOf,
  type ExtensionToWebviewMessage,
  type WebviewToExtensionMessage,
} from './protocol';
import { renderSvg, type GraphTheme } from './render/svg';
import { fitView, isDrag, panBy, revealBox, viewBoxOf, zoomAt, type View } from './viewport';

interface VsCodeApi {
  postMessage(message: WebviewToExtensionMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

function element<T extends HTMLElement>(id: string, create: () => T): T {
  const found = document.getElementById(id);
  if (found) return found as T;
  const made = create();
  made.id = id;
  document.body.appendChild(made);
  return made;
}

function themeFromBody(fallback: GraphTheme): GraphTheme {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light'))
    return 'high-contrast';
  if (classes.contains('vscode-dark')) return 'dark';
  if (classes.contains('vscode-light')) return 'light';
  return fallback;
}

function isView(value: unknown): value is View {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['x'] === 'number' && typeof v['y'] === 'number' && typeof v['scale'] === 'number';
}

class GraphView {
  private layout: GraphLayout | undefined;
  private nodesById = new Map<string, LaidOutNode>();
  private overlay: GraphOverlay = {};
  private theme: GraphTheme = 'light';
  private view: View | undefined;
  private svg: SVGSVGElement | undefined;
  private drag: { pointerId: number; startX: number; startY: number; view: View; moved: boolean } | undefined;
  private suppressClick = false;

  constructor(
    private readonly api: VsCodeApi,
    private readonly viewport: HTMLElement,
    private readonly banner: HTMLElement,
    private readonly empty: HTMLElement,
  ) {
    const saved = api.getState();
    if (typeof saved === 'object' && saved !== null && isView((saved as { view?: unknown }).view)) {
      this.view = (saved as { view: View }).view;
    }
  }

  handle(message: ExtensionToWebviewMessage): void {
    switch (message.type) {
      case 'render':
        this.render(message.layout, message.theme, message.overlay, message.fit === true, message.title);
        break;
      case 'renderError':
        this.showBanner(
          this.layout
            ? `${message.message}\n(Showing the last picture that could be drawn.)`
            : message.message,
        );
        break;
      case 'highlight':
        this.overlay = { ...overlayOf(message), selected: message.selected ?? this.overlay.selected };
        this.applyOverlay();
        if (message.reveal === true && message.active?.[0] !== undefined) this.reveal(message.active[0]);
        break;
      case 'select':
        this.overlay = { ...this.overlay, selected: message.stateName };
        this.applyOverlay();
        if (message.reveal === true && message.stateName !== undefined) this.reveal(message.stateName);
        break;
      case 'fit':
        this.fit();
        break;
    }
  }

  private render(
    layout: GraphLayout,
    theme: GraphTheme | undefined,
    overlay: GraphOverlay | undefined,
    fit: boolean,
    title?: string,
  ): void {
    try {
      this.theme = themeFromBody(theme ?? this.theme);
      if (overlay) this.overlay = { ...overlay, selected: overlay.selected ?? this.overlay.selected };
      const markup = renderSvg(layout, {
        theme: this.theme,
        overlay: this.overlay,
        interactive: true,
        title,
      });
      const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
      const root = parsed.documentElement;
      if (root.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
        throw new Error('the drawing is not valid SVG');
      }
      const svg = document.importNode(root, true) as unknown as SVGSVGElement;
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');
      this.viewport.replaceChildren(svg);
      this.svg = svg;
      this.layout = layout;
      this.nodesById = new Map(layout.nodes.map((n) => [n.id, n]));
      this.empty.hidden = true;
      this.hideBanner();
      if (fit || !this.view) this.fit();
      else this.applyView();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.showBanner(
        `Could not draw the graph: ${reason}${this.layout ? '\n(Showing the last picture that could be drawn.)' : ''}`,
      );
      this.api.postMessage({ type: 'error', message: `render failed: ${reason}` });
    }
  }

  private applyOverlay(): void {
    if (!this.svg) return;
    for (const el of Array.from(this.svg.querySelectorAll<SVGGElement>('.st-node[data-id]'))) {
      const node = this.nodesById.get(el.getAttribute('data-id') ?? '');
      if (!node) continue;
      el.classList.remove(...NODE_OVERLAY_CLASSES);
      el.classList.add(...nodeOverlayClasses(node, this.overlay));
    }
    for (const el of Array.from(
      this.svg.querySelectorAll<SVGGElement>('.st-edge[data-id], .st-edge-label[data-edge]'),
    )) {
      const id = el.getAttribute('data-id') ?? el.getAttribute('data-edge') ?? '';
      el.classList.remove(...EDGE_OVERLAY_CLASSES);
      el.classList.add(...edgeOverlayClasses(id, this.overlay));
    }
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(this.viewport.clientWidth, 1), height: Math.max(this.viewport.clientHeight, 1) };
  }

  private applyView(): void {
    if (!this.svg || !this.view) return;
    this.svg.setAttribute('viewBox', viewBoxOf(this.view, this.size()));
    this.api.setState({ view: this.view });
  }

  fit(): void {
    if (!this.layout) return;
    this.view = fitView(this.layout, this.size());
    this.applyView();
  }

  zoom(factor: number, atX?: number, atY?: number): void {
    if (!this.view) return;
    const size = this.size();
    this.view = zoomAt(this.view, factor, atX ?? size.width / 2, atY ?? size.height / 2);
    this.applyView();
  }

  private reveal(state: string): void {
    if (!this.view || !this.layout) return;
    const node = this.layout.nodes.find((n) => n.stateName === state || n.id === state);
    if (!node) return;
    this.view = revealBox(this.view, this.size(), node);
    this.applyView();
  }

  onResize(): void {
    this.applyView();
  }

  onWheel(event: WheelEvent): void {
    event.preventDefault();
    const rect = this.viewport.getBoundingClientRect();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    this.zoom(Math.exp(-delta * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
  }

  onPointerDown(event: PointerEvent): void {
    this.suppressClick = false;
    if (event.button !== 0 || !this.view) return;
    this.drag = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      view: this.view,
      moved: false,
    };
  }

  onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && !isDrag(dx, dy)) return;
    if (!drag.moved) {
      drag.moved = true;
      this.viewport.setPointerCapture(event.pointerId);
      this.viewport.classList.add('st-panning');
    }
    this.view = panBy(drag.view, dx, dy);
    this.applyView();
  }

  onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    this.drag = undefined;
    this.suppressClick = drag.moved;
    if (drag.moved) {
      this.viewport.releasePointerCapture(event.pointerId);
      this.viewport.classList.remove('st-panning');
    }
  }

  onClick(event: MouseEvent): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const target = event.target instanceof Element ? event.target : null;
    const nodeEl = target?.closest('.st-node[data-id]');
    const node = nodeEl ? this.nodesById.get(nodeEl.getAttribute('data-id') ?? '') : undefined;
    if (!node || node.stateName === undefined) return;
    if (target?.classList.contains('st-bp') || event.altKey) {
      this.api.postMessage({ type: 'toggleBreakpoint', name: node.stateName, id: node.id });
      return;
    }
    this.api.postMessage({ type: 'revealState', name: node.stateName, id: node.id, path: node.path });
  }

  private showBanner(text: string): void {
    this.banner.textContent = text;
    this.banner.hidden = false;
  }

  private hideBanner(): void {
    this.banner.hidden = true;
    this.banner.textContent = '';
  }

  onThemeChange(): void {
    if (!this.svg) return;
    const next = themeFromBody(this.theme);
    if (next === this.theme) return;
    this.svg.classList.remove(`st-theme-${this.theme}`);
    this.svg.classList.add(`st-theme-${next}`);
    this.theme = next;
  }
}

function start(): void {
  const api = acquireVsCodeApi();
  const viewport = element('st-viewport', () => document.createElement('div'));
  const banner = element('st-banner', () => document.createElement('div'));
  const empty = element('st-empty', () => document.createElement('div'));
  const graph = new GraphView(api, viewport, banner, empty);

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isExtensionToWebviewMessage(event.data)) graph.handle(event.data);
  });
  viewport.addEventListener('wheel', (e) => graph.onWheel(e), { passive: false });
  viewport.addEventListener('pointerdown', (e) => graph.onPointerDown(e));
  viewport.addEventListener('pointermove', (e) => graph.onPointerMove(e));
  viewport.addEventListener('pointerup', (e) => graph.onPointerUp(e));
  viewport.addEventListener('pointercancel', (e) => graph.onPointerUp(e));
  viewport.addEventListener('click', (e) => graph.onClick(e));
  document.getElementById('st-fit')?.addEventListener('click', () => graph.fit());
  document.getElementById('st-zoom-in')?.addEventListener('click', () => graph.zoom(1.25));
  document.getElementById('st-zoom-out')?.addEventListener('click', () => graph.zoom(0.8));
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === '0' || e.key === 'f') graph.fit();
    else if (e.key === '+' || e.key === '=') graph.zoom(1.25);
    else if (e.key === '-') graph.zoom(0.8);
  });
  new ResizeObserver(() => graph.onResize()).observe(viewport);
  new MutationObserver(() => graph.onThemeChange()).observe(document.body, {
    attributes: true,
    attributeFilter: ['class'],
  });
  window.addEventListener('error', (e) => api.postMessage({ type: 'error', message: String(e.message) }));
  api.postMessage({ type: 'ready' });
}

start();
