// How a state turns its result into its output and variable assignments, in both query languages:
// JSONPath (ResultSelector → Assign → ResultPath → OutputPath) and JSONata (Output and Assign over
// $states.result), with variables read as they were when the state was entered.

import type { JsonValue } from '../../json';
import { evaluatePayloadTemplate } from '../payload';
import { applyAssigned, evaluateAssign, jsonataField, usesJsonata } from '../query';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applyResultPath, applySelectPath } from './dataflow';

/** For Task, Map and Parallel (and Pass): the state produced `result`. */
export async function finishWithResult(
  run: StateRun,
  result: JsonValue,
  next: string | undefined,
): Promise<StateCompletion> {
  if (run.observingStages) await run.stage('result', result);
  if (usesJsonata(run)) {
    const output =
      'Output' in run.def
        ? await jsonataField(run, run.def.Output as JsonValue, 'Output', { result })
        : result;
    const pending = evaluateAssign(run, run.def.Assign, result, { result });
    const assigned = pending instanceof Promise ? await pending : pending;
    applyAssigned(run, assigned);
    if (run.observingStages) await run.stage('output', output);
    return { output, next, assigned };
  }
  let selected: JsonValue = result;
  if ('ResultSelector' in run.def) {
    selected = evaluatePayloadTemplate(run.def.ResultSelector as JsonValue, run.scope(result));
    if (run.observingStages) await run.stage('afterResultSelector', selected);
  }
  const pending = evaluateAssign(run, run.def.Assign, selected, {});
  const assigned = pending instanceof Promise ? await pending : pending;
  const placed = applyResultPath(run, run.rawInput, selected);
  if (run.observingStages) await run.stage('afterResultPath', placed);
  const output = applySelectPath(run, 'OutputPath', placed);
  applyAssigned(run, assigned);
  if (run.observingStages) await run.stage('output', output);
  return { output, next, assigned };
}

/**
 * For Choice, Wait and Succeed: the output is the (effective) input. `assign` is the Assign block
 * that applies (a Choice rule's replaces the state's).
 */
export async function finishPassThrough(
  run: StateRun,
  effective: JsonValue,
  next: string | undefined,
  assign: JsonValue | undefined = run.def.Assign,
  outputTemplate: JsonValue | undefined = run.def.Output,
): Promise<StateCompletion> {
  if (usesJsonata(run)) {
    const output =
      outputTemplate !== undefined ? await jsonataField(run, outputTemplate, 'Output') : run.rawInput;
    const pending = evaluateAssign(run, assign, run.rawInput, {});
    const assigned = pending instanceof Promise ? await pending : pending;
    applyAssigned(run, assigned);
    if (run.observingStages) await run.stage('output', output);
    return { output, next, assigned };
  }
  const pending = evaluateAssign(run, assign, effective, {});
  const assigned = pending instanceof Promise ? await pending : pending;
  const output = applySelectPath(run, 'OutputPath', effective);
  applyAssigned(run, assigned);
  if (run.observingStages) await run.stage('output', output);
  return { output, next, assigned };
}
