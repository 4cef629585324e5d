// What expressions and the Context scope see for a paused state: the core's context object when the
// frame carries one, else a display of the execution identity and the state (name, entry time, Map
// item index), so `$$` is never empty in the debugger.

import type { ExecutionHandle, JsonObject, JsonValue } from '../core';
import type { EvaluationScope } from './expressions';
import type { StateView } from './threads';

type Identity = ExecutionHandle['identity'];

export function contextOf(view: StateView, identity: Identity): JsonValue {
  const frame = view.frame;
  if (frame.context !== null && frame.context !== undefined) return frame.context;
  const state: JsonObject = { Name: frame.stateName, EnteredTime: new Date(frame.now).toISOString() };
  if (frame.stateType === 'Task') state.RetryCount = frame.attempt - 1;
  const context: JsonObject = {
    Execution: {
      Id: identity.executionArn,
      Input: identity.input,
      Name: identity.executionName,
      RoleArn: identity.roleArn,
      StartTime: identity.startTime,
      RedriveCount: 0,
    },
    StateMachine: { Id: identity.stateMachineArn, Name: identity.stateMachineName },
    State: state,
  };
  const last = frame.scope[frame.scope.length - 1];
  if (last?.kind === 'iteration') context.Map = { Item: { Index: last.index } };
  return context;
}

export function stageValue(
  view: StateView,
  stage: StateView['stages'][number]['stage'],
): JsonValue | undefined {
  for (let i = view.stages.length - 1; i >= 0; i--) {
    const entry = view.stages[i];
    if (entry?.stage === stage) return entry.value;
  }
  return undefined;
}

/** What an expression typed at this pause reads; `signal` stops its evaluation early. */
export function evaluationScopeOf(
  view: StateView,
  identity: Identity,
  signal?: AbortSignal,
): EvaluationScope {
  const scope: EvaluationScope = {
    input: view.frame.input,
    context: contextOf(view, identity),
    variables: view.frame.variables,
  };
  if (signal !== undefined) scope.signal = signal;
  const result = stageValue(view, 'result');
  if (result !== undefined) scope.result = result;
  return scope;
}
