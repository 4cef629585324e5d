// Block scalars (`|` and `>`, with chomping and indentation indicators) for the YAML fast path, read exactly as the `yaml` library reads them.
import { type ScanResult, afterLineBreak, isBlankOrEnd, isLineEnd, unsupported } from './yaml-fast-scalars';

// Character codes as module-local constants: imported ones would be property reads through the module
// object, once per character, wherever the sources run unbundled (tsx, the tests).
const LF = 10;
const CR = 13;
const SPACE = 32;
const HASH = 35;
const DASH = 45;

/** A block scalar's lines, in three parallel lists: start of line, indentation, end of content (before CR LF). */
interface BlockLines {
  starts: number[];
  indents: number[];
  ends: number[];
}

/**
 * Reads a block scalar (`|` or `>` at `start`, with optional chomping and indentation indicators) whose
 * parent collection is indented `parentIndent`. Sets `out.end` to the end of its range and `out.stop` to the
 * start of the first line after it. Leading, trailing or inner blank lines with more spaces than the content
 * indentation, and empty block scalars, are unsupported.
 */
export function readBlockScalar(text: string, start: number, parentIndent: number, out: ScanResult): string {
  const literal = text.charCodeAt(start) === 124;
  let chomp = '';
  let explicitIndent = 0;
  let i = start + 1;
  for (let n = 0; n < 2; n++) {
    const code = text.charCodeAt(i);
    if (chomp === '' && (code === DASH || code === 43)) chomp = text.charAt(i);
    else if (explicitIndent === 0 && code >= 49 && code <= 57) explicitIndent = code - 48;
    else break;
    i++;
  }
  if (!isBlankOrEnd(text.charCodeAt(i)) || Number.isNaN(text.charCodeAt(i))) unsupported();
  while (text.charCodeAt(i) === SPACE) i++;
  if (text.charCodeAt(i) === HASH) {
    while (!isLineEnd(text.charCodeAt(i))) i++;
  }
  const lineBreak = text.charCodeAt(i);
  if (lineBreak !== LF && lineBreak !== CR) unsupported();
  let lineStart = afterLineBreak(text, i);
  let contentIndent = explicitIndent > 0 ? parentIndent + explicitIndent : -1;
  let leadingBlankSpaces = 0;
  const lines: BlockLines = { starts: [], indents: [], ends: [] };
  let lastContent = -1;
  let lastContentNext = text.length; // start of the line after the last content line
  while (lineStart < text.length) {
    let j = lineStart;
    while (text.charCodeAt(j) === SPACE) j++;
    const spaces = j - lineStart;
    const code = text.charCodeAt(j);
    let next = text.length;
    let lineEnd = j;
    if (!isLineEnd(code)) {
      if (contentIndent < 0) {
        if (spaces <= parentIndent || leadingBlankSpaces > spaces) unsupported();
        contentIndent = spaces;
      }
      if (spaces < contentIndent) break;
      while (!isLineEnd(text.charCodeAt(lineEnd))) lineEnd++;
      lastContent = lines.starts.length;
    } else if (Number.isNaN(code) && spaces < contentIndent) {
      break; // a last, unfinished line of too few spaces is left out of the scalar
    } else if (contentIndent < 0) {
      leadingBlankSpaces = Math.max(leadingBlankSpaces, spaces);
    } else if (spaces > contentIndent) {
      unsupported();
    }
    if (!Number.isNaN(text.charCodeAt(lineEnd))) next = afterLineBreak(text, lineEnd);
    lines.starts.push(lineStart);
    lines.indents.push(spaces);
    lines.ends.push(lineEnd);
    if (lastContent === lines.starts.length - 1) lastContentNext = next;
    lineStart = next;
  }
  if (lastContent < 0 || leadingBlankSpaces > contentIndent) unsupported();
  out.stop = lineStart;
  out.end = chomp === '+' ? lineStart : lastContentNext;
  out.multiline = true;
  let value = literal
    ? literalContent(text, lines, lastContent, contentIndent)
    : foldedContent(text, lines, lastContent, contentIndent);
  if (chomp === '') value += '\n';
  else if (chomp === '+') {
    let breaks = 0;
    for (let k = lastContentNext - 1; k < lineStart; k++) if (text.charCodeAt(k) === LF) breaks++;
    value += '\n'.repeat(Math.max(1, breaks));
  }
  return value;
}

function literalContent(text: string, lines: BlockLines, lastContent: number, indent: number): string {
  let value = '';
  for (let n = 0; n <= lastContent; n++) {
    const lineIndent = lines.indents[n] ?? 0;
    const end = lines.ends[n] ?? 0;
    const start = (lines.starts[n] ?? 0) + Math.min(lineIndent, indent);
    value += (n === 0 ? '' : '\n') + text.slice(start, Math.max(start, end));
  }
  return value;
}

/** Folding: lines join with a space; blank lines and more-indented lines keep their line breaks. */
function foldedContent(text: string, lines: BlockLines, lastContent: number, indent: number): string {
  let value = '';
  let n = 0;
  // leading blank lines are kept as line breaks
  for (; n <= lastContent && (lines.ends[n] ?? 0) === (lines.starts[n] ?? 0) + (lines.indents[n] ?? 0); n++) {
    value += '\n';
  }
  let separator = '';
  let previousMoreIndented = false;
  for (; n <= lastContent; n++) {
    const lineIndent = lines.indents[n] ?? 0;
    const start = (lines.starts[n] ?? 0) + lineIndent;
    const end = lines.ends[n] ?? 0;
    if (lineIndent > indent) {
      if (separator === ' ') separator = '\n';
      else if (!previousMoreIndented && separator === '\n') separator = '\n\n';
      value += separator + text.slice(start - (lineIndent - indent), end);
      separator = '\n';
      previousMoreIndented = true;
    } else if (start === end) {
      if (separator === '\n') value += '\n';
      else separator = '\n';
    } else {
      value += separator + text.slice(start, end);
      separator = ' ';
      previousMoreIndented = false;
    }
  }
  return value;
}
