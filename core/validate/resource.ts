// Resource ARNs of Task states, ItemReader and ResultWriter: a warning when the value is not an ARN at all,
// errors for Lambda function ARNs with a malformed qualifier, unknown actions of the optimized integrations
// whose action list is fixed, and a `${` placeholder left open.
import type { AstScalar } from '../parse';
import { type ValidationContext, quote } from './context';
import { didYouMean } from './suggest';

/**
 * Optimized integrations (`arn:aws:states:::service:action`) whose complete action list is known. Services
 * not listed here (SageMaker, EMR, Athena, Bedrock...) are not checked, so a new AWS action is never refused.
 */
const INTEGRATION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  lambda: ['invoke'],
  dynamodb: ['getItem', 'putItem', 'updateItem', 'deleteItem'],
  sns: ['publish'],
  sqs: ['sendMessage'],
  events: ['putEvents'],
  states: ['startExecution'],
  http: ['invoke'],
  ecs: ['runTask'],
  batch: ['submitJob'],
  glue: ['startJobRun'],
};

const INTEGRATION_SUFFIXES = ['.sync', '.sync:2', '.waitForTaskToken'];
const INTEGRATION_ARN = /^arn:[^:]+:states:::([^:]+):(.+)$/;
const LAMBDA_FUNCTION_ARN = /^arn:[^:]+:lambda:([^:]*):([^:]*):function:([^:]*)(?::(.*))?$/;
const LAMBDA_QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]+)$/;
const LAMBDA_NAME = /^[A-Za-z0-9_-]+$/;

export function checkResource(ctx: ValidationContext, node: AstScalar): void {
  const value = node.value as string;
  const open = value.indexOf('${');
  if (open >= 0 && value.indexOf('}', open) < 0) {
    ctx.reportInString(
      'ASL114',
      node,
      open,
      value.length - open,
      `The placeholder in ${quote(value)} is not closed: add the closing }`,
    );
    return;
  }
  if (ctx.isPlaceholder(node)) return;
  if (!value.startsWith('arn:')) {
    ctx.report(
      'ASL115',
      node.range,
      `Resource ${quote(value)} is not an ARN: AWS expects an ARN such as "arn:aws:states:::lambda:invoke" or a Lambda function ARN (use a \${Placeholder} if a deployment tool fills it in)`,
    );
    return;
  }
  const integration = INTEGRATION_ARN.exec(value);
  if (integration) {
    checkIntegration(ctx, node, integration[1] ?? '', integration[2] ?? '');
    return;
  }
  const lambda = LAMBDA_FUNCTION_ARN.exec(value);
  if (lambda) checkLambdaArn(ctx, node, lambda[3] ?? '', lambda[4]);
}

function checkIntegration(ctx: ValidationContext, node: AstScalar, service: string, rest: string): void {
  if (!Object.prototype.hasOwnProperty.call(INTEGRATION_ACTIONS, service)) return;
  const actions = INTEGRATION_ACTIONS[service];
  if (!actions) return;
  let suffix: string | undefined;
  for (const candidate of INTEGRATION_SUFFIXES) {
    if (rest.endsWith(candidate)) {
      suffix = candidate;
      break;
    }
  }
  const action = suffix ? rest.slice(0, -suffix.length) : rest;
  if (actions.includes(action)) return;
  const offset = (node.value as string).lastIndexOf(rest);
  const hint = didYouMean(action, actions);
  const sdk = ` (other ${service} actions go through arn:aws:states:::aws-sdk:${service}:${action})`;
  ctx.reportInString(
    'ASL114',
    node,
    offset,
    action.length,
    `${quote(action)} is not an optimized ${service} integration; it supports ${actions.join(', ')}${hint || sdk}`,
  );
}

function checkLambdaArn(
  ctx: ValidationContext,
  node: AstScalar,
  name: string,
  qualifier: string | undefined,
): void {
  const value = node.value as string;
  if (!LAMBDA_NAME.test(name)) {
    const offset = value.indexOf(':function:') + ':function:'.length;
    ctx.reportInString(
      'ASL114',
      node,
      offset,
      Math.max(1, name.length),
      `${quote(name)} is not a valid Lambda function name: use letters, digits, - and _`,
    );
    return;
  }
  if (qualifier === undefined || LAMBDA_QUALIFIER.test(qualifier)) return;
  const offset = value.length - qualifier.length;
  const message =
    qualifier === ''
      ? 'The Lambda function ARN ends with ":": remove it, or add a version or alias after it'
      : `${quote(qualifier)} is not a valid Lambda version or alias: use $LATEST, a version number or an alias name (letters, digits, - and _)`;
  ctx.reportInString(
    'ASL114',
    node,
    qualifier === '' ? offset - 1 : offset,
    Math.max(1, qualifier.length),
    message,
  );
}
