// TestState's inspectionData (DEBUG and TRACE): which data-processing stages each state type reports,
// as AWS reports them (recorded responses cited in teststate.test.ts), each as a JSON string.
//
// - JSONPath Task: input, afterInputPath, afterParameters (the effective input when there are no
//   Parameters), result, afterResultSelector (the result when there is no ResultSelector), afterResultPath.
// - JSONata Task: input, afterArguments (the input when there are no Arguments), result.
// - JSONPath Pass: with Result: input, result, afterResultSelector, afterResultPath; without: input,
//   afterInputPath, afterParameters, afterResultSelector, afterResultPath. JSONata Pass: input.
// - Choice, Wait, Succeed, Fail: input, and afterInputPath in JSONPath.
// - Map: input, afterInputPath (JSONPath), afterItemsPath (JSONPath), afterItemSelector / afterItemBatcher
//   when the Map has them, maxConcurrency (0 when unset), the tolerated failures it declares.
// - Parallel: input, afterInputPath and afterParameters (JSONPath).
// - Every state: the variables after it (those given plus its Assign) when there are any, and
//   errorDetails when a Retry or Catch rule handled an error.
// TRACE adds the HTTP request and response of an HTTP Task it calls; a mocked HTTP Task calls nothing,
// so AWS reports none (recorded), and a local run never calls one.

import type { JsonObject, JsonValue } from '../json';
import type { MapLimits } from '../interpreter/dataflow';
import type { InspectionData } from './model';
import type { Decision } from './run';
import type { Target } from './locate';

const text = (value: JsonValue): string => JSON.stringify(value);

export interface InspectionInput {
  target: Target;
  decision: Decision;
  variables?: JsonObject;
  /** For a Map: what reading its items showed. */
  map?: { limits: MapLimits; items: JsonValue[]; inputs: JsonValue[]; probe: Decision };
}

function taskStages(data: InspectionData, target: Target, decision: Decision): void {
  const s = decision.stages;
  if (target.jsonata) {
    const args = s.afterParameters ?? decision.input;
    if (args !== undefined) data.afterArguments = text(args);
    if (s.result !== undefined) data.result = text(s.result);
    return;
  }
  if (s.afterInputPath !== undefined) {
    data.afterInputPath = text(s.afterInputPath);
    data.afterParameters = text(s.afterParameters ?? s.afterInputPath);
  }
  if (s.result !== undefined) {
    data.result = text(s.result);
    data.afterResultSelector = text(s.afterResultSelector ?? s.result);
  }
  if (s.afterResultPath !== undefined) data.afterResultPath = text(s.afterResultPath);
}

function passStages(data: InspectionData, target: Target, decision: Decision): void {
  if (target.jsonata) return;
  const s = decision.stages;
  if ('Result' in target.state) {
    if (s.result !== undefined) {
      data.result = text(s.result);
      data.afterResultSelector = text(s.result);
    }
  } else if (s.afterInputPath !== undefined) {
    const parameters = s.afterParameters ?? s.afterInputPath;
    data.afterInputPath = text(s.afterInputPath);
    data.afterParameters = text(parameters);
    if (s.result !== undefined) data.afterResultSelector = text(s.result);
  }
  if (s.afterResultPath !== undefined) data.afterResultPath = text(s.afterResultPath);
}

function mapStages(data: InspectionData, input: InspectionInput): void {
  const { target, map } = input;
  if (!map) return;
  const state = target.state;
  const probe = map.probe.stages;
  if (!target.jsonata) {
    if (probe.afterInputPath !== undefined) data.afterInputPath = text(probe.afterInputPath);
    if (!('ItemReader' in state)) data.afterItemsPath = text(map.items);
  }
  if ('ItemSelector' in state || 'Parameters' in state) data.afterItemSelector = text(map.inputs);
  if ('ItemBatcher' in state) data.afterItemBatcher = text(map.inputs);
  data.maxConcurrency = map.limits.limit;
  if (map.limits.count !== undefined) data.toleratedFailureCount = map.limits.count;
  if (map.limits.percentage !== undefined) data.toleratedFailurePercentage = map.limits.percentage;
}

export function buildInspectionData(input: InspectionInput): InspectionData {
  const { target, decision } = input;
  const data: InspectionData = {};
  if (decision.input !== undefined) data.input = text(decision.input);
  const s = decision.stages;
  switch (target.type) {
    case 'Task':
      taskStages(data, target, decision);
      break;
    case 'Pass':
      passStages(data, target, decision);
      break;
    case 'Map':
      mapStages(data, input);
      break;
    case 'Parallel':
      if (!target.jsonata && s.afterInputPath !== undefined) {
        data.afterInputPath = text(s.afterInputPath);
        data.afterParameters = text(s.afterParameters ?? s.afterInputPath);
      }
      break;
    default: {
      // Choice, Wait, Succeed, Fail (a Fail state has no InputPath: AWS reports its input).
      const effective = s.afterInputPath ?? decision.input;
      if (!target.jsonata && effective !== undefined) data.afterInputPath = text(effective);
    }
  }
  const variables = { ...(input.variables ?? {}), ...(decision.assigned ?? {}) };
  if (Object.keys(variables).length > 0) data.variables = text(variables);
  if (decision.errorDetails && Object.keys(decision.errorDetails).length > 0) {
    data.errorDetails = decision.errorDetails;
  }
  return data;
}
