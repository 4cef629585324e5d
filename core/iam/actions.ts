// What a Task's service integration needs from the execution role: maps a Task Resource and its
// parameters (evaluated at run time, or the definition's template for static checks) to IAM actions
// and resource ARNs, following AWS's "IAM policies for integrated services" pages.

import { isJsonObject, type JsonValue } from '../json';

export interface ArnContext {
  partition: string;
  region: string;
  accountId: string;
}

export const DEFAULT_ARN_CONTEXT: ArnContext = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: '123456789012',
};

export interface RequiredPermission {
  /** `service:Action` as IAM spells it. */
  action: string;
  /** The resource ARN; undefined when it is only decided at run time (a `.$` path, a placeholder). */
  resource: string | undefined;
  /** The integration whose error style applies when this permission is missing (see authorize.ts). */
  integration: string;
  /** Checked when the Task runs (the call itself); false for what `.sync` needs to wait for the job. */
  atRunTime: boolean;
  /** Why it is needed, when it is not the call itself. */
  reason?: string;
}

/** A parameter's value: a literal, known only at run time, or absent. */
type Param = { kind: 'value'; value: JsonValue } | { kind: 'dynamic' } | { kind: 'missing' };

function isDynamicText(value: JsonValue): boolean {
  return typeof value === 'string' && (value.includes('${') || /^\s*\{%[\s\S]*%\}\s*$/.test(value));
}

function param(parameters: JsonValue | undefined, name: string): Param {
  if (!isJsonObject(parameters)) return { kind: isDynamicText(parameters ?? null) ? 'dynamic' : 'missing' };
  if (parameters[`${name}.$`] !== undefined) return { kind: 'dynamic' };
  const value = parameters[name];
  if (value === undefined) return { kind: 'missing' };
  return isDynamicText(value) ? { kind: 'dynamic' } : { kind: 'value', value };
}

function text(parameters: JsonValue | undefined, name: string): string | undefined {
  const p = param(parameters, name);
  return p.kind === 'value' && typeof p.value === 'string' ? p.value : undefined;
}

function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function lambdaFunctionArn(name: string | undefined, ctx: ArnContext): string | undefined {
  if (name === undefined) return undefined;
  if (name.startsWith('arn:')) return name;
  if (/^\d{12}:function:/.test(name)) return `arn:${ctx.partition}:lambda:${ctx.region}:${name}`;
  return `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;
}

function tableArn(name: string | undefined, ctx: ArnContext): string | undefined {
  if (name === undefined) return undefined;
  return name.startsWith('arn:')
    ? name
    : `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.accountId}:table/${name}`;
}

/** `https://sqs.eu-west-1.amazonaws.com/123456789012/orders` → `arn:aws:sqs:eu-west-1:123456789012:orders`. */
export function queueArnFromUrl(url: string | undefined, ctx: ArnContext): string | undefined {
  if (url === undefined) return undefined;
  const match = /^https?:\/\/([^/]+)\/(\d{12})\/([^/?#]+)/.exec(url);
  if (!match) return undefined;
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws/.exec(match[1] ?? '')?.[1] ?? ctx.region;
  return `arn:${ctx.partition}:sqs:${region}:${match[2] ?? ''}:${match[3] ?? ''}`;
}

function prefixedArn(
  service: string,
  kind: string,
  name: string | undefined,
  ctx: ArnContext,
  sep = '/',
): string | undefined {
  if (name === undefined) return undefined;
  return name.startsWith('arn:')
    ? name
    : `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.accountId}:${kind}${sep}${name}`;
}

function s3Arn(parameters: JsonValue | undefined, ctx: ArnContext, object: boolean): string | undefined {
  const bucket = text(parameters, 'Bucket');
  if (bucket === undefined) return undefined;
  if (!object) return `arn:${ctx.partition}:s3:::${bucket}`;
  const key = text(parameters, 'Key') ?? text(parameters, 'Prefix');
  return key === undefined ? undefined : `arn:${ctx.partition}:s3:::${bucket}/${key}`;
}

function eventRule(ctx: ArnContext, rule: string, integration: string): RequiredPermission[] {
  const resource = `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:rule/${rule}`;
  const reason = 'the .sync pattern listens for the job to finish through this EventBridge rule';
  return ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'].map((action) => ({
    action,
    resource,
    integration,
    atRunTime: false,
    reason,
  }));
}

function extra(
  action: string,
  resource: string | undefined,
  integration: string,
  reason: string,
): RequiredPermission {
  return { action, resource, integration, atRunTime: false, reason };
}

function call(action: string, resource: string | undefined, integration: string): RequiredPermission {
  return { action, resource, integration, atRunTime: true };
}

const SYNC_REASON = 'the .sync pattern polls and stops the job';

/** Permissions of the optimized integrations (`arn:aws:states:::service:api[.pattern]`). */
function optimized(
  service: string,
  api: string,
  pattern: string,
  parameters: JsonValue | undefined,
  ctx: ArnContext,
): RequiredPermission[] {
  const sync = pattern.startsWith('sync');
  switch (`${service}:${api}`) {
    case 'lambda:invoke':
      return [
        call('lambda:InvokeFunction', lambdaFunctionArn(text(parameters, 'FunctionName'), ctx), 'lambda'),
      ];
    case 'dynamodb:getItem':
    case 'dynamodb:putItem':
    case 'dynamodb:updateItem':
    case 'dynamodb:deleteItem':
      return [call(`dynamodb:${pascal(api)}`, tableArn(text(parameters, 'TableName'), ctx), 'dynamodb')];
    case 'sqs:sendMessage':
      return [call('sqs:SendMessage', queueArnFromUrl(text(parameters, 'QueueUrl'), ctx), 'sqs')];
    case 'sns:publish': {
      const topic = text(parameters, 'TopicArn') ?? text(parameters, 'TargetArn');
      const phone = param(parameters, 'PhoneNumber').kind !== 'missing';
      return [call('sns:Publish', topic ?? (phone ? '*' : undefined), 'sns')];
    }
    case 'events:putEvents':
      return eventBuses(parameters, ctx).map((bus) => call('events:PutEvents', bus, 'events'));
    case 'ecs:runTask': {
      const taskDefinition = prefixedArn('ecs', 'task-definition', text(parameters, 'TaskDefinition'), ctx);
      const out = [call('ecs:RunTask', taskDefinition, 'ecs')];
      if (sync) {
        out.push(
          extra('ecs:StopTask', '*', 'ecs', SYNC_REASON),
          extra('ecs:DescribeTasks', '*', 'ecs', SYNC_REASON),
        );
        out.push(...eventRule(ctx, 'StepFunctionsGetEventsForECSTaskRule', 'ecs'));
      }
      return out;
    }
    case 'glue:startJobRun': {
      const job = prefixedArn('glue', 'job', text(parameters, 'JobName'), ctx);
      const out = [call('glue:StartJobRun', job, 'glue')];
      if (sync)
        for (const a of ['glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'])
          out.push(extra(a, job, 'glue', SYNC_REASON));
      return out;
    }
    case 'batch:submitJob': {
      const out = [
        call(
          'batch:SubmitJob',
          prefixedArn('batch', 'job-definition', text(parameters, 'JobDefinition'), ctx),
          'batch',
        ),
        call(
          'batch:SubmitJob',
          prefixedArn('batch', 'job-queue', text(parameters, 'JobQueue'), ctx),
          'batch',
        ),
      ];
      if (sync) {
        out.push(
          extra('batch:DescribeJobs', '*', 'batch', SYNC_REASON),
          extra('batch:TerminateJob', '*', 'batch', SYNC_REASON),
        );
        out.push(...eventRule(ctx, 'StepFunctionsGetEventsForBatchJobsRule', 'batch'));
      }
      return out;
    }
    case 'states:startExecution': {
      const machine = text(parameters, 'StateMachineArn');
      const out = [call('states:StartExecution', machine, 'states')];
      if (sync) {
        const name = machine?.split(':')[6];
        const executions =
          name === undefined
            ? undefined
            : `arn:${ctx.partition}:states:${ctx.region}:${ctx.accountId}:execution:${name}:*`;
        out.push(
          extra('states:DescribeExecution', executions, 'states', SYNC_REASON),
          extra('states:StopExecution', executions, 'states', SYNC_REASON),
          ...eventRule(ctx, 'StepFunctionsGetEventsForStepFunctionsExecutionRule', 'states'),
        );
      }
      return out;
    }
    case 's3:getObject':
      return [call('s3:GetObject', s3Arn(parameters, ctx, true), 's3')];
    case 's3:listObjectsV2':
      return [call('s3:ListBucket', s3Arn(parameters, ctx, false), 's3')];
    case 's3:putObject':
      return [call('s3:PutObject', s3Arn(parameters, ctx, false)?.concat('/*'), 's3')];
    case 'http:invoke':
      return [
        call('states:InvokeHTTPEndpoint', undefined, 'http'),
        extra(
          'events:RetrieveConnectionCredentials',
          isJsonObject(parameters) ? text(parameters.Authentication, 'ConnectionArn') : undefined,
          'http',
          'the HTTP task reads the connection credentials',
        ),
      ];
    default:
      return [call(`${service}:${pascal(api)}`, undefined, service)];
  }
}

function eventBuses(parameters: JsonValue | undefined, ctx: ArnContext): (string | undefined)[] {
  const entries = param(parameters, 'Entries');
  if (entries.kind !== 'value' || !Array.isArray(entries.value)) return [undefined];
  const buses = entries.value.map((entry) => {
    const name = param(entry, 'EventBusName');
    if (name.kind === 'dynamic') return undefined;
    const bus = name.kind === 'value' && typeof name.value === 'string' ? name.value : 'default';
    return prefixedArn('events', 'event-bus', bus, ctx);
  });
  return buses.length === 0 ? [undefined] : [...new Set(buses)];
}

/** IAM service prefixes that differ from the aws-sdk integration's service name. */
const SDK_IAM_PREFIX: Record<string, string> = {
  sfn: 'states',
  eventbridge: 'events',
  cloudwatchlogs: 'logs',
  elasticloadbalancingv2: 'elasticloadbalancing',
  apigatewayv2: 'apigateway',
  sesv2: 'ses',
  efs: 'elasticfilesystem',
  cognitoidentityprovider: 'cognito-idp',
  opensearch: 'es',
  bedrockruntime: 'bedrock',
  sagemakerruntime: 'sagemaker',
};

const S3_SDK_ACTIONS: Record<string, [string, boolean]> = {
  listObjectsV2: ['ListBucket', false],
  listObjects: ['ListBucket', false],
  headBucket: ['ListBucket', false],
  headObject: ['GetObject', true],
  getObjectAttributes: ['GetObject', true],
};

/** `arn:aws:states:::aws-sdk:service:apiAction` → `service:ApiAction` on the resource it names, if known. */
function sdkPermission(
  service: string,
  api: string,
  parameters: JsonValue | undefined,
  ctx: ArnContext,
): RequiredPermission[] {
  const prefix = SDK_IAM_PREFIX[service] ?? service;
  const integration = `aws-sdk:${service}`;
  if (service === 's3') {
    const [action, object] = S3_SDK_ACTIONS[api] ?? [pascal(api), text(parameters, 'Key') !== undefined];
    return [call(`s3:${action}`, s3Arn(parameters, ctx, object), integration)];
  }
  let resource: string | undefined;
  if (service === 'dynamodb') resource = tableArn(text(parameters, 'TableName'), ctx);
  else if (service === 'lambda') resource = lambdaFunctionArn(text(parameters, 'FunctionName'), ctx);
  else if (service === 'sqs') resource = queueArnFromUrl(text(parameters, 'QueueUrl'), ctx);
  else if (service === 'sns') resource = text(parameters, 'TopicArn');
  else if (service === 'sfn')
    resource = text(parameters, 'StateMachineArn') ?? text(parameters, 'ExecutionArn');
  else if (service === 'secretsmanager') {
    const id = text(parameters, 'SecretId');
    resource = id?.startsWith('arn:') ? id : undefined;
  }
  return [call(`${prefix}:${pascal(api)}`, resource, integration)];
}

/**
 * The permissions a Task Resource needs. Activities and unknown resources need none from the
 * execution role (an activity worker calls Step Functions with its own credentials).
 */
export function requiredPermissions(
  resource: string,
  parameters: JsonValue | undefined,
  ctx: ArnContext = DEFAULT_ARN_CONTEXT,
): RequiredPermission[] {
  const legacyLambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.exec(resource);
  if (legacyLambda) return [call('lambda:InvokeFunction', resource, 'lambda')];
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(resource)?.[1];
  if (integration === undefined) return [];
  const sdk = /^aws-sdk:([^:]+):([^.]+)(?:\.(.*))?$/.exec(integration);
  if (sdk) return sdkPermission(sdk[1] ?? '', sdk[2] ?? '', parameters, ctx);
  const match = /^([^:]+):([^.]+)(?:\.(.*))?$/.exec(integration);
  if (!match) return [];
  return optimized(match[1] ?? '', match[2] ?? '', match[3] ?? '', parameters, ctx);
}
