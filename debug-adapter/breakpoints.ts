// Breakpoints: line breakpoints bound to the innermost state containing the line (moved to its name
// line; in a template, the state of the machine's resolved definition written on that line: ./source.ts),
// in the debugged machine's file and in the files of the child machines it may start; function
// breakpoints by state name; exception filters; and the per-hit checks (condition, hit count, logpoint)
// run when a state is about to start.

import { resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DefinitionModel, StateFrame } from '../core';
import type { DebuggedSource } from './source';
import { evaluateExpression, interpolateMessage, isTruthy, type EvaluationScope } from './expressions';

export type ExceptionFilter = 'all' | 'uncaught';

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'all',
    label: 'All Errors',
    description: 'Stop on every error a state raises, also when a Retry or Catch handles it.',
    default: false,
  },
  {
    filter: 'uncaught',
    label: 'Uncaught Errors',
    description: 'Stop on errors no Catch will handle: the execution is about to fail.',
    default: true,
  },
];

/** A breakpoint as the adapter keeps it; lines and columns are zero-based. */
export interface BoundBreakpoint {
  id: number;
  kind: 'line' | 'function';
  verified: boolean;
  message?: string;
  /** Line breakpoints: the file, the line asked for and the state's name position. */
  file?: string;
  requestedLine?: number;
  line?: number;
  column?: number;
  /** The bound state: its definition path (line) or its name (function). */
  stateKey?: string;
  stateName?: string;
  condition?: string;
  hitCondition?: { op: '==' | '>=' | '>' | '<' | '<=' | '%'; count: number };
  logMessage?: string;
  hits: number;
}

export interface HitCheck {
  /** Ids of the breakpoints that stop here. */
  stopIds: number[];
  /** Logpoint messages to print. */
  logs: string[];
  /** Problems evaluating conditions (shown once per breakpoint). */
  problems: string[];
  reason: 'breakpoint' | 'function breakpoint';
}

const HIT_CONDITION = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/;
const pathKeys = new WeakMap<readonly (string | number)[], string>();

/** A stable key for a state's definition path (cached per path array). */
export function stateKeyOf(path: readonly (string | number)[]): string {
  let key = pathKeys.get(path);
  if (key === undefined) {
    key = JSON.stringify(path);
    pathKeys.set(path, key);
  }
  return key;
}

const normalized = new Map<string, string>();

/** The file's absolute, normalised path (remembered: it is asked before every state). */
function normalize(file: string): string {
  let path = normalized.get(file);
  if (path === undefined) {
    path = resolve(file);
    if (normalized.size > 1000) normalized.clear();
    normalized.set(file, path);
  }
  return path;
}

function parseHitCondition(
  text: string | undefined,
): BoundBreakpoint['hitCondition'] | 'invalid' | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const m = HIT_CONDITION.exec(text);
  if (!m) return 'invalid';
  return { op: (m[1] ?? '==') as NonNullable<BoundBreakpoint['hitCondition']>['op'], count: Number(m[2]) };
}

function hitCountReached(hc: NonNullable<BoundBreakpoint['hitCondition']>, hits: number): boolean {
  switch (hc.op) {
    case '==':
      return hits === hc.count;
    case '>=':
      return hits >= hc.count;
    case '>':
      return hits > hc.count;
    case '<':
      return hits < hc.count;
    case '<=':
      return hits <= hc.count;
    case '%':
      return hc.count > 0 && hits % hc.count === 0;
  }
}

export class BreakpointRegistry {
  private nextId = 1;
  private readonly lineBreakpoints = new Map<string, BoundBreakpoint[]>();
  private functionBreakpoints: BoundBreakpoint[] = [];
  exceptionFilters = new Set<ExceptionFilter>(['uncaught']);
  /** The files whose states run: the debugged machine's first, then its child machines'. */
  private debuggedFiles: string[] = [];
  private readonly reportedProblems = new Set<number>();
  /** Line breakpoints of the debugged files, by file and state key (rebuilt on change). */
  private index = new Map<string, Map<string, BoundBreakpoint[]>>();

  /** Binds a file's line breakpoints. `doc` is undefined when the file could not be read. */
  setLineBreakpoints(
    file: string,
    requested: readonly DebugProtocol.SourceBreakpoint[],
    toDebuggerLine: (line: number) => number,
    doc: DebuggedSource | undefined,
    readError?: string,
  ): BoundBreakpoint[] {
    const key = normalize(file);
    const bound = requested.map((bp) => {
      const entry: BoundBreakpoint = {
        id: this.nextId++,
        kind: 'line',
        verified: false,
        file: key,
        requestedLine: toDebuggerLine(bp.line),
        hits: 0,
      };
      if (bp.condition) entry.condition = bp.condition;
      if (bp.logMessage) entry.logMessage = bp.logMessage;
      const hc = parseHitCondition(bp.hitCondition);
      if (hc === 'invalid') {
        entry.message = `The hit count '${bp.hitCondition ?? ''}' is not understood: use e.g. 3, >=3, >3 or %3.`;
        return entry;
      }
      if (hc) entry.hitCondition = hc;
      this.bind(entry, doc, readError);
      return entry;
    });
    if (bound.length === 0) this.lineBreakpoints.delete(key);
    else this.lineBreakpoints.set(key, bound);
    this.reindex();
    return bound;
  }

  private bind(entry: BoundBreakpoint, doc: DebuggedSource | undefined, readError?: string): void {
    entry.verified = false;
    delete entry.stateKey;
    delete entry.stateName;
    if (entry.message?.startsWith('The hit count')) return;
    delete entry.message;
    if (!doc) {
      entry.message = readError ?? 'The file could not be read.';
      return;
    }
    if (this.debuggedFiles.length > 0 && !this.debuggedFiles.includes(entry.file ?? '')) {
      entry.message = this.notDebugged();
      return;
    }
    const state = doc.stateAtLine(entry.requestedLine ?? -1);
    const position = state && doc.namePosition(state);
    if (!state || !position) {
      entry.message = 'No state on this line: put the breakpoint on a line inside a state.';
      return;
    }
    entry.verified = true;
    entry.line = position.line;
    entry.column = position.character;
    entry.stateKey = stateKeyOf(state.path);
    entry.stateName = state.name;
  }

  private notDebugged(): string {
    const [main, ...children] = this.debuggedFiles;
    return children.length === 0
      ? `This file is not the state machine being debugged (${main ?? ''}).`
      : `This file is not the state machine being debugged (${main ?? ''}) nor one it may start (${children.join(', ')}).`;
  }

  /**
   * Sets the files being debugged (the machine's, then its child machines') and rebinds every line
   * breakpoint; returns those that changed.
   */
  setDebuggedSources(docs: readonly DebuggedSource[]): BoundBreakpoint[] {
    const byFile = new Map<string, DebuggedSource>();
    for (const doc of docs) if (!byFile.has(normalize(doc.file))) byFile.set(normalize(doc.file), doc);
    this.debuggedFiles = [...byFile.keys()];
    const changed: BoundBreakpoint[] = [];
    for (const [bpFile, list] of this.lineBreakpoints) {
      const doc = byFile.get(bpFile);
      for (const bp of list) {
        const before = JSON.stringify([bp.verified, bp.line, bp.stateKey, bp.message]);
        if (doc) this.bind(bp, doc);
        else if (bp.verified) {
          bp.verified = false;
          bp.message = this.notDebugged();
        }
        if (JSON.stringify([bp.verified, bp.line, bp.stateKey, bp.message]) !== before) changed.push(bp);
      }
    }
    this.reindex();
    return changed;
  }

  /** Function breakpoints by state name, checked against the debugged machines' models (when known). */
  setFunctionBreakpoints(
    requested: readonly DebugProtocol.FunctionBreakpoint[],
    models: readonly DefinitionModel[],
  ): BoundBreakpoint[] {
    const names = models.length > 0 ? new Set(models.flatMap((m) => m.states.map((s) => s.name))) : undefined;
    this.functionBreakpoints = requested.map((bp) => {
      const entry: BoundBreakpoint = { id: this.nextId++, kind: 'function', verified: true, hits: 0 };
      entry.stateName = bp.name.trim();
      if (bp.condition) entry.condition = bp.condition;
      const hc = parseHitCondition(bp.hitCondition);
      if (hc === 'invalid') {
        entry.verified = false;
        entry.message = `The hit count '${bp.hitCondition ?? ''}' is not understood: use e.g. 3, >=3, >3 or %3.`;
      } else if (hc) entry.hitCondition = hc;
      if (entry.verified && names && !names.has(entry.stateName)) {
        entry.verified = false;
        entry.message = `No state named '${entry.stateName}' in the state machine.`;
      }
      return entry;
    });
    return this.functionBreakpoints;
  }

  resetHits(): void {
    for (const list of this.lineBreakpoints.values()) for (const bp of list) bp.hits = 0;
    for (const bp of this.functionBreakpoints) bp.hits = 0;
  }

  private reindex(): void {
    this.index = new Map();
    for (const file of this.debuggedFiles) {
      const byState = new Map<string, BoundBreakpoint[]>();
      for (const bp of this.lineBreakpoints.get(file) ?? []) {
        if (!bp.verified || bp.stateKey === undefined) continue;
        const list = byState.get(bp.stateKey) ?? [];
        list.push(bp);
        byState.set(bp.stateKey, list);
      }
      if (byState.size > 0) this.index.set(file, byState);
    }
  }

  /** The breakpoints that apply to a state about to start (before conditions); `file` holds its states. */
  candidates(frame: StateFrame, file: string): BoundBreakpoint[] {
    if (this.index.size === 0 && this.functionBreakpoints.length === 0) return [];
    const byState = this.index.size > 0 ? this.index.get(normalize(file)) : undefined;
    const found = byState ? [...(byState.get(stateKeyOf(frame.definitionPath)) ?? [])] : [];
    for (const bp of this.functionBreakpoints) {
      if (bp.verified && bp.stateName === frame.stateName) found.push(bp);
    }
    return found;
  }

  /** Runs conditions, hit counts and logpoints for the candidates; `quiet` skips logpoint output. */
  async check(candidates: BoundBreakpoint[], scope: EvaluationScope, quiet: boolean): Promise<HitCheck> {
    const result: HitCheck = { stopIds: [], logs: [], problems: [], reason: 'breakpoint' };
    for (const bp of candidates) {
      if (bp.condition !== undefined) {
        let holds = false;
        try {
          holds = isTruthy((await evaluateExpression(bp.condition, scope)).value);
        } catch (err) {
          if (!this.reportedProblems.has(bp.id)) {
            this.reportedProblems.add(bp.id);
            result.problems.push(
              `Breakpoint condition '${bp.condition}' on ${bp.stateName ?? 'a state'} failed: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        }
        if (!holds) continue;
      }
      bp.hits++;
      if (bp.hitCondition && !hitCountReached(bp.hitCondition, bp.hits)) continue;
      if (bp.logMessage !== undefined) {
        if (!quiet) result.logs.push(await interpolateMessage(bp.logMessage, scope));
        continue;
      }
      result.stopIds.push(bp.id);
      if (bp.kind === 'function' && result.stopIds.length === 1) result.reason = 'function breakpoint';
      if (bp.kind === 'line') result.reason = 'breakpoint';
    }
    return result;
  }

  /** Whether any line or function breakpoint could stop or log. */
  get active(): boolean {
    return this.index.size > 0 || this.functionBreakpoints.some((bp) => bp.verified);
  }
}
