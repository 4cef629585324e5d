// Ranges of a definition in the files the user edits: the same ranges for a definition file, the source
// map's for a definition resolved out of a template. Positions leave core through here and come back in.
import type { LineMap, OffsetRange } from '../diagnostics';
import { nodeAtOffset, nodeAtPath, propertyAt, type ParsedDocument } from '../parse';
import { stateAtLine } from './lookup';
import type { DefinitionModel, SourceLocation, StateLocation } from './types';

/** Where `range` of the definition is in the user's files; undefined when they have no counterpart. */
export function sourceRange(model: DefinitionModel, range: OffsetRange): SourceLocation | undefined {
  const { sourceMap, file } = model.source;
  return sourceMap ? sourceMap.toSource(range) : { file, start: range.start, end: range.end };
}

/** The definition's offset for `offset` of `file`; undefined when that place is not in the definition. */
export function definitionOffset(model: DefinitionModel, file: string, offset: number): number | undefined {
  const { sourceMap, file: own } = model.source;
  if (sourceMap) return sourceMap.fromSource(file, offset);
  return own === undefined || own === file ? offset : undefined;
}

/**
 * The definition's offset for a key (a state's name, a field's name) written at `offset` of `file`, whose
 * parsed text is `written`: undefined when `offset` is not on a key of the definition as written there.
 * A source map places values only (`definitionOffset` answers a key with the start of the value holding
 * it), so a key is found by its path: its path in `written` under the definition's root (an inline
 * definition: a SAM `Definition`, a serverless `definition`), followed in the definition. A definition
 * file without a source map is its own source: the key is where it is written.
 */
export function definitionKeyOffset(
  model: DefinitionModel,
  written: ParsedDocument,
  file: string,
  offset: number,
): number | undefined {
  const definition = model.source.document.ast;
  if (!written.ast || !definition) return undefined;
  if (!model.source.sourceMap) {
    if (definitionOffset(model, file, offset) === undefined) return undefined;
    return nodeAtOffset(definition, offset)?.inKey ? offset : undefined;
  }
  const root = sourceRange(model, definition.range);
  if (root?.file !== file || offset < root.start || offset > root.end) return undefined;
  const rootHit = nodeAtOffset(written.ast, root.start);
  const hit = nodeAtOffset(written.ast, offset);
  if (!rootHit || !hit?.inKey || !hit.property) return undefined;
  const prefix = rootHit.path;
  if (hit.path.length < prefix.length || prefix.some((segment, i) => hit.path[i] !== segment))
    return undefined;
  const owner = nodeAtPath(definition, hit.path.slice(prefix.length));
  if (owner?.kind !== 'object') return undefined;
  return propertyAt(owner, hit.property.key)?.keyRange.start;
}

/**
 * The innermost state written on the zero-based `line` of `file` (`lines` is that file's line table): a
 * breakpoint's or a lens's line in a template mapped to a state of its resolved definition. When two
 * states at the same depth share the line, the one whose name is on it wins (as `stateAtLine`). A
 * definition file without a source map is its own source: `stateAtLine` answers.
 */
export function stateAtSourceLine(
  model: DefinitionModel,
  file: string,
  lines: LineMap,
  line: number,
): StateLocation | undefined {
  if (!model.source.sourceMap) {
    const own = model.source.file;
    return own === undefined || own === file ? stateAtLine(model, line) : undefined;
  }
  if (!Number.isInteger(line) || line < 0 || line >= lines.lineCount) return undefined;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const lineEnd =
    line + 1 < lines.lineCount ? lines.offsetAt({ line: line + 1, character: 0 }) : lines.text.length;
  let best: StateLocation | undefined;
  let bestNameOnLine = false;
  for (const state of model.states) {
    const written = sourceRange(model, state.range);
    if (written?.file !== file || !(written.start < lineEnd && written.end > lineStart)) continue;
    const name = sourceRange(model, state.nameRange);
    const nameOnLine = name !== undefined && name.start >= lineStart && name.start < lineEnd;
    const deeper = !best || state.path.length > best.path.length;
    const sameDepth = best !== undefined && state.path.length === best.path.length;
    if (deeper || (sameDepth && nameOnLine && !bestNameOnLine)) {
      best = state;
      bestNameOnLine = nameOnLine;
    }
  }
  return best;
}
