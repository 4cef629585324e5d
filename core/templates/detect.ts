// Whether an editor document is a template that may declare state machines, by its content (never by
// its file name alone): CloudFormation's `AWSTemplateFormatVersion`, SAM's `Transform: AWS::Serverless`,
// a `Resources` section holding a state machine resource, or a serverless.yml with `stepFunctions`.
// The language server asks this of documents that are not state machines themselves.

import type { AstNode } from '../parse';
import { propertyAt } from '../parse';
import { hasStateMachines } from './cloudformation/machines';

function isServerlessTransform(node: AstNode | undefined): boolean {
  if (node?.kind === 'string') return String(node.value).startsWith('AWS::Serverless');
  if (node?.kind === 'array') return node.items.some((item) => isServerlessTransform(item));
  return false;
}

/** True for a SAM/CloudFormation template or a Serverless Framework config, read from its parsed root. */
export function isTemplateDocument(root: AstNode | undefined): boolean {
  if (root?.kind !== 'object') return false;
  if (propertyAt(root, 'AWSTemplateFormatVersion')) return true;
  if (isServerlessTransform(propertyAt(root, 'Transform')?.value)) return true;
  if (propertyAt(root, 'stepFunctions') && propertyAt(root, 'service')) return true;
  return hasStateMachines(root);
}
