// State machines of a CloudFormation, SAM or CDK-synthesized template: each AWS::StepFunctions::
// StateMachine and AWS::Serverless::StateMachine with its definition (inline, a string built with
// Fn::Sub / Fn::Join, or a local DefinitionUri / DefinitionS3Location file), its DefinitionSubstitutions,
// its execution role and the stand-ins of the resources it names.

import { newTemplateMachine } from '../newMachine';
import { type AstNode, type AstObject, propertyAt } from '../../parse';
import { TemplateCode } from '../codes';
import {
  type ResolvedDefinition,
  emptyResolution,
  resolveTextDefinition,
  resolveValueDefinition,
} from '../definition';
import type { TemplateIO } from '../io';
import { type Segment, makeLocation } from '../origin';
import { basenamePath, dirnamePath, joinPath } from '../paths';
import { type SourceFile, fileDiagnostic, locate } from '../sourceFile';
import { stackNameFor } from '../standins';
import type {
  DeploymentContext,
  LogicalResourceValue,
  TemplateDiagnostic,
  TemplateFormat,
  TemplateLocation,
  TemplateMachine,
  TemplatePlaceholder,
} from '../types';
import {
  CfnEvaluator,
  type CfnScope,
  type ImplicitResource,
  NO_VALUE,
  type TemplateResource,
  intrinsicName,
} from './intrinsics';
import { machineFunctions } from './functions';
import { templateRole } from './role';

const STATE_MACHINE_TYPES = new Set(['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine']);

/** The template's resources by logical ID (an entry whose value is not an object is skipped). */
export function templateResources(root: AstObject): Map<string, TemplateResource> {
  const resources = new Map<string, TemplateResource>();
  const section = propertyAt(root, 'Resources')?.value;
  if (section?.kind !== 'object') return resources;
  for (const property of section.properties) {
    const node = property.value;
    if (node?.kind !== 'object') continue;
    const typeNode = propertyAt(node, 'Type')?.value;
    const properties = propertyAt(node, 'Properties')?.value;
    resources.set(property.key, {
      logicalId: property.key,
      type: typeNode?.kind === 'string' ? String(typeNode.value) : undefined,
      node,
      properties: properties?.kind === 'object' ? properties : undefined,
    });
  }
  return resources;
}

/** True when the template declares at least one state machine resource. */
export function hasStateMachines(root: AstNode | undefined): boolean {
  if (root?.kind !== 'object') return false;
  for (const resource of templateResources(root).values())
    if (STATE_MACHINE_TYPES.has(resource.type ?? '')) return true;
  return false;
}

/** CDK output: CDK metadata, or (metadata stripped) logical IDs that mostly end in CDK's 8-hex-digit hash. */
function isCdkTemplate(
  root: AstObject,
  resources: Map<string, TemplateResource>,
  machine: TemplateResource,
): boolean {
  if (resources.has('CDKMetadata')) return true;
  if (!hasCdkHash(machine.logicalId)) return false;
  let hashed = 0;
  for (const resource of resources.values()) {
    const metadata = propertyAt(resource.node, 'Metadata')?.value;
    if (metadata?.kind === 'object' && propertyAt(metadata, 'aws:cdk:path')) return true;
    if (hasCdkHash(resource.logicalId)) hashed++;
  }
  const transform = propertyAt(root, 'Transform');
  return !transform && resources.size > 0 && hashed * 2 >= resources.size;
}

function hasCdkHash(logicalId: string): boolean {
  return /[a-z0-9][0-9A-F]{8}$/.test(logicalId) && /\d/.test(logicalId.slice(-8));
}

/** The construct path CDK records (`MyStack/OrderFlow/Resource` → `MyStack/OrderFlow`). */
function constructPath(resource: TemplateResource): string | undefined {
  const metadata = propertyAt(resource.node, 'Metadata')?.value;
  const path = metadata?.kind === 'object' ? propertyAt(metadata, 'aws:cdk:path')?.value : undefined;
  if (path?.kind !== 'string') return undefined;
  return String(path.value).replace(/\/Resource$/, '');
}

/** Resources SAM creates beside the ones written: `<Function>Role`, `<StateMachine>Role`. */
function samImplicitResources(
  resources: Map<string, TemplateResource>,
): (id: string) => ImplicitResource | undefined {
  return (id) => {
    if (id.endsWith('Role')) {
      const owner = resources.get(id.slice(0, -4));
      if (owner?.type === 'AWS::Serverless::Function' || owner?.type === 'AWS::Serverless::StateMachine')
        return { type: 'AWS::IAM::Role' };
    }
    return undefined;
  };
}

export interface CfnLoadOptions {
  io: TemplateIO;
  context: DeploymentContext;
  /** Overrides the template's format (a CDK cloud assembly's stacks are `cdk`). */
  format?: TemplateFormat;
  stackName?: string;
  /** More resources the framework creates (serverless). */
  implicitResource?: (id: string) => ImplicitResource | undefined;
}

export function makeScope(file: SourceFile, root: AstObject, options: CfnLoadOptions): CfnScope {
  const resources = templateResources(root);
  const sam = samImplicitResources(resources);
  return {
    file,
    root,
    resources,
    ctx: options.context,
    stack:
      options.stackName ?? options.context.stackName ?? stackNameFor(basenamePath(dirnamePath(file.path))),
    implicitResource: (id) => sam(id) ?? options.implicitResource?.(id),
    diagnostics: [],
    standIns: new Map<string, LogicalResourceValue>(),
  };
}

/** Every state machine of a parsed CloudFormation/SAM/CDK template. */
export async function loadCloudFormationMachines(
  file: SourceFile,
  options: CfnLoadOptions,
): Promise<TemplateMachine[]> {
  const root = file.ast;
  if (root?.kind !== 'object') return [];
  const resources = templateResources(root);
  const machines: TemplateMachine[] = [];
  for (const resource of resources.values()) {
    if (!STATE_MACHINE_TYPES.has(resource.type ?? '')) continue;
    const sam = resource.type === 'AWS::Serverless::StateMachine';
    const cdk = options.format === 'cdk' || isCdkTemplate(root, resources, resource);
    const format: TemplateFormat = sam ? 'sam' : cdk ? 'cdk' : 'cloudformation';
    machines.push(await loadMachine(file, root, resource, format, options));
  }
  return machines;
}

function literalName(node: AstNode | undefined): string | null {
  if (node?.kind !== 'string') return null;
  const value = String(node.value);
  return value.includes('${') ? null : value;
}

async function loadMachine(
  file: SourceFile,
  root: AstObject,
  resource: TemplateResource,
  format: TemplateFormat,
  options: CfnLoadOptions,
): Promise<TemplateMachine> {
  const scope = makeScope(file, root, options);
  const evaluator = new CfnEvaluator(scope);
  const props = resource.properties;
  const sam = format === 'sam';
  const nameNode = props ? propertyAt(props, sam ? 'Name' : 'StateMachineName')?.value : undefined;
  const aliases: string[] = [];
  const path = constructPath(resource);
  if (path) aliases.push(path);
  const machine: TemplateMachine = newTemplateMachine({
    format,
    file: file.path,
    id: resource.logicalId,
    aliases,
    name: literalName(nameNode),
    location: locate(file, keyRangeOf(root, resource)),
    definitionLocation: undefined,
  });
  const substitutions = readSubstitutions(props, evaluator);
  const bind = (key: string): string | undefined => substitutions.get(key);
  const unboundReason = 'in DefinitionSubstitutions';
  const subPlaceholders: TemplatePlaceholder[] = [];
  let resolved: ResolvedDefinition;
  const inline = props ? propertyAt(props, 'Definition') : undefined;
  const text = props && !sam ? propertyAt(props, 'DefinitionString') : undefined;
  const uri = props ? propertyAt(props, sam ? 'DefinitionUri' : 'DefinitionS3Location') : undefined;
  if (inline?.value) {
    machine.definitionLocation = locate(file, inline.value.range);
    scope.subPlaceholders = subPlaceholders;
    const value = evaluator.evaluate(inline.value);
    scope.subPlaceholders = undefined;
    if (value === NO_VALUE || value === null || typeof value !== 'object' || Array.isArray(value)) {
      resolved = emptyResolution([
        fileDiagnostic(
          file,
          TemplateCode.noDefinition,
          'error',
          'Definition must be an object (the state machine itself)',
          inline.value.range,
        ),
      ]);
    } else {
      resolved = resolveValueDefinition({
        value,
        node: inline.value,
        file,
        bind,
        source: 'DefinitionSubstitutions',
        placeholders: subPlaceholders,
        standIns: scope.standIns,
        unboundReason,
        isIntrinsic: (node) => intrinsicName(node) !== undefined,
      });
    }
  } else if (text?.value) {
    machine.definitionLocation = locate(file, text.value.range);
    scope.subPlaceholders = subPlaceholders;
    const segments = evaluator.evaluateText(text.value);
    scope.subPlaceholders = undefined;
    resolved = resolveTextDefinition({
      segments,
      lines: options.io.lines,
      bind,
      source: 'DefinitionSubstitutions',
      placeholders: subPlaceholders,
      standIns: scope.standIns,
      unboundReason,
      fileName: 'definition.json',
    });
  } else if (uri?.value) {
    const read = await readDefinitionFile(file, uri.value, uri.keyRange, evaluator, options.io);
    if ('code' in read) resolved = emptyResolution([read]);
    else {
      machine.definitionLocation = read.location;
      resolved = resolveTextDefinition({
        segments: read.segments,
        lines: options.io.lines,
        bind,
        source: 'DefinitionSubstitutions',
        placeholders: [],
        standIns: scope.standIns,
        unboundReason,
        fileName: read.location.file,
      });
    }
  } else {
    resolved = emptyResolution([
      fileDiagnostic(
        file,
        TemplateCode.noDefinition,
        'error',
        sam
          ? `State machine '${resource.logicalId}' has no Definition or DefinitionUri`
          : `State machine '${resource.logicalId}' has no Definition, DefinitionString or DefinitionS3Location`,
        keyRangeOf(root, resource),
      ),
    ]);
  }
  machine.definition = resolved.definition;
  machine.definitionText = resolved.definitionText;
  machine.sourceMap = resolved.sourceMap;
  machine.placeholders = resolved.placeholders;
  machine.stateResources = resolved.stateResources;
  machine.logicalResources = [...scope.standIns.values()];
  const definitionDiagnostics = dedupe([...scope.diagnostics, ...resolved.diagnostics]);
  scope.diagnostics.length = 0;
  machine.role = templateRole(scope, evaluator, resource, sam);
  machine.diagnostics = [...definitionDiagnostics, ...dedupe(scope.diagnostics)];
  const { functions, taskFunctions } = machineFunctions(
    scope,
    evaluator,
    machine.definition,
    machine.logicalResources,
  );
  machine.functions = functions;
  machine.taskFunctions = taskFunctions;
  return machine;
}

function dedupe(diagnostics: TemplateDiagnostic[]): TemplateDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.message}|${d.location?.file}|${d.location?.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function keyRangeOf(root: AstObject, resource: TemplateResource): { start: number; end: number } {
  const section = propertyAt(root, 'Resources')?.value;
  const property = section?.kind === 'object' ? propertyAt(section, resource.logicalId) : undefined;
  return property?.keyRange ?? resource.node.range;
}

/** DefinitionSubstitutions, each value evaluated to the text that replaces its key. */
function readSubstitutions(props: AstObject | undefined, evaluator: CfnEvaluator): Map<string, string> {
  const out = new Map<string, string>();
  const node = props ? propertyAt(props, 'DefinitionSubstitutions')?.value : undefined;
  if (node?.kind !== 'object') return out;
  for (const property of node.properties) {
    const value = evaluator.evaluate(property.value);
    if (value === NO_VALUE) continue;
    out.set(property.key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

/**
 * A DefinitionUri / DefinitionS3Location: a local path (relative to the template) is read; an S3
 * location (`s3://...` or `{Bucket, Key}`) is reported as not local. The file's text comes back as
 * one exact piece, for the caller to bind and parse.
 */
async function readDefinitionFile(
  file: SourceFile,
  node: AstNode,
  keyRange: { start: number; end: number },
  evaluator: CfnEvaluator,
  io: TemplateIO,
): Promise<{ segments: Segment[]; location: TemplateLocation } | TemplateDiagnostic> {
  const value = node.kind === 'string' ? String(node.value) : undefined;
  if (value === undefined || /^s3:\/\//i.test(value)) {
    const where = value ?? (node.kind === 'object' ? describeS3(evaluator, node) : 'a computed location');
    return fileDiagnostic(
      file,
      TemplateCode.notLocal,
      'error',
      `The definition is in S3 (${where}), not in a local file: point ${file.text.slice(keyRange.start, keyRange.end)} at the local .asl.json/.asl.yaml file`,
      { start: keyRange.start, end: node.range.end },
    );
  }
  const path = joinPath(dirnamePath(file.path), value);
  const read = await io.readText(path);
  if (!read.ok) {
    return fileDiagnostic(
      file,
      TemplateCode.missingFile,
      'error',
      read.code === 'ENOENT'
        ? `The definition file '${value}' does not exist (looked for ${path})`
        : `The definition file '${value}' cannot be read: ${read.message}`,
      node.range,
    );
  }
  const end = read.text.length;
  return {
    segments: [{ text: read.text, source: { file: path, start: 0, end }, mapping: { kind: 'exact' } }],
    location: makeLocation(path, 0, end, io.lines(path)),
  };
}

function describeS3(evaluator: CfnEvaluator, node: AstObject): string {
  const bucket = evaluator.evaluateString(propertyAt(node, 'Bucket')?.value);
  const key = evaluator.evaluateString(propertyAt(node, 'Key')?.value);
  return `s3://${bucket ?? '?'}/${key ?? '?'}`;
}
