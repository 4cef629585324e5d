// The per-state view handlers work with: the state's definition, input, thread, and helpers to
// build AWS-style errors, report data stages and evaluate expressions.

import { ErrorNames, StatesError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import { buildContextObject, taskTokenFor, waitsForTaskToken } from './context';
import { isoTime } from './events';
import type { DataStage, StateFrame } from './options';
import type { ExpressionScope } from './payload';
import type { ExecutionRuntime } from './runtime';
import type { RandomSource } from './random';
import type { Thread } from './thread';
import type { VariableScope } from './variables';

export class StateRun {
  /** Retries so far of this state ($$.State.RetryCount). */
  retryCount = 0;
  /** Whether an observer wants data stages (skipping them keeps unobserved runs fast). */
  readonly observingStages: boolean;
  /** The transition count when the state was entered. */
  private readonly transitions: number;
  constructor(
    readonly rt: ExecutionRuntime,
    readonly thread: Thread,
    readonly name: string,
    /** The state's Type as history events name it ('Unknown' when it has none). */
    readonly stateType: string,
    readonly def: JsonObject,
    readonly path: (string | number)[],
    readonly rawInput: JsonValue,
    /** The input is a previous state's output, already held to the payload limit. */
    readonly inputChecked: boolean,
    readonly enteredEventId: number,
    readonly enteredTime: number,
    private ownFrame: StateFrame | undefined,
  ) {
    this.observingStages = rt.observer?.onStage !== undefined;
    this.transitions = rt.transitions;
  }

  /** What observers are shown of this state (built on first use: unobserved runs never need it). */
  get frame(): StateFrame {
    return (this.ownFrame ??= {
      threadId: this.thread.id,
      threadName: this.thread.name,
      scope: this.thread.scope,
      stateName: this.name,
      stateType: this.stateType,
      definitionPath: this.path,
      input: this.rawInput,
      definition: this.def,
      context: null,
      variables: {},
      now: this.enteredTime,
      transitions: this.transitions,
      attempt: this.retryCount + 1,
    });
  }

  /** Tells an observer's frame which attempt of the state runs now. */
  noteAttempt(): void {
    if (this.ownFrame) this.ownFrame.attempt = this.retryCount + 1;
  }

  /** A States.Runtime (or other engine) error with AWS's "An error occurred while executing..." prefix. */
  fail(message: string, error: string = ErrorNames.Runtime): StatesError {
    return new StatesError(
      error,
      `An error occurred while executing the state '${this.name}' (entered at the event id #${this.enteredEventId}). ${message}`,
    );
  }

  /** Wraps an engine error raised while evaluating this state with the state prefix (once). */
  decorate(err: unknown): unknown {
    if (
      err instanceof StatesError &&
      (err.error === ErrorNames.Runtime || err.error === ErrorNames.QueryEvaluationError)
    ) {
      if (err.cause !== undefined && !err.cause.startsWith('An error occurred while executing the state')) {
        return this.fail(err.cause, err.error);
      }
    }
    return err;
  }

  private cachedContext: JsonObject | undefined;
  private cachedContextRetry = -1;

  /** The context object for this state (rebuilt only when RetryCount changes). */
  context(): JsonObject {
    if (this.cachedContext && this.cachedContextRetry === this.retryCount) return this.cachedContext;
    const t = this.thread;
    this.cachedContextRetry = this.retryCount;
    return (this.cachedContext = buildContextObject(this.rt.identity, {
      name: this.name,
      enteredTime: isoTime(this.enteredTime),
      retryCount: this.stateType === 'Task' ? this.retryCount : undefined,
      mapItem: t.mapItem,
      taskToken: waitsForTaskToken(this.def)
        ? taskTokenFor(this.rt.identity, this.path, this.transitions, this.retryCount)
        : undefined,
    }));
  }

  /** The scope JSONPath expressions see: `$` is `input`. */
  scope(input: JsonValue): ExpressionScope {
    return new StateExpressionScope(input, this);
  }

  /** Reports a data stage to the observer; a promise only when the observer pauses there. */
  stage(stage: DataStage, value: JsonValue): void | Promise<void> {
    if (!this.observingStages) return undefined;
    return this.rt.observer?.onStage?.({ frame: this.frame, stage, value });
  }
}

/** What `$`, `$$` and `$name` mean for one state; the context object is built only if `$$` is read. */
class StateExpressionScope implements ExpressionScope {
  constructor(
    readonly input: JsonValue,
    private readonly run: StateRun,
  ) {}
  get context(): JsonValue {
    return this.run.context();
  }
  get variables(): VariableScope {
    return this.run.thread.variables;
  }
  get random(): RandomSource {
    return this.run.rt.random;
  }
}
