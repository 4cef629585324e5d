// Completion: field names by object kind, state type and query language; state names for StartAt, Next
// and Default; enumerated values; Resource ARNs; error names; and expressions inside strings.
import type { OffsetRange } from '../diagnostics';
import {
  type DefinitionModel,
  type ScopeModel,
  type StateLocation,
  definitionModel,
  enclosingState,
} from '../model';
import type { AstObject, AstPath, AstScalar, ParsedDocument } from '../parse';
import { type FieldSpec, type FieldTable, STATE_FIELDS, STATE_TYPES } from '../validate/fields';
import { type CursorSite, cursorSite } from './cursor';
import { expressionCompletions, scopeForState } from './expressions';
import { ERROR_NAMES, STATE_TYPE_DOCS, fieldDocumentation } from './field-docs';
import {
  type ObjectKind,
  type QueryLanguage,
  classifyPath,
  fieldFitsLanguage,
  fieldTableFor,
  stateQueryLanguage,
} from './objects';
import {
  ITEM_READER_RESOURCES,
  RESULT_WRITER_RESOURCES,
  type ResourceSuggestion,
  TASK_RESOURCES,
} from './resources';
import { quoteName, wordAround } from './text';
import type { CompletionCandidate } from './types';

const JSONPATH_ROLES = new Set(['path', 'resultPath', 'referencePath', 'pathOrIntrinsic']);

/** Completion candidates at `offset`. Never throws on a well-formed ParsedDocument, whatever its text. */
export function completionsAt(doc: ParsedDocument, offset: number): CompletionCandidate[] {
  if (!doc.ast) return doc.text.trim() === '' ? [skeleton(doc, offset)] : [];
  const site = cursorSite(doc, offset);
  if (!site) return [];
  switch (site.kind) {
    case 'key':
      return keyCompletions(doc, site);
    case 'value':
      return valueCompletions(doc, site, offset);
    case 'item':
      return itemCompletions(doc, site, offset);
  }
}

interface ObjectInfo {
  model: DefinitionModel;
  kind: ObjectKind;
  state: StateLocation | undefined;
  queryLanguage: QueryLanguage;
}

function objectInfo(doc: ParsedDocument, path: AstPath): ObjectInfo {
  const model = definitionModel(doc);
  const state = enclosingState(model, path);
  return { model, kind: classifyPath(path), state, queryLanguage: stateQueryLanguage(model, state) };
}

function valueSnippet(doc: ParsedDocument, key: string, spec: FieldSpec | undefined): string {
  const type = spec?.types[0] ?? 'string';
  const json = doc.format === 'json';
  if (key === 'End') return 'true';
  const values = key === 'Type' && spec?.types[0] === 'string' && !spec.values ? STATE_TYPES : spec?.values;
  if (values) {
    const choices = values.map((v) => (json ? JSON.stringify(v) : v).replace(/[,|\\]/g, '\\$&')).join(',');
    return `\${1|${choices}|}`;
  }
  switch (type) {
    case 'string':
      return json ? '"$1"' : '$1';
    case 'boolean':
      return '${1:true}';
    case 'integer':
    case 'number':
      return '${1:0}';
    case 'object':
      return json ? '{$1}' : '\n  $1';
    case 'array':
      return json ? '[$1]' : '\n  - $1';
    default:
      return '$1';
  }
}

function keyCandidate(
  doc: ParsedDocument,
  site: Extract<CursorSite, { kind: 'key' }>,
  key: string,
  spec: FieldSpec | undefined,
  kind: ObjectKind,
  order: number,
): CompletionCandidate {
  const keyText = doc.format === 'json' ? JSON.stringify(key) : quoteName(key, 'yaml');
  let insertText = keyText.replace(/\$/g, '\\$');
  if (!site.hasColon) {
    const value = valueSnippet(doc, key, spec);
    insertText = `${insertText}:${value.startsWith('\n') ? '' : ' '}${value}`;
  }
  return {
    label: key,
    kind: 'field',
    detail: spec ? spec.types.join(' | ') + (spec.only ? ` (${spec.only} only)` : '') : undefined,
    documentation: fieldDocumentation(key, kind),
    insertText,
    snippet: true,
    range: site.range,
    filterText: doc.text.charAt(site.range.start) === '"' ? JSON.stringify(key) : key,
    sortText: String(order).padStart(4, '0'),
  };
}

function keyCompletions(
  doc: ParsedDocument,
  site: Extract<CursorSite, { kind: 'key' }>,
): CompletionCandidate[] {
  const info = objectInfo(doc, site.path);
  if (info.kind === 'states') return stateSnippets(doc, site);
  let table: FieldTable | undefined = fieldTableFor(info.kind, site.object, info.queryLanguage);
  if (!table && info.kind === 'state') table = anyStateFields();
  if (!table) return [];
  const present = new Set(site.object.properties.filter((p) => p !== site.property).map((p) => p.key));
  const out: CompletionCandidate[] = [];
  Object.entries(table).forEach(([key, spec], index) => {
    if (present.has(key) || !fieldFitsLanguage(spec, info.queryLanguage)) return;
    out.push(keyCandidate(doc, site, key, spec, info.kind, index));
  });
  return out;
}

/** Before a state has a Type: Type first, then every field any state may have. */
function anyStateFields(): FieldTable {
  const merged: Record<string, FieldSpec> = {};
  for (const type of STATE_TYPES) Object.assign(merged, STATE_FIELDS[type]);
  const { Type, ...rest } = merged;
  return Type ? { Type, ...rest } : rest;
}

const STATE_TEMPLATES: Record<string, { json: string; yaml: string }> = {
  Pass: { json: '"Type": "Pass",\n  "End": true', yaml: 'Type: Pass\n  End: true' },
  Task: {
    json: '"Type": "Task",\n  "Resource": "${2:arn:aws:states:::lambda:invoke}",\n  "End": true',
    yaml: 'Type: Task\n  Resource: ${2:arn:aws:states:::lambda:invoke}\n  End: true',
  },
  Choice: {
    json: '"Type": "Choice",\n  "Choices": [$2],\n  "Default": "$3"',
    yaml: 'Type: Choice\n  Choices:\n    - $2\n  Default: $3',
  },
  Wait: {
    json: '"Type": "Wait",\n  "Seconds": ${2:1},\n  "End": true',
    yaml: 'Type: Wait\n  Seconds: ${2:1}\n  End: true',
  },
  Succeed: { json: '"Type": "Succeed"', yaml: 'Type: Succeed' },
  Fail: {
    json: '"Type": "Fail",\n  "Error": "$2",\n  "Cause": "$3"',
    yaml: 'Type: Fail\n  Error: $2\n  Cause: $3',
  },
  Parallel: {
    json: '"Type": "Parallel",\n  "Branches": [$2],\n  "End": true',
    yaml: 'Type: Parallel\n  Branches:\n    - $2\n  End: true',
  },
  Map: {
    json: '"Type": "Map",\n  "ItemProcessor": {\n    "StartAt": "$2",\n    "States": {$3}\n  },\n  "End": true',
    yaml: 'Type: Map\n  ItemProcessor:\n    StartAt: $2\n    States:\n      $3\n  End: true',
  },
};

/** In a `States` object: a new state of each type. */
function stateSnippets(
  doc: ParsedDocument,
  site: Extract<CursorSite, { kind: 'key' }>,
): CompletionCandidate[] {
  if (site.hasColon) return [];
  return STATE_TYPES.map((type, index) => {
    const template = STATE_TEMPLATES[type];
    const body = doc.format === 'json' ? template?.json : template?.yaml;
    const insertText =
      doc.format === 'json'
        ? `"\${1:${type}State}": {\n  ${body ?? ''}\n}`
        : `\${1:${type}State}:\n  ${body ?? ''}`;
    return {
      label: `${type} state`,
      kind: 'snippet' as const,
      detail: `A new ${type} state`,
      documentation: STATE_TYPE_DOCS[type],
      insertText,
      snippet: true,
      range: site.range,
      filterText: doc.text.slice(site.range.start, site.range.end) || type,
      sortText: String(index).padStart(4, '0'),
    };
  });
}

function valueCandidate(
  doc: ParsedDocument,
  range: OffsetRange,
  value: string,
  kind: CompletionCandidate['kind'],
  detail?: string,
  documentation?: string,
  original?: AstScalar,
): CompletionCandidate {
  const originalText = original ? doc.text.slice(original.range.start, original.range.end) : undefined;
  const insertText = quoteName(value, doc.format, originalText);
  return {
    label: value,
    kind,
    detail,
    documentation,
    insertText,
    snippet: false,
    range,
    filterText:
      doc.text.charAt(range.start) === '"' || doc.text.charAt(range.start) === "'" ? insertText : value,
  };
}

/** The scope whose states a transition field in this object may name. */
function transitionScope(info: ObjectInfo, object: AstObject, key: string): ScopeModel | undefined {
  if (key === 'StartAt') return info.model.scopes.find((scope) => scope.container === object);
  return info.state?.scope;
}

function valueCompletions(
  doc: ParsedDocument,
  site: Extract<CursorSite, { kind: 'value' }>,
  offset: number,
): CompletionCandidate[] {
  const info = objectInfo(doc, site.path);
  const expression = expressionSiteFor(doc, site, info);
  if (expression) return expressionCompletions(doc, offset, wordAround(doc.text, offset), expression);
  if (site.node && site.node.kind !== 'string' && site.node.kind !== 'boolean' && site.node.kind !== 'null')
    return [];
  const table =
    fieldTableFor(info.kind, site.object, info.queryLanguage) ??
    (info.kind === 'state' ? anyStateFields() : undefined);
  const spec = table?.[site.key];
  const make = (
    value: string,
    kind: CompletionCandidate['kind'],
    detail?: string,
    documentation?: string,
  ): CompletionCandidate => valueCandidate(doc, site.range, value, kind, detail, documentation, site.node);

  if (site.key === 'Type' && info.kind === 'state') {
    return STATE_TYPES.map((type) => make(type, 'value', 'state type', STATE_TYPE_DOCS[type]));
  }
  if (spec?.role === 'transition') {
    const scope = transitionScope(info, site.object, site.key);
    if (!scope) return [];
    return scope.states
      .filter((state) => state !== info.state || site.key === 'StartAt')
      .map((state) => make(state.name, 'state', state.type ? `${state.type} state` : 'state'));
  }
  if (spec?.values) return spec.values.map((value) => make(value, 'value', site.key));
  if (site.key === 'End') return [{ ...make('true', 'keyword'), insertText: 'true', filterText: 'true' }];
  if (spec?.types.includes('boolean') && spec.types.length === 1) {
    return ['true', 'false'].map((v) => ({ ...make(v, 'keyword'), insertText: v, filterText: v }));
  }
  if (site.key === 'Resource') {
    const list: readonly ResourceSuggestion[] =
      info.kind === 'itemReader'
        ? ITEM_READER_RESOURCES
        : info.kind === 'resultWriter'
          ? RESULT_WRITER_RESOURCES
          : info.kind === 'state'
            ? TASK_RESOURCES
            : [];
    return list.map((resource) => {
      const candidate = make(resource.arn, 'resource', 'Resource', resource.description);
      if (!resource.snippet) return candidate;
      const quoted = doc.format === 'json' || doc.text.charAt(site.range.start) === '"';
      return { ...candidate, insertText: quoted ? `"${resource.snippet}"` : resource.snippet, snippet: true };
    });
  }
  return [];
}

function itemCompletions(
  doc: ParsedDocument,
  site: Extract<CursorSite, { kind: 'item' }>,
  offset: number,
): CompletionCandidate[] {
  const owner = site.path[site.path.length - 1];
  if (owner !== 'ErrorEquals') {
    const parentPath = site.path.slice(0, -1);
    const info = objectInfo(doc, parentPath);
    if (site.node?.kind === 'string' && String(site.node.value).startsWith('{%')) {
      return expressionCompletions(doc, offset, wordAround(doc.text, offset), {
        kind: 'jsonata',
        intrinsics: false,
        scope: scopeForState(info.model, info.state),
      });
    }
    return [];
  }
  if (site.node && site.node.kind !== 'string') return [];
  const present = new Set(
    site.array.items.flatMap((item) =>
      item.kind === 'string' && item !== site.node ? [item.value as string] : [],
    ),
  );
  return Object.entries(ERROR_NAMES)
    .filter(([name]) => !present.has(name))
    .map(([name, description]) =>
      valueCandidate(doc, site.range, name, 'value', 'error name', description, site.node),
    );
}

/** The expression language of a string value, when completion inside it makes sense. */
function expressionSiteFor(
  doc: ParsedDocument,
  site: Extract<CursorSite, { kind: 'value' }>,
  info: ObjectInfo,
): Parameters<typeof expressionCompletions>[3] | undefined {
  const node = site.node;
  if (node?.kind !== 'string') return undefined;
  const value = node.value as string;
  const scope = scopeForState(info.model, info.state);
  if (value.startsWith('{%')) return { kind: 'jsonata', intrinsics: false, scope };
  if (info.queryLanguage === 'JSONata') return undefined;
  if (site.key.endsWith('.$')) return { kind: 'jsonpath', intrinsics: true, scope };
  if (
    (info.kind === 'choiceRule' || info.kind === 'nestedChoiceRule') &&
    (site.key === 'Variable' || site.key.endsWith('Path'))
  ) {
    return { kind: 'jsonpath', intrinsics: false, scope };
  }
  const table = fieldTableFor(info.kind, site.object, info.queryLanguage);
  const role = table?.[site.key]?.role;
  if (role && JSONPATH_ROLES.has(role))
    return { kind: 'jsonpath', intrinsics: role === 'pathOrIntrinsic', scope };
  return undefined;
}

function skeleton(doc: ParsedDocument, offset: number): CompletionCandidate {
  const json = doc.format === 'json';
  const insertText = json
    ? '{\n  "Comment": "${1:What this state machine does}",\n  "StartAt": "${2:First}",\n  "States": {\n    "${2:First}": {\n      "Type": "Pass",\n      "End": true\n    }\n  }\n}'
    : 'Comment: ${1:What this state machine does}\nStartAt: ${2:First}\nStates:\n  ${2:First}:\n    Type: Pass\n    End: true\n';
  return {
    label: 'New state machine',
    kind: 'snippet',
    detail: 'StartAt and one Pass state',
    insertText,
    snippet: true,
    range: { start: offset, end: offset },
  };
}
