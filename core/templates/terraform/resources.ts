// What a reference to a resource evaluates to: its own argument when the module writes it, else the
// stand-in a CloudFormation template would get (its ARN, name or URL built from its name argument or
// the stack's naming); and a data "aws_iam_policy_document" as the policy JSON it renders.

import { isJsonObject, type JsonValue } from '../../json';
import { TemplateCode } from '../codes';
import { physicalName, resourceStandIn } from '../standins';
import type { Scope, TfBlock, TfEvaluator } from './evaluate';
import type { Expr } from './expression';
import { genericType, TF_TYPES, toPascal } from './resourceTypes';

/** A data "aws_iam_policy_document" as the JSON policy it renders. */
export function policyDocument(evaluator: TfEvaluator, block: TfBlock, scope: Scope): JsonValue {
  const statements = Array.isArray(block.body.statement)
    ? block.body.statement
    : block.body.statement
      ? [block.body.statement]
      : [];
  return {
    Version: '2012-10-17',
    Statement: statements.map((raw) => {
      const s = evaluator.raw(raw, { ...scope, recorder: undefined });
      const statement = isJsonObject(s) ? s : {};
      const out: Record<string, JsonValue> = { Effect: statement.effect === 'Deny' ? 'Deny' : 'Allow' };
      if (statement.actions !== undefined) out.Action = statement.actions;
      if (statement.not_actions !== undefined) out.NotAction = statement.not_actions;
      if (statement.resources !== undefined) out.Resource = statement.resources;
      if (statement.not_resources !== undefined) out.NotResource = statement.not_resources;
      if (out.Resource === undefined && out.NotResource === undefined) out.Resource = '*';
      if (typeof statement.sid === 'string') out.Sid = statement.sid;
      return out;
    }),
  };
}

export function resourceValue(
  evaluator: TfEvaluator,
  type: string,
  name: string,
  steps: (string | number | Expr)[],
  scope: Scope,
): JsonValue {
  const address = `${type}.${name}`;
  const block = scope.module.resources.get(address);
  if (!block) {
    evaluator.report(
      scope,
      TemplateCode.unknownReference,
      'error',
      `'${address}' is not declared in ${scope.module.dir}`,
    );
  }
  let index = '';
  let rest = steps;
  if (typeof steps[0] === 'object' || typeof steps[0] === 'number') {
    const key =
      typeof steps[0] === 'object' ? evaluator.expr(steps[0], { ...scope, recorder: undefined }) : steps[0];
    index = `[${typeof key === 'number' ? key : JSON.stringify(key)}]`;
    rest = steps.slice(1);
  }
  const attribute = String(rest[0] ?? 'id');
  const known = TF_TYPES[type];
  const nameArg = known?.nameArg && block ? block.body[known.nameArg] : undefined;
  let explicit: string | undefined;
  if (typeof nameArg === 'string') {
    const soft = { missing: false };
    const value = evaluator.raw(nameArg, { ...scope, recorder: undefined, soft });
    if (typeof value === 'string' && !soft.missing) explicit = value;
  }
  const logicalId = `${scope.module.prefix}${address}${index}`;
  if (
    attribute !== 'arn' &&
    attribute !== 'id' &&
    attribute !== 'name' &&
    attribute !== known?.nameArg &&
    block &&
    attribute in block.body
  ) {
    return evaluator.raw(block.body[attribute], { ...scope, recorder: undefined });
  }
  const cfnAttribute =
    attribute === 'arn'
      ? 'Arn'
      : attribute === 'id'
        ? known?.idIs === 'arn'
          ? 'Arn'
          : known?.idIs === 'url'
            ? 'QueueUrl'
            : 'Name'
        : attribute === 'name' || attribute === known?.nameArg
          ? 'Name'
          : attribute === 'url'
            ? 'QueueUrl'
            : attribute === 'invoke_arn'
              ? 'Arn'
              : toPascal(attribute);
  const baseName =
    explicit ??
    physicalName(evaluator.env.stack, `${name}${index.replace(/\W/g, '')}`, 64, type === 'aws_s3_bucket');
  let value = resourceStandIn(
    evaluator.env.ctx,
    evaluator.env.stack,
    logicalId,
    known?.cfn ?? genericType(type),
    cfnAttribute,
    baseName,
  ).value;
  if (attribute === 'invoke_arn')
    value = `arn:${evaluator.env.ctx.partition}:apigateway:${evaluator.env.ctx.region}:lambda:path/2015-03-31/functions/${value}/invocations`;
  if (attribute === 'qualified_arn') value = `${value}:$LATEST`;
  evaluator.record(value, logicalId, type, attribute);
  return value;
}
