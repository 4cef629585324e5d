// From a definition as a template writes it to the resolved definition: text assembled from pieces
// (a DefinitionString, a DefinitionUri file, a Terraform template) has its `${...}` bound and is
// parsed; a value written inline has its strings substituted. Both end in the same result: the
// definition as JSON, the placeholders with where they are, and a source map from paths of the
// resolved definition (the root, top-level fields, every state and its fields) back to the template.

import { LineMap } from '../diagnostics';
import { isJsonObject, type JsonValue } from '../json';
import { type AstNode, type AstProperty, nodeAtPath, parseDocument } from '../parse';
import { TemplateCode } from './codes';
import { type Segment, TextOrigin, makeLocation, segmentsText } from './origin';
import { type PlaceholderMatch, findPlaceholders, replacePlaceholders } from './placeholders';
import type { SourceFile } from './sourceFile';
import type {
  LogicalResourceValue,
  SourceMapEntry,
  TemplateDiagnostic,
  TemplateLocation,
  TemplatePlaceholder,
} from './types';
import { definitionModel } from '../model';

export interface ResolvedDefinition {
  definition: JsonValue | undefined;
  definitionText: string | undefined;
  sourceMap: SourceMapEntry[];
  placeholders: TemplatePlaceholder[];
  stateResources: Record<string, string[]>;
  diagnostics: TemplateDiagnostic[];
}

/** How a `${key}` written in the definition is bound: its value, or undefined when nothing binds it. */
export type PlaceholderBinder = (key: string) => string | undefined;

export interface FileLines {
  (file: string): LineMap | undefined;
}

/** Paths worth a source-map entry: the root, each top-level field, each state and each of its fields. */
function mappedPaths(definition: JsonValue, statePaths: (string | number)[][]): (string | number)[][] {
  const paths: (string | number)[][] = [[]];
  if (isJsonObject(definition)) for (const key of Object.keys(definition)) paths.push([key]);
  for (const statePath of statePaths) {
    paths.push(statePath);
    let value: JsonValue | undefined = definition;
    for (const step of statePath) {
      value = Array.isArray(value)
        ? value[Number(step)]
        : isJsonObject(value)
          ? value[String(step)]
          : undefined;
    }
    if (isJsonObject(value)) for (const key of Object.keys(value)) paths.push([...statePath, key]);
  }
  return paths;
}

/** The resolved definition's states (nested ones included), found by the definition model. */
function statesOf(text: string): { path: (string | number)[]; name: string; node: AstNode | undefined }[] {
  return definitionModel(parseDocument(text, { format: 'json' })).states.map((s) => ({
    path: s.path,
    name: s.name,
    node: s.node,
  }));
}

/** Per state, the logical IDs whose stand-ins appear in its Resource, Parameters or Arguments. */
function resourcesByState(
  definition: JsonValue,
  states: { path: (string | number)[]; name: string }[],
  standIns: ReadonlyMap<string, LogicalResourceValue>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (standIns.size === 0) return out;
  const values = [...standIns.values()].sort((a, b) => b.value.length - a.value.length);
  const collect = (value: JsonValue | undefined, found: Set<string>, depth: number): void => {
    if (depth > 64 || value === undefined) return;
    if (typeof value === 'string') {
      for (const standIn of values) if (value.includes(standIn.value)) found.add(standIn.logicalId);
    } else if (Array.isArray(value)) for (const item of value) collect(item, found, depth + 1);
    else if (isJsonObject(value)) for (const key of Object.keys(value)) collect(value[key], found, depth + 1);
  };
  for (const state of states) {
    let node: JsonValue | undefined = definition;
    for (const step of state.path)
      node = Array.isArray(node) ? node[Number(step)] : isJsonObject(node) ? node[String(step)] : undefined;
    if (!isJsonObject(node)) continue;
    const found = new Set<string>();
    for (const field of ['Resource', 'Parameters', 'Arguments']) collect(node[field], found, 0);
    if (found.size > 0)
      Object.defineProperty(out, state.name, {
        value: [...found].sort(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

function finish(
  definition: JsonValue,
  locatePath: (path: (string | number)[]) => TemplateLocation | undefined,
  standIns: ReadonlyMap<string, LogicalResourceValue>,
  placeholders: TemplatePlaceholder[],
  diagnostics: TemplateDiagnostic[],
): ResolvedDefinition {
  const definitionText = JSON.stringify(definition, null, 2);
  const states = statesOf(definitionText);
  const sourceMap: SourceMapEntry[] = [];
  for (const path of mappedPaths(
    definition,
    states.map((s) => s.path),
  )) {
    const location = locatePath(path);
    if (location) sourceMap.push({ path, location });
  }
  return {
    definition,
    definitionText,
    sourceMap,
    placeholders,
    stateResources: resourcesByState(definition, states, standIns),
    diagnostics,
  };
}

function unboundWarning(
  key: string,
  location: TemplateLocation | undefined,
  why: string,
): TemplateDiagnostic {
  return {
    code: TemplateCode.unboundPlaceholder,
    severity: 'warning',
    message: `'\${${key}}' has no value ${why}: AWS deploys it literally, and so does this run`,
    location,
  };
}

export interface TextDefinitionOptions {
  segments: Segment[];
  lines: FileLines;
  /** Binds the `${key}`s written in the text; undefined = no substitution at all (Terraform file()). */
  bind: PlaceholderBinder | undefined;
  /** What binds them, for the placeholder list and the warning. */
  source: TemplatePlaceholder['source'];
  /** Placeholders already found while assembling the text (Fn::Sub, Terraform templates). */
  placeholders: TemplatePlaceholder[];
  standIns: ReadonlyMap<string, LogicalResourceValue>;
  /** Why an unbound placeholder has no value, for the message (`in DefinitionSubstitutions`). */
  unboundReason: string;
  /** The file name the text came from, to pick JSON or YAML. */
  fileName?: string;
}

/** Binds, parses and maps a definition written as text. */
export function resolveTextDefinition(options: TextDefinitionOptions): ResolvedDefinition {
  const placeholders = [...options.placeholders];
  const diagnostics: TemplateDiagnostic[] = [];
  const origin = new TextOrigin(options.segments, options.lines);
  const before = segmentsText(options.segments);
  const starts: number[] = [];
  let at = 0;
  for (const segment of options.segments) {
    starts.push(at);
    at += segment.text.length;
  }
  const located = (match: PlaceholderMatch): TemplateLocation | undefined =>
    origin.locate(match.start, match.end);
  const bound = replacePlaceholders(options.segments, (match, generated) => {
    if (match.escaped) return undefined;
    const value = options.bind?.(match.key);
    if (!generated) {
      const location = located(match);
      placeholders.push({
        key: match.key,
        source: value === undefined ? 'none' : options.source,
        resolvable: value !== undefined,
        value: value ?? before.slice(match.start, match.end),
        location,
      });
      if (value === undefined) diagnostics.push(unboundWarning(match.key, location, options.unboundReason));
    }
    return value === undefined ? undefined : { text: value, mapToPlaceholder: true };
  });
  const text = segmentsText(bound);
  const resolvedOrigin = new TextOrigin(bound, options.lines);
  const doc = parseDocument(text, { fileName: options.fileName });
  for (const d of doc.diagnostics) {
    if (d.severity !== 'error') continue;
    diagnostics.push({
      code: TemplateCode.definitionSyntax,
      severity: 'error',
      message: `The definition is not valid ${doc.format.toUpperCase()} once its placeholders are bound: ${d.message}`,
      location: resolvedOrigin.locate(d.offsets.start, d.offsets.end),
    });
  }
  if (doc.value === undefined || doc.diagnostics.some((d) => d.severity === 'error')) {
    return {
      definition: undefined,
      definitionText: undefined,
      sourceMap: [],
      placeholders,
      stateResources: {},
      diagnostics,
    };
  }
  const locatePath = (path: (string | number)[]): TemplateLocation | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = nodeAtPath(doc.ast, path.slice(0, length));
      if (!node) continue;
      const parent = node.parent;
      // A field or a state: point at its key (where a diagnostic or a breakpoint belongs).
      if (length === path.length && parent?.kind === 'object') {
        const property = parent.properties.find((p) => p.value === node);
        if (property) return resolvedOrigin.locate(property.keyRange.start, property.range.end);
      }
      return resolvedOrigin.locate(node.range.start, node.range.end);
    }
    return undefined;
  };
  return finish(doc.value, locatePath, options.standIns, placeholders, diagnostics);
}

export interface ValueDefinitionOptions {
  /** The evaluated definition (intrinsics resolved), before DefinitionSubstitutions. */
  value: JsonValue;
  /** The definition as written in the template, for placeholder listing and the source map. */
  node: AstNode;
  file: SourceFile;
  /** The file a node of `node` was read from, when some came from included files. */
  fileOf?: (node: AstNode) => SourceFile;
  bind: PlaceholderBinder;
  source: TemplatePlaceholder['source'];
  placeholders: TemplatePlaceholder[];
  standIns: ReadonlyMap<string, LogicalResourceValue>;
  unboundReason: string;
  /** Whether a template object is an intrinsic (its strings are not the definition's own placeholders). */
  isIntrinsic: (node: AstNode) => boolean;
}

/** Substitutes and maps a definition written inline as a value. */
export function resolveValueDefinition(options: ValueDefinitionOptions): ResolvedDefinition {
  const { file } = options;
  const placeholders = [...options.placeholders];
  const diagnostics: TemplateDiagnostic[] = [];
  const loc = (start: number, end: number, node?: AstNode): TemplateLocation => {
    const owner = node && options.fileOf ? options.fileOf(node) : file;
    return makeLocation(owner.path, start, end, owner.lines);
  };
  // The template's own `${...}`: in plain strings (keys and values), not inside intrinsics.
  const listed = new Set<string>();
  const list = (text: string, start: number, end: number): void => {
    for (const match of findPlaceholders(text)) {
      if (match.escaped) continue;
      const value = options.bind(match.key);
      const location = loc(start, end);
      placeholders.push({
        key: match.key,
        source: value === undefined ? 'none' : options.source,
        resolvable: value !== undefined,
        value: value ?? text.slice(match.start, match.end),
        location,
      });
      if (value === undefined && !listed.has(match.key)) {
        listed.add(match.key);
        diagnostics.push(unboundWarning(match.key, location, options.unboundReason));
      }
    }
  };
  const walk = (node: AstNode, depth: number): void => {
    if (depth > 256) return;
    if (node.kind === 'string') list(String(node.value), node.range.start, node.range.end);
    else if (node.kind === 'array') for (const item of node.items) walk(item, depth + 1);
    else if (node.kind === 'object' && !options.isIntrinsic(node))
      for (const property of node.properties) {
        list(property.key, property.keyRange.start, property.keyRange.end);
        if (property.value) walk(property.value, depth + 1);
      }
  };
  walk(options.node, 0);
  const substitute = (text: string): string => {
    const matches = findPlaceholders(text);
    if (matches.length === 0) return text;
    let out = '';
    let cursor = 0;
    for (const match of matches) {
      const value = match.escaped ? undefined : options.bind(match.key);
      out += text.slice(cursor, match.start) + (value ?? text.slice(match.start, match.end));
      cursor = match.end;
    }
    return out + text.slice(cursor);
  };
  const apply = (value: JsonValue, depth: number): JsonValue => {
    if (depth > 256) return value;
    if (typeof value === 'string') return substitute(value);
    if (Array.isArray(value)) return value.map((item) => apply(item, depth + 1));
    if (isJsonObject(value)) {
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(value))
        Object.defineProperty(out, substitute(key), {
          value: apply(value[key] as JsonValue, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
    return value;
  };
  const definition = apply(options.value, 0);
  const locatePath = (path: (string | number)[]): TemplateLocation | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = nodeAtPath(options.node, substitutedPath(options.node, path.slice(0, length)));
      if (!node) continue;
      const parent = node.parent;
      if (length === path.length && length > 0 && parent?.kind === 'object') {
        const property = parent.properties.find((p) => p.value === node);
        if (property) return loc(property.keyRange.start, property.range.end, node);
      }
      return loc(node.range.start, node.range.end, node);
    }
    return undefined;
  };
  return finish(definition, locatePath, options.standIns, placeholders, diagnostics);

  /** A path of the resolved value in the written node, whose keys may still hold placeholders. */
  function substitutedPath(root: AstNode, path: (string | number)[]): (string | number)[] {
    const out: (string | number)[] = [];
    let node: AstNode | undefined = root;
    for (const step of path) {
      if (node?.kind === 'object') {
        const property: AstProperty | undefined = node.properties.find(
          (p) => p.key === step || substitute(p.key) === step,
        );
        out.push(property?.key ?? step);
        node = property?.value;
      } else {
        out.push(step);
        node = node?.kind === 'array' && typeof step === 'number' ? node.items[step] : undefined;
      }
    }
    return out;
  }
}

export function emptyResolution(diagnostics: TemplateDiagnostic[]): ResolvedDefinition {
  return {
    definition: undefined,
    definitionText: undefined,
    sourceMap: [],
    placeholders: [],
    stateResources: {},
    diagnostics,
  };
}
