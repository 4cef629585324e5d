// Prints paths in Jayway's normalized bracket notation, the form AWS quotes in its error messages,
// e.g. "No results for path: $['NoSuchOutputPath']".

import type { ParsedPath, PathSegment } from './ast';

/**
 * `$['a']['b'][0]`. Always rooted at `$`: like Jayway (which AWS runs on the value behind `$$` or `$name`), the
 * notation is relative to the value the path is evaluated against.
 */
export function toBracketNotation(path: ParsedPath): string {
  return '$' + segmentsToBracketNotation(path.segments);
}

export function segmentsToBracketNotation(segments: readonly PathSegment[]): string {
  return segments.map(segmentFragment).join('');
}

/** One segment as Jayway prints it: `['a']`, `['a','b']`, `[0]`, `[1:3]`, `[*]`, `..`, `[?]`, `.length()`. */
export function segmentFragment(segment: PathSegment): string {
  switch (segment.kind) {
    case 'property':
      return `[${segment.quote}${segment.name}${segment.quote}]`;
    case 'propertyUnion':
      return `[${segment.names.map((name) => `${segment.quote}${name}${segment.quote}`).join(',')}]`;
    case 'index':
      return `[${segment.index}]`;
    case 'indexUnion':
      return `[${segment.indexes.join(',')}]`;
    case 'slice':
      return `[${segment.start ?? ''}:${segment.end ?? ''}]`;
    case 'wildcard':
      return '[*]';
    case 'descendants':
      return '..';
    case 'filter':
      return '[?]';
    case 'function':
      return `.${segment.name}()`;
  }
}
