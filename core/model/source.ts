// Ranges of a definition in the file the user edits: the same ranges for a definition file, the source
// map's for a definition resolved out of a template. Positions leave core through here.
import type { OffsetRange } from '../diagnostics';
import type { DefinitionModel } from './types';

/** Where `range` of the definition is in the user's file; undefined when the file has no counterpart. */
export function sourceRange(model: DefinitionModel, range: OffsetRange): OffsetRange | undefined {
  const map = model.source.sourceMap;
  return map ? map.toSource(range) : range;
}

/** The definition's offset for the user's file's `offset`; undefined outside the definition. */
export function definitionOffset(model: DefinitionModel, offset: number): number | undefined {
  const map = model.source.sourceMap;
  return map ? map.fromSource(offset) : offset;
}
