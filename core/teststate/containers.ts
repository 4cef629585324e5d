// Mocked Map and Parallel states. With a mock, TestState does not run the iterations or branches: the
// mock is the state's whole result (or its error), and Retry, Catch, ResultSelector, ResultPath,
// OutputPath, Output and Assign apply to it as to a Task's result. So the state runs as a Task whose
// answer is the mock. A Map's own stages (ItemsPath / Items, ItemSelector, ItemBatcher) still run, as AWS
// reports them: a first run of the real Map with a trivial processor (a Pass per item) observes each
// iteration's item and input, and fails the test as AWS would when the items cannot be read.
// `mapIterationFailureCount` failed iterations exceed the tolerated failures only when the Map declares
// ToleratedFailureCount / ToleratedFailurePercentage (recorded on AWS: without either, no threshold).

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { evaluateTyped, isJsonataExpression } from '../jsonata';
import { parseJsonPath, queryPath } from '../jsonpath';

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

export interface MapLimits {
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

interface LimitScope {
  jsonata: boolean;
  /** The state's input (JSONata's $states.input) and its input after InputPath (JSONPath's `$`). */
  input: JsonValue;
  effective: JsonValue;
  context: JsonValue;
  variables: Record<string, JsonValue>;
  now: number;
}

async function limitValue(
  state: JsonObject,
  field: string,
  scope: LimitScope,
  integer: boolean,
): Promise<number | undefined> {
  const literal = state[field];
  if (typeof literal === 'number') return literal;
  if (typeof literal === 'string' && scope.jsonata && isJsonataExpression(literal)) {
    const runtime = {
      random: () => 0,
      uuid: () => '00000000-0000-4000-8000-000000000000',
      now: () => scope.now,
    };
    const bindings = { states: { input: scope.input, context: scope.context }, variables: scope.variables };
    const value = await evaluateTyped(literal, bindings, runtime, field, integer ? 'integer' : 'number');
    return typeof value === 'number' ? value : undefined;
  }
  const pathText = state[`${field}Path`];
  if (typeof pathText === 'string') {
    const parsed = parseJsonPath(pathText);
    if (!parsed.ok) return undefined;
    const found = queryPath(parsed.path, scope.effective);
    const value = found.found ? found.value : undefined;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** MaxConcurrency (0 when unset) and the tolerated failures the Map declares. */
export async function mapLimits(state: JsonObject, scope: LimitScope): Promise<MapLimits> {
  const limits: MapLimits = { maxConcurrency: (await limitValue(state, 'MaxConcurrency', scope, true)) ?? 0 };
  const count = await limitValue(state, 'ToleratedFailureCount', scope, true);
  if (count !== undefined) limits.toleratedFailureCount = count;
  const percentage = await limitValue(state, 'ToleratedFailurePercentage', scope, false);
  if (percentage !== undefined) limits.toleratedFailurePercentage = percentage;
  return limits;
}

/** Whether `failures` of `items` iterations exceed what the Map tolerates. */
export function exceedsTolerance(failures: number, items: number, limits: MapLimits): boolean {
  const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = limits;
  if (count === undefined && percentage === undefined) return false;
  if (count !== undefined && failures <= count) return false;
  if (percentage !== undefined && (failures / Math.max(1, items)) * 100 <= percentage) return false;
  return true;
}

export function toleranceExceeded(): StatesError {
  return new StatesError(
    ErrorNames.ExceedToleratedFailureThreshold,
    'The specified tolerated failure threshold was exceeded',
    { fromTask: true },
  );
}
