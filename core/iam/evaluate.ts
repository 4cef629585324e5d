// IAM policy evaluation for one request (action + resource) against identity-based statements:
// an explicit Deny wins, then any Allow, otherwise the request is implicitly denied.

import type { PolicyStatement } from './policy';

export type AccessDecision = 'allow' | 'explicitDeny' | 'implicitDeny';

export interface AccessRequest {
  /** `service:Action`, e.g. `lambda:InvokeFunction`. */
  action: string;
  /** The resource ARN; undefined when it is only known at run time (static checks). */
  resource: string | undefined;
}

export interface AccessEvaluation {
  decision: AccessDecision;
  /** The statement that decided (the Deny, or the first Allow); undefined for an implicit deny. */
  statement?: PolicyStatement;
}

/**
 * IAM wildcard matching: `*` any run of characters (`:` and `/` included), `?` one character. A policy is
 * repository content, so no regular expression: this walk is O(pattern × value) whatever the pattern (a
 * backtracking regex for `*a*a*a*a*a*a*b` takes minutes on a 60-character ARN).
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === '*') return true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (!p.includes('*') && !p.includes('?')) return p === v;
  let pi = 0;
  let vi = 0;
  // The last `*` seen and the value position it was tried at: on a mismatch it takes one more character.
  let star = -1;
  let starValue = 0;
  while (vi < v.length) {
    const c = p[pi];
    if (c === '*') {
      star = pi++;
      starValue = vi;
    } else if (c !== undefined && (c === '?' || c === v[vi])) {
      pi++;
      vi++;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++starValue;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((p) => wildcardMatch(p, action, true));
  if (statement.notActions) return !statement.notActions.some((p) => wildcardMatch(p, action, true));
  return false;
}

/** The service part of an ARN pattern (`arn:aws:lambda:...` → `lambda`), or undefined. */
function arnService(pattern: string): string | undefined {
  const parts = pattern.split(':');
  return parts[0] === 'arn' && parts.length > 2 ? parts[2] : undefined;
}

/**
 * Whether a pattern may cover a resource that is only known at run time. For an Allow we assume it
 * does when the pattern is `*` or names the action's service; a Deny only counts when it is `*`,
 * so unknown resources are never reported as denied on a guess.
 */
function unknownResourceMatches(pattern: string, action: string, effect: 'Allow' | 'Deny'): boolean {
  if (pattern === '*') return true;
  if (effect === 'Deny') return false;
  const service = arnService(pattern);
  const actionService = action.split(':')[0] ?? '';
  return service === undefined || service === '*' || wildcardMatch(service, actionService, true);
}

function resourceMatches(statement: PolicyStatement, request: AccessRequest): boolean {
  const { resource } = request;
  if (statement.resources) {
    return statement.resources.some((p) =>
      resource === undefined
        ? unknownResourceMatches(p, request.action, statement.effect)
        : wildcardMatch(p, resource, false),
    );
  }
  if (statement.notResources) {
    if (resource === undefined) return statement.effect === 'Allow';
    return !statement.notResources.some((p) => wildcardMatch(p, resource, false));
  }
  return false;
}

/**
 * Conditions are not evaluated. They are read in the request's favour: an Allow with a Condition is
 * taken to apply, a Deny with a Condition is taken not to, so a check never reports a denial that
 * depends on request context it cannot see.
 */
function applies(statement: PolicyStatement, request: AccessRequest): boolean {
  if (statement.hasCondition && statement.effect === 'Deny') return false;
  return actionMatches(statement, request.action) && resourceMatches(statement, request);
}

export function evaluateAccess(
  statements: readonly PolicyStatement[],
  request: AccessRequest,
): AccessEvaluation {
  let allow: PolicyStatement | undefined;
  for (const statement of statements) {
    if (!applies(statement, request)) continue;
    if (statement.effect === 'Deny') return { decision: 'explicitDeny', statement };
    allow ??= statement;
  }
  return allow ? { decision: 'allow', statement: allow } : { decision: 'implicitDeny' };
}
