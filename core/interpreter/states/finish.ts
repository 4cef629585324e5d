// How a state turns its result into its output and variable assignments, in both query languages:
// JSONPath (ResultSelector → Assign → ResultPath → OutputPath) and JSONata (Output and Assign over
// $states.result), with variables read as they were when the state was entered. The JSONPath side is
// sync-first: it only returns a promise when an observer pauses on a data stage.

import type { JsonValue } from '../../json';
import { after, andThen, type MaybePromise } from '../maybePromise';
import { evaluatePayloadTemplate } from '../payload';
import { applyAssigned, evaluateAssign, jsonataField, usesJsonata } from '../query';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applyResultPath, applySelectPath } from './dataflow';

type Assigned = Record<string, JsonValue> | undefined;

/** For Task, Map and Parallel (and Pass): the state produced `result`. */
export function finishWithResult(
  run: StateRun,
  result: JsonValue,
  next: string | undefined,
): MaybePromise<StateCompletion> {
  return after(run.stage('result', result), () => {
    if (usesJsonata(run)) return finishJsonataResult(run, result, next);
    if (!('ResultSelector' in run.def)) return placeResult(run, result, next);
    const selected = evaluatePayloadTemplate(run.def.ResultSelector as JsonValue, run.scope(result));
    return after(run.stage('afterResultSelector', selected), () => placeResult(run, selected, next));
  });
}

async function finishJsonataResult(
  run: StateRun,
  result: JsonValue,
  next: string | undefined,
): Promise<StateCompletion> {
  const output =
    'Output' in run.def ? await jsonataField(run, run.def.Output as JsonValue, 'Output', { result }) : result;
  const assigned = await evaluateAssign(run, run.def.Assign, result, { result });
  applyAssigned(run, assigned);
  await run.stage('output', output);
  return { output, next, assigned };
}

/** JSONPath: Assign (over the selected result), ResultPath, OutputPath. */
function placeResult(
  run: StateRun,
  selected: JsonValue,
  next: string | undefined,
): MaybePromise<StateCompletion> {
  return andThen(evaluateAssign(run, run.def.Assign, selected, {}), (assigned: Assigned) => {
    const placed = applyResultPath(run, run.rawInput, selected);
    return after(run.stage('afterResultPath', placed), () =>
      completeOutput(run, applySelectPath(run, 'OutputPath', placed), next, assigned),
    );
  });
}

/** Stores the assigned variables and reports the output stage. */
function completeOutput(
  run: StateRun,
  output: JsonValue,
  next: string | undefined,
  assigned: Assigned,
): MaybePromise<StateCompletion> {
  applyAssigned(run, assigned);
  const completion: StateCompletion = { output, next, assigned };
  return after(run.stage('output', output), () => completion);
}

/**
 * For Choice, Wait and Succeed: the output is the (effective) input. `assign` is the Assign block
 * that applies (a Choice rule's replaces the state's).
 */
export function finishPassThrough(
  run: StateRun,
  effective: JsonValue,
  next: string | undefined,
  assign: JsonValue | undefined = run.def.Assign,
  outputTemplate: JsonValue | undefined = run.def.Output,
): MaybePromise<StateCompletion> {
  if (usesJsonata(run)) return finishJsonataPassThrough(run, next, assign, outputTemplate);
  return andThen(evaluateAssign(run, assign, effective, {}), (assigned: Assigned) =>
    completeOutput(run, applySelectPath(run, 'OutputPath', effective), next, assigned),
  );
}

async function finishJsonataPassThrough(
  run: StateRun,
  next: string | undefined,
  assign: JsonValue | undefined,
  outputTemplate: JsonValue | undefined,
): Promise<StateCompletion> {
  const output =
    outputTemplate !== undefined ? await jsonataField(run, outputTemplate, 'Output') : run.rawInput;
  const assigned = await evaluateAssign(run, assign, run.rawInput, {});
  applyAssigned(run, assigned);
  await run.stage('output', output);
  return { output, next, assigned };
}
