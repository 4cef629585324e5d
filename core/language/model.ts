// The state graph of a parsed document for the editor: its scopes (top level, Parallel branches, Map
// processors), the states of each, and every transition (StartAt, Next, Default, Choice and Catch Next) with
// the string node that names its target. Built once per parsed document and cached.
import type { AstNode, AstObject, AstProperty, AstScalar, ParsedDocument, StateLocation } from '../parse';
import { propertyAt } from '../parse';

export type TransitionField = 'StartAt' | 'Next' | 'Default' | 'ChoiceNext' | 'CatchNext';

export interface ScopeModel {
  /** The object holding `StartAt` and `States`: the root, a branch object or a processor object. */
  container: AstObject;
  /** The Parallel or Map state owning the scope (undefined at the top level). */
  owner: StateLocation | undefined;
  /** Branch index for a Parallel branch, 'ItemProcessor' for a Map processor, undefined at the top level. */
  branch: number | 'ItemProcessor' | undefined;
  parent: ScopeModel | undefined;
  statesProperty: AstProperty | undefined;
  states: StateLocation[];
}

export interface TransitionRef {
  scope: ScopeModel;
  /** The state the transition leaves; undefined for StartAt. */
  from: StateLocation | undefined;
  field: TransitionField;
  /** The string naming the target. */
  node: AstScalar;
  target: string;
  /** For Catch and Choice rules: the entry (catcher or rule) holding the Next. */
  entry?: AstObject;
  /** For Catch: the index of the catcher; for Choice: the index of the rule. */
  index?: number;
}

export interface DocumentModel {
  doc: ParsedDocument;
  scopes: ScopeModel[];
  transitions: TransitionRef[];
  scopeOf(state: StateLocation): ScopeModel | undefined;
  /** The state a transition names, in the transition's own scope. */
  resolve(ref: TransitionRef): StateLocation | undefined;
  /** A state by name in a scope. */
  stateIn(scope: ScopeModel, name: string): StateLocation | undefined;
}

const cache = new WeakMap<ParsedDocument, DocumentModel>();

/** The model of a parsed document (cached per document object). */
export function documentModel(doc: ParsedDocument): DocumentModel {
  const cached = cache.get(doc);
  if (cached) return cached;
  const model = buildModel(doc);
  cache.set(doc, model);
  return model;
}

function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

function buildModel(doc: ParsedDocument): DocumentModel {
  const scopes: ScopeModel[] = [];
  const byContainerPath = new Map<string, ScopeModel>();
  const stateScope = new Map<StateLocation, ScopeModel>();
  const root = doc.ast?.kind === 'object' ? doc.ast : undefined;

  const addScope = (
    container: AstObject,
    path: (string | number)[],
    owner: StateLocation | undefined,
    branch: ScopeModel['branch'],
    parent: ScopeModel | undefined,
  ): void => {
    const scope: ScopeModel = {
      container,
      owner,
      branch,
      parent,
      statesProperty: propertyAt(container, 'States'),
      states: [],
    };
    scopes.push(scope);
    byContainerPath.set(pathKey(path), scope);
  };

  if (root) addScope(root, [], undefined, undefined, undefined);
  // doc.states lists a state before the states nested in it, so a scope exists before its states are seen.
  for (const state of doc.states) {
    const scope = byContainerPath.get(pathKey(state.path.slice(0, -2)));
    if (scope) {
      scope.states.push(state);
      stateScope.set(state, scope);
    }
    const node = state.node;
    if (!node) continue;
    const branches = propertyAt(node, 'Branches')?.value;
    if (branches?.kind === 'array') {
      branches.items.forEach((item, index) => {
        if (item.kind === 'object') addScope(item, [...state.path, 'Branches', index], state, index, scope);
      });
    }
    for (const key of ['ItemProcessor', 'Iterator']) {
      const processor = propertyAt(node, key)?.value;
      if (processor?.kind === 'object')
        addScope(processor, [...state.path, key], state, 'ItemProcessor', scope);
    }
  }

  const transitions: TransitionRef[] = [];
  for (const scope of scopes) collectTransitions(scope, transitions);

  const indexes = new Map<ScopeModel, Map<string, StateLocation>>();
  const stateIn = (scope: ScopeModel, name: string): StateLocation | undefined => {
    let index = indexes.get(scope);
    if (!index) {
      index = new Map();
      for (const state of scope.states) if (!index.has(state.name)) index.set(state.name, state);
      indexes.set(scope, index);
    }
    return index.get(name);
  };
  return {
    doc,
    scopes,
    transitions,
    scopeOf: (state) => stateScope.get(state),
    resolve: (ref) => stateIn(ref.scope, ref.target),
    stateIn,
  };
}

function stringNode(node: AstNode | undefined): AstScalar | undefined {
  return node?.kind === 'string' ? node : undefined;
}

function objectItems(node: AstNode | undefined): { item: AstObject; index: number }[] {
  if (node?.kind !== 'array') return [];
  const out: { item: AstObject; index: number }[] = [];
  node.items.forEach((item, index) => {
    if (item.kind === 'object') out.push({ item, index });
  });
  return out;
}

function collectTransitions(scope: ScopeModel, out: TransitionRef[]): void {
  const push = (
    from: StateLocation | undefined,
    field: TransitionField,
    property: AstProperty | undefined,
    extra: { entry?: AstObject; index?: number } = {},
  ): void => {
    const node = stringNode(property?.value);
    if (node) out.push({ scope, from, field, node, target: node.value as string, ...extra });
  };
  push(undefined, 'StartAt', propertyAt(scope.container, 'StartAt'));
  for (const state of scope.states) {
    const node = state.node;
    if (!node) continue;
    push(state, 'Next', propertyAt(node, 'Next'));
    push(state, 'Default', propertyAt(node, 'Default'));
    for (const { item, index } of objectItems(propertyAt(node, 'Choices')?.value)) {
      push(state, 'ChoiceNext', propertyAt(item, 'Next'), { entry: item, index });
    }
    for (const { item, index } of objectItems(propertyAt(node, 'Catch')?.value)) {
      push(state, 'CatchNext', propertyAt(item, 'Next'), { entry: item, index });
    }
  }
}

/** The transitions that lead into `state` (in its own scope). */
export function incomingTransitions(model: DocumentModel, state: StateLocation): TransitionRef[] {
  return model.transitions.filter((ref) => model.resolve(ref) === state);
}

/** The transitions that leave `state`. */
export function outgoingTransitions(model: DocumentModel, state: StateLocation): TransitionRef[] {
  return model.transitions.filter((ref) => ref.from === state);
}

/** The transition whose target string holds `offset` (ends inclusive). */
export function transitionAt(model: DocumentModel, offset: number): TransitionRef | undefined {
  return model.transitions.find((ref) => ref.node.range.start <= offset && offset <= ref.node.range.end);
}

/** The state whose name (key) holds `offset` (ends inclusive). */
export function stateNameAt(doc: ParsedDocument, offset: number): StateLocation | undefined {
  return doc.states.find((state) => state.nameRange.start <= offset && offset <= state.nameRange.end);
}

/** The ErrorEquals names of a Catch or Retry entry, for descriptions. */
export function errorNames(entry: AstObject | undefined): string[] {
  const list = entry ? propertyAt(entry, 'ErrorEquals')?.value : undefined;
  if (list?.kind !== 'array') return [];
  return list.items.flatMap((item) => (item.kind === 'string' ? [item.value as string] : []));
}
