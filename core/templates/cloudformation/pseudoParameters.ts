// CloudFormation's pseudo parameters (AWS::AccountId, AWS::Region, ...) and the values they take in
// the deployment context the reader is given.

import type { JsonValue } from '../../json';
import type { DeploymentContext } from '../types';

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
  'AWS::NotificationARNs',
  'AWS::NoValue',
]);

export function isPseudoParameter(name: string): boolean {
  return PSEUDO_PARAMETERS.has(name);
}

export function pseudoParameter(ctx: DeploymentContext, stack: string, name: string): JsonValue {
  switch (name) {
    case 'AWS::AccountId':
      return ctx.accountId;
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::Partition':
      return ctx.partition;
    case 'AWS::StackName':
      return stack;
    case 'AWS::StackId':
      return `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.accountId}:stack/${stack}/00000000-0000-4000-8000-000000000000`;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NotificationARNs':
      return [];
    default:
      return null;
  }
}
