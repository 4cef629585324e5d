// The JSONata data flow of a state: expressions see `$states.input` (the raw input), `$states.context`,
// `$states.result` or `$states.errorOutput` where AWS binds them, and workflow variables as they were
// when the state was entered:
//   $states.input → Arguments → (the state's work) → Output and Assign over $states.result
// Every other field (TimeoutSeconds, Seconds, Items, MaxConcurrency, ...) is a literal or one `{% %}`
// expression of the type the field requires. A failing expression is States.QueryEvaluationError with
// AWS's cause, prefixed with the state as AWS does.

import { ErrorNames, type StatesError } from '../../errors';
import { timestampFromString } from '../../choice';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json';
import {
  evaluateJsonataTemplate,
  evaluateTyped,
  isJsonataExpression,
  type JsonataBindings,
  type JsonataExpectedType,
  type JsonataRuntime,
} from '../../jsonata';
import { errorOutput } from '../errorHandling';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import type { MapLimits, OutputBlocks, QueryLanguage } from './language';

/** What an expression may see besides `$states.input` and the variables. */
interface StatesExtras {
  result?: JsonValue;
  errorOutput?: JsonValue;
  context?: JsonValue;
}

export const JSONATA: QueryLanguage = {
  name: 'JSONata',

  effectiveInput(run) {
    return run.rawInput;
  },

  parameters(run) {
    return 'Arguments' in run.def ? evaluateArguments(run) : run.rawInput;
  },

  async finishWithResult(run, result, next) {
    await run.stage('result', result);
    const output =
      'Output' in run.def ? await template(run, run.def.Output as JsonValue, 'Output', { result }) : result;
    const assigned = await evaluateAssign(run, run.def.Assign, { result });
    run.storeVariables(assigned);
    await run.stage('output', output);
    return { output, next, assigned };
  },

  async finishPassThrough(run, _effective, next, blocks?: OutputBlocks) {
    const outputTemplate = blocks ? blocks.output : run.def.Output;
    const output =
      outputTemplate !== undefined ? await template(run, outputTemplate, 'Output') : run.rawInput;
    const assigned = await evaluateAssign(run, blocks ? blocks.assign : run.def.Assign, {});
    run.storeVariables(assigned);
    await run.stage('output', output);
    return { output, next, assigned };
  },

  async finishCaught(run, catcher, err: StatesError): Promise<StateCompletion> {
    const errOut = errorOutput(err);
    const next = typeof catcher.Next === 'string' ? catcher.Next : undefined;
    const extras = { errorOutput: errOut };
    const output =
      'Output' in catcher ? await template(run, catcher.Output as JsonValue, 'Output', extras) : errOut;
    const assigned = await evaluateAssign(run, catcher.Assign, extras);
    run.storeVariables(assigned);
    return { output, next, assigned };
  },

  async taskTimeouts(run) {
    const t =
      'TimeoutSeconds' in run.def
        ? await typed(run, run.def.TimeoutSeconds as JsonValue, 'TimeoutSeconds', 'integer')
        : undefined;
    const h =
      'HeartbeatSeconds' in run.def
        ? await typed(run, run.def.HeartbeatSeconds as JsonValue, 'HeartbeatSeconds', 'integer')
        : undefined;
    return {
      timeoutSeconds: typeof t === 'number' ? t : undefined,
      heartbeatSeconds: typeof h === 'number' ? h : undefined,
    };
  },

  async waitMilliseconds(run) {
    const def = run.def;
    const now = run.host.now();
    if ('Seconds' in def) {
      const seconds = await typed(run, def.Seconds as JsonValue, 'Seconds', 'integer');
      if (typeof seconds !== 'number' || seconds < 0)
        throw run.fail(
          `The Seconds field must be a non-negative integer, got ${JSON.stringify(seconds)}.`,
          ErrorNames.QueryEvaluationError,
        );
      return seconds * 1000;
    }
    if ('Timestamp' in def) {
      const ts = await typed(run, def.Timestamp as JsonValue, 'Timestamp', 'timestamp');
      const t = typeof ts === 'string' ? timestampFromString(ts) : undefined;
      if (t === undefined) {
        throw run.fail(
          `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${String(ts)}`,
          ErrorNames.QueryEvaluationError,
        );
      }
      return t - now;
    }
    return 0;
  },

  async failError(run) {
    const error = await failField(run, 'Error');
    const cause = await failField(run, 'Cause');
    return { error, cause };
  },

  async matchChoice(run) {
    const choices = Array.isArray(run.def.Choices) ? run.def.Choices : [];
    for (const rule of choices) {
      if (!isJsonObject(rule)) continue;
      const condition = await typed(run, rule.Condition ?? false, 'Condition', 'boolean');
      if (condition === true) return rule;
    }
    return undefined;
  },

  mapItems(run) {
    const spec = 'Items' in run.def ? (run.def.Items as JsonValue) : run.rawInput;
    return typeof spec === 'string' ? typed(run, spec, 'Items', 'array') : template(run, spec, 'Items');
  },

  async mapLimits(run): Promise<MapLimits> {
    const def = run.def;
    const num = async (field: string, type: 'integer' | 'number'): Promise<number | undefined> => {
      if (!(field in def)) return undefined;
      const v = await typed(run, def[field] as JsonValue, field, type);
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
  },

  selectItem(run, selector, _effective, context: JsonObject) {
    return template(run, selector, 'ItemSelector', { context });
  },

  requestField: 'Arguments',

  template(run, value, field) {
    return template(run, value, field);
  },

  async count(run, holder, field) {
    if (!(field in holder)) return undefined;
    const v = await typed(run, holder[field] as JsonValue, field, 'integer');
    return typeof v === 'number' ? v : undefined;
  },
};

function bindings(run: StateRun, extras: StatesExtras): JsonataBindings {
  const states: JsonataBindings['states'] = { input: run.rawInput, context: extras.context ?? run.context() };
  if ('result' in extras) states.result = extras.result;
  if ('errorOutput' in extras) states.errorOutput = extras.errorOutput;
  return { states, variables: run.thread.variables.snapshot() };
}

function runtime(run: StateRun): JsonataRuntime {
  const host = run.host;
  return { random: () => host.random.next(), uuid: () => host.random.uuid(), now: () => host.now() };
}

/** A JSONata template field (Arguments, Output, ItemSelector, ...): each `{% %}` string evaluated. */
async function template(
  run: StateRun,
  value: JsonValue,
  field: string,
  extras: StatesExtras = {},
): Promise<JsonValue> {
  try {
    return await evaluateJsonataTemplate(value, bindings(run, extras), runtime(run), field);
  } catch (err) {
    const decorated = run.decorate(err);
    run.evaluationFailed(decorated, field);
    throw decorated;
  }
}

/** A field that is either a literal or one JSONata expression of one type (TimeoutSeconds, Items, ...). */
async function typed(
  run: StateRun,
  value: JsonValue,
  field: string,
  expected: JsonataExpectedType,
  extras: StatesExtras = {},
): Promise<JsonValue> {
  if (!isJsonataExpression(value)) return value;
  try {
    return await evaluateTyped(value, bindings(run, extras), runtime(run), field, expected);
  } catch (err) {
    const decorated = run.decorate(err);
    run.evaluationFailed(decorated, field);
    throw decorated;
  }
}

async function evaluateArguments(run: StateRun): Promise<JsonValue> {
  const args = await template(run, run.def.Arguments as JsonValue, 'Arguments');
  await run.stage('afterParameters', args);
  return args;
}

/** An Assign block: a template whose keys are variable names (each reported as field 'Assign/<name>'). */
async function evaluateAssign(
  run: StateRun,
  assign: JsonValue | undefined,
  extras: StatesExtras,
): Promise<Record<string, JsonValue> | undefined> {
  if (!isJsonObject(assign)) return undefined;
  return (await template(run, assign, 'Assign', extras)) as JsonObject;
}

async function failField(run: StateRun, field: 'Error' | 'Cause'): Promise<string | undefined> {
  const literal = run.def[field];
  if (literal === undefined) return undefined;
  const value = await typed(run, literal, field, 'string');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
