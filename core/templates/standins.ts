// Stand-ins for values that only exist once a stack is deployed: physical names and ARNs shaped the
// way CloudFormation and the services make them (`<stack>-<LogicalId>-<suffix>`), stable for a given
// stack and logical ID so tests and mocks can rely on them.

import type { DeploymentContext } from './types';

export const DEFAULT_DEPLOYMENT: DeploymentContext = {
  region: 'us-east-1',
  accountId: '123456789012',
  partition: 'aws',
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A stable 12-character suffix for a physical name (CloudFormation appends a random one). */
export function stableSuffix(seed: string): string {
  // FNV-1a, twice with different offsets, into base 36.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < seed.length; i++) {
    const c = seed.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 12; i++) {
    const source = i < 6 ? a : b;
    out += ALPHABET[(source >>> ((i % 6) * 5)) % 36];
  }
  return out;
}

/** `<stack>-<LogicalId>-<suffix>`, cut to `max` characters the way CloudFormation shortens names. */
export function physicalName(stack: string, logicalId: string, max = 64, lower = false): string {
  const suffix = stableSuffix(`${stack}/${logicalId}`);
  let head = `${stack}-${logicalId}`;
  if (head.length + suffix.length + 1 > max) head = head.slice(0, Math.max(1, max - suffix.length - 1));
  const name = `${head}-${suffix}`;
  return lower ? name.toLowerCase() : name;
}

/** The stack name from a template's directory: letters, digits and hyphens, starting with a letter. */
export function stackNameFor(directoryName: string): string {
  const cleaned = directoryName
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/-+$/, '');
  return (cleaned || 'stack').slice(0, 40);
}

export function arn(
  ctx: DeploymentContext,
  service: string,
  resource: string,
  regional = true,
  account = true,
): string {
  return `arn:${ctx.partition}:${service}:${regional ? ctx.region : ''}:${account ? ctx.accountId : ''}:${resource}`;
}

export interface StandIn {
  value: string;
  attribute: string;
}

export interface ResourceKind {
  /** What Ref gives: the name, the ARN, a URL or an id. */
  ref: 'name' | 'arn' | 'url' | 'id';
  /** ARN from the physical name. */
  arn?: (ctx: DeploymentContext, name: string) => string;
  /** Property holding an explicit physical name. */
  nameProperty?: string;
  /** Longest physical name the service allows. */
  maxName?: number;
  lowerName?: boolean;
  /** Attributes other than Arn / Name. */
  attributes?: Record<string, (ctx: DeploymentContext, name: string) => string>;
}

const lambdaArn = (ctx: DeploymentContext, name: string): string => arn(ctx, 'lambda', `function:${name}`);
const stateMachineArn = (ctx: DeploymentContext, name: string): string =>
  arn(ctx, 'states', `stateMachine:${name}`);
const queueUrl = (ctx: DeploymentContext, name: string): string =>
  `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`;

/** Known resource types; others get a generic ARN of their service. */
export const RESOURCE_KINDS: Record<string, ResourceKind> = {
  'AWS::Lambda::Function': { ref: 'name', arn: lambdaArn, nameProperty: 'FunctionName' },
  'AWS::Serverless::Function': { ref: 'name', arn: lambdaArn, nameProperty: 'FunctionName' },
  'AWS::Lambda::Alias': { ref: 'arn', arn: (ctx, name) => lambdaArn(ctx, `${name}:live`) },
  'AWS::Lambda::Version': { ref: 'arn', arn: (ctx, name) => lambdaArn(ctx, `${name}:1`) },
  'AWS::Lambda::LayerVersion': { ref: 'arn', arn: (ctx, name) => arn(ctx, 'lambda', `layer:${name}:1`) },
  'AWS::StepFunctions::StateMachine': {
    ref: 'arn',
    arn: stateMachineArn,
    nameProperty: 'StateMachineName',
    maxName: 80,
  },
  'AWS::Serverless::StateMachine': { ref: 'arn', arn: stateMachineArn, nameProperty: 'Name', maxName: 80 },
  'AWS::StepFunctions::Activity': {
    ref: 'arn',
    arn: (ctx, name) => arn(ctx, 'states', `activity:${name}`),
    nameProperty: 'Name',
    maxName: 80,
  },
  'AWS::SQS::Queue': {
    ref: 'url',
    arn: (ctx, name) => arn(ctx, 'sqs', name),
    nameProperty: 'QueueName',
    maxName: 80,
    attributes: { QueueName: (_ctx, name) => name, QueueUrl: queueUrl },
  },
  'AWS::SNS::Topic': {
    ref: 'arn',
    arn: (ctx, name) => arn(ctx, 'sns', name),
    nameProperty: 'TopicName',
    maxName: 256,
    attributes: { TopicName: (_ctx, name) => name, TopicArn: (ctx, name) => arn(ctx, 'sns', name) },
  },
  'AWS::DynamoDB::Table': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'dynamodb', `table/${name}`),
    nameProperty: 'TableName',
    maxName: 255,
    attributes: {
      StreamArn: (ctx, name) => arn(ctx, 'dynamodb', `table/${name}/stream/2024-01-01T00:00:00.000`),
    },
  },
  'AWS::DynamoDB::GlobalTable': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'dynamodb', `table/${name}`),
    nameProperty: 'TableName',
  },
  'AWS::Serverless::SimpleTable': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'dynamodb', `table/${name}`),
    nameProperty: 'TableName',
  },
  'AWS::S3::Bucket': {
    ref: 'name',
    arn: (ctx, name) => `arn:${ctx.partition}:s3:::${name}`,
    nameProperty: 'BucketName',
    maxName: 63,
    lowerName: true,
    attributes: {
      DomainName: (_ctx, name) => `${name}.s3.amazonaws.com`,
      RegionalDomainName: (ctx, name) => `${name}.s3.${ctx.region}.amazonaws.com`,
      WebsiteURL: (ctx, name) => `http://${name}.s3-website-${ctx.region}.amazonaws.com`,
    },
  },
  'AWS::IAM::Role': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'iam', `role/${name}`, false),
    nameProperty: 'RoleName',
    attributes: { RoleId: (_ctx, name) => `AROA${stableSuffix(name)}` },
  },
  'AWS::IAM::ManagedPolicy': { ref: 'arn', arn: (ctx, name) => arn(ctx, 'iam', `policy/${name}`, false) },
  'AWS::Events::EventBus': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'events', `event-bus/${name}`),
    nameProperty: 'Name',
  },
  'AWS::Events::Rule': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'events', `rule/${name}`),
    nameProperty: 'Name',
  },
  'AWS::Kinesis::Stream': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'kinesis', `stream/${name}`),
    nameProperty: 'Name',
  },
  'AWS::ECS::Cluster': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'ecs', `cluster/${name}`),
    nameProperty: 'ClusterName',
  },
  'AWS::ECS::TaskDefinition': {
    ref: 'arn',
    arn: (ctx, name) => arn(ctx, 'ecs', `task-definition/${name}:1`),
  },
  'AWS::Batch::JobQueue': {
    ref: 'arn',
    arn: (ctx, name) => arn(ctx, 'batch', `job-queue/${name}`),
    nameProperty: 'JobQueueName',
  },
  'AWS::Batch::JobDefinition': {
    ref: 'arn',
    arn: (ctx, name) => arn(ctx, 'batch', `job-definition/${name}:1`),
    nameProperty: 'JobDefinitionName',
  },
  'AWS::Glue::Job': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'glue', `job/${name}`),
    nameProperty: 'Name',
  },
  'AWS::Glue::Crawler': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'glue', `crawler/${name}`),
    nameProperty: 'Name',
  },
  'AWS::Glue::Database': { ref: 'name', arn: (ctx, name) => arn(ctx, 'glue', `database/${name}`) },
  'AWS::Logs::LogGroup': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'logs', `log-group:${name}:*`),
    nameProperty: 'LogGroupName',
  },
  'AWS::ApiGateway::RestApi': {
    ref: 'id',
    arn: (ctx, name) => arn(ctx, 'apigateway', `/restapis/${name}`, true, false),
  },
  'AWS::Serverless::Api': {
    ref: 'id',
    arn: (ctx, name) => arn(ctx, 'apigateway', `/restapis/${name}`, true, false),
  },
  'AWS::ApiGatewayV2::Api': {
    ref: 'id',
    arn: (ctx, name) => arn(ctx, 'apigateway', `/apis/${name}`, true, false),
  },
  'AWS::Serverless::HttpApi': {
    ref: 'id',
    arn: (ctx, name) => arn(ctx, 'apigateway', `/apis/${name}`, true, false),
  },
  'AWS::SSM::Parameter': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'ssm', `parameter/${name}`),
    nameProperty: 'Name',
  },
  'AWS::SecretsManager::Secret': {
    ref: 'arn',
    arn: (ctx, name) => arn(ctx, 'secretsmanager', `secret:${name}`),
    nameProperty: 'Name',
  },
  'AWS::KMS::Key': { ref: 'id', arn: (ctx, name) => arn(ctx, 'kms', `key/${name}`) },
  'AWS::CodeBuild::Project': {
    ref: 'name',
    arn: (ctx, name) => arn(ctx, 'codebuild', `project/${name}`),
    nameProperty: 'Name',
  },
  'AWS::EMRServerless::Application': {
    ref: 'id',
    arn: (ctx, name) => arn(ctx, 'emr-serverless', `/applications/${name}`),
  },
};

/** The service part of a type (`AWS::SQS::Queue` → `sqs`), for the generic ARN. */
function serviceOf(type: string | undefined): string {
  const parts = (type ?? '').split('::');
  return (parts[1] ?? 'cloudformation').toLowerCase();
}

/**
 * The stand-in for `Ref` (attribute undefined) or `Fn::GetAtt` of a resource: `physical` is its
 * explicit name when the template gives one statically.
 */
export function resourceStandIn(
  ctx: DeploymentContext,
  stack: string,
  logicalId: string,
  type: string | undefined,
  attribute: string | undefined,
  explicitName: string | undefined,
): StandIn {
  const kind = type ? RESOURCE_KINDS[type] : undefined;
  const name = explicitName ?? physicalName(stack, logicalId, kind?.maxName ?? 64, kind?.lowerName ?? false);
  const genericArn = (c: DeploymentContext, n: string): string =>
    arn(c, serviceOf(type), `${(type ?? '').split('::')[2]?.toLowerCase() ?? 'resource'}/${n}`);
  const arnOf = kind?.arn ?? genericArn;
  if (attribute === undefined || attribute === 'Ref') {
    switch (kind?.ref) {
      case 'arn':
        return { value: arnOf(ctx, name), attribute: 'Ref' };
      case 'url':
        return { value: queueUrl(ctx, name), attribute: 'Ref' };
      case 'id':
        return {
          value: stableSuffix(`${stack}/${logicalId}/id`).toLowerCase().slice(0, 10),
          attribute: 'Ref',
        };
      default:
        return { value: name, attribute: 'Ref' };
    }
  }
  if (attribute === 'Arn') return { value: arnOf(ctx, name), attribute };
  const special = kind?.attributes?.[attribute];
  if (special) return { value: special(ctx, name), attribute };
  if (attribute === 'Name' || attribute.endsWith('Name')) return { value: name, attribute };
  if (attribute.endsWith('Arn')) return { value: arnOf(ctx, name), attribute };
  if (attribute.endsWith('Url') || attribute.endsWith('URL') || attribute.endsWith('Endpoint'))
    return {
      value: `https://${stableSuffix(`${logicalId}/${attribute}`).toLowerCase()}.example.amazonaws.com`,
      attribute,
    };
  return { value: `${name}-${attribute}`, attribute };
}
