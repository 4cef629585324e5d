// SAM policy templates (the `Policies:` entries such as `LambdaInvokePolicy: {FunctionName: ...}`) as
// the policy documents SAM expands them to, after aws-sam-translator's policy_templates.json. Only the
// statements a state machine's Tasks can need; an unknown template is reported, not guessed.

import type { JsonObject, JsonValue } from '../../json';
import type { DeploymentContext } from '../types';

type Parameters = Record<string, string>;
type Template = (p: Parameters, ctx: DeploymentContext) => JsonObject[];

const base = (ctx: DeploymentContext, service: string): string =>
  `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}`;
const allow = (actions: string[], resources: string[]): JsonObject => ({
  Effect: 'Allow',
  Action: actions,
  Resource: resources,
});

const DYNAMO_READ = [
  'dynamodb:GetItem',
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:DescribeTable',
];
const DYNAMO_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
const tableResources = (p: Parameters, ctx: DeploymentContext): string[] => [
  `${base(ctx, 'dynamodb')}:table/${p.TableName}`,
  `${base(ctx, 'dynamodb')}:table/${p.TableName}/index/*`,
];
const bucketResources = (p: Parameters, ctx: DeploymentContext): string[] => [
  `arn:${ctx.partition}:s3:::${p.BucketName}`,
  `arn:${ctx.partition}:s3:::${p.BucketName}/*`,
];

export const SAM_POLICY_TEMPLATES: Record<string, { parameters: string[]; statements: Template }> = {
  LambdaInvokePolicy: {
    parameters: ['FunctionName'],
    statements: (p, ctx) => [
      allow(['lambda:InvokeFunction'], [`${base(ctx, 'lambda')}:function:${p.FunctionName}*`]),
    ],
  },
  DynamoDBCrudPolicy: {
    parameters: ['TableName'],
    statements: (p, ctx) => [
      allow(
        [
          'dynamodb:GetItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:Scan',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:BatchGetItem',
          'dynamodb:DescribeTable',
          'dynamodb:ConditionCheckItem',
        ],
        tableResources(p, ctx),
      ),
    ],
  },
  DynamoDBReadPolicy: {
    parameters: ['TableName'],
    statements: (p, ctx) => [allow(DYNAMO_READ, tableResources(p, ctx))],
  },
  DynamoDBWritePolicy: {
    parameters: ['TableName'],
    statements: (p, ctx) => [allow(DYNAMO_WRITE, tableResources(p, ctx))],
  },
  SQSSendMessagePolicy: {
    parameters: ['QueueName'],
    statements: (p, ctx) => [allow(['sqs:SendMessage*'], [`${base(ctx, 'sqs')}:${p.QueueName}`])],
  },
  SQSPollerPolicy: {
    parameters: ['QueueName'],
    statements: (p, ctx) => [
      allow(
        [
          'sqs:ChangeMessageVisibility',
          'sqs:ChangeMessageVisibilityBatch',
          'sqs:DeleteMessage',
          'sqs:DeleteMessageBatch',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
        ],
        [`${base(ctx, 'sqs')}:${p.QueueName}`],
      ),
    ],
  },
  SNSPublishMessagePolicy: {
    parameters: ['TopicName'],
    statements: (p, ctx) => [allow(['sns:Publish'], [`${base(ctx, 'sns')}:${p.TopicName}`])],
  },
  StepFunctionsExecutionPolicy: {
    parameters: ['StateMachineName'],
    statements: (p, ctx) => [
      allow(['states:StartExecution'], [`${base(ctx, 'states')}:stateMachine:${p.StateMachineName}`]),
    ],
  },
  S3ReadPolicy: {
    parameters: ['BucketName'],
    statements: (p, ctx) => [
      allow(
        [
          's3:GetObject',
          's3:ListBucket',
          's3:GetBucketLocation',
          's3:GetObjectVersion',
          's3:GetLifecycleConfiguration',
        ],
        bucketResources(p, ctx),
      ),
    ],
  },
  S3WritePolicy: {
    parameters: ['BucketName'],
    statements: (p, ctx) => [
      allow(['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], bucketResources(p, ctx)),
    ],
  },
  S3CrudPolicy: {
    parameters: ['BucketName'],
    statements: (p, ctx) => [
      allow(
        [
          's3:GetObject',
          's3:ListBucket',
          's3:GetBucketLocation',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:PutObjectAcl',
          's3:GetLifecycleConfiguration',
          's3:PutLifecycleConfiguration',
          's3:DeleteObject',
        ],
        bucketResources(p, ctx),
      ),
    ],
  },
  EventBridgePutEventsPolicy: {
    parameters: ['EventBusName'],
    statements: (p, ctx) => [
      allow(['events:PutEvents'], [`${base(ctx, 'events')}:event-bus/${p.EventBusName}`]),
    ],
  },
  CloudWatchPutMetricPolicy: {
    parameters: [],
    statements: () => [allow(['cloudwatch:PutMetricData'], ['*'])],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    parameters: ['SecretArn'],
    statements: (p) => [allow(['secretsmanager:GetSecretValue'], [p.SecretArn ?? '*'])],
  },
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: (p, ctx) => [
      allow(['ssm:DescribeParameters'], ['*']),
      allow(
        ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
        [`${base(ctx, 'ssm')}:parameter/${p.ParameterName}`],
      ),
    ],
  },
  KinesisCrudPolicy: {
    parameters: ['StreamName'],
    statements: (p, ctx) => [
      allow(
        [
          'kinesis:AddTagsToStream',
          'kinesis:CreateStream',
          'kinesis:DecreaseStreamRetentionPeriod',
          'kinesis:DeleteStream',
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamSummary',
          'kinesis:GetShardIterator',
          'kinesis:IncreaseStreamRetentionPeriod',
          'kinesis:ListTagsForStream',
          'kinesis:MergeShards',
          'kinesis:PutRecord',
          'kinesis:PutRecords',
          'kinesis:SplitShard',
          'kinesis:RemoveTagsFromStream',
        ],
        [`${base(ctx, 'kinesis')}:stream/${p.StreamName}`],
      ),
    ],
  },
  EcsRunTaskPolicy: {
    parameters: ['TaskDefinition'],
    statements: (p, ctx) => [
      allow(['ecs:RunTask'], [`${base(ctx, 'ecs')}:task-definition/${p.TaskDefinition}`]),
    ],
  },
  AthenaQueryPolicy: {
    parameters: ['WorkGroupName'],
    statements: (p, ctx) => [
      allow(
        [
          'athena:ListWorkGroups',
          'athena:GetExecutionEngine',
          'athena:GetExecutionEngines',
          'athena:GetNamespace',
          'athena:GetCatalogs',
          'athena:GetNamespaces',
          'athena:GetTables',
          'athena:GetTable',
        ],
        ['*'],
      ),
      allow(
        [
          'athena:StartQueryExecution',
          'athena:GetQueryResults',
          'athena:DeleteNamedQuery',
          'athena:GetNamedQuery',
          'athena:ListQueryExecutions',
          'athena:StopQueryExecution',
          'athena:GetQueryResultsStream',
          'athena:ListNamedQueries',
          'athena:CreateNamedQuery',
          'athena:GetQueryExecution',
          'athena:BatchGetNamedQuery',
          'athena:BatchGetQueryExecution',
          'athena:GetWorkGroup',
        ],
        [`${base(ctx, 'athena')}:workgroup/${p.WorkGroupName}`],
      ),
    ],
  },
};

/** The statements of one policy template with its evaluated parameters, or why it cannot be expanded. */
export function expandPolicyTemplate(
  name: string,
  parameters: JsonValue,
  ctx: DeploymentContext,
): { statements: JsonObject[] } | { unknown: string } {
  const template = SAM_POLICY_TEMPLATES[name];
  if (!template) return { unknown: `SAM policy template ${name}` };
  const values: Parameters = {};
  const given =
    parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters) ? parameters : {};
  for (const parameter of template.parameters) {
    const value = given[parameter];
    if (typeof value !== 'string') return { unknown: `SAM policy template ${name} without a ${parameter}` };
    values[parameter] = value;
  }
  return { statements: template.statements(values, ctx) };
}
