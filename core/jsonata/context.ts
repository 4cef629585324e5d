// The per-evaluation context (runtime, budget, clock) bound into jsonata's environment, so compiled
// expressions can be cached and shared while each evaluation keeps its own state.

import type { EvaluationBudget, JsonataLimits } from './limits';

/** What `$random()` without a seed and `$uuid()` draw from (seeded by the interpreter for replays). */
export interface JsonataRuntime {
  random(): number;
  uuid(): string;
  /** Epoch milliseconds for `$now()` / `$millis()` (the execution's virtual clock); unset, the wall clock (invariant 18). */
  now?(): number;
  /** Overrides of the evaluation bounds (tests use a short timeout). */
  limits?: Partial<JsonataLimits>;
  /** Stops the evaluation (at its next step, or its next regex match) when aborted: the debugger's. */
  signal?: AbortSignal;
}

export interface EvaluationContext {
  readonly runtime: JsonataRuntime;
  readonly budget: EvaluationBudget;
  /** Fixed for the whole evaluation, as jsonata's own $now() is. */
  readonly nowMillis: number;
}

/**
 * The binding name. It contains a space, which no JSONata `$name` can, so expressions cannot read it.
 */
export const CONTEXT_BINDING = ' stepthrough evaluation';

interface LookupEnvironment {
  lookup(name: string | symbol): unknown;
}

/** The context of the evaluation an environment belongs to, if any. */
export function contextOf(environment: unknown): EvaluationContext | undefined {
  if (typeof environment !== 'object' || environment === null) return undefined;
  const lookup = (environment as Partial<LookupEnvironment>).lookup;
  if (typeof lookup !== 'function') return undefined;
  const value = lookup.call(environment, CONTEXT_BINDING) as EvaluationContext | undefined;
  return value;
}
