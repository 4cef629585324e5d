// The Debug Adapter Protocol session: translates DAP requests into controller calls and the
// controller's stops, threads and output into DAP events. It knows nothing of ASL itself. A thread whose
// Task waits for its token from outside is shown stopped on its own ("waiting for task token") while the
// rest runs on; the extension answers it with the `stepthrough` custom request (./protocol.ts).

import {
  BreakpointEvent,
  ContinuedEvent,
  DebugSession,
  Event,
  InitializedEvent,
  InvalidatedEvent,
  OutputEvent,
  StoppedEvent,
  TerminatedEvent,
  ThreadEvent,
  type Breakpoint,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DefinitionError, formatDefinitionDiagnostic, type ExecutionResult, type WaitingTask } from '../core';
import {
  BreakpointRegistry,
  EXCEPTION_FILTERS,
  type BoundBreakpoint,
  type ExceptionFilter,
} from './breakpoints';
import { ExecutionController, type StopInfo } from './controller';
import { exceptionInfoBody } from './exceptions';
import type { FileAccess } from '../host';
import { describeError, readDocument } from './files';
import { Inspector, WAITING_LABEL } from './inspect';
import { allSources, loadLaunch, type LoadedLaunch } from './launch';
import { SessionHandlerHost, type StartHandlers } from './sessionHandlers';
import { answerStepthroughRequest } from './answers';
import { definitionFileSource } from './source';
import { toDapBreakpoint, toStoppedEvent, type ClientConverter } from './messages';
import {
  isStepthroughRequest,
  STEPTHROUGH_EVENT,
  STEPTHROUGH_REQUEST,
  type StepthroughEvent,
} from './protocol';
import { ROOT_THREAD_ID } from './threads';
import { SetVariableError, VariableStore } from './variables';

export class StepthroughDebugSession extends DebugSession {
  private readonly breakpoints = new BreakpointRegistry();
  private readonly store = new VariableStore();
  private launch: LoadedLaunch | undefined;
  private launchArgs: unknown;
  private controller: ExecutionController | undefined;
  private inspector: Inspector | undefined;
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private ended = false;
  /** Set by terminate/disconnect: nothing may start a run after it. */
  private closed = false;
  private clientSupportsInvalidated = false;
  /** Called once the session is over (after disconnect), so a stdio host can exit. */
  onShutdown: (() => void) | undefined;

  /** The session's handler host, started when a launched test case runs handlers (closed with the session). */
  private readonly handlers: SessionHandlerHost | undefined;

  /**
   * `files`: where the files a launch configuration names are read (the host's file access).
   * `startHandlers`: what runs a test case's `handlers:` (host/handlers/start.ts), its output for the
   * debug console; without it such a case is refused.
   */
  constructor(
    private readonly files: FileAccess,
    startHandlers?: StartHandlers,
  ) {
    super();
    this.handlers =
      startHandlers && new SessionHandlerHost(startHandlers, (text, category) => this.output(text, category));
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private fail(response: DebugProtocol.Response, message: string): void {
    response.success = false;
    response.message = message;
    response.body = { error: { id: 1, format: message, showUser: true } };
    this.sendResponse(response);
  }

  /** Runs an async handler; any exception becomes an error response rather than a hung request. */
  private handle(response: DebugProtocol.Response, work: () => void | Promise<void>): void {
    Promise.resolve()
      .then(work)
      .catch((err: unknown) => this.fail(response, describeError(err)));
  }

  private toDap(bp: BoundBreakpoint): DebugProtocol.Breakpoint {
    return toDapBreakpoint(bp, this.converter);
  }

  private readonly converter: ClientConverter = {
    path: (p) => this.convertDebuggerPathToClient(p),
    line: (l) => this.convertDebuggerLineToClient(l),
    column: (c) => this.convertDebuggerColumnToClient(c),
  };

  private sendCustomEvent(event: StepthroughEvent): void {
    this.sendEvent(new Event(STEPTHROUGH_EVENT, event));
  }

  private startController(launch: LoadedLaunch, reason: 'launch' | 'restart'): void {
    this.launch = launch;
    for (const bp of this.breakpoints.setDebuggedSources(allSources(launch))) {
      this.sendEvent(new BreakpointEvent('changed', this.toDap(bp) as Breakpoint));
    }
    if (this.inspector) this.inspector.setLaunch(launch);
    else {
      this.inspector = new Inspector(launch, this.store, this.converter);
    }
    this.output(`Debugging ${launch.title}\n`, 'console');
    for (const warning of launch.warnings) this.output(`${warning}\n`, 'important');
    if (!this.controller) {
      this.controller = new ExecutionController(launch, this.breakpoints, {
        stopped: (stop) => this.onStopped(stop),
        output: (text, category) => this.output(text, category),
        threadChanged: (reason, id) => this.sendEvent(new ThreadEvent(reason, id)),
        custom: (event) => {
          this.sendCustomEvent(event);
          // The client marks every thread running on resume: those still waiting say so again.
          if (event.type === 'resumed') for (const task of this.waitingTasks()) this.announceWaiting(task);
        },
        ended: (result) => this.onEnded(result),
        taskWaiting: (task) => this.announceWaiting(task),
        taskSettled: (task) => this.sendEvent(new ContinuedEvent(task.threadId, false)),
      });
      this.controller.start(reason);
    } else this.controller.start(reason, launch);
  }

  private output(text: string, category: string): void {
    this.sendEvent(new OutputEvent(text, category));
  }

  private onStopped(stop: StopInfo): void {
    this.inspector?.reset();
    this.sendEvent(toStoppedEvent(stop));
  }

  /** A thread waiting for its task token, shown stopped on its own (the rest of the run goes on). */
  private announceWaiting(task: WaitingTask): void {
    if (this.controller?.waitingOn(task.threadId)?.taskToken !== task.taskToken) return;
    const event = new StoppedEvent(WAITING_LABEL, task.threadId) as DebugProtocol.StoppedEvent;
    event.body.description = `${WAITING_LABEL}: ${task.stateName}`;
    event.body.allThreadsStopped = false;
    this.sendEvent(event);
  }

  /** The tasks the run announced as waiting (the engine's list, as the controller tracks it). */
  private waitingTasks(): WaitingTask[] {
    const controller = this.controller;
    if (!controller) return [];
    return controller.waitingTasks().filter((t) => controller.waitingOn(t.threadId) !== undefined);
  }

  private onEnded(_result: ExecutionResult): void {
    if (this.ended) return;
    this.ended = true;
    this.sendEvent(new TerminatedEvent());
  }

  private stopped(response: DebugProtocol.Response): StopInfo | undefined {
    const stop = this.controller?.stoppedAt;
    if (!stop) this.fail(response, 'The execution is not stopped.');
    return stop;
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

  protected override initializeRequest(
    response: DebugProtocol.InitializeResponse,
    args: DebugProtocol.InitializeRequestArguments,
  ): void {
    this.clientSupportsInvalidated = args.supportsInvalidatedEvent === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionInfoRequest: true,
      supportsDelayedStackTraceLoading: false,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
  }

  protected override launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: DebugProtocol.LaunchRequestArguments,
  ): void {
    this.handle(response, async () => {
      let launch: LoadedLaunch;
      try {
        launch = await loadLaunch(this.files, args, undefined, this.handlers?.forLaunch);
      } catch (err) {
        // A machine AWS would reject: its diagnostics in the console too, one per line; nothing runs.
        if (err instanceof DefinitionError)
          for (const d of err.diagnostics) this.output(`${formatDefinitionDiagnostic(d)}\n`, 'stderr');
        this.fail(response, describeError(err));
        return;
      }
      this.launchArgs = args;
      this.launch = launch;
      this.breakpoints.setDebuggedSources(allSources(launch));
      // Breakpoints arrive after this, before configurationDone; the run waits for them.
      this.sendEvent(new InitializedEvent());
      await this.configured;
      if (this.closed) {
        this.fail(response, 'The debug session ended before the launch completed.');
        return;
      }
      try {
        this.startController(launch, 'launch');
      } catch (err) {
        this.fail(response, describeError(err));
        return;
      }
      this.sendResponse(response);
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override restartRequest(
    response: DebugProtocol.RestartResponse,
    args: DebugProtocol.RestartArguments,
  ): void {
    this.handle(response, async () => {
      const raw = (args as { arguments?: unknown }).arguments ?? this.launchArgs;
      const launch = await loadLaunch(this.files, raw, undefined, this.handlers?.forLaunch);
      this.launchArgs = raw;
      this.closed = false;
      this.inspector?.reset();
      this.ended = false;
      this.startController(launch, 'restart');
      this.sendResponse(response);
    });
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.closed = true;
    this.controller?.terminate();
    this.sendResponse(response);
    this.onEnded({ status: 'ABORTED', output: null, states: [], events: [] });
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.closed = true;
    this.controller?.terminate();
    this.handlers?.close();
    this.sendResponse(response);
    this.onShutdown?.();
  }

  override shutdown(): void {
    this.onShutdown?.();
  }

  /** Stops the execution when the connection goes away (stdin closed, inline adapter disposed). */
  override dispose(): void {
    this.closed = true;
    this.controller?.terminate();
    this.handlers?.close();
    super.dispose();
  }

  // ---- breakpoints ---------------------------------------------------------------------------------

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    this.handle(response, () => {
      const path = args.source.path ? this.convertClientPathToDebugger(args.source.path) : undefined;
      const requested = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
      if (!path) {
        response.body = {
          breakpoints: requested.map(() => ({
            verified: false,
            message: 'Breakpoints need a file on disk.',
          })),
        };
        this.sendResponse(response);
        return;
      }
      // The debugged machine's file or a child machine's: its loaded source (a template's machine maps lines).
      const launched = this.launch && allSources(this.launch).find((s) => s.file === path);
      const { doc, readError } = launched
        ? { doc: undefined, readError: undefined }
        : readDocument(this.files, path);
      const source = launched ?? (doc && definitionFileSource(path, doc));
      const bound = this.breakpoints.setLineBreakpoints(
        path,
        requested,
        (line) => this.convertClientLineToDebugger(line),
        source,
        readError,
      );
      response.body = { breakpoints: bound.map((bp) => this.toDap(bp)) };
      this.sendResponse(response);
    });
  }

  protected override setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): void {
    const bound = this.breakpoints.setFunctionBreakpoints(
      args.breakpoints,
      this.launch ? allSources(this.launch).map((s) => s.model) : [],
    );
    response.body = { breakpoints: bound.map((bp) => this.toDap(bp)) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(
    response: DebugProtocol.SetExceptionBreakpointsResponse,
    args: DebugProtocol.SetExceptionBreakpointsArguments,
  ): void {
    const known = new Set(EXCEPTION_FILTERS.map((f) => f.filter));
    const filters = [...args.filters, ...(args.filterOptions ?? []).map((o) => o.filterId)];
    this.breakpoints.exceptionFilters = new Set(filters.filter((f) => known.has(f)) as ExceptionFilter[]);
    response.body = { breakpoints: filters.map((f) => ({ verified: known.has(f) })) };
    this.sendResponse(response);
  }

  // ---- execution control ---------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.resumeThen(() => this.controller?.continue());
  }

  /**
   * Resumes as `resume` does. Only an answer moves a thread that waits for its task token: when nothing
   * else was stopped, the waiting threads say again that they wait (the client marked them running).
   */
  private resumeThen(resume: () => void): void {
    const wasStopped = this.controller?.stoppedAt !== undefined;
    resume();
    if (!wasStopped) for (const task of this.waitingTasks()) this.announceWaiting(task);
  }

  protected override nextRequest(
    response: DebugProtocol.NextResponse,
    args: DebugProtocol.NextArguments,
  ): void {
    this.sendResponse(response);
    this.resumeThen(() => this.controller?.stepRequest('next', args.threadId));
  }

  protected override stepInRequest(
    response: DebugProtocol.StepInResponse,
    args: DebugProtocol.StepInArguments,
  ): void {
    this.sendResponse(response);
    this.resumeThen(() => this.controller?.stepRequest('stepIn', args.threadId));
  }

  protected override stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): void {
    this.sendResponse(response);
    this.resumeThen(() => this.controller?.stepRequest('stepOut', args.threadId));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.controller?.pause();
  }

  protected override stepBackRequest(
    response: DebugProtocol.StepBackResponse,
    args: DebugProtocol.StepBackArguments,
  ): void {
    const stop = this.stopped(response);
    if (!stop || !this.controller) return;
    this.sendResponse(response);
    // At the first state there is nothing earlier: report the same place again.
    if (!this.controller.stepBack(args.threadId)) this.onStopped({ ...stop, reason: 'step' });
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    const stop = this.stopped(response);
    if (!stop || !this.controller) return;
    this.sendResponse(response);
    this.controller.reverseContinue();
  }

  // ---- answers from outside ------------------------------------------------------------------------

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command !== STEPTHROUGH_REQUEST) {
      this.fail(response, `Unknown request '${command}'.`);
      return;
    }
    if (!isStepthroughRequest(args)) {
      this.fail(
        response,
        `The '${STEPTHROUGH_REQUEST}' request's arguments are not understood: expected {type: 'waitingTasks' | 'sendTaskSuccess' | 'sendTaskFailure' | 'sendTaskHeartbeat', ...}.`,
      );
      return;
    }
    try {
      response.body = answerStepthroughRequest(this.controller, args);
    } catch (err) {
      this.fail(response, describeError(err));
      return;
    }
    this.sendResponse(response);
  }

  // ---- inspection ----------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const live = this.controller?.threads.list() ?? [];
    const threads = live.map((t) => ({ id: t.id, name: t.name }));
    if (!threads.some((t) => t.id === ROOT_THREAD_ID))
      threads.unshift({ id: ROOT_THREAD_ID, name: 'Execution' });
    response.body = { threads };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const controller = this.controller;
    const frames =
      controller && this.inspector
        ? this.inspector.stackFrames(args.threadId, controller.threads, controller.stoppedAt, (id) =>
            controller.waitingOn(id),
          )
        : [];
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(
    response: DebugProtocol.ScopesResponse,
    args: DebugProtocol.ScopesArguments,
  ): void {
    const controller = this.controller;
    const scopes =
      controller && this.inspector
        ? this.inspector.scopes(args.frameId, controller.identity, {
            input: (value) => controller.editInput(value),
            variable: (name, value) => controller.editVariable(name, value),
          })
        : [];
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    response.body = { variables: this.store.variables(args) };
    this.sendResponse(response);
  }

  protected override setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): void {
    try {
      response.body = this.store.set(args);
    } catch (err) {
      this.fail(response, err instanceof SetVariableError ? err.message : describeError(err));
      return;
    }
    this.sendResponse(response);
    if (this.clientSupportsInvalidated) this.sendEvent(new InvalidatedEvent(['variables']));
  }

  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    this.handle(response, async () => {
      const controller = this.controller;
      const identity = controller?.identity;
      const stop = controller?.stoppedAt;
      if (!controller || !identity || !stop || !this.inspector) {
        this.fail(response, 'Expressions are evaluated while the execution is stopped.');
        return;
      }
      response.body = await this.inspector.evaluate(args, stop, controller.evaluationSignal);
      this.sendResponse(response);
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.stopped(response);
    if (!stop) return;
    response.body = exceptionInfoBody(stop);
    this.sendResponse(response);
  }
}
