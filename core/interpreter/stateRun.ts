// One run of one state, as its handler sees it: the definition, the input, the thread, the host, and
// the state's frame and context object (each built once, on first use), plus AWS-style errors, data
// stages and outcome reports for observers.

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, jsonExceeds, type JsonObject, type JsonValue } from '../json';
import { buildContextObject, taskTokenFor, waitsForTaskToken, type ExecutionIdentity } from './context';
import { isoTime, type ErrorDetails, type HistoryEvent, type NewEvent, type StateEventTypes } from './events';
import type { StateHost } from './host';
import type { DataStage, StateFrame, StateOutcome } from './options';
import type { ExpressionScope } from './payload';
import type { RandomSource } from './random';
import type { MapItem, Thread } from './thread';
import type { VariableScope } from './variables';

/** AWS's limits on workflow variables: one variable, and everything one Assign sets. */
export const MAX_VARIABLE_BYTES = 256 * 1024;

export class StateRun {
  /** Retries so far of this state ($$.State.RetryCount). */
  retryCount = 0;
  /** Id of the StateEntered event (0 until the state is entered, after the pause point). */
  enteredEventId = 0;
  /** The StateEntered event's previousEventId (an EvaluationFailed event links to it, as AWS's do). */
  enteredAfter = 0;
  /** Simulated time the state was entered. */
  readonly enteredTime: number;
  /** The state's query language: its own QueryLanguage, else its thread's. */
  readonly jsonata: boolean;
  /** Whether an observer wants data stages (skipping them keeps unobserved runs fast). */
  readonly observingStages: boolean;
  /**
   * The event a failed attempt writes if the state then fails for good (caught or not): AWS writes a
   * Map's or Parallel's Failed event once, not for each attempt it retries.
   */
  failureEvent: NewEvent | undefined;
  /** This state type's StateEntered and StateExited event types (set by the walk, which caches them). */
  events: StateEventTypes | undefined;
  private ownFrame: StateFrame | undefined;
  private cachedContext: JsonObject | undefined;
  private cachedContextRetry = -1;

  constructor(
    readonly host: StateHost,
    readonly thread: Thread,
    readonly name: string,
    /** The state's Type as history events name it ('Unknown' when it has none). */
    readonly stateType: string,
    readonly def: JsonObject,
    readonly path: readonly (string | number)[],
    /** The state's input (a debugger may replace it at the pause point, before the state is entered). */
    public rawInput: JsonValue,
    /** The input is a previous state's output, already held to the payload limit. */
    public inputChecked: boolean,
    /** The transition count when the state was entered. */
    readonly transitions: number,
  ) {
    this.enteredTime = host.now();
    const own = def.QueryLanguage;
    this.jsonata = own === 'JSONata' || (own !== 'JSONPath' && thread.queryLanguage === 'JSONata');
    this.observingStages = host.observer?.onStage !== undefined;
  }

  /** What observers are shown of this state. */
  get frame(): StateFrame {
    return (this.ownFrame ??= this.newFrame());
  }

  private newFrame(): StateFrame {
    const frame: StateFrame = {
      threadId: this.thread.id,
      threadName: this.thread.name,
      scope: this.thread.scope,
      stateName: this.name,
      stateType: this.stateType,
      definitionPath: this.path as (string | number)[],
      input: this.rawInput,
      definition: this.def,
      context: null,
      variables: {},
      now: this.enteredTime,
      transitions: this.transitions,
      attempt: this.retryCount + 1,
    };
    const execution = this.thread.execution;
    if (execution) frame.execution = execution.info;
    return frame;
  }

  /** Tells an observer's frame which attempt of the state runs now. */
  noteAttempt(): void {
    if (this.ownFrame) this.ownFrame.attempt = this.retryCount + 1;
  }

  /** The execution the state runs in: a child execution's own, inside a Distributed Map. */
  get identity(): ExecutionIdentity {
    return this.thread.execution?.identity ?? this.host.identity;
  }

  /** The context object for this state (rebuilt only when RetryCount changes). */
  context(): JsonObject {
    if (this.cachedContext && this.cachedContextRetry === this.retryCount) return this.cachedContext;
    this.cachedContextRetry = this.retryCount;
    return (this.cachedContext = buildContextObject(this.identity, {
      name: this.name,
      enteredTime: isoTime(this.enteredTime),
      retryCount: this.stateType === 'Task' ? this.retryCount : undefined,
      mapItem: this.thread.mapItem,
      taskToken: waitsForTaskToken(this.def)
        ? taskTokenFor(this.identity, this.path, this.transitions, this.retryCount)
        : undefined,
    }));
  }

  /** This attempt's task token: the one in `$$.Task.Token` for a callback Task (an Activity's otherwise). */
  taskToken(): string {
    const task = this.context().Task;
    if (isJsonObject(task) && typeof task.Token === 'string') return task.Token;
    return taskTokenFor(this.identity, this.path, this.transitions, this.retryCount);
  }

  /** The context an ItemSelector sees for one item: this Map state's, with `$$.Map.Item`. */
  itemContext(mapItem: MapItem): JsonObject {
    return buildContextObject(this.identity, {
      name: this.name,
      enteredTime: isoTime(this.enteredTime),
      mapItem,
    });
  }

  /** The scope JSONPath expressions see: `$` is `input`. */
  scope(input: JsonValue): ExpressionScope {
    return new StateExpressionScope(input, this);
  }

  /** Appends a history event of this state on its thread. */
  record(event: NewEvent, previousEventId?: number): HistoryEvent {
    return this.host.record(this.thread, event, this.name, previousEventId);
  }

  /** Reports a data stage to the observer; a promise only when the observer pauses there. */
  stage(stage: DataStage, value: JsonValue): void | Promise<void> {
    if (!this.observingStages) return undefined;
    return this.host.observer?.onStage?.({ frame: this.frame, stage, value });
  }

  /** Reports an outcome to the observer; a promise only when the observer pauses there. */
  report(outcome: Omit<StateOutcome, 'frame'>): void | Promise<void> {
    const hook = this.host.observer?.onStateOutcome;
    if (!hook) return undefined;
    return hook({ frame: this.frame, ...outcome });
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

  /**
   * Writes AWS's EvaluationFailed event for an expression that failed (States.QueryEvaluationError): the
   * field it is in, linked to what the state's entry followed, as in AWS's recorded histories.
   */
  evaluationFailed(err: unknown, field: string): void {
    if (!(err instanceof StatesError) || err.error !== ErrorNames.QueryEvaluationError) return;
    const location = /specified for the field '([^']*)'/.exec(err.cause ?? '')?.[1] ?? field;
    const details: ErrorDetails & { location?: string; state: string } = {
      error: err.error,
      location,
      state: this.name,
    };
    if (err.cause !== undefined && err.cause !== '') details.cause = err.cause;
    this.record({ type: 'EvaluationFailed', details: details }, this.enteredAfter);
  }

  /** Stores variables an Assign produced in this state's thread scope, within AWS's size limits. */
  storeVariables(assigned: Record<string, JsonValue> | undefined): void {
    if (!assigned) return;
    for (const key of Object.keys(assigned)) {
      if (jsonExceeds(assigned[key], MAX_VARIABLE_BYTES)) {
        throw this.fail(
          `The variable '${key}' exceeds the 256 KiB size limit for a workflow variable.`,
          ErrorNames.DataLimitExceeded,
        );
      }
    }
    if (jsonExceeds(assigned, MAX_VARIABLE_BYTES)) {
      throw this.fail(
        `The variables assigned by this state exceed the 256 KiB limit for one Assign.`,
        ErrorNames.DataLimitExceeded,
      );
    }
    for (const key of Object.keys(assigned)) this.thread.variables.set(key, assigned[key] as JsonValue);
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
    return this.run.host.random;
  }
}
