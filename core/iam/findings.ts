// Static role check: walks every Task (and Distributed Map reader/writer) of a definition, works out
// the permissions each needs from its Resource and Parameters/Arguments, and lists those the role's
// policies do not grant, with the state that needs them.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { walkStates } from '../model';
import {
  DEFAULT_ARN_CONTEXT,
  requiredPermissions,
  type ArnContext,
  type RequiredPermission,
} from './actions';
import { evaluateAccess, type AccessDecision } from './evaluate';
import type { PolicyStatement } from './policy';

export interface RoleGap {
  state: string;
  /** Path of the state object in the definition, e.g. ['States','Map','ItemProcessor','States','Task']. */
  statePath: (string | number)[];
  /** The Resource the permission comes from (the Task's, or the ItemReader's/ResultWriter's). */
  taskResource: string;
  action: string;
  /** The ARN, or undefined when it is decided at run time. */
  resource: string | undefined;
  decision: Exclude<AccessDecision, 'allow'>;
  /** Why the permission is needed, when it is not the call itself (e.g. `.sync` polling). */
  reason?: string;
  /** The Deny statement that refuses it, for explicit denies. */
  deniedBy?: string;
}

function argumentsOf(definition: JsonObject): JsonValue | undefined {
  return definition.Parameters ?? definition.Arguments;
}

interface PermissionSource {
  resource: string;
  permissions: RequiredPermission[];
}

function sourcesOf(state: JsonObject, ctx: ArnContext): PermissionSource[] {
  const out: PermissionSource[] = [];
  if (state.Type === 'Task' && typeof state.Resource === 'string') {
    out.push({
      resource: state.Resource,
      permissions: requiredPermissions(state.Resource, argumentsOf(state), ctx),
    });
  }
  if (state.Type === 'Map') {
    for (const key of ['ItemReader', 'ResultWriter']) {
      const part = state[key];
      if (isJsonObject(part) && typeof part.Resource === 'string') {
        out.push({
          resource: part.Resource,
          permissions: requiredPermissions(part.Resource, argumentsOf(part), ctx),
        });
      }
    }
    const processor = state.ItemProcessor;
    const distributed =
      isJsonObject(processor) &&
      isJsonObject(processor.ProcessorConfig) &&
      processor.ProcessorConfig.Mode === 'DISTRIBUTED';
    if (distributed) {
      out.push({
        resource: 'Map (DISTRIBUTED)',
        permissions: [
          {
            action: 'states:StartExecution',
            resource: undefined,
            integration: 'states',
            atRunTime: false,
            reason: 'a Distributed Map starts child workflow executions of this state machine',
          },
        ],
      });
    }
  }
  return out;
}

/**
 * The permissions the definition needs that the statements do not grant, in document order. A
 * resource known only at run time counts as granted when some Allow could cover it (see
 * evaluate.ts), so every gap listed is certain for the resources written in the definition.
 */
export function findRoleGaps(
  definition: JsonObject,
  statements: readonly PolicyStatement[],
  context: Partial<ArnContext> = {},
): RoleGap[] {
  const ctx: ArnContext = { ...DEFAULT_ARN_CONTEXT, ...context };
  const gaps: RoleGap[] = [];
  for (const visit of walkStates(definition)) {
    for (const source of sourcesOf(visit.definition, ctx)) {
      for (const permission of source.permissions) {
        const evaluation = evaluateAccess(statements, {
          action: permission.action,
          resource: permission.resource,
        });
        if (evaluation.decision === 'allow') continue;
        const gap: RoleGap = {
          state: visit.name,
          statePath: visit.path,
          taskResource: source.resource,
          action: permission.action,
          resource: permission.resource,
          decision: evaluation.decision,
        };
        if (permission.reason) gap.reason = permission.reason;
        if (evaluation.statement) gap.deniedBy = evaluation.statement.sid ?? evaluation.statement.origin;
        gaps.push(gap);
      }
    }
  }
  return gaps;
}

/** One line per gap: `State: lambda:InvokeFunction on arn:... (no policy allows it)`. */
export function describeRoleGap(gap: RoleGap): string {
  const on = gap.resource === undefined ? 'its run-time resource' : gap.resource;
  const why =
    gap.decision === 'explicitDeny'
      ? `explicitly denied by ${gap.deniedBy ?? 'a Deny statement'}`
      : 'no policy allows it';
  return `${gap.state}: needs ${gap.action} on ${on} (${why})${gap.reason ? `; ${gap.reason}` : ''}`;
}
