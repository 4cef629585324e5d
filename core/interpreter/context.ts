// The context object (`$$` / `$states.context`): execution, state machine, state, task and map item.

import { digest } from '../hash';
import type { JsonObject, JsonValue } from '../json';

export interface ExecutionIdentity {
  /** The region the ARNs name (TaskScheduled events carry it). */
  region: string;
  executionArn: string;
  executionName: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  startTime: string;
  input: JsonValue;
}

export interface StateContextInfo {
  name: string;
  enteredTime: string;
  retryCount?: number;
  mapItem?: { index: number; value: JsonValue; key?: string };
  taskToken?: string;
}

export function buildContextObject(identity: ExecutionIdentity, state: StateContextInfo): JsonObject {
  const context: JsonObject = {
    Execution: {
      Id: identity.executionArn,
      Input: identity.input,
      StartTime: identity.startTime,
      Name: identity.executionName,
      RoleArn: identity.roleArn,
      RedriveCount: 0,
    },
    StateMachine: { Id: identity.stateMachineArn, Name: identity.stateMachineName },
    State: { Name: state.name, EnteredTime: state.enteredTime },
  };
  if (state.retryCount !== undefined) (context.State as JsonObject).RetryCount = state.retryCount;
  if (state.taskToken !== undefined) context.Task = { Token: state.taskToken };
  if (state.mapItem !== undefined) {
    const item: JsonObject = { Index: state.mapItem.index, Value: state.mapItem.value };
    if (state.mapItem.key !== undefined) item.Key = state.mapItem.key;
    context.Map = { Item: item };
  }
  return context;
}

/** Whether a state is a callback Task (`.waitForTaskToken`): its context object carries a task token. */
export function waitsForTaskToken(def: JsonObject): boolean {
  return (
    def.Type === 'Task' && typeof def.Resource === 'string' && def.Resource.endsWith('.waitForTaskToken')
  );
}

/**
 * The task token of one attempt of a callback Task: opaque like AWS's, different for each attempt, and
 * the same in every run with the same execution identity, so runs stay reproducible.
 */
export function taskTokenFor(
  identity: ExecutionIdentity,
  statePath: readonly (string | number)[],
  transition: number,
  attempt: number,
): string {
  return digest(
    'sha256',
    `${identity.executionArn}\n${statePath.join('/')}\n${transition}\n${attempt}`,
    'base64',
  );
}
