// Coverage in the formats coverage services read (Codecov, Coveralls, GitLab, SonarQube, the
// GitHub actions that annotate pull requests): LCOV and Cobertura XML. Each state machine file is a
// source file; each state is a line (the line of its name) and a function (its name); each
// transition — Next, each Choice rule, Default, each Catch — is a branch at the line of its field
// (LCOV BRDA; Cobertura `condition-coverage` on the state's line), so a pull request shows the states
// and transitions no case exercised. Retriers are not mapped: neither format has a place for them
// (the terminal and JSON reports count them).
//
// Several states on one line (a definition written on one line): the line counts the fewest hits
// among them, so a line is covered only when all of its states are — never greener than the states.

import { type LineMap } from '../../diagnostics';
import { nodeAtPath, parseDocument, propertyAt, type ParsedDocument } from '../../parse';
import {
  transitionField,
  type CoverageReport,
  type MachineCoverage,
  type StateCoverage,
  type TransitionCoverage,
} from '../coverage';

export interface CoverageFileOptions {
  /** The text of a state machine file (the CLI reads it from disk). */
  readFile(path: string): string;
  /** How a machine file is named in the report (e.g. relative to the repository root). */
  displayPath?: (path: string) => string;
}

export interface CoberturaOptions extends CoverageFileOptions {
  /** Seconds since the epoch for the `timestamp` attribute. */
  timestamp: number;
  /** The producing tool, for the `version` attribute. */
  version: string;
  /** The folder the displayed paths are relative to (`<source>`). */
  sourceRoot: string;
}

interface LocatedState {
  name: string;
  line: number;
  hits: number;
}

interface LocatedBranch {
  line: number;
  /** The state the transition leaves, numbered in document order (LCOV block). */
  block: number;
  /** The transition's number within its state. */
  branch: number;
  /** Hits of the transition; undefined when its state never ran (LCOV '-'). */
  taken: number | undefined;
}

interface LocatedMachine {
  file: string;
  states: LocatedState[];
  branches: LocatedBranch[];
  /** Line number -> hits (the fewest among its states). */
  lines: Map<number, number>;
}

/** 1-based line of the field at `path`: a property's key, or an array item's start. */
function lineOf(doc: ParsedDocument, lines: LineMap, path: (string | number)[]): number | undefined {
  const last = path.at(-1);
  if (typeof last === 'string') {
    const parent = nodeAtPath(doc.ast, path.slice(0, -1));
    const property = parent?.kind === 'object' ? propertyAt(parent, last) : undefined;
    return property ? lines.positionAt(property.keyRange.start).line + 1 : undefined;
  }
  const node = nodeAtPath(doc.ast, path);
  return node ? lines.positionAt(node.range.start).line + 1 : undefined;
}

/** Where a machine's states and transitions are written: the file and a line for each. */
interface Placement {
  file: string;
  stateLine(state: StateCoverage): number;
  transitionLine(t: TransitionCoverage, stateLine: number | undefined): number;
}

/**
 * A definition file is parsed to find each state's line; a template's machine brings its lines with it
 * (from the template's source map: `sourceFile`, each item's `line`).
 */
function placementOf(machine: MachineCoverage, options: CoverageFileOptions): Placement {
  if (machine.sourceFile !== undefined)
    return {
      file: machine.sourceFile,
      stateLine: (state) => state.line ?? 1,
      transitionLine: (t, stateLine) => t.line ?? stateLine ?? 1,
    };
  const doc = parseDocument(options.readFile(machine.machineFile), { fileName: machine.machineFile });
  const statePaths = new Map(machine.states.map((s) => [s.name, s.path]));
  return {
    file: machine.machineFile,
    stateLine: (state) => lineOf(doc, doc.lines, state.path) ?? 1,
    transitionLine: (t, stateLine) => {
      const path = statePaths.get(t.from);
      return (path && lineOf(doc, doc.lines, [...path, ...transitionField(t)])) ?? stateLine ?? 1;
    },
  };
}

function locate(machine: MachineCoverage, options: CoverageFileOptions): LocatedMachine {
  const show = options.displayPath ?? ((p: string) => p);
  const placement = placementOf(machine, options);
  const states: LocatedState[] = [];
  const stateLine = new Map<string, number>();
  const stateHits = new Map<string, number>();
  for (const state of machine.states) {
    const line = placement.stateLine(state);
    states.push({ name: state.name, line, hits: state.hits });
    stateLine.set(state.name, line);
    stateHits.set(state.name, state.hits);
  }
  const blocks = new Map(machine.states.map((s, index) => [s.name, index]));
  const perState = new Map<string, number>();
  const branches: LocatedBranch[] = machine.transitions.map((t) => {
    const branch = perState.get(t.from) ?? 0;
    perState.set(t.from, branch + 1);
    return {
      line: placement.transitionLine(t, stateLine.get(t.from)),
      block: blocks.get(t.from) ?? 0,
      branch,
      taken: (stateHits.get(t.from) ?? 0) > 0 ? t.hits : undefined,
    };
  });
  const lines = new Map<number, number>();
  for (const state of states) lines.set(state.line, Math.min(lines.get(state.line) ?? Infinity, state.hits));
  return { file: show(placement.file), states, branches, lines };
}

/** LCOV tracefile: one record per state machine file. */
export function formatLcov(report: CoverageReport, options: CoverageFileOptions): string {
  const out: string[] = [];
  for (const machine of report.machines) {
    const m = locate(machine, options);
    out.push('TN:', `SF:${m.file}`);
    for (const s of m.states) out.push(`FN:${s.line},${s.name}`);
    for (const s of m.states) out.push(`FNDA:${s.hits},${s.name}`);
    out.push(`FNF:${m.states.length}`, `FNH:${m.states.filter((s) => s.hits > 0).length}`);
    for (const b of m.branches) out.push(`BRDA:${b.line},${b.block},${b.branch},${b.taken ?? '-'}`);
    out.push(`BRF:${m.branches.length}`, `BRH:${m.branches.filter((b) => (b.taken ?? 0) > 0).length}`);
    const lines = [...m.lines].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of lines) out.push(`DA:${line},${hits}`);
    out.push(`LF:${lines.length}`, `LH:${lines.filter(([, hits]) => hits > 0).length}`, 'end_of_record');
  }
  return `${out.join('\n')}\n`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function rate(covered: number, total: number): string {
  return (total === 0 ? 1 : covered / total).toFixed(4);
}

interface Counts {
  lines: number;
  linesCovered: number;
  branches: number;
  branchesCovered: number;
}

function countsOf(m: LocatedMachine): Counts {
  return {
    lines: m.lines.size,
    linesCovered: [...m.lines.values()].filter((hits) => hits > 0).length,
    branches: m.branches.length,
    branchesCovered: m.branches.filter((b) => (b.taken ?? 0) > 0).length,
  };
}

function lineElements(m: LocatedMachine, indent: string): string[] {
  const byLine = new Map<number, LocatedBranch[]>();
  for (const b of m.branches) byLine.set(b.line, [...(byLine.get(b.line) ?? []), b]);
  const numbers = [...new Set([...m.lines.keys(), ...byLine.keys()])].sort((a, b) => a - b);
  return numbers.map((line) => {
    const hits = m.lines.get(line) ?? Math.max(0, ...(byLine.get(line) ?? []).map((b) => b.taken ?? 0));
    const branches = byLine.get(line);
    if (!branches) return `${indent}<line number="${line}" hits="${hits}" branch="false"/>`;
    const taken = branches.filter((b) => (b.taken ?? 0) > 0).length;
    const percent = Math.round((taken / branches.length) * 100);
    return `${indent}<line number="${line}" hits="${hits}" branch="true" condition-coverage="${percent}% (${taken}/${branches.length})"/>`;
  });
}

/** Cobertura XML (coverage-04.dtd): a package per folder, a class per state machine file, a method per state. */
export function formatCobertura(report: CoverageReport, options: CoberturaOptions): string {
  const machines = report.machines.map((machine) => locate(machine, options));
  const packages = new Map<string, LocatedMachine[]>();
  for (const m of machines) {
    const folder = m.file.includes('/') ? m.file.slice(0, m.file.lastIndexOf('/')) : '.';
    packages.set(folder, [...(packages.get(folder) ?? []), m]);
  }
  const sum = (list: LocatedMachine[]): Counts =>
    list.map(countsOf).reduce(
      (a, c) => ({
        lines: a.lines + c.lines,
        linesCovered: a.linesCovered + c.linesCovered,
        branches: a.branches + c.branches,
        branchesCovered: a.branchesCovered + c.branchesCovered,
      }),
      { lines: 0, linesCovered: 0, branches: 0, branchesCovered: 0 },
    );
  const all = sum(machines);
  const out = [
    '<?xml version="1.0" ?>',
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
    `<coverage line-rate="${rate(all.linesCovered, all.lines)}" branch-rate="${rate(all.branchesCovered, all.branches)}" lines-covered="${all.linesCovered}" lines-valid="${all.lines}" branches-covered="${all.branchesCovered}" branches-valid="${all.branches}" complexity="0" version="${xml(options.version)}" timestamp="${options.timestamp}">`,
    '  <sources>',
    `    <source>${xml(options.sourceRoot)}</source>`,
    '  </sources>',
    '  <packages>',
  ];
  for (const [folder, list] of packages) {
    const c = sum(list);
    out.push(
      `    <package name="${xml(folder)}" line-rate="${rate(c.linesCovered, c.lines)}" branch-rate="${rate(c.branchesCovered, c.branches)}" complexity="0">`,
      '      <classes>',
    );
    for (const m of list) {
      const mc = countsOf(m);
      const name = m.file.slice(m.file.lastIndexOf('/') + 1);
      out.push(
        `        <class name="${xml(name)}" filename="${xml(m.file)}" line-rate="${rate(mc.linesCovered, mc.lines)}" branch-rate="${rate(mc.branchesCovered, mc.branches)}" complexity="0">`,
        '          <methods>',
      );
      for (const [index, s] of m.states.entries()) {
        const own = m.branches.filter((b) => b.block === index);
        const ownTaken = own.filter((b) => (b.taken ?? 0) > 0).length;
        out.push(
          `            <method name="${xml(s.name)}" signature="" line-rate="${s.hits > 0 ? '1.0000' : '0.0000'}" branch-rate="${rate(ownTaken, own.length)}" complexity="0">`,
          '              <lines>',
          `                <line number="${s.line}" hits="${s.hits}" branch="false"/>`,
          '              </lines>',
          '            </method>',
        );
      }
      out.push(
        '          </methods>',
        '          <lines>',
        ...lineElements(m, '            '),
        '          </lines>',
      );
      out.push('        </class>');
    }
    out.push('      </classes>', '    </package>');
  }
  out.push('  </packages>', '</coverage>', '');
  return out.join('\n');
}
