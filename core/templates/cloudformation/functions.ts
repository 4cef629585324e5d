// The Lambda functions a SAM/CloudFormation state machine calls, as running their code locally needs
// them: where the code is (CodeUri, or Code as a local path), Handler, Runtime, Timeout, MemorySize
// and Environment.Variables (SAM's Globals.Function applied underneath), and which function each
// Task invokes (its Resource, or the FunctionName of lambda:invoke, names the function's stand-in).

import { walkStates } from '../../model';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import { type AstNode, type AstObject, propertyAt } from '../../parse';
import { dirnamePath, joinPath } from '../paths';
import { locate } from '../sourceFile';
import type { LogicalResourceValue, TemplateFunction } from '../types';
import { type CfnEvaluator, type CfnScope, NO_VALUE } from './intrinsics';

const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);
const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/;
const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

/** The functions the machine's Tasks call, and which Task calls which. */
export function machineFunctions(
  scope: CfnScope,
  evaluator: CfnEvaluator,
  definition: JsonValue | undefined,
  standIns: readonly LogicalResourceValue[],
): { functions: Record<string, TemplateFunction>; taskFunctions: Record<string, string> } {
  const functions: Record<string, TemplateFunction> = {};
  const taskFunctions: Record<string, string> = {};
  if (!isJsonObject(definition)) return { functions, taskFunctions };
  const functionStandIns = standIns.filter((s) =>
    FUNCTION_TYPES.has(scope.resources.get(s.logicalId)?.type ?? ''),
  );
  if (functionStandIns.length === 0) return { functions, taskFunctions };
  // Evaluating function properties must not add to the machine's own diagnostics.
  const saved = scope.diagnostics.length;
  for (const visit of walkStates(definition)) {
    const state = visit.definition;
    if (state.Type !== 'Task' || typeof state.Resource !== 'string') continue;
    const named = calledFunction(state);
    if (named === undefined) continue;
    // The longest stand-in first: a function named like the prefix of another must not match it.
    const match = [...functionStandIns]
      .sort((a, b) => b.value.length - a.value.length)
      .find((s) => named.includes(s.value));
    if (!match) continue;
    setOwn(taskFunctions, visit.name, match.logicalId);
    if (!Object.prototype.hasOwnProperty.call(functions, match.logicalId)) {
      const resource = scope.resources.get(match.logicalId);
      if (resource)
        setOwn(functions, match.logicalId, readFunction(scope, evaluator, match.logicalId, resource));
    }
  }
  scope.diagnostics.length = saved;
  return { functions, taskFunctions };
}

/** The function reference a Task names: its Resource (function ARN) or lambda:invoke's FunctionName. */
function calledFunction(state: JsonObject): string | undefined {
  const resource = state.Resource as string;
  if (LAMBDA_ARN.test(resource)) return resource;
  if (!LAMBDA_INVOKE.test(resource)) return undefined;
  for (const field of ['Parameters', 'Arguments'] as const) {
    const request = state[field];
    if (isJsonObject(request) && typeof request.FunctionName === 'string') return request.FunctionName;
  }
  return undefined;
}

function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function globalsFunction(root: AstObject): AstObject | undefined {
  const globals = propertyAt(root, 'Globals')?.value;
  const fn = globals?.kind === 'object' ? propertyAt(globals, 'Function')?.value : undefined;
  return fn?.kind === 'object' ? fn : undefined;
}

function readFunction(
  scope: CfnScope,
  evaluator: CfnEvaluator,
  logicalId: string,
  resource: { type: string | undefined; node: AstObject; properties: AstObject | undefined },
): TemplateFunction {
  const sam = resource.type === 'AWS::Serverless::Function';
  const own = resource.properties;
  const globals = sam ? globalsFunction(scope.root) : undefined;
  const node = (name: string): AstNode | undefined =>
    (own ? propertyAt(own, name)?.value : undefined) ??
    (globals ? propertyAt(globals, name)?.value : undefined);
  const text = (name: string): string | undefined => evaluator.evaluateString(node(name));
  const number = (name: string): number | undefined => {
    const value = evaluator.evaluate(node(name));
    const n = typeof value === 'string' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const fn: TemplateFunction = {
    logicalId,
    resourceType: sam ? 'AWS::Serverless::Function' : 'AWS::Lambda::Function',
    codeUri: undefined,
    handler: text('Handler'),
    runtime: text('Runtime'),
    timeoutSeconds: number('Timeout'),
    memoryMB: number('MemorySize'),
    environment: {
      ...variables(evaluator, globals),
      ...variables(evaluator, own),
    },
    location: locate(scope.file, resource.node.range),
  };
  const code = codeLocation(scope, evaluator, sam, node);
  if ('folder' in code) fn.codeUri = code.folder;
  else fn.codeNotLocal = code.notLocal;
  return fn;
}

/** Environment.Variables of a function (or of Globals.Function), each value as text. */
function variables(evaluator: CfnEvaluator, props: AstObject | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const environment = props ? propertyAt(props, 'Environment')?.value : undefined;
  const vars = environment?.kind === 'object' ? propertyAt(environment, 'Variables')?.value : undefined;
  if (vars?.kind !== 'object') return out;
  for (const property of vars.properties) {
    const value = evaluator.evaluate(property.value);
    if (value === NO_VALUE || value === null) continue;
    setOwn(out, property.key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

function codeLocation(
  scope: CfnScope,
  evaluator: CfnEvaluator,
  sam: boolean,
  node: (name: string) => AstNode | undefined,
): { folder: string } | { notLocal: string } {
  const templateFolder = dirnamePath(scope.file.path);
  if (sam) {
    if (node('InlineCode')) return { notLocal: 'its code is inline (InlineCode)' };
    if (evaluator.evaluateString(node('PackageType')) === 'Image')
      return { notLocal: 'it is a container image' };
    const uri = node('CodeUri');
    if (!uri) return { folder: templateFolder };
    const value = evaluator.evaluate(uri);
    if (typeof value === 'string' && !/^s3:\/\//i.test(value))
      return { folder: joinPath(templateFolder, value) };
    return { notLocal: 'its CodeUri is in S3' };
  }
  if (evaluator.evaluateString(node('PackageType')) === 'Image')
    return { notLocal: 'it is a container image' };
  const code = node('Code');
  const value = code ? evaluator.evaluate(code) : undefined;
  if (typeof value === 'string') return { folder: joinPath(templateFolder, value) };
  if (isJsonObject(value) && value.ZipFile !== undefined)
    return { notLocal: 'its code is inline (Code.ZipFile)' };
  return { notLocal: 'its Code is in S3' };
}
