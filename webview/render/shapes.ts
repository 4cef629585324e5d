// SVG fragments for node outlines and the 14×14 type icons, as strings (no DOM needed).

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A coordinate with at most one decimal, so the output is compact and stable. */
export function num(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

export type StateShapeKind =
  'task' | 'choice' | 'wait' | 'pass' | 'succeed' | 'fail' | 'map' | 'parallel' | 'unknown';

export function shapeKindOf(stateType: string | undefined): StateShapeKind {
  switch (stateType) {
    case 'Task':
      return 'task';
    case 'Choice':
      return 'choice';
    case 'Wait':
      return 'wait';
    case 'Pass':
      return 'pass';
    case 'Succeed':
      return 'succeed';
    case 'Fail':
      return 'fail';
    case 'Map':
      return 'map';
    case 'Parallel':
      return 'parallel';
    default:
      return 'unknown';
  }
}

/** How far a Choice node's pointed ends reach in from its sides. */
export const CHOICE_POINT = 12;

/** The outline of a state node of size w×h at the origin, with class `cls`. */
export function outline(kind: StateShapeKind, w: number, h: number, cls: string): string {
  if (kind === 'choice') {
    const k = CHOICE_POINT;
    const points = [
      [0, h / 2],
      [k, 0],
      [w - k, 0],
      [w, h / 2],
      [w - k, h],
      [k, h],
    ];
    return `<polygon class="${cls}" points="${points.map(([x, y]) => `${num(x ?? 0)},${num(y ?? 0)}`).join(' ')}"/>`;
  }
  const radius = kind === 'succeed' || kind === 'fail' ? Math.min(h / 2, 18) : 6;
  return `<rect class="${cls}" width="${num(w)}" height="${num(h)}" rx="${num(radius)}"/>`;
}

/** The icon of a state type, drawn in a 14×14 box whose top-left corner is at (x, y). */
export function icon(kind: StateShapeKind, x: number, y: number): string {
  const open = `<g class="st-icon-box" transform="translate(${num(x)},${num(y)})">`;
  const line = (d: string): string => `<path class="st-icon" d="${d}"/>`;
  let body: string;
  switch (kind) {
    case 'task':
      body = `<path class="st-icon-fill" d="M8.5 0.5 L2.5 8 H6.5 L5.5 13.5 L11.5 6 H7.5 Z"/>`;
      break;
    case 'choice':
      body = line('M7 13 V8 M7 8 L2.5 2.5 M7 8 L11.5 2.5 M2.5 2.5 H5 M2.5 2.5 V5 M11.5 2.5 H9 M11.5 2.5 V5');
      break;
    case 'wait':
      body = `<circle class="st-icon" cx="7" cy="7" r="6"/>${line('M7 3.5 V7 L9.5 8.6')}`;
      break;
    case 'pass':
      body = line('M1.5 7 H12 M8 3 L12 7 L8 11');
      break;
    case 'succeed':
      body = line('M2 7.5 L5.5 11 L12 3');
      break;
    case 'fail':
      body = line('M3 3 L11 11 M11 3 L3 11');
      break;
    case 'map':
      body = line('M1.5 5 H9.5 V13 H1.5 Z M4.5 2.5 H12.5 V10.5');
      break;
    case 'parallel':
      body = line('M3 1.5 V12.5 M7 1.5 V12.5 M11 1.5 V12.5');
      break;
    case 'unknown':
      body = `<circle class="st-icon" cx="7" cy="7" r="6"/>${line('M7 3.8 V7.8 M7 10.2 V10.4')}`;
      break;
  }
  return `${open}${body}</g>`;
}

/** A red badge with an exclamation mark, centred at (cx, cy). */
export function warningBadge(cx: number, cy: number): string {
  return (
    `<g class="st-dangling-mark"><circle class="st-dangling-badge" cx="${num(cx)}" cy="${num(cy)}" r="6"/>` +
    `<path class="st-dangling-glyph" d="M${num(cx)} ${num(cy - 3)} V${num(cy + 0.8)} M${num(cx)} ${num(cy + 3)} V${num(cy + 3.2)}"/></g>`
  );
}
