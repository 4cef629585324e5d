// IAM policy documents as a role file holds them: reads one policy document, a list of them, or a
// role description (CloudFormation AWS::IAM::Role, `aws iam get-role-policy` output) into a flat
// list of statements, reporting every malformed part with its JSON path instead of throwing.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Exactly one of actions / notActions is set. */
  actions?: string[];
  notActions?: string[];
  /** Exactly one of resources / notResources is set. */
  resources?: string[];
  notResources?: string[];
  /** Conditions are not evaluated (see evaluate.ts for how they are treated). */
  hasCondition: boolean;
  /** Where the statement is, e.g. `Policies[0].PolicyDocument.Statement[1]`. */
  origin: string;
}

export interface RolePolicies {
  statements: PolicyStatement[];
  /** The role's ARN when the file gives it (Arn / RoleArn). */
  roleArn?: string;
}

export interface PolicyProblem {
  message: string;
  /** Path of the offending value inside the role file. */
  path: (string | number)[];
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'Principal',
  'NotPrincipal',
]);

function describePath(path: (string | number)[]): string {
  let out = '';
  for (const step of path) out += typeof step === 'number' ? `[${step}]` : out === '' ? step : `.${step}`;
  return out === '' ? '(top level)' : out;
}

function stringList(
  value: JsonValue,
  path: (string | number)[],
  field: string,
  problems: PolicyProblem[],
): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  list.forEach((item, index) => {
    if (typeof item === 'string' && item.length > 0) out.push(item);
    else
      problems.push({
        message: `${field} must be a non-empty string or a list of them`,
        path: Array.isArray(value) ? [...path, index] : path,
      });
  });
  return out.length > 0 ? out : undefined;
}

function readStatement(
  raw: JsonValue,
  path: (string | number)[],
  problems: PolicyProblem[],
): PolicyStatement | undefined {
  if (!isJsonObject(raw)) {
    problems.push({ message: 'a policy statement must be an object', path });
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key))
      problems.push({ message: `unknown statement field "${key}"`, path: [...path, key] });
  }
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    problems.push({ message: 'Effect must be "Allow" or "Deny"', path: [...path, 'Effect'] });
  }
  const pair = (positive: 'Action' | 'Resource', negative: 'NotAction' | 'NotResource'): void => {
    const hasPositive = raw[positive] !== undefined;
    const hasNegative = raw[negative] !== undefined;
    if (hasPositive === hasNegative) {
      problems.push({
        message: hasPositive
          ? `a statement has either ${positive} or ${negative}, not both`
          : `a statement needs ${positive} (or ${negative})`,
        path,
      });
    }
  };
  pair('Action', 'NotAction');
  pair('Resource', 'NotResource');
  const statement: PolicyStatement = {
    effect: effect === 'Deny' ? 'Deny' : 'Allow',
    hasCondition: raw.Condition !== undefined,
    origin: describePath(path),
  };
  if (typeof raw.Sid === 'string') statement.sid = raw.Sid;
  const lists = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;
  const target = {
    Action: 'actions',
    NotAction: 'notActions',
    Resource: 'resources',
    NotResource: 'notResources',
  } as const;
  for (const field of lists) {
    const value = raw[field];
    if (value !== undefined) statement[target[field]] = stringList(value, [...path, field], field, problems);
  }
  return problems.length === before ? statement : undefined;
}

function readDocument(
  doc: JsonValue,
  path: (string | number)[],
  out: RolePolicies,
  problems: PolicyProblem[],
): void {
  if (typeof doc === 'string') {
    // CloudFormation and the IAM API sometimes carry the document as JSON text (URL-encoded by the API).
    let text = doc;
    try {
      if (/%7B/i.test(text)) text = decodeURIComponent(text);
      readDocument(JSON.parse(text) as JsonValue, path, out, problems);
    } catch {
      problems.push({ message: 'the policy document text is not valid JSON', path });
    }
    return;
  }
  if (!isJsonObject(doc)) {
    problems.push({ message: 'a policy document must be an object with "Statement"', path });
    return;
  }
  const statements = doc.Statement;
  if (statements === undefined) {
    problems.push({ message: 'the policy document has no "Statement"', path });
    return;
  }
  const list = Array.isArray(statements) ? statements : [statements];
  list.forEach((raw, index) => {
    const statementPath = Array.isArray(statements) ? [...path, 'Statement', index] : [...path, 'Statement'];
    const statement = readStatement(raw, statementPath, problems);
    if (statement) out.statements.push(statement);
  });
}

function readPolicyList(
  list: JsonValue,
  path: (string | number)[],
  out: RolePolicies,
  problems: PolicyProblem[],
): void {
  if (!Array.isArray(list)) {
    problems.push({ message: '"Policies" must be a list of {PolicyName, PolicyDocument}', path });
    return;
  }
  list.forEach((item, index) => {
    if (isJsonObject(item) && item.PolicyDocument !== undefined)
      readDocument(item.PolicyDocument, [...path, index, 'PolicyDocument'], out, problems);
    else readEntry(item, [...path, index], out, problems);
  });
}

/** One entry of a role file: a policy document or a role description. */
function readEntry(
  value: JsonValue,
  path: (string | number)[],
  out: RolePolicies,
  problems: PolicyProblem[],
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => readEntry(item, [...path, index], out, problems));
    return;
  }
  if (!isJsonObject(value)) {
    problems.push({ message: 'expected an IAM policy document (an object with "Statement")', path });
    return;
  }
  const role: JsonObject =
    value.Type === 'AWS::IAM::Role' && isJsonObject(value.Properties) ? value.Properties : value;
  const rolePath = role === value ? path : [...path, 'Properties'];
  const arn = role.RoleArn ?? role.Arn;
  if (typeof arn === 'string' && out.roleArn === undefined) out.roleArn = arn;
  if (role.Statement !== undefined) {
    readDocument(role, rolePath, out, problems);
    return;
  }
  let found = false;
  if (role.PolicyDocument !== undefined) {
    readDocument(role.PolicyDocument, [...rolePath, 'PolicyDocument'], out, problems);
    found = true;
  }
  if (role.Policies !== undefined) {
    readPolicyList(role.Policies, [...rolePath, 'Policies'], out, problems);
    found = true;
  }
  if (role.PolicyDocuments !== undefined) {
    readPolicyList(role.PolicyDocuments, [...rolePath, 'PolicyDocuments'], out, problems);
    found = true;
  }
  if (!found) {
    problems.push({
      message:
        'expected an IAM policy document ({"Version": "2012-10-17", "Statement": [...]}), a list of them, or a role with "Policies"',
      path,
    });
  }
}

/**
 * Reads a role file's content: a policy document, a list of documents, `{PolicyDocument}`,
 * `{Policies: [{PolicyName, PolicyDocument}]}` (optionally with `RoleArn`), or a CloudFormation
 * `AWS::IAM::Role`. Never throws; malformed parts are listed in `problems` and left out.
 */
export function readRolePolicies(value: JsonValue): { policies: RolePolicies; problems: PolicyProblem[] } {
  const policies: RolePolicies = { statements: [] };
  const problems: PolicyProblem[] = [];
  readEntry(value, [], policies, problems);
  return { policies, problems };
}
