// The Map state, inline and distributed: items (ItemsPath / ItemReader / ItemBatcher), one thread
// per iteration with ItemSelector, MaxConcurrency, tolerated failures and ResultWriter.

import { StatesError } from '../../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import { buildContextObject } from '../context';
import { EventLog, isoTime } from '../events';
import { errorOutput } from '../errorHandling';
import { evaluatePayloadTemplate } from '../payload';
import { resolvePath } from '../paths';
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { VariableScope } from '../variables';
import { runChildren } from './children';
import { applySelectPath, readRequiredPath } from './dataflow';
import { finishWithResult } from './finish';
import { jsonataField, jsonataTypedField, usesJsonata } from '../query';
import { withRetryAndCatch } from './errorFlow';
import { batchItems, readItems } from './itemSource';
import { nextOf } from './simple';

export function runMap(run: StateRun): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, () => attemptMap(run));
}

/** AWS reads a numeric string ("1") in MaxConcurrencyPath / ToleratedFailure*Path as the number. */
function numericValue(v: JsonValue, integer: boolean): JsonValue {
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n) && (!integer || Number.isInteger(n))) return n;
  }
  return v;
}

function shown(v: JsonValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** MaxConcurrency and the tolerated-failure fields, literal or from a path, validated as AWS does. */
function mapLimits(
  run: StateRun,
  effective: JsonValue,
): { limit: number; count?: number; percentage?: number } {
  const def = run.def;
  let limit = typeof def.MaxConcurrency === 'number' ? def.MaxConcurrency : 0;
  if (typeof def.MaxConcurrencyPath === 'string') {
    const v = numericValue(readRequiredPath(run, def.MaxConcurrencyPath, effective), true);
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw run.fail(
        `The MaxConcurrencyPath field refers to value "${shown(v)}" which is not a valid integer: ${def.MaxConcurrencyPath}`,
      );
    }
    limit = v;
  }
  let count: number | undefined =
    typeof def.ToleratedFailureCount === 'number' ? def.ToleratedFailureCount : undefined;
  if (typeof def.ToleratedFailureCountPath === 'string') {
    const v = numericValue(readRequiredPath(run, def.ToleratedFailureCountPath, effective), true);
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw run.fail(
        `The ToleratedFailureCountPath field refers to value "${shown(v)}" which is not a valid integer: ${def.ToleratedFailureCountPath}`,
      );
    }
    count = v;
  }
  if (count !== undefined && count < 0) throw run.fail('ToleratedFailureCount cannot be negative.');
  let percentage: number | undefined =
    typeof def.ToleratedFailurePercentage === 'number' ? def.ToleratedFailurePercentage : undefined;
  if (typeof def.ToleratedFailurePercentagePath === 'string') {
    const v = numericValue(readRequiredPath(run, def.ToleratedFailurePercentagePath, effective), false);
    if (typeof v !== 'number') {
      throw run.fail(
        `The ToleratedFailurePercentagePath field refers to value "${shown(v)}" which is not a valid float: ${def.ToleratedFailurePercentagePath}`,
      );
    }
    percentage = v;
  }
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
    throw run.fail('ToleratedFailurePercentage must be between 0 and 100.');
  }
  return { limit, count, percentage };
}

/** MaxConcurrency and tolerated failures in a JSONata Map: literals or expressions. */
async function jsonataLimits(run: StateRun): Promise<{ limit: number; count?: number; percentage?: number }> {
  const def = run.def;
  const num = async (field: string, type: 'integer' | 'number'): Promise<number | undefined> => {
    if (!(field in def)) return undefined;
    const v = await jsonataTypedField(run, def[field] as JsonValue, field, type);
    return typeof v === 'number' ? v : undefined;
  };
  const limit = (await num('MaxConcurrency', 'integer')) ?? 0;
  const count = await num('ToleratedFailureCount', 'integer');
  const percentage = await num('ToleratedFailurePercentage', 'number');
  if (count !== undefined && count < 0) throw run.fail('ToleratedFailureCount cannot be negative.');
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
    throw run.fail('ToleratedFailurePercentage must be between 0 and 100.');
  }
  return { limit, count, percentage };
}

function processorOf(def: JsonObject): {
  machine: JsonObject;
  key: 'ItemProcessor' | 'Iterator';
  distributed: boolean;
} {
  const key = isJsonObject(def.ItemProcessor) ? 'ItemProcessor' : 'Iterator';
  const machine = isJsonObject(def[key]) ? (def[key] as JsonObject) : {};
  const config = isJsonObject(machine.ProcessorConfig) ? machine.ProcessorConfig : {};
  return { machine, key, distributed: config.Mode === 'DISTRIBUTED' };
}

async function attemptMap(run: StateRun): Promise<StateCompletion> {
  const rt = run.rt;
  const def = run.def;
  const jsonata = usesJsonata(run);
  const effective = jsonata ? run.rawInput : applySelectPath(run, 'InputPath', run.rawInput);
  if (!jsonata && run.observingStages) await run.stage('afterInputPath', effective);
  let items: JsonValue;
  if (isJsonObject(def.ItemReader)) items = readItems(run, def.ItemReader, effective);
  else if (jsonata) {
    const spec = 'Items' in def ? (def.Items as JsonValue) : run.rawInput;
    items =
      typeof spec === 'string'
        ? await jsonataTypedField(run, spec, 'Items', 'array')
        : await jsonataField(run, spec, 'Items');
  } else if (typeof def.ItemsPath === 'string') {
    const r = resolvePath(def.ItemsPath, run.scope(effective));
    if (!r.found) throw run.fail(`Invalid path '${def.ItemsPath}' : No results for path: ${def.ItemsPath}`);
    items = r.value;
  } else items = effective;
  if (!Array.isArray(items)) {
    throw run.fail(
      `Map state input must be an array but was: ${JSON.stringify(items)}`,
      'States.QueryEvaluationError',
    );
  }
  if (isJsonObject(def.ItemBatcher)) items = batchItems(run, def.ItemBatcher, items, effective);
  const list = items;
  const limits = jsonata ? await jsonataLimits(run) : mapLimits(run, effective);
  const { machine, key, distributed } = processorOf(def);
  const selector =
    'ItemSelector' in def ? def.ItemSelector : 'Parameters' in def ? def.Parameters : undefined;
  const tolerance = limits.count !== undefined || limits.percentage !== undefined;

  rt.append(run.thread, { type: 'MapStateStarted', details: { state: run.name, length: list.length } });
  if (distributed) rt.append(run.thread, { type: 'MapRunStarted', details: { state: run.name } });
  let outcome;
  try {
    outcome = await runChildren(run, {
      count: list.length,
      limit: limits.limit > 0 ? limits.limit : list.length,
      tolerates: (failures) => {
        if (!tolerance) return false;
        if (limits.count !== undefined && failures <= limits.count) return true;
        return (
          limits.percentage !== undefined && (failures / Math.max(1, list.length)) * 100 <= limits.percentage
        );
      },
      make: (index, control) => {
        const item = list[index] ?? null;
        const thread = rt.newThread(
          run.thread,
          `Map ${run.name} [${index}]`,
          { state: run.name, kind: 'iteration', index },
          control,
          new VariableScope(run.thread.variables),
        );
        thread.mapItem = { index, value: item };
        if (distributed) {
          thread.history = new EventLog(() => rt.scheduler.now);
          thread.lastEventId = 0;
        }
        const body = async (): Promise<JsonValue> => {
          let itemInput: JsonValue = item;
          if (selector !== undefined) {
            const context = buildContextObject(rt.identity, {
              name: run.name,
              enteredTime: isoTime(run.enteredTime),
              mapItem: { index, value: item },
            });
            itemInput = jsonata
              ? await jsonataField(run, selector, 'ItemSelector', { context })
              : evaluatePayloadTemplate(selector, {
                  input: effective,
                  context,
                  variables: run.thread.variables,
                  random: rt.random,
                });
          }
          if (!distributed)
            rt.append(thread, { type: 'MapIterationStarted', details: { name: run.name, index } });
          try {
            const out = await rt.runStates(thread, machine, itemInput, [...run.path, key]);
            if (!distributed)
              rt.append(thread, { type: 'MapIterationSucceeded', details: { name: run.name, index } });
            return out;
          } catch (err) {
            if (!distributed && err instanceof StatesError) {
              rt.append(thread, {
                type: 'MapIterationFailed',
                details: { name: run.name, index, error: err.error, cause: err.cause },
              });
            }
            throw err;
          }
        };
        return { thread, body };
      },
      onAborted: (index, thread) => {
        if (!distributed)
          rt.append(thread, { type: 'MapIterationAborted', details: { name: run.name, index } });
      },
    });
  } catch (err) {
    if (err instanceof StatesError) {
      let failure = err;
      if (tolerance && err.error !== 'States.Runtime') {
        failure = new StatesError(
          'States.ExceedToleratedFailureThreshold',
          'The specified tolerated failure threshold was exceeded',
        );
      }
      if (distributed)
        rt.append(run.thread, {
          type: 'MapRunFailed',
          details: { state: run.name, error: failure.error, cause: failure.cause },
        });
      rt.append(run.thread, {
        type: 'MapStateFailed',
        details: { state: run.name, error: failure.error, cause: failure.cause },
      });
      throw failure;
    }
    throw err;
  }
  if (distributed) rt.append(run.thread, { type: 'MapRunSucceeded', details: { state: run.name } });
  rt.append(run.thread, { type: 'MapStateSucceeded', details: { state: run.name } });
  const failedAt = new Map(outcome.failures.map((f) => [f.index, f.error]));
  let result: JsonValue = outcome.results.map((r, i) => {
    const failed = failedAt.get(i);
    return failed ? errorOutput(failed) : (r ?? null);
  });
  if (isJsonObject(def.ResultWriter)) result = resultWriterOutput(run, def.ResultWriter, effective);
  return finishWithResult(run, result, nextOf(run));
}

/** With a ResultWriter, AWS returns where the results were written instead of the results. */
function resultWriterOutput(run: StateRun, writer: JsonObject, effective: JsonValue): JsonValue {
  const params =
    'Parameters' in writer
      ? evaluatePayloadTemplate(writer.Parameters as JsonValue, run.scope(effective))
      : {};
  const p = isJsonObject(params) ? params : {};
  const id = run.rt.random.uuid();
  const arn = `${run.rt.identity.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${run.name}:${id}`;
  const prefix = typeof p.Prefix === 'string' && p.Prefix !== '' ? `${p.Prefix}/` : '';
  return {
    MapRunArn: arn,
    ResultWriterDetails: {
      Bucket: typeof p.Bucket === 'string' ? p.Bucket : '',
      Key: `${prefix}${id}/manifest.json`,
    },
  };
}
