// What the matchers read off an execution result (`execute()`'s): the top-level path, every state
// entered, each Task invocation with its request, and the top-level workflow variables at the end, all
// from the result's history events.

import { isStateEntered, isStateExited, type ExecutionResult, type JsonValue } from '../core';

const STATUSES = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export function isExecutionResult(value: unknown): value is ExecutionResult {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ExecutionResult>;
  return (
    typeof candidate.status === 'string' &&
    STATUSES.has(candidate.status) &&
    Array.isArray(candidate.states) &&
    Array.isArray(candidate.events)
  );
}

/** Top-level states entered, in order (inside Map and Parallel not included). */
export function topLevelPath(result: ExecutionResult): string[] {
  const path: string[] = [];
  for (const e of result.events) {
    if (isStateEntered(e) && e.scope.length === 0) path.push(e.stateEnteredEventDetails.name);
  }
  return path;
}

export interface Invocation {
  /** The request the Task sent (after Parameters / Arguments). */
  input: JsonValue;
  /** The history's resource: a bare Lambda function's ARN, or an integration's action (`invoke`). */
  resource: string;
}

/** Each call of a Task state, retries and Map iterations included, in history order. */
export function invocationsOf(result: ExecutionResult, state: string): Invocation[] {
  const out: Invocation[] = [];
  for (const event of result.events) {
    if (event.state !== state) continue;
    if (event.type === 'TaskScheduled') {
      const details = event.taskScheduledEventDetails;
      out.push({ input: details.parameters, resource: details.resource });
    } else if (event.type === 'LambdaFunctionScheduled') {
      const details = event.lambdaFunctionScheduledEventDetails;
      out.push({ input: details.input, resource: details.resource });
    }
  }
  return out;
}

/** Workflow variables of the top-level scope when the execution ended. */
export function finalVariables(result: ExecutionResult): Record<string, JsonValue> {
  const variables: Record<string, JsonValue> = {};
  for (const event of result.events) {
    if (isStateExited(event) && event.scope.length === 0 && event.stateExitedEventDetails.assignedVariables) {
      Object.assign(variables, event.stateExitedEventDetails.assignedVariables);
    }
  }
  return variables;
}

/** How the run ended, for messages: `FAILED Lambda.ServiceException: boom`. */
export function ending(result: ExecutionResult): string {
  if (result.error === undefined) return result.status;
  return `${result.status} ${result.error}${result.cause ? `: ${truncate(result.cause, 300)}` : ''}`;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
