// IAM for the execution role: policy documents, their evaluation, the permissions each Task needs,
// the run-time check that fails a refused Task as AWS does, and the static list of missing grants.

export { readRolePolicies, type PolicyStatement, type PolicyProblem, type RolePolicies } from './policy';
export {
  evaluateAccess,
  wildcardMatch,
  type AccessDecision,
  type AccessEvaluation,
  type AccessRequest,
} from './evaluate';
export {
  requiredPermissions,
  lambdaFunctionArn,
  queueArnFromUrl,
  DEFAULT_ARN_CONTEXT,
  type ArnContext,
  type RequiredPermission,
} from './actions';
export {
  createTaskAuthorizer,
  accessDeniedError,
  assumedRoleArn,
  type AccessDeniedError,
  type TaskAuthorizer,
  type TaskAuthorizerOptions,
} from './authorize';
export { findRoleGaps, describeRoleGap, type RoleGap } from './findings';
