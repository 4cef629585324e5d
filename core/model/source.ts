// Ranges of a definition in the files the user edits: the same ranges for a definition file, the source
// map's for a definition resolved out of a template. Positions leave core through here and come back in.
import type { OffsetRange } from '../diagnostics';
import type { DefinitionModel, SourceLocation } from './types';

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
