// Run-time IAM checks: builds the interpreter's `authorizeTask` hook from the role's statements, so a
// Task the role may not call fails as AWS fails it: the service's access-denied error name and the
// "User: ... is not authorized to perform: ..." cause, which a Retry/Catch or a test then sees.

import type { TaskAuthorizationRequest } from '../interpreter';
import {
  DEFAULT_ARN_CONTEXT,
  requiredPermissions,
  type ArnContext,
  type RequiredPermission,
} from './actions';
import { evaluateAccess, type AccessDecision } from './evaluate';
import type { PolicyStatement } from './policy';

/** How a service reports access denied through its Step Functions integration (AWS SDK for Java). */
interface ErrorStyle {
  error: string;
  service: string;
  status: number;
  code: string;
  /** SDK v2 (aws-sdk integrations) writes `(Service: X, Status Code: N, Request ID: ...)`. */
  sdkV2?: boolean;
  /** How the action is written in the message (SNS writes `SNS:Publish`). */
  actionLabel?: (action: string) => string;
}

const OPTIMIZED_STYLES: Record<string, ErrorStyle> = {
  lambda: {
    error: 'Lambda.AWSLambdaException',
    service: 'AWSLambda',
    status: 403,
    code: 'AccessDeniedException',
  },
  dynamodb: {
    error: 'DynamoDB.AmazonDynamoDBException',
    service: 'AmazonDynamoDBv2',
    status: 400,
    code: 'AccessDeniedException',
  },
  sqs: { error: 'SQS.AmazonSQSException', service: 'AmazonSQS', status: 403, code: 'AccessDenied' },
  sns: {
    error: 'SNS.AuthorizationErrorException',
    service: 'AmazonSNS',
    status: 403,
    code: 'AuthorizationError',
    actionLabel: (action) => action.replace(/^sns:/, 'SNS:'),
  },
  events: {
    error: 'EventBridge.AmazonEventBridgeException',
    service: 'AmazonEventBridge',
    status: 400,
    code: 'AccessDeniedException',
  },
  ecs: {
    error: 'ECS.AccessDeniedException',
    service: 'AmazonECS',
    status: 400,
    code: 'AccessDeniedException',
  },
  glue: {
    error: 'Glue.AccessDeniedException',
    service: 'AWSGlue',
    status: 400,
    code: 'AccessDeniedException',
  },
  batch: {
    error: 'Batch.AWSBatchException',
    service: 'AWSBatch',
    status: 403,
    code: 'AccessDeniedException',
  },
  states: {
    error: 'StepFunctions.AWSStepFunctionsException',
    service: 'AWSStepFunctions',
    status: 400,
    code: 'AccessDeniedException',
  },
  s3: { error: 'S3.AmazonS3Exception', service: 'Amazon S3', status: 403, code: 'AccessDenied' },
};

/** PascalCase service names of the aws-sdk integrations' error prefixes (`DynamoDb.…`). */
const SDK_NAMES: Record<string, string> = {
  dynamodb: 'DynamoDb',
  secretsmanager: 'SecretsManager',
  eventbridge: 'EventBridge',
  cloudwatch: 'CloudWatch',
  cloudwatchlogs: 'CloudWatchLogs',
  acmpca: 'AcmPca',
  bedrockruntime: 'BedrockRuntime',
  apigatewayv2: 'ApiGatewayV2',
  elasticloadbalancingv2: 'ElasticLoadBalancingV2',
};

const SDK_ERROR_CODES: Record<string, string> = {
  s3: 'AccessDenied',
  sqs: 'AccessDenied',
  sns: 'AuthorizationError',
  ec2: 'UnauthorizedOperation',
};

function errorStyle(integration: string): ErrorStyle {
  if (integration.startsWith('aws-sdk:')) {
    const service = integration.slice('aws-sdk:'.length);
    const name = SDK_NAMES[service] ?? service.charAt(0).toUpperCase() + service.slice(1);
    const code = SDK_ERROR_CODES[service] ?? 'AccessDeniedException';
    return {
      error: `${name}.${code.endsWith('Exception') ? code : `${code}Exception`}`,
      service: name,
      status: 403,
      code,
      sdkV2: true,
    };
  }
  const known = OPTIMIZED_STYLES[integration];
  if (known) return known;
  const name = integration.charAt(0).toUpperCase() + integration.slice(1);
  return {
    error: `${name}.AccessDeniedException`,
    service: name,
    status: 403,
    code: 'AccessDeniedException',
  };
}

/** A stable 32-bit FNV-1a hash, for deterministic session names and request ids. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += hash(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** `arn:aws:iam::123:role/path/Name` → `arn:aws:sts::123:assumed-role/Name/<session>`. */
export function assumedRoleArn(roleArn: string, sessionName: string): string {
  const match = /^arn:([^:]+):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!match) return roleArn;
  return `arn:${match[1] ?? 'aws'}:sts::${match[2] ?? ''}:assumed-role/${match[3] ?? ''}/${sessionName}`;
}

const sessionNames = new Map<string, string>();

/** The session name Step Functions gives the assumed role: 32 letters, here derived from the role. */
function sessionNameFor(roleArn: string): string {
  const known = sessionNames.get(roleArn);
  if (known !== undefined) return known;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digits = hex(roleArn, 64);
  let out = '';
  for (let i = 0; i < 32; i++) out += letters[parseInt(digits.slice(i * 2, i * 2 + 2), 16) % letters.length];
  if (sessionNames.size > 100) sessionNames.clear();
  sessionNames.set(roleArn, out);
  return out;
}

function requestId(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export interface AccessDeniedError {
  error: string;
  cause: string;
}

/** The error and cause AWS reports when the role may not perform `permission`. */
export function accessDeniedError(
  permission: RequiredPermission,
  decision: Exclude<AccessDecision, 'allow'>,
  principal: string,
  requestSeed: string,
): AccessDeniedError {
  const style = errorStyle(permission.integration);
  const action = style.actionLabel ? style.actionLabel(permission.action) : permission.action;
  const resource = permission.resource ?? '*';
  const why =
    decision === 'explicitDeny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  const id = requestId(requestSeed);
  const tail = style.sdkV2
    ? `(Service: ${style.service}, Status Code: ${style.status}, Request ID: ${id})`
    : `(Service: ${style.service}; Status Code: ${style.status}; Error Code: ${style.code}; Request ID: ${id}; Proxy: null)`;
  return {
    error: style.error,
    cause: `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${why} ${tail}`,
  };
}

export interface TaskAuthorizerOptions extends Partial<ArnContext> {
  /** The execution role; default `arn:aws:iam::<account>:role/StepthroughExecutionRole`. */
  roleArn?: string;
}

export type TaskAuthorizer = (request: TaskAuthorizationRequest) => AccessDeniedError | undefined;

/**
 * An `authorizeTask` hook for execute(): each Task's call (the permissions `requiredPermissions`
 * marks `atRunTime`) is evaluated against the statements; the first one refused fails the Task.
 */
export function createTaskAuthorizer(
  statements: readonly PolicyStatement[],
  options: TaskAuthorizerOptions = {},
): TaskAuthorizer {
  const ctx: ArnContext = {
    partition: options.partition ?? DEFAULT_ARN_CONTEXT.partition,
    region: options.region ?? DEFAULT_ARN_CONTEXT.region,
    accountId: options.accountId ?? DEFAULT_ARN_CONTEXT.accountId,
  };
  const roleArn =
    options.roleArn ?? `arn:${ctx.partition}:iam::${ctx.accountId}:role/StepthroughExecutionRole`;
  const principal = assumedRoleArn(roleArn, sessionNameFor(roleArn));
  let calls = 0;
  return (request) => {
    calls++;
    for (const permission of requiredPermissions(request.resource, request.parameters, ctx)) {
      if (!permission.atRunTime) continue;
      const { decision } = evaluateAccess(statements, {
        action: permission.action,
        resource: permission.resource,
      });
      if (decision !== 'allow') {
        return accessDeniedError(permission, decision, principal, `${roleArn}|${request.stateName}|${calls}`);
      }
    }
    return undefined;
  };
}
