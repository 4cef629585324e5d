// What expressions and the Context scope see for a paused state: the core's context object, which the
// engine puts on every frame before its pause point (`$$`, with Map.Item.Value and Task.Token where the
// state has them), its input, variables and result.

import type { JsonValue } from '../core';
import type { EvaluationScope } from './expressions';
import type { StateView } from './threads';

/** The state's context object (`$$`), as the engine built it. */
export function contextOf(view: StateView): JsonValue {
  return view.frame.context;
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
export function evaluationScopeOf(view: StateView, signal?: AbortSignal): EvaluationScope {
  const scope: EvaluationScope = {
    input: view.frame.input,
    context: contextOf(view),
    variables: view.frame.variables,
  };
  if (signal !== undefined) scope.signal = signal;
  const result = stageValue(view, 'result');
  if (result !== undefined) scope.result = result;
  return scope;
}
