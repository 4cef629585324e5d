// Zoom, pan and fit as pure arithmetic on a view (graph coordinates at the viewport's top-left and a
// scale in screen px per graph unit), turned into the SVG viewBox. No DOM, so it is unit-tested.

export interface View {
  /** Graph coordinate shown at the viewport's left edge. */
  x: number;
  /** Graph coordinate shown at the viewport's top edge. */
  y: number;
  /** Screen pixels per graph unit. */
  scale: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The view showing all of `content` centred in `viewport`, never enlarged beyond 1:1. */
export function fitView(content: Size, viewport: Size, padding = 16): View {
  const availableWidth = Math.max(viewport.width - 2 * padding, 1);
  const availableHeight = Math.max(viewport.height - 2 * padding, 1);
  const scale = clampScale(
    Math.min(1, availableWidth / Math.max(content.width, 1), availableHeight / Math.max(content.height, 1)),
  );
  return {
    x: content.width / 2 - viewport.width / (2 * scale),
    y: content.height / 2 - viewport.height / (2 * scale),
    scale,
  };
}

/** Zooms by `factor` keeping the graph point under the screen point (`atX`, `atY`) in place. */
export function zoomAt(view: View, factor: number, atX: number, atY: number): View {
  const scale = clampScale(view.scale * factor);
  const graphX = view.x + atX / view.scale;
  const graphY = view.y + atY / view.scale;
  return { x: graphX - atX / scale, y: graphY - atY / scale, scale };
}

/** Moves the picture by a drag of (dx, dy) screen pixels. */
export function panBy(view: View, dx: number, dy: number): View {
  return { x: view.x - dx / view.scale, y: view.y - dy / view.scale, scale: view.scale };
}

/** The viewBox attribute value for a view in a viewport of the given size. */
export function viewBoxOf(view: View, viewport: Size): string {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return `${round(view.x)} ${round(view.y)} ${round(viewport.width / view.scale)} ${round(viewport.height / view.scale)}`;
}

/** The view moved as little as possible so the box is visible (centred on it when it is outside). */
export function revealBox(
  view: View,
  viewport: Size,
  box: { x: number; y: number; width: number; height: number },
): View {
  const visibleWidth = viewport.width / view.scale;
  const visibleHeight = viewport.height / view.scale;
  const inside =
    box.x >= view.x &&
    box.y >= view.y &&
    box.x + box.width <= view.x + visibleWidth &&
    box.y + box.height <= view.y + visibleHeight;
  if (inside) return view;
  return {
    x: box.x + box.width / 2 - visibleWidth / 2,
    y: box.y + box.height / 2 - visibleHeight / 2,
    scale: view.scale,
  };
}

/** Whether a pointer that moved (dx, dy) since it went down was a drag rather than a click. */
export function isDrag(dx: number, dy: number): boolean {
  return Math.hypot(dx, dy) > 4;
}
