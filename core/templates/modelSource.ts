// A machine read out of a template as a source of the definition model (core/model's DefinitionSource):
// its resolved definition's text, and a source map from ranges of that text to where the template (or a
// file it names) writes them, through the machine's path-keyed source map (the nearest mapped part).
import type { DefinitionSource, SourceLocation } from '../model';
import { nodeAtOffset, nodeAtPath, parseDocument } from '../parse';
import { locateInTemplate } from './summary';
import type { TemplateMachine } from './types';

/** The definition model's source for a template's machine; undefined when its definition did not resolve. */
export function definitionSourceOf(machine: TemplateMachine): DefinitionSource | undefined {
  if (machine.definitionText === undefined) return undefined;
  const document = parseDocument(machine.definitionText, { format: 'json' });
  const ast = document.ast;
  return {
    document,
    sourceMap: {
      toSource(range): SourceLocation | undefined {
        const hit = ast ? nodeAtOffset(ast, range.start) : undefined;
        const path = hit?.inKey && hit.property ? [...hit.path, hit.property.key] : (hit?.path ?? []);
        const location = locateInTemplate(machine, path);
        return location && { file: location.file, start: location.start, end: location.end };
      },
      fromSource(file, offset): number | undefined {
        // The smallest mapped part of `file` holding the offset is the most precise.
        let best: { path: (string | number)[]; size: number } | undefined;
        for (const { path, location } of machine.sourceMap) {
          if (location.file !== file || offset < location.start || offset > location.end) continue;
          const size = location.end - location.start;
          if (!best || size < best.size) best = { path, size };
        }
        return best ? nodeAtPath(ast, best.path)?.range.start : undefined;
      },
    },
  };
}
