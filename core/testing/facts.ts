// What a test case observed while its execution ran: per-state entries, tries, last input/output,
// errors and variables, the top-level path, and the coverage hits (states, transitions taken,
// retriers used), gathered from the observer hooks and the history events.

import { StatesError } from '../errors';
import {
  ExecutionMachines,
  isStateExited,
  type ExecutionObserver,
  type HistoryEvent,
  type ScopePath,
  type StateFrame,
  type StateOutcome,
} from '../interpreter';
import { errorMatches } from '../interpreter/errorHandling';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { choiceRuleTaken } from './choiceRule';

export interface StateFacts {
  entered: number;
  retries: number;
  input?: JsonValue;
  output?: JsonValue;
  error?: string;
  cause?: string;
  /** Variables visible after the state's last exit. */
  variables?: Record<string, JsonValue>;
}

export type TransitionKind = 'next' | 'choice' | 'default' | 'catch';

/** Coverage hits of one or more runs; keys from `transitionKey` / `retrierKey`. */
export interface CoverageHits {
  states: Map<string, number>;
  transitions: Map<string, number>;
  retriers: Map<string, number>;
}

export function transitionKey(from: string, kind: TransitionKind, index?: number): string {
  return `${from}\u0000${kind}\u0000${index ?? ''}`;
}

export function retrierKey(state: string, index: number): string {
  return `${state}\u0000${index}`;
}

export function emptyHits(): CoverageHits {
  return { states: new Map(), transitions: new Map(), retriers: new Map() };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function matchingIndex(list: JsonValue | undefined, error: string, cause: string | undefined): number {
  if (!Array.isArray(list)) return -1;
  const err = new StatesError(error, cause, { fromTask: true });
  return list.findIndex((item) => isJsonObject(item) && errorMatches(item.ErrorEquals, err));
}

/**
 * Collects outcomes during a run; `finish` adds what the history says. Coverage hits go to the machine a
 * state belongs to: the run's own (`hits`), or, for a nested execution's states, the child machine's
 * (`childHits(machineKey)`, keyed as ExecuteOptions.machines; undefined counts nothing). A Distributed
 * Map's child runs states of the machine whose Map started it.
 */
export class FactCollector {
  readonly states = new Map<string, StateFacts>();
  readonly hits: CoverageHits;
  private readonly caught = new WeakSet<StateFrame>();
  private readonly machines = new ExecutionMachines();

  constructor(
    hits: CoverageHits = emptyHits(),
    private readonly childHits: (machineKey: string) => CoverageHits | undefined = () => undefined,
  ) {
    this.hits = hits;
  }

  /** The hits of the machine the frame's state belongs to (undefined: a machine not reported). */
  private hitsOf(frame: StateFrame): CoverageHits | undefined {
    const key = this.machines.keyOf(frame.execution);
    return key === '' ? this.hits : this.childHits(key);
  }

  private facts(name: string): StateFacts {
    let facts = this.states.get(name);
    if (!facts) {
      facts = { entered: 0, retries: 0 };
      this.states.set(name, facts);
    }
    return facts;
  }

  /** Top-level states entered, in order. */
  readonly path: string[] = [];
  /** Every state entered, in order (inner ones included). */
  readonly entered: string[] = [];

  readonly observer: ExecutionObserver = {
    beforeState: (frame: StateFrame): void => this.onEnter(frame),
    onStateOutcome: (outcome: StateOutcome): void => this.onOutcome(outcome),
  };

  /** Entries are counted here rather than from the history: a Distributed Map's child executions keep their own. */
  private onEnter(frame: StateFrame): void {
    const name = frame.stateName;
    const facts = this.facts(name);
    facts.entered++;
    facts.input = frame.input;
    const hits = this.hitsOf(frame);
    if (hits) bump(hits.states, name);
    // The run's own top-level states: a nested execution's (scope [] too) are its own machine's.
    if (frame.scope.length === 0 && frame.execution === undefined) this.path.push(name);
    this.entered.push(name);
  }

  private onOutcome(outcome: StateOutcome): void {
    const { frame } = outcome;
    const name = frame.stateName;
    const def = frame.definition;
    if (outcome.status !== 'succeeded') {
      const facts = this.facts(name);
      if (outcome.error !== undefined) facts.error = outcome.error;
      facts.cause = outcome.cause;
    }
    const hits = this.hitsOf(frame) ?? emptyHits();
    switch (outcome.status) {
      case 'retrying': {
        this.facts(name).retries++;
        const index = outcome.rule ?? matchingIndex(def.Retry, outcome.error ?? '', outcome.cause);
        if (index >= 0) bump(hits.retriers, retrierKey(name, index));
        return;
      }
      case 'caught': {
        this.caught.add(frame);
        const index = outcome.rule ?? matchingIndex(def.Catch, outcome.error ?? '', outcome.cause);
        if (index >= 0) bump(hits.transitions, transitionKey(name, 'catch', index));
        return;
      }
      case 'succeeded': {
        if (outcome.output !== undefined) this.facts(name).output = outcome.output;
        if (this.caught.has(frame) || outcome.next === undefined) return;
        if (def.Type === 'Choice') {
          const index = choiceRuleTaken(def, outcome.next, frame.input);
          bump(
            hits.transitions,
            index === undefined ? transitionKey(name, 'default') : transitionKey(name, 'choice', index),
          );
        } else bump(hits.transitions, transitionKey(name, 'next'));
        return;
      }
      default:
        return;
    }
  }

  /** Adds the variables the history records; returns the top-level path and the top-level variables. */
  finish(events: readonly HistoryEvent[]): { path: string[]; variables: Record<string, JsonValue> } {
    const scopes = new Map<string, Record<string, JsonValue>>();
    for (const event of events) {
      if (!isStateExited(event)) continue;
      const details = event.stateExitedEventDetails;
      if (details.assignedVariables) {
        const key = scopeKey(event.scope);
        scopes.set(key, { ...(scopes.get(key) ?? {}), ...details.assignedVariables });
      }
      if (scopes.size > 0) this.facts(details.name).variables = visibleVariables(scopes, event.scope);
    }
    return { path: this.path, variables: scopes.get('') ?? {} };
  }
}

function scopeKey(scope: ScopePath): string {
  return scope.map((s) => `${s.state}/${s.kind}/${s.index}`).join('>');
}

function visibleVariables(
  scopes: Map<string, Record<string, JsonValue>>,
  scope: ScopePath,
): Record<string, JsonValue> {
  const out: JsonObject = {};
  for (let n = 0; n <= scope.length; n++) Object.assign(out, scopes.get(scopeKey(scope.slice(0, n))) ?? {});
  return out;
}
