// The one walk over a definition's nested states and the one collector of its transitions.
//
// Where states nest (the States Language): the top level's `States`; a Parallel's `Branches[i].States`;
// a Map's `ItemProcessor.States` (and the older `Iterator.States`). Nesting is followed whatever `Type`
// says, so a half-typed state still shows its children. The walk keeps its own stack (no recursion), so
// a value nested however deep cannot overflow the call stack.
import type { OffsetRange } from '../diagnostics';
import type { JsonValue } from '../json';
import {
  type AstNode,
  type AstObject,
  type AstProperty,
  type ParsedDocument,
  parsedDocumentOfValue,
  propertyAt,
} from '../parse';
import type {
  DefinitionModel,
  DefinitionSource,
  QueryLanguage,
  ScopeKind,
  ScopeModel,
  StateLocation,
  TransitionField,
  TransitionRef,
} from './types';

const byDocument = new WeakMap<ParsedDocument, DefinitionModel>();
const byValue = new WeakMap<object, DefinitionModel>();

/**
 * The model of a definition, built on first use and cached per parsed document (a source with a source
 * map is cached by its document too: one document, one model).
 */
export function definitionModel(input: ParsedDocument | DefinitionSource): DefinitionModel {
  const source = sourceOf(input);
  const cached = byDocument.get(source.document);
  if (cached) return cached;
  const model = buildModel(source);
  byDocument.set(source.document, model);
  return model;
}

/**
 * The model of a document read once and dropped (validate(text)), not cached: a cache entry per such
 * document would cost the garbage collector more than the model (WeakMap entries are ephemerons).
 */
export function uncachedDefinitionModel(input: ParsedDocument | DefinitionSource): DefinitionModel {
  return byDocument.get(sourceOf(input).document) ?? buildModel(sourceOf(input));
}

function sourceOf(input: ParsedDocument | DefinitionSource): DefinitionSource {
  return 'document' in input ? input : { document: input };
}

/**
 * The model of a plain definition value (no source text: ranges are empty), cached per object. Callers
 * must not change the value afterwards (definitions are read-only to their readers).
 */
export function definitionModelOfValue(definition: JsonValue | undefined): DefinitionModel {
  const key = typeof definition === 'object' && definition !== null ? definition : undefined;
  const cached = key ? byValue.get(key) : undefined;
  if (cached) return cached;
  const model = buildModel({ document: parsedDocumentOfValue(definition) });
  if (key) byValue.set(key, model);
  return model;
}

/** A scope whose states are still being visited. */
interface PendingScope {
  scope: ScopeModel;
  properties: readonly AstProperty[];
  next: number;
}

function buildModel(source: DefinitionSource): DefinitionModel {
  const doc = source.document;
  const root = doc.ast?.kind === 'object' ? doc.ast : undefined;
  const queryLanguage = root
    ? declaredQueryLanguage(propertyAt(root, 'QueryLanguage'), 'JSONPath')
    : 'JSONPath';
  const model: DefinitionModel = {
    source,
    doc,
    root,
    queryLanguage,
    scopes: [],
    states: [],
    transitions: [],
  };
  if (!root) return model;

  const pending: PendingScope[] = [];
  const visitLater = (scope: ScopeModel): void => {
    const states = scope.statesProperty?.value;
    if (states?.kind === 'object') pending.push({ scope, properties: states.properties, next: 0 });
  };
  const top = newScope(root, 'top', undefined, undefined, []);
  visitLater(top);
  while (pending.length > 0) {
    const visiting = pending[pending.length - 1] as PendingScope;
    const property = visiting.properties[visiting.next++];
    if (!property) {
      pending.pop();
      continue;
    }
    const state = visitState(property, visiting.scope, queryLanguage);
    model.states.push(state);
    // A state's nested states come right after it, its first scope's first: push them in reverse.
    for (let i = state.scopes.length - 1; i >= 0; i--) visitLater(state.scopes[i] as ScopeModel);
  }
  model.scopes = inDocumentOrder(top);
  for (const scope of model.scopes) {
    for (const transition of scope.transitions) model.transitions.push(transition);
  }
  return model;
}

function newScope(
  container: AstObject,
  kind: ScopeKind,
  owner: StateLocation | undefined,
  key: ScopeModel['key'],
  path: (string | number)[],
): ScopeModel {
  const parent = owner?.scope;
  let statesProperty: AstProperty | undefined;
  let startAt: AstProperty | undefined;
  let processorConfig: AstProperty | undefined;
  for (const property of container.properties) {
    // With a key repeated, the last one counts (as in propertyAt and JSON.parse).
    if (property.key === 'States') statesProperty = property;
    else if (property.key === 'StartAt') startAt = property;
    else if (property.key === 'ProcessorConfig') processorConfig = property;
  }
  const scope: ScopeModel = {
    kind,
    container,
    path,
    owner,
    parent,
    key,
    depth: parent ? parent.depth + 1 : 0,
    statesProperty,
    distributed: (parent?.distributed ?? false) || (kind === 'processor' && isDistributed(processorConfig)),
    states: [],
    byName: new Map(),
    transitions: [],
  };
  addTransition(scope, undefined, 'StartAt', startAt);
  return scope;
}

/** Adds the state to its scope, with its transitions (in TransitionField order) and its nested scopes. */
function visitState(
  property: AstProperty,
  scope: ScopeModel,
  machineLanguage: QueryLanguage | undefined,
): StateLocation {
  const node = property.value?.kind === 'object' ? property.value : undefined;
  // The fields the model reads, in one pass; with a key repeated, the last one counts (as in JSON.parse).
  let type: AstProperty | undefined;
  let queryLanguage: AstProperty | undefined;
  let next: AstProperty | undefined;
  let otherwise: AstProperty | undefined;
  let choices: AstProperty | undefined;
  let catchers: AstProperty | undefined;
  let branches: AstProperty | undefined;
  let itemProcessor: AstProperty | undefined;
  let iterator: AstProperty | undefined;
  for (const field of node?.properties ?? []) {
    switch (field.key) {
      case 'Type':
        type = field;
        break;
      case 'QueryLanguage':
        queryLanguage = field;
        break;
      case 'Next':
        next = field;
        break;
      case 'Default':
        otherwise = field;
        break;
      case 'Choices':
        choices = field;
        break;
      case 'Catch':
        catchers = field;
        break;
      case 'Branches':
        branches = field;
        break;
      case 'ItemProcessor':
        itemProcessor = field;
        break;
      case 'Iterator':
        iterator = field;
        break;
    }
  }
  const typeNode = type?.value;
  const state = new ModelState(
    property,
    scope,
    typeNode?.kind === 'string' ? (typeNode.value as string) : undefined,
    node,
    node ? declaredQueryLanguage(queryLanguage, machineLanguage) : machineLanguage,
  );
  scope.states.push(state);
  if (!scope.byName.has(state.name)) scope.byName.set(state.name, state);
  if (!node) return state;
  addTransition(scope, state, 'Next', next);
  addTransition(scope, state, 'Default', otherwise);
  forEachObject(choices?.value, (rule, index) =>
    addTransition(scope, state, 'ChoiceNext', propertyAt(rule, 'Next'), rule, index),
  );
  forEachObject(catchers?.value, (catcher, index) =>
    addTransition(scope, state, 'CatchNext', propertyAt(catcher, 'Next'), catcher, index),
  );
  forEachObject(branches?.value, (branch, index) =>
    state.addScope(newScope(branch, 'branch', state, index, [...state.path, 'Branches', index])),
  );
  if (itemProcessor?.value?.kind === 'object') {
    state.addScope(
      newScope(itemProcessor.value, 'processor', state, 'ItemProcessor', [...state.path, 'ItemProcessor']),
    );
  }
  if (iterator?.value?.kind === 'object') {
    state.addScope(newScope(iterator.value, 'processor', state, 'Iterator', [...state.path, 'Iterator']));
  }
  return state;
}

/** Shared by the states that have no nested scope or no transition (most have one or the other). */
const NONE: never[] = [];

/**
 * A state of the model. A class so that its path is made only when read (validation never reads it),
 * with the path cached in a private field rather than a per-object closure.
 */
class ModelState implements StateLocation {
  readonly name: string;
  readonly nameRange: OffsetRange;
  readonly range: OffsetRange;
  scopes: ScopeModel[] = NONE;
  transitions: TransitionRef[] = NONE;
  #path: (string | number)[] | undefined;

  constructor(
    readonly property: AstProperty,
    readonly scope: ScopeModel,
    readonly type: string | undefined,
    readonly node: AstObject | undefined,
    readonly queryLanguage: QueryLanguage | undefined,
  ) {
    this.name = property.key;
    this.nameRange = property.keyRange;
    this.range = property.range;
  }

  get path(): (string | number)[] {
    this.#path ??= [...this.scope.path, 'States', this.name];
    return this.#path;
  }

  addScope(scope: ScopeModel): void {
    if (this.scopes === NONE) this.scopes = [];
    this.scopes.push(scope);
  }

  addTransition(transition: TransitionRef): void {
    if (this.transitions === NONE) this.transitions = [];
    this.transitions.push(transition);
  }
}

/** The top scope, then depth first: the scopes of each state right after the scope holding it. */
function inDocumentOrder(top: ScopeModel): ScopeModel[] {
  const ordered: ScopeModel[] = [];
  const stack: ScopeModel[] = [top];
  while (stack.length > 0) {
    const scope = stack.pop() as ScopeModel;
    ordered.push(scope);
    for (let s = scope.states.length - 1; s >= 0; s--) {
      const nested = (scope.states[s] as StateLocation).scopes;
      for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i] as ScopeModel);
    }
  }
  return ordered;
}

/** Records one written transition field (a field with no value is not one yet). */
function addTransition(
  scope: ScopeModel,
  from: ModelState | undefined,
  field: TransitionField,
  property: AstProperty | undefined,
  entry?: AstObject,
  index?: number,
): void {
  const node = property?.value;
  if (!node) return;
  const transition: TransitionRef = {
    scope,
    from,
    field,
    node,
    target: node.kind === 'string' ? (node.value as string) : undefined,
  };
  if (entry) {
    transition.entry = entry;
    transition.index = index;
  }
  scope.transitions.push(transition);
  if (from instanceof ModelState) from.addTransition(transition);
}

function forEachObject(list: AstNode | undefined, visit: (item: AstObject, index: number) => void): void {
  if (list?.kind !== 'array') return;
  list.items.forEach((item, index) => {
    if (item.kind === 'object') visit(item, index);
  });
}

/** The language a QueryLanguage field names, else `inherited` without one; undefined for any other value. */
function declaredQueryLanguage(
  own: AstProperty | undefined,
  inherited: QueryLanguage | undefined,
): QueryLanguage | undefined {
  if (!own) return inherited;
  const value = own.value?.kind === 'string' ? own.value.value : undefined;
  return value === 'JSONPath' || value === 'JSONata' ? value : undefined;
}

function isDistributed(processorConfig: AstProperty | undefined): boolean {
  const config = processorConfig?.value;
  const mode = config?.kind === 'object' ? propertyAt(config, 'Mode')?.value : undefined;
  return mode?.kind === 'string' && mode.value === 'DISTRIBUTED';
}
