// Mocked Map and Parallel states. With a mock, TestState does not run the iterations or branches: the
// mock is the state's whole result (or its error), and Retry, Catch, ResultSelector, ResultPath,
// OutputPath, Output and Assign apply to it as to a Task's result. So the state runs as a Task whose
// answer is the mock. A Map's own stages (ItemsPath / Items, ItemSelector, ItemBatcher, its limits) still
// run, as AWS reports them: a first run of the real Map with a trivial processor (a Pass per item)
// observes each iteration's item and input, and fails the test as AWS would when the items or the limits
// cannot be read. `mapIterationFailureCount` failed iterations exceed the tolerated failures only when
// the Map declares ToleratedFailureCount / ToleratedFailurePercentage (recorded on AWS: without either,
// no threshold); then the engine's own rule decides (core/interpreter/states/map.ts).

import type { MapLimits } from '../interpreter/dataflow';
import { toleratesFailures } from '../interpreter/states/map';
import { isJsonObject, type JsonObject } from '../json';

/** The Resource a mocked Map or Parallel runs as (never called: the state's task handler answers). */
export const MOCKED_STATE_RESOURCE = 'arn:aws:states:::stepthrough:mockedState';

const CONTAINER_FIELDS = [
  'Branches',
  'ItemProcessor',
  'Iterator',
  'ItemsPath',
  'Items',
  'ItemSelector',
  'ItemReader',
  'ItemBatcher',
  'ItemsPointer',
  'ResultWriter',
  'MaxConcurrency',
  'MaxConcurrencyPath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'Label',
];

/** The Map or Parallel as a Task answered by its mock (a Map's Parameters is its ItemSelector). */
export function asMockedTask(state: JsonObject): JsonObject {
  const task: JsonObject = {};
  for (const [key, value] of Object.entries(state)) {
    if (CONTAINER_FIELDS.includes(key)) continue;
    if (key === 'Parameters' && state.Type === 'Map') continue;
    task[key] = value;
  }
  task.Type = 'Task';
  task.Resource = MOCKED_STATE_RESOURCE;
  return task;
}

const RESULT_FIELDS = ['ResultSelector', 'ResultPath', 'OutputPath', 'Output', 'Assign', 'ResultWriter'];

/** The Map with one Pass per item and nothing done with its result: reads the items as AWS would. */
export function itemsProbe(state: JsonObject): JsonObject {
  const probe: JsonObject = {};
  for (const [key, value] of Object.entries(state)) if (!RESULT_FIELDS.includes(key)) probe[key] = value;
  const key = isJsonObject(state.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
  const processor = isJsonObject(state[key]) ? state[key] : {};
  const trivial: JsonObject = { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } };
  if (isJsonObject(processor.ProcessorConfig)) trivial.ProcessorConfig = processor.ProcessorConfig;
  probe[key] = trivial;
  return probe;
}

/** Whether `failures` of `itemCount` iterations fail the mocked Map (see the header). */
export function exceedsTolerance(failures: number, itemCount: number, limits: MapLimits): boolean {
  if (limits.count === undefined && limits.percentage === undefined) return false;
  return !toleratesFailures(limits, failures, itemCount);
}
