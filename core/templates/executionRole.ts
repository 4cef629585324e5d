// The execution role a template gives its machine, as the role check uses it: its statements when the
// template spells out every grant (inline Policies, AWS::IAM::Policy resources, SAM Policies and policy
// templates), or why it cannot be checked (a managed policy ARN, an unknown SAM policy template...):
// checking a partial role would fail Tasks AWS allows.

import type { PolicyStatement } from '../iam';
import type { TemplateMachine } from './types';

export type CheckableRole =
  | { checkable: true; logicalId: string; statements: PolicyStatement[]; roleArn?: string }
  | { checkable: false; logicalId: string; reason: string };

/** The machine's role for the role check; undefined when the template gives it none. */
export function checkableRole(machine: Pick<TemplateMachine, 'id' | 'role'>): CheckableRole | undefined {
  const role = machine.role;
  if (!role) return undefined;
  if (role.unknown.length > 0)
    return {
      checkable: false,
      logicalId: role.logicalId,
      reason: `the execution role ${role.logicalId} of ${machine.id} has grants the template does not spell out (${role.unknown.join('; ')}): it is not checked; give a role file to check one`,
    };
  return {
    checkable: true,
    logicalId: role.logicalId,
    statements: role.statements,
    ...(role.roleArn === undefined ? {} : { roleArn: role.roleArn }),
  };
}
