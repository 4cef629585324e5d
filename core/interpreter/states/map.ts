// The Map state, inline and distributed, in four steps:
//   1. items      ItemsPath/Items or a Distributed Map's ItemReader, then ItemBatcher
//   2. iteration  one thread per item (at most MaxConcurrency at a time), ItemSelector giving its input
//   3. tolerance  failed iterations a Distributed Map's ToleratedFailureCount/Percentage absorbs
//   4. result     the outputs in item order (a tolerated failure as its error output), or ResultWriter's
// What differs between an inline and a Distributed Map is only the history each writes (MapEvents).

import { ErrorNames, StatesError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import type { MapLimits, QueryLanguage } from '../dataflow';
import { errorOutput } from '../errorHandling';
import type { ChildOutcome } from '../host';
import { andThen, type MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion, Thread } from '../thread';
import { withRetryAndCatch } from './errorFlow';
import { batchItems, readItems } from './itemSource';
import { nextOf } from './simple';

export function runMap(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, language, () => attemptMap(run, language));
}

async function attemptMap(run: StateRun, language: QueryLanguage): Promise<StateCompletion> {
  const pendingInput = language.effectiveInput(run);
  const effective = pendingInput instanceof Promise ? await pendingInput : pendingInput;
  const pendingItems = resolveItems(run, language, effective);
  const items = pendingItems instanceof Promise ? await pendingItems : pendingItems;
  const pendingLimits = language.mapLimits(run, effective);
  const limits = pendingLimits instanceof Promise ? await pendingLimits : pendingLimits;
  const processor = processorOf(run.def);
  const events = processor.distributed ? DISTRIBUTED : INLINE;
  const tolerance = toleranceOf(limits, items.length);

  events.started(run, items.length);
  let outcome: ChildOutcome;
  try {
    outcome = await iterate(run, language, effective, items, limits, tolerance, processor, events);
  } catch (err) {
    if (!(err instanceof StatesError)) throw err;
    const failure = tolerance.exceeded(err);
    events.failed(run, failure);
    throw failure;
  }
  events.succeeded(run);
  const pendingResult = assembleResult(run, language, effective, outcome);
  const result = pendingResult instanceof Promise ? await pendingResult : pendingResult;
  return language.finishWithResult(run, result, nextOf(run));
}

// ---- 1. items ----

/** The items, batched when the Map has an ItemBatcher. */
function resolveItems(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<JsonValue[]> {
  const def = run.def;
  const pending = isJsonObject(def.ItemReader)
    ? readItems(run, language, def.ItemReader, effective)
    : language.mapItems(run, effective);
  return andThen(pending, (items) => {
    if (!Array.isArray(items)) {
      throw run.fail(
        `Map state input must be an array but was: ${JSON.stringify(items)}`,
        ErrorNames.QueryEvaluationError,
      );
    }
    if (!isJsonObject(def.ItemBatcher)) return items;
    return andThen(language.batchSettings(run, def.ItemBatcher, effective), (settings) =>
      batchItems(items, settings),
    );
  });
}

// ---- 2. iteration ----

interface Processor {
  machine: JsonObject;
  /** Where the processor sits in the definition: [...the Map's path, 'ItemProcessor' | 'Iterator']. */
  path: 'ItemProcessor' | 'Iterator';
  distributed: boolean;
}

function processorOf(def: JsonObject): Processor {
  const path = isJsonObject(def.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
  const machine = isJsonObject(def[path]) ? (def[path] as JsonObject) : {};
  const config = isJsonObject(machine.ProcessorConfig) ? machine.ProcessorConfig : {};
  return { machine, path, distributed: config.Mode === 'DISTRIBUTED' };
}

/** Runs one thread per item; each one's input is its item, through the ItemSelector if there is one. */
function iterate(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  items: JsonValue[],
  limits: MapLimits,
  tolerance: Tolerance,
  processor: Processor,
  events: MapEvents,
): Promise<ChildOutcome> {
  const def = run.def;
  const host = run.host;
  const selector =
    'ItemSelector' in def ? def.ItemSelector : 'Parameters' in def ? def.Parameters : undefined;
  const basePath = [...run.path, processor.path];
  return host.runChildren(run.thread, {
    owner: def,
    count: items.length,
    limit: limits.limit > 0 ? limits.limit : items.length,
    tolerates: (failures) => tolerance.tolerates(failures),
    child: (index) => {
      const item = items[index] ?? null;
      const mapItem = { index, value: item };
      return {
        name: `Map ${run.name} [${index}]`,
        step: { state: run.name, kind: 'iteration', index },
        mapItem,
        childExecution: processor.distributed,
        run: async (thread) => {
          let itemInput: JsonValue = item;
          if (selector !== undefined) {
            const selected = language.selectItem(run, selector, effective, run.itemContext(mapItem));
            itemInput = selected instanceof Promise ? await selected : selected;
          }
          events.iterationStarted(run, thread, index);
          try {
            const out = await host.runStates(thread, processor.machine, itemInput, basePath);
            events.iterationSucceeded(run, thread, index);
            return out;
          } catch (err) {
            events.iterationFailed(run, thread, index, err);
            throw err;
          }
        },
      };
    },
    onAborted: (index, thread) => events.iterationAborted(run, thread, index),
  });
}

// ---- 3. tolerance ----

interface Tolerance {
  /** Whether `failures` failed iterations are still within the thresholds. */
  tolerates(failures: number): boolean;
  /** The Map's error once an iteration failed beyond them (States.ExceedToleratedFailureThreshold). */
  exceeded(err: StatesError): StatesError;
}

function toleranceOf(limits: MapLimits, itemCount: number): Tolerance {
  const { count, percentage } = limits;
  if (count === undefined && percentage === undefined) {
    return { tolerates: () => false, exceeded: (err) => err };
  }
  return {
    tolerates: (failures) => {
      if (count !== undefined && failures <= count) return true;
      return percentage !== undefined && (failures / Math.max(1, itemCount)) * 100 <= percentage;
    },
    exceeded: (err) =>
      err.error === ErrorNames.Runtime
        ? err
        : new StatesError(
            ErrorNames.ExceedToleratedFailureThreshold,
            'The specified tolerated failure threshold was exceeded',
          ),
  };
}

// ---- 4. result ----

/** The outputs in item order (a tolerated failure gives its error output); with a ResultWriter, where they went. */
function assembleResult(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  outcome: ChildOutcome,
): MaybePromise<JsonValue> {
  const writer = run.def.ResultWriter;
  if (isJsonObject(writer)) {
    const request = language.subRequest(run, writer, effective);
    return request instanceof Promise
      ? request.then((r) => resultWriterOutput(run, r))
      : resultWriterOutput(run, request);
  }
  const failedAt = new Map(outcome.failures.map((f) => [f.index, f.error]));
  return outcome.results.map((r, i) => {
    const failed = failedAt.get(i);
    return failed ? errorOutput(failed) : (r ?? null);
  });
}

/** With a ResultWriter, AWS returns where the results were written instead of the results. */
function resultWriterOutput(run: StateRun, request: JsonValue | undefined): JsonValue {
  const p = isJsonObject(request) ? request : {};
  const id = run.host.random.uuid();
  const arn = `${run.host.identity.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${run.name}:${id}`;
  const prefix = typeof p.Prefix === 'string' && p.Prefix !== '' ? `${p.Prefix}/` : '';
  return {
    MapRunArn: arn,
    ResultWriterDetails: {
      Bucket: typeof p.Bucket === 'string' ? p.Bucket : '',
      Key: `${prefix}${id}/manifest.json`,
    },
  };
}

// ---- the history each kind of Map writes ----

/**
 * An inline Map's iterations write MapIteration* events into the execution's history; a Distributed
 * Map's iterations are child executions with histories of their own, and a Map Run frames them.
 */
interface MapEvents {
  started(run: StateRun, length: number): void;
  iterationStarted(run: StateRun, thread: Thread, index: number): void;
  iterationSucceeded(run: StateRun, thread: Thread, index: number): void;
  iterationFailed(run: StateRun, thread: Thread, index: number, err: unknown): void;
  iterationAborted(run: StateRun, thread: Thread, index: number): void;
  succeeded(run: StateRun): void;
  failed(run: StateRun, failure: StatesError): void;
}

const INLINE: MapEvents = {
  started(run, length) {
    run.record({ type: 'MapStateStarted', details: { state: run.name, length } });
  },
  iterationStarted(run, thread, index) {
    run.host.record(thread, { type: 'MapIterationStarted', details: { name: run.name, index } });
  },
  iterationSucceeded(run, thread, index) {
    run.host.record(thread, { type: 'MapIterationSucceeded', details: { name: run.name, index } });
  },
  iterationFailed(run, thread, index, err) {
    if (!(err instanceof StatesError)) return;
    run.host.record(thread, {
      type: 'MapIterationFailed',
      details: { name: run.name, index, error: err.error, cause: err.cause },
    });
  },
  iterationAborted(run, thread, index) {
    run.host.record(thread, { type: 'MapIterationAborted', details: { name: run.name, index } });
  },
  succeeded(run) {
    run.record({ type: 'MapStateSucceeded', details: { state: run.name } });
  },
  failed(run, failure) {
    run.record({
      type: 'MapStateFailed',
      details: { state: run.name, error: failure.error, cause: failure.cause },
    });
  },
};

const DISTRIBUTED: MapEvents = {
  started(run, length) {
    INLINE.started(run, length);
    run.record({ type: 'MapRunStarted', details: { state: run.name } });
  },
  iterationStarted() {},
  iterationSucceeded() {},
  iterationFailed() {},
  iterationAborted() {},
  succeeded(run) {
    run.record({ type: 'MapRunSucceeded', details: { state: run.name } });
    INLINE.succeeded(run);
  },
  failed(run, failure) {
    run.record({
      type: 'MapRunFailed',
      details: { state: run.name, error: failure.error, cause: failure.cause },
    });
    INLINE.failed(run, failure);
  },
};
