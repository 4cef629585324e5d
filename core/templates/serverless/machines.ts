// State machines of a Serverless Framework service (the serverless-step-functions plugin):
// `stepFunctions.stateMachines.<key>.definition` (or the legacy `stepFunctions.<key>`), with
// `${file(...)}` includes inlined where they give structure, serverless variables resolved, and the
// CloudFormation inside (Fn::GetAtt to the logical IDs the framework generates, Fn::Sub, Ref to
// `resources.Resources`) evaluated against the functions and resources the service declares.

import { newTemplateMachine } from '../newMachine';
import { isJsonObject, type JsonValue } from '../../json';
import { type AstNode, type AstObject, astToValue, nodeAtPath, propertyAt } from '../../parse';
import { TemplateCode } from '../codes';
import { CfnEvaluator, NO_VALUE, isPseudoParameter } from '../cloudformation/intrinsics';
import { makeScope } from '../cloudformation/machines';
import { emptyResolution, resolveValueDefinition } from '../definition';
import { type TemplateIO, isSourceFile } from '../io';
import { dirnamePath, joinPath } from '../paths';
import { findPlaceholders } from '../placeholders';
import { type SourceFile, fileDiagnostic, locate } from '../sourceFile';
import type {
  DeploymentContext,
  LoadResult,
  TemplateDiagnostic,
  TemplateMachine,
  TemplatePlaceholder,
} from '../types';
import { ServerlessResolver, isResolvableVariable, isServerlessVariable } from './variables';

export function isServerlessConfig(file: SourceFile): boolean {
  if (/(^|\/)serverless\.(ya?ml|json)$/i.test(file.path)) return true;
  return (
    file.ast?.kind === 'object' &&
    !!propertyAt(file.ast, 'stepFunctions') &&
    !!propertyAt(file.ast, 'service')
  );
}

/** The logical ID the framework gives a function (`send-email` → `SendDashemailLambdaFunction`). */
export function functionLogicalId(key: string): string {
  const normalized = key.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

const INCLUDE = /^\$\{\s*(file\([^)]*\)(?::[^}]*)?|self:[^},]*)\s*\}$/;

interface Service {
  file: SourceFile;
  io: TemplateIO;
  included: Map<string, SourceFile>;
  fileOf: WeakMap<AstNode, SourceFile>;
  resolver: ServerlessResolver;
  diagnostics: TemplateDiagnostic[];
}

/** Reads every `${file(...)}` the config names (and those its included files name), up to a depth. */
async function preloadIncludes(
  io: TemplateIO,
  file: SourceFile,
  included: Map<string, SourceFile>,
  depth = 0,
): Promise<void> {
  if (depth > 4) return;
  for (const match of file.text.matchAll(/\$\{\s*file\(\s*([^)]+?)\s*\)/g)) {
    const relative = (match[1] ?? '').replace(/^['"]|['"]$/g, '');
    const path = joinPath(dirnamePath(file.path), relative);
    if (included.has(path) || /\.(js|ts|cjs|mjs)$/.test(path)) continue;
    const source = await io.readSource(path);
    if (!isSourceFile(source)) continue;
    included.set(path, source);
    await preloadIncludes(io, source, included, depth + 1);
  }
}

export async function loadServerlessMachines(
  io: TemplateIO,
  file: SourceFile,
  context: DeploymentContext,
): Promise<LoadResult> {
  const result: LoadResult = { machines: [], diagnostics: [] };
  const root = file.ast;
  if (root?.kind !== 'object') return result;
  const included = new Map<string, SourceFile>();
  await preloadIncludes(io, file, included);
  const raw = astToValue(root);
  let config: JsonValue = raw;
  const unresolved: { key: string; why: string }[] = [];
  const readFile = (path: string): JsonValue | undefined => {
    const source = included.get(joinPath(dirnamePath(file.path), path));
    return source?.ast ? astToValue(source.ast) : undefined;
  };
  const resolver = new ServerlessResolver({
    config: () => config,
    context,
    readFile,
    unresolved: (key, why) => unresolved.push({ key, why }),
  });
  // Top-level sections included whole (`provider: ${file(../base.yml):provider}`) are inlined first,
  // so `self:provider.region` and friends find them.
  if (isJsonObject(raw)) {
    const top: Record<string, JsonValue> = {};
    for (const key of Object.keys(raw)) {
      const value = raw[key] as JsonValue;
      top[key] =
        typeof value === 'string' && INCLUDE.test(value.trim())
          ? resolver.interpolate(value.trim()).value
          : value;
    }
    config = top;
  }
  const service: Service = {
    file,
    io,
    included,
    fileOf: new WeakMap(),
    resolver,
    diagnostics: result.diagnostics,
  };
  const section = propertyAt(root, 'stepFunctions')?.value;
  if (section?.kind !== 'object') return result;
  const machinesNode = propertyAt(section, 'stateMachines')?.value;
  const entries = (machinesNode?.kind === 'object' ? machinesNode : section).properties.filter(
    (p) => p.value?.kind === 'object' && !!propertyAt(p.value, 'definition'),
  );
  for (const entry of entries) {
    unresolved.length = 0;
    result.machines.push(
      loadMachine(service, entry.key, entry.value as AstObject, entry.keyRange, context, config, unresolved),
    );
  }
  return result;
}

function loadMachine(
  service: Service,
  key: string,
  node: AstObject,
  keyRange: { start: number; end: number },
  context: DeploymentContext,
  config: JsonValue,
  unresolved: { key: string; why: string }[],
): TemplateMachine {
  const { file, resolver } = service;
  const nameNode = propertyAt(node, 'name')?.value;
  const definitionNode = propertyAt(node, 'definition')?.value;
  const machine: TemplateMachine = newTemplateMachine({
    format: 'serverless',
    file: file.path,
    id: key,
    aliases: [],
    name:
      nameNode?.kind === 'string' && !String(nameNode.value).includes('${') ? String(nameNode.value) : null,
    location: locate(file, keyRange),
    definitionLocation: definitionNode ? locate(file, definitionNode.range) : undefined,
  });
  if (!definitionNode) return machine;
  const inlined = inlineIncludes(service, definitionNode, undefined, 0);
  // CloudFormation around the definition: `resources:` of the service, and the functions' logical IDs.
  const resourcesNode = nodeAtPath(file.ast, ['resources']);
  const cfnRoot: AstObject =
    resourcesNode?.kind === 'object'
      ? resourcesNode
      : { kind: 'object', properties: [], range: { start: 0, end: 0 } };
  const serviceName = isJsonObject(config) && typeof config.service === 'string' ? config.service : 'service';
  const stage = String(resolver.resolve('sls:stage')?.value ?? 'dev');
  const functions = isJsonObject(config) ? resolveFunctions(config.functions, resolver) : {};
  const scope = makeScope(file, cfnRoot, {
    io: service.io,
    context: { ...context, region: String(resolver.resolve('aws:region')?.value ?? context.region) },
    stackName: `${serviceName}-${stage}`,
    implicitResource: (id) => {
      for (const [fnKey, fn] of Object.entries(functions)) {
        if (id === functionLogicalId(fnKey) || id === fnKey)
          return {
            type: 'AWS::Lambda::Function',
            name: typeof fn.name === 'string' ? fn.name : `${serviceName}-${stage}-${fnKey}`,
          };
      }
      if (id === 'IamRoleLambdaExecution') return { type: 'AWS::IAM::Role' };
      return undefined;
    },
  });
  // The definition's own `${...}` once structure includes are inlined, before anything is substituted.
  const placeholders = listPlaceholders(service, inlined, scope);
  const substituted = substituteVariables(service, inlined, undefined, 0);
  const evaluator = new CfnEvaluator(scope);
  const value = evaluator.evaluate(substituted);
  for (const { key: variable, why } of unresolved) {
    if (!placeholders.some((p) => p.key === variable)) continue;
    machine.diagnostics.push({
      code: TemplateCode.unresolvable,
      severity: 'warning',
      message: `\${${variable}}: ${why}; it stays as written`,
      location: machine.definitionLocation,
    });
  }
  const resolved =
    value === NO_VALUE || !isJsonObject(value)
      ? emptyResolution([
          fileDiagnostic(
            file,
            TemplateCode.noDefinition,
            'error',
            'definition must be an object (the state machine)',
            definitionNode.range,
          ),
        ])
      : resolveValueDefinition({
          value,
          node: substituted,
          file,
          fileOf: (n) => fileOfNode(service, n),
          bind: () => undefined,
          source: 'serverless',
          placeholders,
          standIns: scope.standIns,
          unboundReason: '',
          isIntrinsic: () => true,
        });
  machine.definition = resolved.definition;
  machine.definitionText = resolved.definitionText;
  machine.sourceMap = resolved.sourceMap;
  machine.placeholders = resolved.placeholders;
  machine.stateResources = resolved.stateResources;
  machine.logicalResources = [...scope.standIns.values()];
  machine.diagnostics.unshift(...scope.diagnostics, ...resolved.diagnostics);
  for (const placeholder of placeholders)
    if (!placeholder.resolvable)
      machine.diagnostics.push({
        code: TemplateCode.unboundPlaceholder,
        severity: 'warning',
        message: `'\${${placeholder.key}}' cannot be resolved from the files: it stays as written`,
        location: placeholder.location,
      });
  return machine;
}

function resolveFunctions(
  value: JsonValue | undefined,
  resolver: ServerlessResolver,
): Record<string, Record<string, JsonValue>> {
  const out: Record<string, Record<string, JsonValue>> = {};
  const resolved = typeof value === 'string' ? resolver.interpolate(value).value : value;
  const lists = Array.isArray(resolved) ? resolved : [resolved];
  for (const item of lists) {
    const group = typeof item === 'string' ? resolver.interpolate(item).value : item;
    if (!isJsonObject(group)) continue;
    for (const [key, fn] of Object.entries(group)) if (isJsonObject(fn)) out[key] = fn;
  }
  return out;
}

function fileOfNode(service: Service, node: AstNode): SourceFile {
  let at: AstNode | undefined = node;
  for (let depth = 0; at && depth < 300; depth++) {
    const file = service.fileOf.get(at);
    if (file) return file;
    at = at.parent;
  }
  return service.file;
}

/** A copy of the definition with whole-value `${file(...)}` / `${self:...}` includes that give structure replaced by what they include. */
function inlineIncludes(
  service: Service,
  node: AstNode,
  parent: AstNode | undefined,
  depth: number,
): AstNode {
  if (depth > 200) return node;
  if (node.kind === 'string') {
    const text = String(node.value).trim();
    const match = INCLUDE.exec(text);
    if (match) {
      const included = includedNode(service, match[1] ?? '');
      if (included && (included.kind === 'object' || included.kind === 'array')) {
        const copy = inlineIncludes(service, included, parent, depth + 1);
        const origin = service.fileOf.get(included) ?? findIncludedFile(service, included);
        if (origin) service.fileOf.set(copy, origin);
        return copy;
      }
    }
    return { ...node, parent };
  }
  if (node.kind === 'array') {
    const copy: AstNode = { kind: 'array', items: [], range: node.range, parent };
    copy.items = node.items.map((item) => inlineIncludes(service, item, copy, depth + 1));
    return copy;
  }
  if (node.kind === 'object') {
    const copy: AstObject = { kind: 'object', properties: [], range: node.range, parent };
    copy.properties = node.properties.map((p) => ({
      ...p,
      value: p.value ? inlineIncludes(service, p.value, copy, depth + 1) : undefined,
    }));
    return copy;
  }
  return { ...node, parent };
}

function findIncludedFile(service: Service, node: AstNode): SourceFile | undefined {
  let root: AstNode = node;
  while (root.parent) root = root.parent;
  for (const file of service.included.values()) if (file.ast === root) return file;
  return undefined;
}

/** The AST an include names: `file(x.yml)`, `file(x.yml):a.b`, or `self:a.b` in the service file. */
function includedNode(service: Service, address: string): AstNode | undefined {
  const file = /^file\(\s*([^)]+?)\s*\)(?::(.*))?$/.exec(address);
  if (file) {
    const path = joinPath(dirnamePath(service.file.path), (file[1] ?? '').replace(/^['"]|['"]$/g, ''));
    const source = service.included.get(path);
    if (!source?.ast) return undefined;
    return file[2] ? nodeAtPath(source.ast, file[2].trim().split('.')) : source.ast;
  }
  if (address.startsWith('self:')) return nodeAtPath(service.file.ast, address.slice(5).trim().split('.'));
  return undefined;
}

/** Every `${...}` of the definition: serverless variables by the framework's rules, Fn::Sub ones by CloudFormation's. */
function listPlaceholders(
  service: Service,
  node: AstNode,
  scope: ReturnType<typeof makeScope>,
): TemplatePlaceholder[] {
  const found: TemplatePlaceholder[] = [];
  const evaluator = new CfnEvaluator(scope);
  const visit = (
    text: string,
    range: { start: number; end: number },
    owner: AstNode,
    inSub: boolean,
  ): void => {
    for (const match of findPlaceholders(text)) {
      if (match.escaped) continue;
      const serverless = isServerlessVariable(match.key);
      const resolvable = serverless
        ? isResolvableVariable(match.key, service.resolver)
        : inSub && (isPseudoParameter(match.key) || evaluator.subBindingExists(match.key));
      found.push({
        key: match.key,
        source: serverless ? 'serverless' : inSub ? 'Fn::Sub' : 'none',
        resolvable,
        value: text.slice(match.start, match.end),
        location: locate(fileOfNode(service, owner), range),
      });
    }
  };
  const walk = (n: AstNode, inSub: boolean, depth: number): void => {
    if (depth > 256) return;
    if (n.kind === 'string') visit(String(n.value), n.range, n, inSub);
    else if (n.kind === 'array') for (const item of n.items) walk(item, inSub, depth + 1);
    else if (n.kind === 'object')
      for (const p of n.properties) {
        visit(p.key, p.keyRange, n, inSub);
        if (p.value) walk(p.value, inSub || p.key === 'Fn::Sub', depth + 1);
      }
  };
  walk(node, false, 0);
  return found;
}

/** A copy with serverless variables resolved in every string (a whole-value one may become structure). */
function substituteVariables(
  service: Service,
  node: AstNode,
  parent: AstNode | undefined,
  depth: number,
): AstNode {
  if (depth > 256) return node;
  if (node.kind === 'string') {
    const { value } = service.resolver.interpolate(String(node.value));
    return valueToAst(value, node.range, parent, 0);
  }
  if (node.kind === 'array') {
    const copy: AstNode = { kind: 'array', items: [], range: node.range, parent };
    copy.items = node.items.map((item) => substituteVariables(service, item, copy, depth + 1));
    return copy;
  }
  if (node.kind === 'object') {
    const copy: AstObject = { kind: 'object', properties: [], range: node.range, parent };
    copy.properties = node.properties.map((p) => ({
      ...p,
      key: String(service.resolver.interpolate(p.key).text),
      value: p.value ? substituteVariables(service, p.value, copy, depth + 1) : undefined,
    }));
    const origin = service.fileOf.get(node);
    if (origin) service.fileOf.set(copy, origin);
    return copy;
  }
  return { ...node, parent };
}

function valueToAst(
  value: JsonValue,
  range: { start: number; end: number },
  parent: AstNode | undefined,
  depth: number,
): AstNode {
  if (depth > 64) return { kind: 'null', value: null, range, parent };
  if (Array.isArray(value)) {
    const array: AstNode = { kind: 'array', items: [], range, parent };
    array.items = value.map((item) => valueToAst(item, range, array, depth + 1));
    return array;
  }
  if (isJsonObject(value)) {
    const obj: AstObject = { kind: 'object', properties: [], range, parent };
    obj.properties = Object.keys(value).map((key) => ({
      key,
      keyRange: range,
      range,
      value: valueToAst(value[key] as JsonValue, range, obj, depth + 1),
    }));
    return obj;
  }
  if (typeof value === 'string') return { kind: 'string', value, range, parent };
  if (typeof value === 'number') return { kind: 'number', value, range, parent };
  if (typeof value === 'boolean') return { kind: 'boolean', value, range, parent };
  return { kind: 'null', value: null, range, parent };
}
