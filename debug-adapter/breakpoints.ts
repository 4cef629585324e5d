// Breakpoints: line breakpoints bound to the innermost state containing the line (moved to its name
// line), function breakpoints by state name, exception filters, and the per-hit checks (condition,
// hit count, logpoint) run when a state is about to start.

import { resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { definitionModel, stateAtLine, type ParsedDocument, type StateFrame } from '../core';
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

function normalize(file: string): string {
  return resolve(file);
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
  private debuggedFile: string | undefined;
  private readonly reportedProblems = new Set<number>();
  /** Line breakpoints of the debugged file by state key (rebuilt on change). */
  private index = new Map<string, BoundBreakpoint[]>();

  /** Binds a file's line breakpoints. `doc` is undefined when the file could not be read. */
  setLineBreakpoints(
    file: string,
    requested: readonly DebugProtocol.SourceBreakpoint[],
    toDebuggerLine: (line: number) => number,
    doc: ParsedDocument | undefined,
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

  private bind(entry: BoundBreakpoint, doc: ParsedDocument | undefined, readError?: string): void {
    entry.verified = false;
    delete entry.stateKey;
    delete entry.stateName;
    if (entry.message?.startsWith('The hit count')) return;
    delete entry.message;
    if (!doc) {
      entry.message = readError ?? 'The file could not be read.';
      return;
    }
    if (this.debuggedFile !== undefined && entry.file !== this.debuggedFile) {
      entry.message = `This file is not the state machine being debugged (${this.debuggedFile}).`;
      return;
    }
    const state = stateAtLine(definitionModel(doc), entry.requestedLine ?? -1);
    if (!state) {
      entry.message = 'No state on this line: put the breakpoint on a line inside a state.';
      return;
    }
    const position = doc.lines.positionAt(state.nameRange.start);
    entry.verified = true;
    entry.line = position.line;
    entry.column = position.character;
    entry.stateKey = stateKeyOf(state.path);
    entry.stateName = state.name;
  }

  /** Sets the file being debugged and rebinds every line breakpoint; returns those that changed. */
  setDebuggedFile(file: string, doc: ParsedDocument): BoundBreakpoint[] {
    this.debuggedFile = normalize(file);
    const changed: BoundBreakpoint[] = [];
    for (const [bpFile, list] of this.lineBreakpoints) {
      for (const bp of list) {
        const before = JSON.stringify([bp.verified, bp.line, bp.stateKey, bp.message]);
        if (bpFile === this.debuggedFile) this.bind(bp, doc);
        else if (bp.verified) {
          bp.verified = false;
          bp.message = `This file is not the state machine being debugged (${this.debuggedFile}).`;
        }
        if (JSON.stringify([bp.verified, bp.line, bp.stateKey, bp.message]) !== before) changed.push(bp);
      }
    }
    this.reindex();
    return changed;
  }

  setFunctionBreakpoints(
    requested: readonly DebugProtocol.FunctionBreakpoint[],
    doc: ParsedDocument | undefined,
  ): BoundBreakpoint[] {
    const names = doc ? new Set(definitionModel(doc).states.map((s) => s.name)) : undefined;
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
    if (this.debuggedFile === undefined) return;
    for (const bp of this.lineBreakpoints.get(this.debuggedFile) ?? []) {
      if (!bp.verified || bp.stateKey === undefined) continue;
      const list = this.index.get(bp.stateKey) ?? [];
      list.push(bp);
      this.index.set(bp.stateKey, list);
    }
  }

  /** The breakpoints that apply to a state about to start (before conditions). */
  candidates(frame: StateFrame): BoundBreakpoint[] {
    if (this.index.size === 0 && this.functionBreakpoints.length === 0) return [];
    const found = this.index.size > 0 ? [...(this.index.get(stateKeyOf(frame.definitionPath)) ?? [])] : [];
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
