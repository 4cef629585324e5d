// The Map state, inline and distributed, in four steps:
//   1. items      ItemsPath/Items, or a Distributed Map's ItemReader; then ItemSelector on each item and
//                 ItemBatcher over the selected items (AWS applies ItemReader, ItemsPath/Items,
//                 ItemSelector, ItemBatcher, ResultWriter in that order)
//   2. iteration  one thread per item or batch, at most MaxConcurrency at a time: an inline Map's
//                 iterations write MapIteration* events into the execution's history; a Distributed
//                 Map's are child executions inside a Map Run, each with its own history
//   3. tolerance  ToleratedFailureCount and ToleratedFailurePercentage: the Map fails with
//                 States.ExceedToleratedFailureThreshold as soon as either is exceeded
//   4. result     the outputs in item order (a tolerated failure as its error output), or, with a
//                 ResultWriter, where AWS would have written them

import { ErrorNames, StatesError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import type { MapLimits, QueryLanguage } from '../dataflow';
import { errorOutput, isTerminalError } from '../errorHandling';
import type { ErrorDetails } from '../events';
import type { ChildEvents, ChildOutcome, ChildPlan, ChildSpec } from '../host';
import { andThen, type MaybePromise } from '../maybePromise';
import { uuidFrom } from '../random';
import type { StateRun } from '../stateRun';
import type { MapItem, StateCompletion } from '../thread';
import { withRetryAndCatch } from './errorFlow';
import { batchItems, batchSettings, IterationFeed, itemReading, type IterationShape } from './itemSource';
import { nextOf } from './simple';

export function runMap(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, language, () => attemptMap(run, language));
}

async function attemptMap(run: StateRun, language: QueryLanguage): Promise<StateCompletion> {
  const def = run.def;
  const pendingInput = language.effectiveInput(run);
  const effective = pendingInput instanceof Promise ? await pendingInput : pendingInput;
  // Items given in the input are known before the Map starts; an ItemReader reads inside the Map Run.
  const reader = isJsonObject(def.ItemReader) ? def.ItemReader : undefined;
  const given = reader ? undefined : await itemsFromInput(run, language, effective);
  const limits = await language.mapLimits(run, effective);
  const processor = processorOf(run);
  const mapRun = processor.distributed ? mapRunOf(run) : undefined;

  run.record({ type: 'MapStateStarted', details: { length: given?.length ?? 0 } });
  if (mapRun) run.record({ type: 'MapRunStarted', details: { mapRunArn: mapRun.arn } });
  let outcome: ChildOutcome;
  let feed: IterationFeed | undefined;
  try {
    let iterations: Iterations;
    let tolerance: Tolerance;
    if (given) {
      iterations = await iterationsOf(run, language, effective, given);
      tolerance = toleranceOf(limits, iterations.count);
    } else {
      const reading = await itemReading(run, language, reader ?? {}, effective);
      const shape = await iterationShape(run, language, effective);
      feed = new IterationFeed(run, reading, shape);
      // AWS's percentage is of "the total number of items" (see toleranceOf): a first pass counts them,
      // keeping none, so the threshold is exact while memory stays bounded.
      const total =
        limits.percentage === undefined ? 0 : await new IterationFeed(run, reading, shape).countAll();
      tolerance = toleranceOf(limits, total);
      iterations = streamedIterations(feed, shape);
    }
    try {
      outcome = await iterate(run, language, effective, iterations, limits, tolerance, processor, mapRun);
    } catch (err) {
      // A read that failed is the reader's error, whatever the thresholds (States.ItemReaderFailed).
      throw err instanceof StatesError && err !== iterations.readError?.() ? tolerance.exceeded(err) : err;
    }
  } catch (err) {
    if (err instanceof StatesError) {
      if (mapRun) run.record({ type: 'MapRunFailed', details: errorDetails(err) });
      run.failureEvent = { type: 'MapStateFailed' };
    }
    throw err;
  } finally {
    await feed?.close();
  }
  if (mapRun) run.record({ type: 'MapRunSucceeded' });
  run.record({ type: 'MapStateSucceeded' });
  const result = await assembleResult(run, language, effective, outcome, mapRun);
  return language.finishWithResult(run, result, nextOf(run));
}

// ---- 1. items ----

/** ItemsPath (JSONPath) or Items (JSONata), which must give an array. */
function itemsFromInput(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<JsonValue[]> {
  return andThen(language.mapItems(run, effective), (items) => {
    if (!Array.isArray(items)) {
      throw run.fail(
        `Map state input must be an array but was: ${JSON.stringify(items)}`,
        ErrorNames.QueryEvaluationError,
      );
    }
    return items;
  });
}

/** What the iterations run on: each item (selected as its iteration starts), or batches of selected items. */
interface Iterations {
  count: number;
  /** Iteration `index`'s `$$.Map.Item` value: its item, or its batch. */
  value(index: number): JsonValue;
  /** Whether each iteration's input is its value through the ItemSelector (false once batches are made). */
  select: boolean;
  /** Iterations still being read (an ItemReader): reads on, resolving the new count (ChildPlan.more). */
  more?: () => Promise<number>;
  /** The error a read failed with, if one did. */
  readError?: () => unknown;
}

/** How an ItemReader's items become iterations: with ItemBatcher, each through the ItemSelector, then batched. */
function iterationShape(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<IterationShape> {
  const def = run.def;
  if (!isJsonObject(def.ItemBatcher)) return {};
  const selector = selectorOf(def);
  return andThen(batchSettings(run, language, def.ItemBatcher, effective), (batch) => {
    const shape: IterationShape = { batch };
    if (selector !== undefined)
      shape.select = (value, index) =>
        language.selectItem(run, selector, effective, run.itemContext({ index, value }));
    return shape;
  });
}

/** The iterations of an ItemReader, read as the Map dispatches them. */
function streamedIterations(feed: IterationFeed, shape: IterationShape): Iterations {
  let failed: unknown;
  return {
    count: 0,
    value: (i) => feed.take(i),
    select: shape.batch === undefined,
    more: () =>
      feed.fill().catch((err: unknown) => {
        failed = err;
        throw err;
      }),
    readError: () => failed,
  };
}

function iterationsOf(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  items: JsonValue[],
): MaybePromise<Iterations> {
  const def = run.def;
  const selector = selectorOf(def);
  if (!isJsonObject(def.ItemBatcher)) {
    return { count: items.length, value: (i) => items[i] ?? null, select: selector !== undefined };
  }
  // ItemSelector shapes each item (with its own $$.Map.Item), then ItemBatcher groups the selected items.
  const batcher = def.ItemBatcher;
  return andThen(selectAll(run, language, effective, items, selector), (selected) =>
    andThen(batchSettings(run, language, batcher, effective), (settings) => {
      const batches = batchItems(selected, settings);
      return { count: batches.length, value: (i) => batches[i] ?? null, select: false };
    }),
  );
}

function selectorOf(def: JsonObject): JsonValue | undefined {
  return 'ItemSelector' in def ? def.ItemSelector : 'Parameters' in def ? def.Parameters : undefined;
}

/** Every item through the ItemSelector, in order (synchronous unless an expression waits). */
function selectAll(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  items: JsonValue[],
  selector: JsonValue | undefined,
): MaybePromise<JsonValue[]> {
  if (selector === undefined) return items;
  const selected: JsonValue[] = new Array<JsonValue>(items.length);
  const from = (start: number): MaybePromise<JsonValue[]> => {
    for (let index = start; index < items.length; index++) {
      const value = items[index] ?? null;
      const one = language.selectItem(run, selector, effective, run.itemContext({ index, value }));
      if (one instanceof Promise) {
        return one.then((v) => {
          selected[index] = v;
          return from(index + 1);
        });
      }
      selected[index] = one;
    }
    return selected;
  };
  return from(0);
}

// ---- 2. iteration ----

interface Processor {
  machine: JsonObject;
  basePath: readonly (string | number)[];
  distributed: boolean;
}

function processorOf(run: StateRun): Processor {
  const def = run.def;
  const key = isJsonObject(def.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
  const machine = isJsonObject(def[key]) ? (def[key] as JsonObject) : {};
  const config = isJsonObject(machine.ProcessorConfig) ? machine.ProcessorConfig : {};
  return { machine, basePath: [...run.path, key], distributed: config.Mode === 'DISTRIBUTED' };
}

/** A Distributed Map's Map Run: its ARN, and the state machine its child executions run. */
interface MapRun {
  arn: string;
  id: string;
  label: string;
}

function mapRunOf(run: StateRun): MapRun {
  const label = typeof run.def.Label === 'string' && run.def.Label !== '' ? run.def.Label : run.name;
  const identity = run.identity;
  // The same in every run of this execution identity, and drawn without touching the seeded sequence.
  const id = uuidFrom(`${identity.executionArn}\n${run.path.join('/')}\n${run.transitions}`);
  const arn = `${identity.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${label}:${id}`;
  return { arn, id, label };
}

function iterate(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  iterations: Iterations,
  limits: MapLimits,
  tolerance: Tolerance,
  processor: Processor,
  mapRun: MapRun | undefined,
): Promise<ChildOutcome> {
  const selector = iterations.select ? selectorOf(run.def) : undefined;
  const plan: ChildPlan = {
    owner: run.def,
    count: iterations.count,
    limit:
      limits.limit > 0
        ? limits.limit
        : processor.distributed
          ? DISTRIBUTED_CONCURRENCY
          : Math.max(1, iterations.count),
    tolerates: (failures) => tolerance.tolerates(failures),
    child: (index): ChildSpec => {
      const mapItem: MapItem = { index, value: iterations.value(index) };
      const spec: ChildSpec = {
        name: `Map ${run.name} [${index}]`,
        step: { state: run.name, kind: 'iteration', index },
        mapItem,
        input: () =>
          selector === undefined
            ? mapItem.value
            : language.selectItem(run, selector, effective, run.itemContext(mapItem)),
        machine: processor.machine,
        basePath: processor.basePath,
      };
      if (mapRun) spec.execution = childExecutionOf(run, mapRun, index);
      else spec.events = iterationEvents(run, index);
      return spec;
    },
  };
  if (iterations.more) plan.more = iterations.more;
  return run.host.runChildren(run.thread, plan);
}

/**
 * A Distributed Map without MaxConcurrency runs at most this many child executions at once: "If you
 * don't specify [MaxConcurrency], Step Functions runs 10,000 parallel child workflow executions"
 * (developer guide, "Using Map state in Distributed mode"). It also bounds what a Map over a streamed
 * ItemReader holds at once.
 */
const DISTRIBUTED_CONCURRENCY = 10_000;

/** A Distributed Map iteration's identity as a child execution of the Map Run. */
function childExecutionOf(run: StateRun, mapRun: MapRun, index: number): ChildSpec['execution'] {
  const name = uuidFrom(`${mapRun.arn}\n${index}`);
  const parentMachine = run.identity.stateMachineArn;
  return {
    name,
    executionArn: `${parentMachine.replace(':stateMachine:', ':execution:')}/${mapRun.label}:${name}`,
    stateMachineArn: `${parentMachine}/${mapRun.label}`,
    startedBy: 'map',
    parentState: run.name,
    mapRunArn: mapRun.arn,
    mapState: run.name,
    index,
    parentExecutionArn: run.identity.executionArn,
  };
}

/** An inline Map iteration's events in the execution's history. */
function iterationEvents(run: StateRun, index: number): ChildEvents {
  const host = run.host;
  const name = run.name;
  return {
    started: (thread) => host.record(thread, { type: 'MapIterationStarted', details: { name, index } }, name),
    succeeded: (thread) =>
      host.record(thread, { type: 'MapIterationSucceeded', details: { name, index } }, name),
    failed: (thread) => host.record(thread, { type: 'MapIterationFailed', details: { name, index } }, name),
    aborted: (thread) => host.record(thread, { type: 'MapIterationAborted', details: { name, index } }, name),
  };
}

/** An error's name and cause for an event, each left out when empty (as AWS writes them). */
function errorDetails(err: StatesError): ErrorDetails {
  const details: ErrorDetails = {};
  if (err.error !== '') details.error = err.error;
  if (err.cause !== undefined && err.cause !== '') details.cause = err.cause;
  return details;
}

// ---- 3. tolerance ----

interface Tolerance {
  /** Whether `failures` failed iterations are still within every threshold that is set. */
  tolerates(failures: number): boolean;
  /** The Map's error once an iteration failed beyond them. */
  exceeded(err: StatesError): StatesError;
}

/**
 * AWS's developer guide (Distributed Map, "Tolerated failure threshold"): "If you specify both values, the
 * workflow fails when it exceeds either value"; the percentage is failed items over all items. Only what
 * is set counts (without either, no failure is tolerated). An engine error (States.Runtime, a
 * Stepthrough.* error) is never tolerated and keeps its name.
 */
function toleranceOf(limits: MapLimits, itemCount: number): Tolerance {
  if (limits.count === undefined && limits.percentage === undefined) {
    return { tolerates: () => false, exceeded: (err) => err };
  }
  return {
    tolerates: (failures) => toleratesFailures(limits, failures, itemCount),
    exceeded: (err) => (isTerminalError(err) ? err : toleranceExceededError()),
  };
}

/**
 * Whether `failures` failed iterations of `itemCount` are within every threshold the Map sets (without
 * either, none is). The engine's Map and TestState's mocked Map (`mapIterationFailureCount`) both ask
 * here. failures × 100 ≤ percentage × items: exact where failures / items × 100 rounds (7 of 25 at 28%
 * gives 28.000000000000004).
 */
export function toleratesFailures(limits: MapLimits, failures: number, itemCount: number): boolean {
  const { count, percentage } = limits;
  if (count === undefined && percentage === undefined) return failures === 0;
  return (
    (count === undefined || failures <= count) &&
    (percentage === undefined || failures * 100 <= percentage * itemCount)
  );
}

/** The Map's error once its iterations failed beyond what it tolerates. */
export function toleranceExceededError(): StatesError {
  return new StatesError(
    ErrorNames.ExceedToleratedFailureThreshold,
    'The specified tolerated failure threshold was exceeded',
  );
}

// ---- 4. result ----

/** The outputs in item order (a tolerated failure gives its error output); with a ResultWriter, where they went. */
function assembleResult(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  outcome: ChildOutcome,
  mapRun: MapRun | undefined,
): MaybePromise<JsonValue> {
  const writer = run.def.ResultWriter;
  if (isJsonObject(writer)) {
    const field = language.requestField;
    const request =
      field in writer ? language.template(run, writer[field] as JsonValue, field, effective) : {};
    return andThen(request, (r) => resultWriterOutput(run, r, mapRun ?? mapRunOf(run)));
  }
  const failedAt = new Map(outcome.failures.map((f) => [f.index, f.error]));
  return outcome.results.map((r, i) => {
    const failed = failedAt.get(i);
    return failed ? errorOutput(failed) : (r ?? null);
  });
}

/** With a ResultWriter, AWS returns where the results were written instead of the results. */
function resultWriterOutput(run: StateRun, request: JsonValue, mapRun: MapRun): JsonValue {
  const p = isJsonObject(request) ? request : {};
  const prefix = typeof p.Prefix === 'string' && p.Prefix !== '' ? `${p.Prefix}/` : '';
  return {
    MapRunArn: mapRun.arn,
    ResultWriterDetails: {
      Bucket: typeof p.Bucket === 'string' ? p.Bucket : '',
      Key: `${prefix}${mapRun.id}/manifest.json`,
    },
  };
}
