// Diagnostics: what parsing and validation report, with ranges in both offsets and line/character.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Zero-based line and character (UTF-16 code units), as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets into the document text, end exclusive. */
export interface OffsetRange {
  start: number;
  end: number;
}

export interface Diagnostic {
  /** Stable code, e.g. `ASL101`; documented in docs/diagnostics.md. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  offsets: OffsetRange;
}

/** Maps offsets to positions for one text; build once per document. Lines are found on first use. */
export class LineMap {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}

  /** Offsets where each line starts; a line ends at \n, \r\n or a lone \r. */
  private get lineStarts(): number[] {
    this.starts ??= findLineStarts(this.text);
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (starts[lo] ?? 0) };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line] ?? 0;
    const next = starts[position.line + 1] ?? this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  rangeOf(offsets: OffsetRange): Range {
    return { start: this.positionAt(offsets.start), end: this.positionAt(offsets.end) };
  }
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function makeDiagnostic(
  lines: LineMap,
  code: string,
  severity: Severity,
  message: string,
  offsets: OffsetRange,
): Diagnostic {
  return { code, severity, message, offsets, range: lines.rangeOf(offsets) };
}
