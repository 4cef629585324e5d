// State-machine coverage: the states, transitions (Next, each Choice rule, Default, each Catch)
// and retriers of a definition, marked with how often a test suite exercised them. This is the
// data the CLI prints and the editor's Test Explorer and graph show.

import { walkStates } from '../iam';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { retrierKey, transitionKey, type CoverageHits, type TransitionKind } from './facts';

export interface StateCoverage {
  name: string;
  type: string;
  /** Path of the state object in the definition. */
  path: (string | number)[];
  hits: number;
}

export interface TransitionCoverage {
  from: string;
  to: string;
  kind: TransitionKind;
  /** Choice rule or Catch index. */
  index?: number;
  hits: number;
}

export interface RetrierCoverage {
  state: string;
  index: number;
  errorEquals: string[];
  hits: number;
}

export interface CoverageCount {
  covered: number;
  total: number;
}

/** Coverage of one state machine file, over every case that ran it. */
export interface MachineCoverage {
  machineFile: string;
  states: StateCoverage[];
  transitions: TransitionCoverage[];
  retriers: RetrierCoverage[];
  coveredStates: string[];
  uncoveredStates: string[];
  totals: { states: CoverageCount; transitions: CoverageCount; retriers: CoverageCount; percent: number };
}

export interface CoverageReport {
  machines: MachineCoverage[];
  /** Covered items (states + transitions + retriers) over all items, in percent; 100 when there are none. */
  percent: number;
}

function percentOf(count: CoverageCount): number {
  return count.total === 0 ? 100 : (count.covered / count.total) * 100;
}

function transitionsOf(name: string, def: JsonObject): Omit<TransitionCoverage, 'hits'>[] {
  const out: Omit<TransitionCoverage, 'hits'>[] = [];
  if (def.Type === 'Choice') {
    const rules = Array.isArray(def.Choices) ? def.Choices : [];
    rules.forEach((rule, index) => {
      if (isJsonObject(rule) && typeof rule.Next === 'string')
        out.push({ from: name, to: rule.Next, kind: 'choice', index });
    });
    if (typeof def.Default === 'string') out.push({ from: name, to: def.Default, kind: 'default' });
  } else if (typeof def.Next === 'string' && def.End !== true) {
    out.push({ from: name, to: def.Next, kind: 'next' });
  }
  const catchers = Array.isArray(def.Catch) ? def.Catch : [];
  catchers.forEach((catcher, index) => {
    if (isJsonObject(catcher) && typeof catcher.Next === 'string')
      out.push({ from: name, to: catcher.Next, kind: 'catch', index });
  });
  return out;
}

function errorList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function machineCoverage(
  machineFile: string,
  definition: JsonObject,
  hits: CoverageHits,
): MachineCoverage {
  const states: StateCoverage[] = [];
  const transitions: TransitionCoverage[] = [];
  const retriers: RetrierCoverage[] = [];
  for (const visit of walkStates(definition)) {
    const def = visit.definition;
    states.push({
      name: visit.name,
      type: typeof def.Type === 'string' ? def.Type : '',
      path: visit.path,
      hits: hits.states.get(visit.name) ?? 0,
    });
    for (const t of transitionsOf(visit.name, def)) {
      transitions.push({ ...t, hits: hits.transitions.get(transitionKey(t.from, t.kind, t.index)) ?? 0 });
    }
    const retry = Array.isArray(def.Retry) ? def.Retry : [];
    retry.forEach((retrier, index) => {
      if (!isJsonObject(retrier)) return;
      retriers.push({
        state: visit.name,
        index,
        errorEquals: errorList(retrier.ErrorEquals),
        hits: hits.retriers.get(retrierKey(visit.name, index)) ?? 0,
      });
    });
  }
  return machineCoverageOf(machineFile, states, transitions, retriers);
}

/** A machine's coverage from its items and their hits: the counts and lists follow from them. */
export function machineCoverageOf(
  machineFile: string,
  states: StateCoverage[],
  transitions: TransitionCoverage[],
  retriers: RetrierCoverage[],
): MachineCoverage {
  const count = (items: { hits: number }[]): CoverageCount => ({
    covered: items.filter((i) => i.hits > 0).length,
    total: items.length,
  });
  const totals = { states: count(states), transitions: count(transitions), retriers: count(retriers) };
  const all = {
    covered: totals.states.covered + totals.transitions.covered + totals.retriers.covered,
    total: totals.states.total + totals.transitions.total + totals.retriers.total,
  };
  return {
    machineFile,
    states,
    transitions,
    retriers,
    coveredStates: states.filter((s) => s.hits > 0).map((s) => s.name),
    uncoveredStates: states.filter((s) => s.hits === 0).map((s) => s.name),
    totals: { ...totals, percent: percentOf(all) },
  };
}

export function coverageReport(machines: MachineCoverage[]): CoverageReport {
  let covered = 0;
  let total = 0;
  for (const m of machines) {
    for (const c of [m.totals.states, m.totals.transitions, m.totals.retriers]) {
      covered += c.covered;
      total += c.total;
    }
  }
  return { machines, percent: percentOf({ covered, total }) };
}

/** How a transition reads in reports: `HasLines → EmptyOrder (Default)`. */
export function describeTransition(t: Omit<TransitionCoverage, 'hits'>): string {
  const label =
    t.kind === 'next'
      ? 'Next'
      : t.kind === 'default'
        ? 'Default'
        : t.kind === 'choice'
          ? `Choice rule #${t.index ?? 0}`
          : `Catch #${t.index ?? 0}`;
  return `${t.from} → ${t.to} (${label})`;
}
