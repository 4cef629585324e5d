// The test file's `role:` key: one or more role/policy files (or an inline policy document), read
// into IAM statements, with problems located in the file that has them.

import { readRolePolicies, type PolicyStatement } from '../iam';
import type { JsonValue } from '../json';
import type { ValuePath } from './checker';
import type { ReferenceReader } from './loader';
import type { RoleSpec } from './model';

export function loadRole(
  raw: JsonValue,
  refs: ReferenceReader,
  base: ValuePath = ['role'],
): RoleSpec | undefined {
  const check = refs.check;
  const statements: PolicyStatement[] = [];
  const files: string[] = [];
  let roleArn: string | undefined;
  const before = check.problems.length;
  const read = (value: JsonValue, report: (path: ValuePath, message: string) => void): void => {
    const { policies, problems } = readRolePolicies(value);
    for (const problem of problems) report(problem.path, `role policy: ${problem.message}`);
    statements.push(...policies.statements);
    roleArn ??= policies.roleArn;
  };
  const readFile = (reference: JsonValue, path: ValuePath): void => {
    if (typeof reference !== 'string') {
      check.error(path, '"role" names a policy file (or a list of them), or holds a policy document');
      return;
    }
    const doc = refs.document(reference, path, 'role', 'policy');
    if (!doc) return;
    files.push(refs.resolve(reference));
    read(doc.value, (p, message) => doc.checker.error(p, message));
  };
  if (typeof raw === 'string') readFile(raw, base);
  else if (Array.isArray(raw) && raw.every((item) => typeof item === 'string'))
    raw.forEach((item, index) => readFile(item, [...base, index]));
  else read(raw, (p, message) => check.error([...base, ...p], message));
  if (check.problems.length > before) return undefined;
  const spec: RoleSpec = { files, statements };
  if (roleArn !== undefined) spec.roleArn = roleArn;
  return spec;
}
