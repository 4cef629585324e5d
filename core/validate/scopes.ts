// Collects the scopes of a definition (the top level, each Parallel branch, each Map ItemProcessor/Iterator)
// and their states, with each state's effective query language.
import type { AstObject } from '../parse';
import { propertyAt } from '../parse';
import type { QueryLanguage, Scope, StateInfo } from './context';

/** Every scope, outer ones before the ones nested in them; the first is the top level. */
export function collectScopes(root: AstObject, topQueryLanguage: QueryLanguage | undefined): Scope[] {
  const scopes: Scope[] = [];
  const pending: {
    node: AstObject;
    kind: Scope['kind'];
    owner: StateInfo | undefined;
    parent: Scope | undefined;
  }[] = [{ node: root, kind: 'top', owner: undefined, parent: undefined }];
  while (pending.length > 0) {
    const next = pending.shift();
    if (!next) break;
    const scope = buildScope(next.node, next.kind, next.owner, next.parent, topQueryLanguage);
    scopes.push(scope);
    for (const state of scope.states) {
      if (!state.node) continue;
      const branches = propertyAt(state.node, 'Branches')?.value;
      if (branches?.kind === 'array') {
        for (const branch of branches.items) {
          if (branch.kind === 'object')
            pending.push({ node: branch, kind: 'branch', owner: state, parent: scope });
        }
      }
      for (const key of ['ItemProcessor', 'Iterator']) {
        const processor = propertyAt(state.node, key)?.value;
        if (processor?.kind === 'object')
          pending.push({ node: processor, kind: 'processor', owner: state, parent: scope });
      }
    }
  }
  return scopes;
}

function buildScope(
  node: AstObject,
  kind: Scope['kind'],
  owner: StateInfo | undefined,
  parent: Scope | undefined,
  topQueryLanguage: QueryLanguage | undefined,
): Scope {
  const statesProperty = propertyAt(node, 'States');
  const distributed = (parent?.distributed ?? false) || (kind === 'processor' && isDistributed(node));
  const scope: Scope = {
    node,
    kind,
    owner,
    parent,
    statesProperty,
    distributed,
    states: [],
    byName: new Map(),
  };
  const states = statesProperty?.value;
  if (states?.kind !== 'object') return scope;
  for (const property of states.properties) {
    const stateNode = property.value?.kind === 'object' ? property.value : undefined;
    const typeNode = stateNode ? propertyAt(stateNode, 'Type')?.value : undefined;
    const state: StateInfo = {
      name: property.key,
      property,
      node: stateNode,
      scope,
      type: typeNode?.kind === 'string' ? (typeNode.value as string) : undefined,
      queryLanguage: stateQueryLanguage(stateNode, topQueryLanguage),
    };
    scope.states.push(state);
    if (!scope.byName.has(state.name)) scope.byName.set(state.name, state);
  }
  return scope;
}

/**
 * A state's own QueryLanguage, else the state machine's (AWS: states inherit the top-level setting, not
 * the enclosing Map's or Parallel's). Undefined when the value is not one of the two languages.
 */
function stateQueryLanguage(
  node: AstObject | undefined,
  topQueryLanguage: QueryLanguage | undefined,
): QueryLanguage | undefined {
  const own = node ? propertyAt(node, 'QueryLanguage') : undefined;
  if (!own) return topQueryLanguage;
  const value = own.value?.kind === 'string' ? own.value.value : undefined;
  return value === 'JSONPath' || value === 'JSONata' ? value : undefined;
}

/** "the top level", "branch 2 of Parallel \"P\"", "the ItemProcessor of Map \"M\"". */
export function describeScope(scope: Scope): string {
  if (!scope.owner) return 'the top level';
  const owner = JSON.stringify(scope.owner.name);
  if (scope.kind === 'branch') {
    const branches = scope.owner.node ? propertyAt(scope.owner.node, 'Branches')?.value : undefined;
    const index = branches?.kind === 'array' ? branches.items.indexOf(scope.node) : -1;
    return index >= 0 ? `branch ${index + 1} of Parallel ${owner}` : `a branch of Parallel ${owner}`;
  }
  const key = scope.owner.node?.properties.find((p) => p.value === scope.node)?.key ?? 'ItemProcessor';
  return `the ${key} of Map ${owner}`;
}

/** True when `inner` is `outer` or nested (at any depth) inside it. */
export function isWithin(inner: Scope, outer: Scope): boolean {
  for (let scope: Scope | undefined = inner; scope; scope = scope.parent) {
    if (scope === outer) return true;
  }
  return false;
}

function isDistributed(processor: AstObject): boolean {
  const config = propertyAt(processor, 'ProcessorConfig')?.value;
  const mode = config?.kind === 'object' ? propertyAt(config, 'Mode')?.value : undefined;
  return mode?.kind === 'string' && mode.value === 'DISTRIBUTED';
}
