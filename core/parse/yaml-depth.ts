// A linear pre-scan that bounds YAML nesting before the `yaml` library sees the text: very deep input can exhaust its stack or memory.

/**
 * Estimates nesting line by line (indentation levels, compact `- ` / `? ` / `: ` indicators, flow brackets)
 * and returns the offset where it first goes beyond `limit`, or -1. The estimate errs on the high side only
 * for bracket characters inside unquoted scalars, which real definitions don't stack hundreds deep.
 */
export function findExcessiveYamlNesting(text: string, limit: number): number {
  const indents: number[] = [];
  let flowDepth = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let pos = lineStart;
    while (pos < lineEnd && text.charCodeAt(pos) === 32) pos++;
    const first = text.charCodeAt(pos);
    const blank = pos >= lineEnd || first === 35 /* # */ || first === 13; /* \r */
    if (!blank) {
      if (flowDepth === 0) {
        const indent = pos - lineStart;
        while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
        indents.push(indent);
      }
      const exceeded = scanLine(text, pos, lineEnd, indents.length, flowDepth, limit);
      if (exceeded.offset >= 0) return exceeded.offset;
      flowDepth = exceeded.flowDepth;
    }
    lineStart = lineEnd + 1;
  }
  return -1;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || Number.isNaN(code);
}

/** Scans one line's content: compact indicators at its start, flow brackets outside quotes and comments. */
function scanLine(
  text: string,
  start: number,
  end: number,
  blockDepth: number,
  flowDepthIn: number,
  limit: number,
): { offset: number; flowDepth: number } {
  let flowDepth = flowDepthIn;
  let compact = 0;
  let leading = true; // still in the run of indicators that opens the line
  let quote = 0; // the open quote character, or 0
  for (let pos = start; pos < end; pos++) {
    const code = text.charCodeAt(pos);
    const previous = pos > start ? text.charCodeAt(pos - 1) : 32;
    if (quote !== 0) {
      if (code === 92 && quote === 34)
        pos++; // \" inside double quotes
      else if (code === quote) quote = 0;
      continue;
    }
    if ((code === 45 || code === 63 || code === 58) && isBlank(text.charCodeAt(pos + 1))) {
      if (leading) compact++;
      continue;
    }
    if (isBlank(code)) continue;
    if (code === 35 && isBlank(previous)) break; // comment
    if (
      (code === 39 || code === 34) &&
      (isBlank(previous) || '[{,:'.includes(String.fromCharCode(previous)))
    ) {
      quote = code;
      leading = false;
      continue;
    }
    if (code === 91 || code === 123) flowDepth++;
    else if (code === 93 || code === 125) flowDepth = Math.max(0, flowDepth - 1);
    else leading = false;
    if (blockDepth + compact + flowDepth > limit) return { offset: pos, flowDepth };
  }
  if (blockDepth + compact + flowDepth > limit) return { offset: start, flowDepth };
  return { offset: -1, flowDepth };
}
