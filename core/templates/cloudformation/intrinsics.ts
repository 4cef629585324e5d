// CloudFormation intrinsic functions evaluated statically: Ref, Fn::GetAtt, Fn::Sub, Fn::Join,
// Fn::Select, Fn::Split, Fn::If and the condition functions, Fn::FindInMap, Fn::Base64, Fn::GetAZs,
// Fn::ImportValue, Fn::Length, Fn::ToJsonString. Values that exist only once deployed (a resource's
// name or ARN, an import) become stand-ins (standins.ts) and are recorded with the logical ID they
// stand for. Strings can also be assembled as pieces that remember their place in the template
// (`evaluateText`), for definitions written as text.

import type { OffsetRange } from '../../diagnostics';
import { isJsonObject, type JsonValue } from '../../json';
import { type AstNode, type AstObject, propertyAt } from '../../parse';
import { TemplateCode } from '../codes';
import { type Segment, wholeSegment } from '../origin';
import { findPlaceholders } from '../placeholders';
import { type SourceFile, fileDiagnostic, locate } from '../sourceFile';
import { resourceStandIn } from '../standins';
import { PSEUDO_PARAMETERS, pseudoParameter } from './pseudoParameters';
import { scalarSegment, sliceOf } from './scalarSegments';
import type {
  DeploymentContext,
  LogicalResourceValue,
  TemplateDiagnostic,
  TemplatePlaceholder,
} from '../types';

export interface TemplateResource {
  logicalId: string;
  type: string | undefined;
  node: AstObject;
  properties: AstObject | undefined;
}

/** A resource the template does not declare but its framework creates (SAM's `<Function>Role`, serverless's `<Fn>LambdaFunction`). */
export interface ImplicitResource {
  type: string;
  /** Its physical name when the framework fixes it. */
  name?: string;
}

export interface CfnScope {
  file: SourceFile;
  root: AstObject;
  resources: Map<string, TemplateResource>;
  ctx: DeploymentContext;
  stack: string;
  implicitResource?: (logicalId: string) => ImplicitResource | undefined;
  diagnostics: TemplateDiagnostic[];
  /** Stand-ins made so far, by value. */
  standIns: Map<string, LogicalResourceValue>;
  /** When set, each `${X}` of an Fn::Sub is recorded here (the definition's own placeholders). */
  subPlaceholders?: TemplatePlaceholder[];
}

/** AWS::NoValue: the property or item is dropped. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Evaluated = JsonValue | typeof NO_VALUE;

const INTRINSICS = new Set([
  'Ref',
  'Condition',
  'Fn::GetAtt',
  'Fn::Sub',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::If',
  'Fn::Equals',
  'Fn::And',
  'Fn::Or',
  'Fn::Not',
  'Fn::FindInMap',
  'Fn::Base64',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Cidr',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
]);

/** The intrinsic an object is (one key: Ref, Condition or Fn::*), if it is one. */
export function intrinsicName(node: AstNode | undefined): string | undefined {
  if (node?.kind !== 'object' || node.properties.length !== 1) return undefined;
  const key = node.properties[0]?.key ?? '';
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

function sectionEntry(root: AstObject, section: string, name: string): AstNode | undefined {
  const container = propertyAt(root, section)?.value;
  return container?.kind === 'object' ? propertyAt(container, name)?.value : undefined;
}

export class CfnEvaluator {
  constructor(readonly scope: CfnScope) {}

  private error(
    code: string,
    message: string,
    range: OffsetRange,
    severity: 'error' | 'warning' = 'error',
  ): void {
    this.scope.diagnostics.push(fileDiagnostic(this.scope.file, code, severity, message, range));
  }

  /** Evaluates a template value: intrinsics resolved, AWS::NoValue removed. */
  evaluate(node: AstNode | undefined): Evaluated {
    if (!node) return null;
    if (node.kind === 'array') {
      const out: JsonValue[] = [];
      for (const item of node.items) {
        const value = this.evaluate(item);
        if (value !== NO_VALUE) out.push(value);
      }
      return out;
    }
    if (node.kind === 'object') {
      const name = intrinsicName(node);
      if (name) return this.intrinsic(node, name);
      const out: Record<string, JsonValue> = {};
      for (const property of node.properties) {
        const value = this.evaluate(property.value);
        if (value === NO_VALUE) continue;
        Object.defineProperty(out, property.key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return node.value;
  }

  /** Evaluates to a string (numbers and booleans as CloudFormation turns them into text). */
  evaluateString(node: AstNode | undefined): string | undefined {
    const value = this.evaluate(node);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  private intrinsic(node: AstObject, name: string): Evaluated {
    const property = node.properties[0];
    const arg = property?.value;
    const keyRange = property?.keyRange ?? node.range;
    if (!INTRINSICS.has(name)) {
      this.error(
        TemplateCode.unknownIntrinsic,
        `Unknown intrinsic function '${name}': CloudFormation has Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::Base64, Fn::ImportValue...`,
        keyRange,
      );
      return `${name}-unresolved`;
    }
    switch (name) {
      case 'Ref':
        return this.ref(arg, keyRange);
      case 'Fn::GetAtt':
        return this.getAtt(arg, keyRange);
      case 'Fn::Sub':
        return this.sub(arg, keyRange);
      case 'Fn::Join':
        return this.join(arg, keyRange);
      case 'Fn::Select': {
        const list = arg?.kind === 'array' ? arg : undefined;
        const index = Number(this.evaluate(list?.items[0]));
        const items = this.evaluate(list?.items[1]);
        if (
          !list ||
          !Array.isArray(items) ||
          !Number.isInteger(index) ||
          index < 0 ||
          index >= items.length
        ) {
          this.error(
            TemplateCode.badExpression,
            'Fn::Select takes [index, list] with the index inside the list',
            keyRange,
          );
          return null;
        }
        return items[index] ?? null;
      }
      case 'Fn::Split': {
        const list = arg?.kind === 'array' ? arg : undefined;
        const delimiter = this.evaluateString(list?.items[0]);
        const text = this.evaluateString(list?.items[1]);
        if (delimiter === undefined || text === undefined) {
          this.error(TemplateCode.badExpression, 'Fn::Split takes [delimiter, string]', keyRange);
          return [];
        }
        return text.split(delimiter);
      }
      case 'Fn::If': {
        const list = arg?.kind === 'array' ? arg : undefined;
        const condition = list?.items[0];
        if (!list || list.items.length !== 3 || condition?.kind !== 'string') {
          this.error(
            TemplateCode.badExpression,
            'Fn::If takes [condition name, value if true, value if false]',
            keyRange,
          );
          return null;
        }
        return this.evaluate(
          this.condition(String(condition.value), condition.range) ? list.items[1] : list.items[2],
        );
      }
      case 'Condition':
        return arg?.kind === 'string' ? this.condition(String(arg.value), arg.range) : false;
      case 'Fn::Equals': {
        const list = arg?.kind === 'array' ? arg : undefined;
        if (!list || list.items.length !== 2) {
          this.error(TemplateCode.badExpression, 'Fn::Equals takes [value, value]', keyRange);
          return false;
        }
        return JSON.stringify(this.evaluate(list.items[0])) === JSON.stringify(this.evaluate(list.items[1]));
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const items = arg?.kind === 'array' ? arg.items.map((item) => this.evaluate(item) === true) : [];
        return name === 'Fn::And' ? items.every(Boolean) : items.some(Boolean);
      }
      case 'Fn::Not': {
        const first = arg?.kind === 'array' ? arg.items[0] : arg;
        return this.evaluate(first) !== true;
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, keyRange);
      case 'Fn::Base64': {
        const text = this.evaluateString(arg) ?? '';
        return base64(text);
      }
      case 'Fn::GetAZs': {
        const region = this.evaluateString(arg) || this.scope.ctx.region;
        return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
      }
      case 'Fn::ImportValue': {
        const exportName = this.evaluateString(arg) ?? 'import';
        return this.record(`${exportName}`, `ImportValue:${exportName}`, undefined, 'ImportValue');
      }
      case 'Fn::Length': {
        const value = this.evaluate(arg);
        return Array.isArray(value) ? value.length : 0;
      }
      case 'Fn::ToJsonString': {
        const value = this.evaluate(arg);
        return JSON.stringify(value === NO_VALUE ? null : value);
      }
      default:
        this.error(
          TemplateCode.unresolvable,
          `${name} is only known once deployed: its value is left out`,
          keyRange,
          'warning',
        );
        return null;
    }
  }

  /** A condition of the template's Conditions section, evaluated with the stand-in values. */
  private condition(name: string, range: OffsetRange): boolean {
    const node = sectionEntry(this.scope.root, 'Conditions', name);
    if (!node) {
      this.error(TemplateCode.unknownReference, `No condition '${name}' in the template's Conditions`, range);
      return false;
    }
    return this.evaluate(node) === true;
  }

  private findInMap(arg: AstNode | undefined, range: OffsetRange): Evaluated {
    const list = arg?.kind === 'array' ? arg : undefined;
    const keys = (list?.items ?? []).slice(0, 3).map((item) => this.evaluateString(item));
    const [mapName, top, second] = keys;
    if (mapName === undefined || top === undefined || second === undefined) {
      this.error(
        TemplateCode.badExpression,
        'Fn::FindInMap takes [map name, top-level key, second-level key]',
        range,
      );
      return null;
    }
    const mapping = sectionEntry(this.scope.root, 'Mappings', mapName);
    const topNode = mapping?.kind === 'object' ? propertyAt(mapping, top)?.value : undefined;
    const valueNode = topNode?.kind === 'object' ? propertyAt(topNode, second)?.value : undefined;
    if (!valueNode) {
      const fallback = list?.items[3];
      const defaultNode =
        fallback?.kind === 'object' ? propertyAt(fallback, 'DefaultValue')?.value : undefined;
      if (defaultNode) return this.evaluate(defaultNode);
      this.error(TemplateCode.unknownReference, `Mappings has no ${mapName}.${top}.${second}`, range);
      return null;
    }
    return this.evaluate(valueNode);
  }

  private join(arg: AstNode | undefined, range: OffsetRange): Evaluated {
    const list = arg?.kind === 'array' ? arg : undefined;
    const delimiter = this.evaluateString(list?.items[0]);
    const items = this.evaluate(list?.items[1]);
    if (delimiter === undefined || !Array.isArray(items)) {
      this.error(TemplateCode.badExpression, 'Fn::Join takes [delimiter, [values...]]', range);
      return '';
    }
    return items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(delimiter);
  }

  /** Ref: a pseudo parameter, a parameter (its Default) or a resource (its stand-in). */
  ref(arg: AstNode | undefined, range: OffsetRange): Evaluated {
    if (arg?.kind !== 'string') {
      this.error(
        TemplateCode.badExpression,
        'Ref takes the name of a parameter, a resource or a pseudo parameter',
        range,
      );
      return null;
    }
    return this.refName(String(arg.value), arg.range);
  }

  refName(name: string, range: OffsetRange): Evaluated {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (PSEUDO_PARAMETERS.has(name)) return pseudoParameter(this.scope.ctx, this.scope.stack, name);
    const parameter = sectionEntry(this.scope.root, 'Parameters', name);
    if (parameter) return this.parameterValue(name, parameter);
    const standIn = this.resourceValue(name, undefined);
    if (standIn !== undefined) return standIn;
    this.error(
      TemplateCode.unknownReference,
      `Ref '${name}': the template declares no parameter or resource of that name`,
      range,
    );
    return name;
  }

  private parameterValue(name: string, parameter: AstNode): JsonValue {
    const props = parameter.kind === 'object' ? parameter : undefined;
    const defaultNode = props ? propertyAt(props, 'Default')?.value : undefined;
    const type = props ? propertyAt(props, 'Type')?.value : undefined;
    const isList = type?.kind === 'string' && /List/.test(String(type.value));
    if (defaultNode) {
      const value = this.evaluate(defaultNode);
      if (value === NO_VALUE) return null;
      if (isList && typeof value === 'string') return value.split(',');
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    }
    // No default: the value is given at deploy time; its name stands in for it.
    return isList ? [name] : name;
  }

  /** The stand-in for a resource's Ref (attribute undefined) or attribute, or undefined when there is no such resource. */
  resourceValue(logicalId: string, attribute: string | undefined): string | undefined {
    const resource = this.scope.resources.get(logicalId);
    let type = resource?.type;
    let explicit: string | undefined;
    if (resource) {
      const nameProperty = type ? NAME_PROPERTIES[type] : undefined;
      const nameNode =
        nameProperty && resource.properties
          ? propertyAt(resource.properties, nameProperty)?.value
          : undefined;
      if (nameNode) {
        const saved = this.scope.subPlaceholders;
        this.scope.subPlaceholders = undefined;
        explicit = this.evaluateString(nameNode);
        this.scope.subPlaceholders = saved;
      }
    } else {
      const implicit = this.scope.implicitResource?.(logicalId);
      if (!implicit) return undefined;
      type = implicit.type;
      explicit = implicit.name;
    }
    const standIn = resourceStandIn(this.scope.ctx, this.scope.stack, logicalId, type, attribute, explicit);
    return this.record(standIn.value, logicalId, type, standIn.attribute);
  }

  private record(value: string, logicalId: string, type: string | undefined, attribute: string): string {
    if (!this.scope.standIns.has(value))
      this.scope.standIns.set(value, { value, logicalId, resourceType: type, attribute });
    return value;
  }

  getAtt(arg: AstNode | undefined, range: OffsetRange): Evaluated {
    let logicalId: string | undefined;
    let attribute: string | undefined;
    if (arg?.kind === 'array') {
      logicalId = this.evaluateString(arg.items[0]);
      attribute = this.evaluateString(arg.items[1]);
    } else if (arg?.kind === 'string') {
      const text = String(arg.value);
      const dot = text.indexOf('.');
      logicalId = dot < 0 ? text : text.slice(0, dot);
      attribute = dot < 0 ? undefined : text.slice(dot + 1);
    }
    if (!logicalId || !attribute) {
      this.error(
        TemplateCode.badExpression,
        'Fn::GetAtt takes [LogicalId, Attribute] (or LogicalId.Attribute)',
        range,
      );
      return null;
    }
    const value = this.resourceValue(logicalId, attribute);
    if (value !== undefined) return value;
    this.error(
      TemplateCode.unknownReference,
      `Fn::GetAtt '${logicalId}.${attribute}': the template declares no resource '${logicalId}'`,
      arg?.range ?? range,
    );
    return `${logicalId}.${attribute}`;
  }

  /** Whether `${key}` in an Fn::Sub has a binding in the template (variable map keys checked by the caller). */
  subBindingExists(key: string): boolean {
    if (PSEUDO_PARAMETERS.has(key)) return true;
    if (sectionEntry(this.scope.root, 'Parameters', key)) return true;
    const logicalId = key.includes('.') ? key.slice(0, key.indexOf('.')) : key;
    return this.scope.resources.has(logicalId) || this.scope.implicitResource?.(logicalId) !== undefined;
  }

  /** The value of one `${key}` of an Fn::Sub, or undefined when nothing binds it. */
  private subValue(key: string, variables: AstObject | undefined): string | undefined {
    const variable = variables ? propertyAt(variables, key)?.value : undefined;
    if (variable) {
      // A variable's own Fn::Sub is not the definition's text: its `${...}` are not listed.
      const saved = this.scope.subPlaceholders;
      this.scope.subPlaceholders = undefined;
      const value = this.evaluate(variable);
      this.scope.subPlaceholders = saved;
      return typeof value === 'string' ? value : JSON.stringify(value === NO_VALUE ? '' : value);
    }
    if (PSEUDO_PARAMETERS.has(key)) return String(pseudoParameter(this.scope.ctx, this.scope.stack, key));
    const parameter = sectionEntry(this.scope.root, 'Parameters', key);
    if (parameter) {
      const value = this.parameterValue(key, parameter);
      return Array.isArray(value) ? value.join(',') : String(value);
    }
    const dot = key.indexOf('.');
    return dot < 0
      ? this.resourceValue(key, undefined)
      : this.resourceValue(key.slice(0, dot), key.slice(dot + 1));
  }

  private subParts(
    arg: AstNode | undefined,
    range: OffsetRange,
  ): { template: AstNode; variables: AstObject | undefined } | undefined {
    if (arg?.kind === 'string') return { template: arg, variables: undefined };
    if (arg?.kind === 'array' && arg.items[0]?.kind === 'string') {
      const variables = arg.items[1];
      return { template: arg.items[0], variables: variables?.kind === 'object' ? variables : undefined };
    }
    this.error(TemplateCode.badExpression, 'Fn::Sub takes a string, or [string, {variable: value}]', range);
    return undefined;
  }

  private sub(arg: AstNode | undefined, range: OffsetRange): Evaluated {
    const segments = this.subSegments(arg, range);
    return segments ? segments.map((s) => s.text).join('') : '';
  }

  /** An Fn::Sub's text as pieces: its literal text mapped to the template, each `${X}` replaced by a generated piece. */
  subSegments(arg: AstNode | undefined, range: OffsetRange): Segment[] | undefined {
    const parts = this.subParts(arg, range);
    if (!parts) return undefined;
    const base = scalarSegment(this.scope.file, parts.template);
    const text = base.text;
    const out: Segment[] = [];
    let cursor = 0;
    const literal = (from: number, to: number): void => {
      if (to > from) out.push(sliceOf(base, from, to));
    };
    for (const match of findPlaceholders(text)) {
      literal(cursor, match.start);
      const source = sliceOf(base, match.start, match.end).source;
      if (match.escaped) {
        out.push(wholeSegment(`\${${match.key}}`, source, true));
      } else {
        const value = this.subValue(match.key, parts.variables);
        const bound = value !== undefined;
        const hasVariable = parts.variables ? propertyAt(parts.variables, match.key) !== undefined : false;
        this.scope.subPlaceholders?.push({
          key: match.key,
          source: 'Fn::Sub',
          resolvable: bound || hasVariable,
          value: value ?? text.slice(match.start, match.end),
          location: source ? locate(this.scope.file, source) : undefined,
        });
        if (!bound) {
          const at = source ?? parts.template.range;
          this.error(
            TemplateCode.unknownReference,
            `Fn::Sub '\${${match.key}}': no parameter, resource, pseudo parameter or variable of that name`,
            { start: at.start, end: at.end },
          );
        }
        out.push(wholeSegment(value ?? text.slice(match.start, match.end), source, true));
      }
      cursor = match.end;
    }
    literal(cursor, text.length);
    return out;
  }

  /**
   * A string-valued template node as pieces that keep their place in the template: literal strings
   * mapped character by character, Fn::Join and Fn::Sub assembled piecewise, other intrinsics as one
   * generated piece standing for the intrinsic.
   */
  evaluateText(node: AstNode | undefined): Segment[] {
    if (!node) return [];
    if (node.kind === 'string') return [scalarSegment(this.scope.file, node)];
    const name = intrinsicName(node);
    const span = { file: this.scope.file.path, start: node.range.start, end: node.range.end };
    if (name === 'Fn::Join' && node.kind === 'object') {
      const arg = node.properties[0]?.value;
      const list = arg?.kind === 'array' ? arg : undefined;
      const delimiterNode = list?.items[0];
      const itemsNode = list?.items[1];
      if (delimiterNode?.kind === 'string' && itemsNode?.kind === 'array') {
        const delimiter = scalarSegment(this.scope.file, delimiterNode);
        const out: Segment[] = [];
        itemsNode.items.forEach((item, index) => {
          if (index > 0 && delimiter.text.length > 0) out.push(delimiter);
          out.push(...this.evaluateText(item));
        });
        return out;
      }
    }
    if (name === 'Fn::Sub' && node.kind === 'object') {
      const property = node.properties[0];
      return this.subSegments(property?.value, property?.keyRange ?? node.range) ?? [];
    }
    const value = this.evaluate(node);
    const text =
      value === NO_VALUE || value === null
        ? ''
        : typeof value === 'string'
          ? value
          : typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : JSON.stringify(value);
    return [wholeSegment(text, span, true)];
  }
}

/** Property holding a resource's explicit physical name, by type. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Serverless::StateMachine': 'Name',
  'AWS::StepFunctions::Activity': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::ECS::Cluster': 'ClusterName',
  'AWS::Batch::JobQueue': 'JobQueueName',
  'AWS::Batch::JobDefinition': 'JobDefinitionName',
  'AWS::Glue::Job': 'Name',
  'AWS::Glue::Crawler': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::Kinesis::Stream': 'Name',
};

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function isIntrinsicValue(value: JsonValue): boolean {
  if (!isJsonObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}

export { isPseudoParameter, pseudoParameter } from './pseudoParameters';
export { scalarSegment } from './scalarSegments';
