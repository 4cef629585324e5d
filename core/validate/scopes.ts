// How the validator's messages name a scope of the definition model.
import type { ScopeModel } from '../model';

/** "the top level", "branch 2 of Parallel \"P\"", "the ItemProcessor of Map \"M\"". */
export function describeScope(scope: ScopeModel): string {
  if (!scope.owner) return 'the top level';
  const owner = JSON.stringify(scope.owner.name);
  if (typeof scope.key === 'number') return `branch ${scope.key + 1} of Parallel ${owner}`;
  return `the ${scope.key ?? 'ItemProcessor'} of Map ${owner}`;
}
