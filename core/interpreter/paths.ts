// JSONPath as the interpreter uses it: cached parsing, resolution against input/context/variables,
// and AWS's error messages for paths that do not resolve.

import { StatesError, ErrorNames } from '../errors';
import type { JsonValue } from '../json';
import { parseJsonPath, queryPath, type ParsedPath, type QueryResult } from '../jsonpath';
import type { VariableScope } from './variables';

const cache = new Map<string, ParsedPath | { error: string }>();

/** Parses (with a cache) a path; a malformed path is a States.Runtime error. */
export function compilePath(text: string): ParsedPath {
  let hit = cache.get(text);
  if (hit === undefined) {
    const parsed = parseJsonPath(text);
    hit = parsed.ok ? parsed.path : { error: parsed.message };
    if (cache.size > 10_000) cache.clear();
    cache.set(text, hit);
  }
  if ('error' in hit) throw new StatesError(ErrorNames.Runtime, `Invalid JSONPath '${text}': ${hit.error}`);
  return hit;
}

export interface PathScope {
  input: JsonValue;
  context: JsonValue;
  variables: VariableScope;
}

export function resolvePath(text: string, scope: PathScope): QueryResult {
  const path = compilePath(text);
  switch (path.root.kind) {
    case 'input':
      return queryPath(path, scope.input);
    case 'context':
      return queryPath(path, scope.context);
    case 'variable': {
      const name = path.root.name;
      if (!scope.variables.has(name)) {
        return {
          found: false,
          missingAt: `$${name}`,
          message: `The variable '$${name}' is not defined in this scope`,
        };
      }
      return queryPath(path, scope.variables.get(name) ?? null);
    }
  }
}
