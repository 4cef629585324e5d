// Names and ARNs of the API's resources, as AWS forms and checks them:
//   arn:<partition>:states:<region>:<account>:stateMachine:<name>[:<version>][#<TestCase>]
//   arn:<partition>:states:<region>:<account>:execution:<machine>:<execution>
//   arn:<partition>:states:<region>:<account>:express:<machine>:<execution>:<id>
//   arn:<partition>:states:<region>:<account>:activity:<name>
// The `#TestCase` suffix is Step Functions Local's: StartExecution picks a MockConfigFile test case by it.

import { invalidArn, invalidName } from './errors';

export type ResourceType = 'stateMachine' | 'execution' | 'express' | 'activity';

export interface Arn {
  text: string;
  partition: string;
  region: string;
  account: string;
  type: ResourceType;
  /** What follows the resource type, split at ':' (a state machine's name and version; an execution's machine and name). */
  parts: string[];
}

/** Where this server's resources live: the account and region in every ARN it creates. */
export interface ArnScope {
  partition: string;
  region: string;
  account: string;
}

const FORBIDDEN_IN_NAMES = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** AWS's rule for state machine, execution and activity names: 1-80 characters, none of the forbidden ones. */
export function checkName(name: string): string {
  if (
    name.length === 0 ||
    [...name].length > 80 ||
    FORBIDDEN_IN_NAMES.test(name) ||
    hasControlCharacter(name)
  )
    throw invalidName(name);
  return name;
}

const TYPES: readonly ResourceType[] = ['stateMachine', 'execution', 'express', 'activity'];

/** Parses an ARN of this service; InvalidArn when it is not one, or not of one of the `allowed` types. */
export function parseArn(text: string, allowed: readonly ResourceType[]): Arn {
  const fields = text.split(':');
  if (fields[0] !== 'arn' || fields.length < 7) throw invalidArn(`Invalid ARN prefix: ${text}`);
  const [, partition = '', service, region = '', account = '', type = '', ...parts] = fields;
  if (service !== 'states') throw invalidArn(`Invalid ARN service: ${text}`);
  if (!TYPES.includes(type as ResourceType))
    throw invalidArn(`Resource type not valid in this context: ${type}`);
  if (!allowed.includes(type as ResourceType))
    throw invalidArn(`Resource type not valid in this context: ${type.toLowerCase()}`);
  if (!/^\d{12}$/.test(account)) throw invalidArn(`Invalid account id: ${text}`);
  if (parts.some((p) => p === '')) throw invalidArn(`Invalid ARN resource: ${text}`);
  return { text, partition, region, account, type: type as ResourceType, parts };
}

export interface StateMachineReference {
  /** The state machine's own ARN (no version, no test case). */
  machineArn: string;
  name: string;
  /** A published version's number, when the ARN names one. */
  version?: number;
  /** Step Functions Local's `#TestCase` suffix. */
  testCase?: string;
}

/** A state machine ARN, optionally qualified by a version, optionally with `#TestCase` (when allowed). */
export function parseStateMachineArn(text: string, allowTestCase = false): StateMachineReference {
  const hash = text.indexOf('#');
  const base = hash >= 0 ? text.slice(0, hash) : text;
  const testCase = hash >= 0 ? text.slice(hash + 1) : undefined;
  if (testCase !== undefined && (!allowTestCase || testCase === ''))
    throw invalidArn(`Invalid ARN resource: ${text}`);
  const arn = parseArn(base, ['stateMachine']);
  const [name = '', qualifier, ...rest] = arn.parts;
  if (rest.length > 0) throw invalidArn(`Invalid ARN resource: ${text}`);
  const machineArn = `arn:${arn.partition}:states:${arn.region}:${arn.account}:stateMachine:${name}`;
  if (qualifier === undefined) return { machineArn, name, ...(testCase ? { testCase } : {}) };
  if (!/^[1-9]\d{0,8}$/.test(qualifier))
    throw invalidArn(`Stepthrough knows state machine versions, not aliases: ${text}`);
  return { machineArn, name, version: Number(qualifier), ...(testCase ? { testCase } : {}) };
}

export const stateMachineArn = (scope: ArnScope, name: string): string =>
  `arn:${scope.partition}:states:${scope.region}:${scope.account}:stateMachine:${name}`;

export const activityArn = (scope: ArnScope, name: string): string =>
  `arn:${scope.partition}:states:${scope.region}:${scope.account}:activity:${name}`;

/** A standard execution's ARN from its machine's ARN (same partition, region, account). */
export function executionArn(machineArn: string, executionName: string, express?: { id: string }): string {
  const prefix = machineArn.slice(0, machineArn.lastIndexOf(':stateMachine:'));
  const machine = machineArn.slice(prefix.length + ':stateMachine:'.length);
  return express
    ? `${prefix}:express:${machine}:${executionName}:${express.id}`
    : `${prefix}:execution:${machine}:${executionName}`;
}
