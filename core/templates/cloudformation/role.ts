// The execution role of a template's state machine, as IAM statements core/iam evaluates: the
// AWS::IAM::Role its RoleArn / Role names (inline Policies, AWS::IAM::Policy and ManagedPolicy
// resources attached to it), or the role SAM generates from `Policies` (documents, SAM policy
// templates). Managed policies by ARN cannot be read from the template: they are listed as unknown.

import { readRolePolicies, type PolicyStatement } from '../../iam';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import { type AstNode, propertyAt } from '../../parse';
import { TemplateCode } from '../codes';
import { findPlaceholders } from '../placeholders';
import { fileDiagnostic, locate } from '../sourceFile';
import type { TemplateRole } from '../types';
import {
  type CfnEvaluator,
  type CfnScope,
  NO_VALUE,
  type TemplateResource,
  intrinsicName,
} from './intrinsics';
import { expandPolicyTemplate } from './sam-policies';

/** Logical IDs a value refers to through Ref, Fn::GetAtt or Fn::Sub. */
export function referencedIds(node: AstNode | undefined, depth = 0): string[] {
  if (!node || depth > 32) return [];
  const name = intrinsicName(node);
  if (node.kind === 'object' && name) {
    const arg = node.properties[0]?.value;
    if (name === 'Ref' && arg?.kind === 'string') return [String(arg.value)];
    if (name === 'Fn::GetAtt') {
      if (arg?.kind === 'string') return [String(arg.value).split('.')[0] ?? ''];
      if (arg?.kind === 'array' && arg.items[0]?.kind === 'string') return [String(arg.items[0].value)];
    }
    if (name === 'Fn::Sub') {
      const text = arg?.kind === 'string' ? arg : arg?.kind === 'array' ? arg.items[0] : undefined;
      const ids =
        text?.kind === 'string'
          ? findPlaceholders(String(text.value))
              .filter((m) => !m.escaped)
              .map((m) => m.key.split('.')[0] ?? '')
          : [];
      return [...ids, ...(arg?.kind === 'array' ? referencedIds(arg.items[1], depth + 1) : [])];
    }
    return referencedIds(arg, depth + 1);
  }
  if (node.kind === 'array') return node.items.flatMap((item) => referencedIds(item, depth + 1));
  if (node.kind === 'object') return node.properties.flatMap((p) => referencedIds(p.value, depth + 1));
  return [];
}

function policyStatements(
  scope: CfnScope,
  documents: { value: JsonValue; origin: string }[],
  unknown: string[],
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const { value, origin } of documents) {
    const { policies, problems } = readRolePolicies(value);
    for (const statement of policies.statements)
      statements.push({ ...statement, origin: `${origin}.${statement.origin}` });
    for (const problem of problems) unknown.push(`${origin}: ${problem.message}`);
  }
  void scope;
  return statements;
}

function evaluated(evaluator: CfnEvaluator, node: AstNode | undefined): JsonValue {
  const value = evaluator.evaluate(node);
  return value === NO_VALUE ? null : value;
}

/** The documents of an AWS::IAM::Role and of the policies attached to it in the same template. */
function roleResourcePolicies(
  scope: CfnScope,
  evaluator: CfnEvaluator,
  role: TemplateResource,
  unknown: string[],
): { value: JsonValue; origin: string }[] {
  const documents: { value: JsonValue; origin: string }[] = [];
  const props = role.properties;
  const inline = props ? propertyAt(props, 'Policies')?.value : undefined;
  if (inline) documents.push({ value: { Policies: evaluated(evaluator, inline) }, origin: role.logicalId });
  const managed = props ? propertyAt(props, 'ManagedPolicyArns')?.value : undefined;
  if (managed?.kind === 'array') {
    for (const item of managed.items) {
      const target = referencedIds(item)
        .map((id) => scope.resources.get(id))
        .find((r) => r?.type === 'AWS::IAM::ManagedPolicy');
      const document = target?.properties
        ? propertyAt(target.properties, 'PolicyDocument')?.value
        : undefined;
      if (target && document)
        documents.push({ value: evaluated(evaluator, document), origin: target.logicalId });
      else unknown.push(`managed policy ${String(evaluated(evaluator, item))}`);
    }
  }
  for (const resource of scope.resources.values()) {
    if (resource.type !== 'AWS::IAM::Policy' && resource.type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = resource.properties ? propertyAt(resource.properties, 'Roles')?.value : undefined;
    if (!referencedIds(roles).includes(role.logicalId)) continue;
    const document = resource.properties
      ? propertyAt(resource.properties, 'PolicyDocument')?.value
      : undefined;
    if (document) documents.push({ value: evaluated(evaluator, document), origin: resource.logicalId });
  }
  return documents;
}

/** SAM's generated role: each `Policies` entry a document, a policy template or a managed policy name. */
function samPolicies(
  evaluator: CfnEvaluator,
  node: AstNode | undefined,
  unknown: string[],
  scope: CfnScope,
): { value: JsonValue; origin: string }[] {
  const documents: { value: JsonValue; origin: string }[] = [];
  const value = evaluated(evaluator, node);
  const entries = Array.isArray(value) ? value : value === null ? [] : [value];
  entries.forEach((entry, index) => {
    const origin = `Policies[${index}]`;
    if (typeof entry === 'string') {
      unknown.push(`managed policy ${entry}`);
      return;
    }
    if (!isJsonObject(entry)) return;
    if (entry.Statement !== undefined) {
      documents.push({ value: entry, origin });
      return;
    }
    for (const name of Object.keys(entry)) {
      const expanded = expandPolicyTemplate(name, entry[name] as JsonValue, scope.ctx);
      if ('unknown' in expanded) unknown.push(expanded.unknown);
      else
        documents.push({
          value: { Statement: expanded.statements } as JsonObject,
          origin: `${origin}.${name}`,
        });
    }
  });
  return documents;
}

export function templateRole(
  scope: CfnScope,
  evaluator: CfnEvaluator,
  machine: TemplateResource,
  sam: boolean,
): TemplateRole | undefined {
  const props = machine.properties;
  const roleProperty = props ? propertyAt(props, sam ? 'Role' : 'RoleArn') : undefined;
  const unknown: string[] = [];
  if (roleProperty?.value) {
    const roleId = referencedIds(roleProperty.value).find(
      (id) => scope.resources.get(id)?.type === 'AWS::IAM::Role',
    );
    const role = roleId ? scope.resources.get(roleId) : undefined;
    if (!role) {
      scope.diagnostics.push(
        fileDiagnostic(
          scope.file,
          TemplateCode.roleUnknown,
          'warning',
          'The execution role is not an AWS::IAM::Role of this template: its permissions are unknown here (give a test file a `role`)',
          roleProperty.value.range,
        ),
      );
      return undefined;
    }
    const documents = roleResourcePolicies(scope, evaluator, role, unknown);
    const result: TemplateRole = {
      logicalId: role.logicalId,
      roleArn: evaluator.resourceValue(role.logicalId, 'Arn'),
      statements: policyStatements(scope, documents, unknown),
      unknown,
      location: locate(scope.file, role.node.range),
    };
    reportUnknown(scope, unknown, roleProperty.value.range);
    return result;
  }
  if (!sam) return undefined;
  const policies = props ? propertyAt(props, 'Policies') : undefined;
  const roleId = `${machine.logicalId}Role`;
  const documents = samPolicies(evaluator, policies?.value, unknown, scope);
  const result: TemplateRole = {
    logicalId: roleId,
    roleArn: evaluator.resourceValue(roleId, 'Arn'),
    statements: policyStatements(scope, documents, unknown),
    unknown,
    location: locate(scope.file, (policies?.value ?? machine.node).range),
  };
  reportUnknown(scope, unknown, (policies?.value ?? machine.node).range);
  return result;
}

function reportUnknown(scope: CfnScope, unknown: string[], range: { start: number; end: number }): void {
  if (unknown.length === 0) return;
  scope.diagnostics.push(
    fileDiagnostic(
      scope.file,
      TemplateCode.roleUnknown,
      'warning',
      `The execution role's ${unknown.join(', ')} cannot be read from the template: Tasks that need only those grants are refused here`,
      range,
    ),
  );
}
