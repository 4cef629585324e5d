// State-machine coverage: the states, transitions (Next, each Choice rule, Default, each Catch)
// and retriers of a definition, marked with how often a test suite exercised them. This is the
// data the CLI prints and the editor's Test Explorer and graph show.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import {
  definitionModelOfValue,
  isMeaningfulTransition,
  stateValue,
  type StateLocation,
  type TransitionField,
} from '../model';
import type { SourceMapEntry } from '../templates';
import { emptyHits, retrierKey, transitionKey, type CoverageHits, type TransitionKind } from './facts';
import type { TestFileSpec } from './model';

export interface StateCoverage {
  name: string;
  type: string;
  /** Path of the state object in the definition. */
  path: (string | number)[];
  /** For a template's machine: the 1-based line its name is written on, in the machine's `sourceFile`. */
  line?: number;
  hits: number;
}

export interface TransitionCoverage {
  from: string;
  to: string;
  kind: TransitionKind;
  /** Choice rule or Catch index. */
  index?: number;
  /** For a template's machine: the 1-based line of its field (`Next`, the rule, the catcher), in `sourceFile`. */
  line?: number;
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

/**
 * Coverage of one state machine, over every case that ran it: the machine under test, or a child machine
 * a case's nested executions (`states:startExecution`) ran, reported under its own file.
 */
export interface MachineCoverage {
  /** The definition file, or a template's machine (`template.yaml#OrderFlow`). */
  machineFile: string;
  /**
   * For a template's machine: the file its states are written in (the DefinitionUri file, or the template
   * itself); the states' and transitions' `line`s are in it.
   */
  sourceFile?: string;
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

/** The kind each transition field is counted as, in the order a state's transitions are listed. */
const KINDS: readonly [TransitionField, TransitionKind][] = [
  ['Next', 'next'],
  ['ChoiceNext', 'choice'],
  ['Default', 'default'],
  ['CatchNext', 'catch'],
];

/**
 * The model's transitions of a state that a run can take (core/model's isMeaningfulTransition: a Choice's
 * rules and Default, the Next of a state that is no Choice, Succeed or Fail, every catcher's; a Next
 * beside `End: true` is not followed), those naming a state, in the order of KINDS.
 */
function transitionsOf(state: StateLocation, def: JsonObject): Omit<TransitionCoverage, 'hits'>[] {
  const out: Omit<TransitionCoverage, 'hits'>[] = [];
  for (const [field, kind] of KINDS) {
    for (const t of state.transitions) {
      if (t.field !== field || t.target === undefined || !isMeaningfulTransition(t)) continue;
      if (field === 'Next' && def.End === true) continue;
      out.push({
        from: state.name,
        to: t.target,
        kind,
        ...(t.index === undefined ? {} : { index: t.index }),
      });
    }
  }
  return out;
}

function errorList(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The field a transition is written in, under its state. */
export function transitionField(t: Omit<TransitionCoverage, 'hits'>): (string | number)[] {
  switch (t.kind) {
    case 'choice':
      return ['Choices', t.index ?? 0];
    case 'catch':
      return ['Catch', t.index ?? 0];
    case 'default':
      return ['Default'];
    default:
      return ['Next'];
  }
}

/** Lines of a template machine's source map: the file its definition is in, and each mapped path's line. */
function sourceLines(
  sourceMap: readonly SourceMapEntry[],
): { file: string; line: (path: (string | number)[]) => number | undefined } | undefined {
  const root = sourceMap.find((entry) => entry.path.length === 0);
  if (!root) return undefined;
  const lines = new Map<string, number>();
  for (const entry of sourceMap)
    if (entry.location.file === root.location.file)
      lines.set(JSON.stringify(entry.path), entry.location.range.start.line + 1);
  return { file: root.location.file, line: (path) => lines.get(JSON.stringify(path)) };
}

/**
 * A machine's coverage from its definition and the hits its runs counted. `sourceMap`: a template's
 * machine (core/templates), whose states are placed on the lines they are written on.
 */
export function machineCoverage(
  machineFile: string,
  definition: JsonObject,
  hits: CoverageHits,
  sourceMap?: readonly SourceMapEntry[],
): MachineCoverage {
  const source = sourceMap && sourceLines(sourceMap);
  const states: StateCoverage[] = [];
  const transitions: TransitionCoverage[] = [];
  const retriers: RetrierCoverage[] = [];
  const model = definitionModelOfValue(definition);
  for (const located of model.states) {
    const def = located.node ? stateValue(model, located) : undefined;
    if (!isJsonObject(def)) continue;
    const { name, path } = located;
    const state: StateCoverage = {
      name,
      type: typeof def.Type === 'string' ? def.Type : '',
      path,
      hits: hits.states.get(name) ?? 0,
    };
    const stateLine = source?.line(path);
    if (source) state.line = stateLine ?? 1;
    states.push(state);
    for (const t of transitionsOf(located, def)) {
      const transition: TransitionCoverage = {
        ...t,
        hits: hits.transitions.get(transitionKey(t.from, t.kind, t.index)) ?? 0,
      };
      if (source) transition.line = source.line([...path, ...transitionField(t)]) ?? state.line;
      transitions.push(transition);
    }
    const retry = Array.isArray(def.Retry) ? def.Retry : [];
    retry.forEach((retrier, index) => {
      if (!isJsonObject(retrier)) return;
      retriers.push({
        state: name,
        index,
        errorEquals: errorList(retrier.ErrorEquals),
        hits: hits.retriers.get(retrierKey(name, index)) ?? 0,
      });
    });
  }
  return machineCoverageOf(machineFile, states, transitions, retriers, source?.file);
}

/** A machine's coverage from its items and their hits: the counts and lists follow from them. */
export function machineCoverageOf(
  machineFile: string,
  states: StateCoverage[],
  transitions: TransitionCoverage[],
  retriers: RetrierCoverage[],
  sourceFile?: string,
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
    ...(sourceFile === undefined ? {} : { sourceFile }),
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

/** What one case's run counts into: its machine's hits, and each child machine's by its `machines` key. */
export interface CaseHits {
  hits: CoverageHits;
  childHits(machineKey: string): CoverageHits | undefined;
}

interface MachineHits {
  definition: JsonObject;
  hits: CoverageHits;
  sourceMap?: readonly SourceMapEntry[];
}

/**
 * A suite's coverage hits, per machine: each machine under test (by its file) and each child machine a
 * test file maps (`machines:`, or found in the same template), reported under its own file whether or not
 * a case started it. The report lists the machines under test in the order their files come, then the
 * child machines by file name (a merged run of shards or workers orders them the same way).
 */
export class SuiteCoverage {
  private readonly machines = new Map<string, MachineHits>();
  /** Files of the machines under test (a child machine tested by a file of its own is one too). */
  private readonly underTest = new Set<string>();

  private machine(file: string, definition: JsonObject, sourceMap?: readonly SourceMapEntry[]): MachineHits {
    let machine = this.machines.get(file);
    if (!machine) {
      machine = { definition, hits: emptyHits(), ...(sourceMap ? { sourceMap } : {}) };
      this.machines.set(file, machine);
    }
    return machine;
  }

  /** The hits a case of this test file counts into. */
  forSpec(spec: TestFileSpec): CaseHits {
    const own = this.machine(spec.machineFile, spec.definition, spec.sourceMap);
    this.underTest.add(spec.machineFile);
    const byKey = new Map<string, CoverageHits>();
    for (const [key, definition] of Object.entries(spec.machines ?? {})) {
      const source = spec.machineSources?.[key];
      const file = source?.file ?? key;
      byKey.set(key, this.machine(file, definition, source?.sourceMap).hits);
    }
    return { hits: own.hits, childHits: (key) => byKey.get(key) };
  }

  report(): CoverageReport {
    const files = [...this.machines.keys()];
    const ordered = [
      ...files.filter((file) => this.underTest.has(file)),
      ...files.filter((file) => !this.underTest.has(file)).sort(),
    ];
    return coverageReport(
      ordered.map((file) => {
        const m = this.machines.get(file) as MachineHits;
        return machineCoverage(file, m.definition, m.hits, m.sourceMap);
      }),
    );
  }
}
