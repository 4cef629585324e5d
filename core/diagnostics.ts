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

/** Maps offsets to positions for one text; build once per document. */
export class LineMap {
  private readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (this.lineStarts[lo] ?? 0) };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line] ?? 0;
    const next = this.lineStarts[position.line + 1] ?? this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  rangeOf(offsets: OffsetRange): Range {
    return { start: this.positionAt(offsets.start), end: this.positionAt(offsets.end) };
  }
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
