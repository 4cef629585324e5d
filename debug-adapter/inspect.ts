// The Call Stack and Variables views: a thread's stack is its current state, then the enclosing
// Map/Parallel states out to the execution, each at its state's name line; each frame has the scopes
// State, Variables, Context and Execution, whose values expand as JSON trees.

import { basename } from 'node:path';
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  stateAtPath,
  type DataStage,
  type ExecutionHandle,
  type JsonValue,
  type Position,
  type WaitingTask,
} from '../core';
import type { StopInfo } from './controller';
import { evaluateExpression } from './expressions';
import { contextOf, evaluationScopeOf } from './frameContext';
import { sourceOf, type LoadedLaunch } from './launch';
import type { ClientConverter } from './messages';
import type { StateView, ThreadInfo, ThreadTable } from './threads';
import type { ScopeEntry, ValueRoot, VariableStore } from './variables';

export interface FrameRef {
  thread: ThreadInfo;
  view: StateView;
  /** The stopped state itself (not an enclosing Map/Parallel). */
  top: boolean;
  stage?: DataStage;
  /** Its input may be edited: the execution is stopped before this state runs. */
  editable: boolean;
  /** The state waits for its task token to be answered from outside. */
  waiting?: WaitingTask;
}

/** How a frame (and its thread's stop) says that its Task waits for an answer from outside. */
export const WAITING_LABEL = 'waiting for task token';

const STAGE_LABELS: Record<DataStage, string> = {
  input: 'input',
  afterInputPath: 'after InputPath',
  afterParameters: 'after Parameters',
  result: 'result',
  afterResultSelector: 'after ResultSelector',
  afterResultPath: 'after ResultPath',
  output: 'output',
};

/** JSONata states compute `Arguments` where JSONPath states compute `Parameters`. */
function usesArguments(view: StateView): boolean {
  return Object.prototype.hasOwnProperty.call(view.frame.definition, 'Arguments');
}

function stageEntryName(view: StateView, stage: DataStage): string {
  return stage === 'afterParameters' && usesArguments(view) ? 'afterArguments' : stage;
}

function stageLabel(view: StateView, stage: DataStage): string {
  return stage === 'afterParameters' && usesArguments(view) ? 'after Arguments' : STAGE_LABELS[stage];
}

const READ_ONLY_VARIABLES =
  'Only the variables of the state the execution is stopped before can be changed: they are read when it runs.';
const READ_ONLY_INPUT =
  'Only the input of the state the execution is stopped before can be edited (stop on entering a state).';

export class Inspector {
  readonly frames = new Handles<FrameRef>();

  constructor(
    private launch: LoadedLaunch,
    private readonly store: VariableStore,
    private readonly lines: ClientConverter,
  ) {
    this.setLaunch(launch);
  }

  setLaunch(launch: LoadedLaunch): void {
    this.launch = launch;
  }

  reset(): void {
    this.frames.reset();
    this.store.reset();
  }

  /** Where the thread's state is written: its machine's file (a child machine's for a nested execution). */
  private position(thread: ThreadInfo, view: StateView): { file: string; at: Position } | undefined {
    const source = sourceOf(this.launch, thread.machine);
    const location = stateAtPath(source.model, view.frame.definitionPath);
    const at = location ? source.namePosition(location) : undefined;
    return at ? { file: source.file, at } : undefined;
  }

  stackFrames(
    threadId: number,
    threads: ThreadTable,
    stop: StopInfo | undefined,
    waitingOn: (threadId: number) => WaitingTask | undefined = () => undefined,
  ): DebugProtocol.StackFrame[] {
    const chain = threads.chain(threadId);
    const frames: DebugProtocol.StackFrame[] = [];
    chain.forEach((thread, depth) => {
      const view = thread.current;
      if (!view) return;
      const top = depth === 0;
      const atStop = top && stop !== undefined && stop.point.view === view;
      const ref: FrameRef = { thread, view, top, editable: atStop && stop.point.kind === 'state' };
      if (atStop && stop.point.stage !== undefined) ref.stage = stop.point.stage;
      const waiting = top ? waitingOn(thread.id) : undefined;
      if (waiting && waiting.stateName === view.frame.stateName) ref.waiting = waiting;
      const position = this.position(thread, view);
      const frame: DebugProtocol.StackFrame = {
        id: this.frames.create(ref),
        name: this.frameName(ref, chain[depth - 1], atStop ? stop : undefined),
        line: position ? this.lines.line(position.at.line) : 0,
        column: position ? this.lines.column(position.at.character) : 0,
      };
      if (position) frame.source = { name: basename(position.file), path: position.file };
      frames.push(frame);
    });
    return frames;
  }

  private frameName(ref: FrameRef, inner: ThreadInfo | undefined, stop: StopInfo | undefined): string {
    const frame = ref.view.frame;
    let name = `${frame.stateName} (${frame.stateType})`;
    const step = inner?.scope[inner.scope.length - 1];
    if (inner?.nested) name += ` · ${inner.name}`;
    else if (step) name += step.kind === 'iteration' ? ` · item ${step.index}` : ` · branch ${step.index}`;
    if (ref.stage !== undefined) name += ` · ${stageLabel(ref.view, ref.stage)}`;
    if (stop?.exception) name += ` · ${stop.exception.error}`;
    if (ref.waiting) name += ` · ${WAITING_LABEL}`;
    return name;
  }

  scopes(
    frameId: number,
    identity: ExecutionHandle['identity'] | undefined,
    edit: { input(value: JsonValue): void; variable(name: string, value: JsonValue): void },
  ): DebugProtocol.Scope[] {
    const ref = this.frames.get(frameId);
    if (!ref || !identity) return [];
    const view = ref.view;
    const frame = view.frame;
    const scope = (
      name: string,
      entries: () => ScopeEntry[],
      hint?: DebugProtocol.Scope['presentationHint'],
    ): DebugProtocol.Scope => {
      const s: DebugProtocol.Scope = {
        name,
        variablesReference: this.store.scope(entries),
        expensive: false,
      };
      if (hint) s.presentationHint = hint;
      return s;
    };
    const fixed = (value: JsonValue): ValueRoot => ({
      read: () => value,
      readOnlyReason: 'This value is read-only.',
    });
    const inputRoot: ValueRoot = ref.editable
      ? { read: () => frame.input, write: (v) => edit.input(v) }
      : { read: () => frame.input, readOnlyReason: READ_ONLY_INPUT };
    const stateEntries = (): ScopeEntry[] => {
      const entries: ScopeEntry[] = [{ name: 'input', root: inputRoot, evaluateName: '$' }];
      for (const { stage, value } of view.stages) {
        entries.push({ name: stageEntryName(view, stage), root: fixed(value) });
      }
      if (view.output !== undefined) entries.push({ name: 'output', root: fixed(view.output) });
      if (view.error) {
        const error: Record<string, JsonValue> = { Error: view.error.error ?? '' };
        if (view.error.cause !== undefined) error.Cause = view.error.cause;
        entries.push({ name: 'error', root: fixed(error) });
      }
      return entries;
    };
    const variableEntries = (): ScopeEntry[] =>
      Object.keys(frame.variables).map((name) => ({
        name,
        root: ref.editable
          ? { read: () => frame.variables[name] ?? null, write: (v) => edit.variable(name, v) }
          : { read: () => frame.variables[name] ?? null, readOnlyReason: READ_ONLY_VARIABLES },
        evaluateName: `$${name}`,
      }));
    const context = contextOf(view);
    const contextEntries = (): ScopeEntry[] =>
      context !== null && typeof context === 'object' && !Array.isArray(context)
        ? Object.entries(context).map(([name, value]) => ({
            name,
            root: fixed(value),
            evaluateName: `$$.${name}`,
          }))
        : [{ name: '$$', root: fixed(context), evaluateName: '$$' }];
    const executionEntries = (): ScopeEntry[] => [
      { name: 'input', root: fixed(identity.input) },
      { name: 'name', root: fixed(identity.executionName) },
      { name: 'arn', root: fixed(identity.executionArn) },
      { name: 'startTime', root: fixed(identity.startTime) },
      { name: 'simulatedTime', root: fixed(new Date(frame.now).toISOString()) },
      { name: 'transitions', root: fixed(frame.transitions) },
      { name: 'attempt', root: fixed(frame.attempt) },
      { name: 'thread', root: fixed(ref.thread.name) },
    ];
    const scopes = [
      scope('State', stateEntries, 'locals'),
      scope('Variables', variableEntries),
      scope('Context', contextEntries),
      scope('Execution', executionEntries),
    ];
    const waiting = ref.waiting;
    if (waiting) {
      const taskEntries = (): ScopeEntry[] => [
        { name: 'taskToken', root: fixed(waiting.taskToken) },
        { name: 'resource', root: fixed(waiting.resource) },
        { name: 'request', root: fixed(waiting.request) },
        { name: 'waitingSince', root: fixed(new Date(waiting.since).toISOString()) },
      ];
      scopes.unshift(scope('Task token', taskEntries));
    }
    return scopes;
  }

  /** Evaluates in the given frame (default: the stopped state); objects come back as JSON trees. */
  async evaluate(
    args: DebugProtocol.EvaluateArguments,
    stop: StopInfo,
    signal?: AbortSignal,
  ): Promise<DebugProtocol.EvaluateResponse['body']> {
    const ref = args.frameId !== undefined ? this.frames.get(args.frameId) : undefined;
    const view = ref?.view ?? stop.point.view;
    const { value } = await evaluateExpression(args.expression, evaluationScopeOf(view, signal));
    const text = args.expression.trim();
    const shown = this.store.describeValue(value, text.startsWith('$') ? text : undefined);
    const body: DebugProtocol.EvaluateResponse['body'] = {
      result:
        args.context === 'repl' && typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : shown.value,
      variablesReference: shown.variablesReference,
    };
    if (shown.indexedVariables !== undefined) body.indexedVariables = shown.indexedVariables;
    return body;
  }
}
