// TEMPORARY — DELETE THIS FILE when the `interp` branch (the engine's AWS-shaped history) is merged into
// main: from then on the engine's HistoryEvent already has AWS's field names, `...EventDetails` objects
// and previousEventId 0 for the first state's entry, and api/history.ts takes engine events as they are.
// Until then this is the one place that turns today's engine events ({type, details: {...}}) into that
// shape. It covers the field names and the first entry's previousEventId, not AWS's linking of Map
// iteration ends (interp's engine does that).

import type { HistoryEvent } from '../core';
import type { AwsShapedEvent } from './history';

const NOT_TRUNCATED = { truncated: false } as const;
/** The engine writes this when a Task declares no TimeoutSeconds; AWS then writes none. */
const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

/** `arn:aws:states:::lambda:invoke` -> lambda / invoke; `...:::aws-sdk:s3:getObject` -> aws-sdk:s3 / getObject. */
export function taskResourceOf(resource: string): { resourceType: string; resource: string } {
  const match = /^arn:[^:]+:states:[^:]*:[^:]*:(.+)$/.exec(resource);
  if (!match?.[1]) return { resourceType: resource, resource };
  const rest = match[1];
  const cut = rest.lastIndexOf(':');
  return cut < 0
    ? { resourceType: rest, resource: rest }
    : { resourceType: rest.slice(0, cut), resource: rest.slice(cut + 1) };
}

function errorDetails(details: { error?: string; cause?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  if (details.error !== undefined) out.error = details.error;
  if (details.cause !== undefined && details.cause !== '') out.cause = details.cause;
  return out;
}

function detailsOf(event: HistoryEvent, region: string): [string, Record<string, unknown>] | undefined {
  const type = event.type;
  if (type.endsWith('StateEntered')) {
    const d = event.details as { name: string; input: unknown };
    return ['stateEnteredEventDetails', { name: d.name, input: d.input, inputDetails: NOT_TRUNCATED }];
  }
  if (type.endsWith('StateExited')) {
    const d = event.details as { name: string; output: unknown; assignedVariables?: unknown };
    const out: Record<string, unknown> = { name: d.name, output: d.output, outputDetails: NOT_TRUNCATED };
    if (d.assignedVariables !== undefined) {
      out.assignedVariables = d.assignedVariables;
      out.assignedVariablesDetails = NOT_TRUNCATED;
    }
    return ['stateExitedEventDetails', out];
  }
  switch (event.type) {
    case 'ExecutionStarted':
      return [
        'executionStartedEventDetails',
        { input: event.details.input, inputDetails: NOT_TRUNCATED, roleArn: event.details.roleArn },
      ];
    case 'ExecutionSucceeded':
      return [
        'executionSucceededEventDetails',
        { output: event.details.output, outputDetails: NOT_TRUNCATED },
      ];
    case 'ExecutionFailed':
      return ['executionFailedEventDetails', errorDetails(event.details)];
    case 'ExecutionTimedOut':
      return ['executionTimedOutEventDetails', errorDetails(event.details)];
    case 'ExecutionAborted':
      return ['executionAbortedEventDetails', errorDetails(event.details)];
    case 'TaskScheduled': {
      const d = event.details;
      const out: Record<string, unknown> = {
        ...taskResourceOf(d.resource),
        region,
        parameters: d.parameters,
      };
      if (d.timeoutInSeconds !== undefined && d.timeoutInSeconds !== DEFAULT_TIMEOUT_SECONDS)
        out.timeoutInSeconds = d.timeoutInSeconds;
      if (d.heartbeatInSeconds !== undefined) out.heartbeatInSeconds = d.heartbeatInSeconds;
      return ['taskScheduledEventDetails', out];
    }
    case 'TaskStarted':
      return ['taskStartedEventDetails', taskResourceOf(event.details.resource)];
    case 'TaskSucceeded':
      return [
        'taskSucceededEventDetails',
        {
          ...taskResourceOf(event.details.resource),
          output: event.details.output,
          outputDetails: NOT_TRUNCATED,
        },
      ];
    case 'TaskFailed':
    case 'TaskTimedOut':
      return [
        event.type === 'TaskFailed' ? 'taskFailedEventDetails' : 'taskTimedOutEventDetails',
        { ...taskResourceOf(event.details.resource), ...errorDetails(event.details) },
      ];
    case 'LambdaFunctionScheduled': {
      const d = event.details;
      const out: Record<string, unknown> = {
        resource: d.resource,
        input: d.parameters,
        inputDetails: NOT_TRUNCATED,
      };
      if (d.timeoutInSeconds !== undefined && d.timeoutInSeconds !== DEFAULT_TIMEOUT_SECONDS)
        out.timeoutInSeconds = d.timeoutInSeconds;
      return ['lambdaFunctionScheduledEventDetails', out];
    }
    case 'LambdaFunctionSucceeded':
      return [
        'lambdaFunctionSucceededEventDetails',
        { output: event.details.output, outputDetails: NOT_TRUNCATED },
      ];
    case 'LambdaFunctionFailed':
      return ['lambdaFunctionFailedEventDetails', errorDetails(event.details)];
    case 'LambdaFunctionTimedOut':
      return ['lambdaFunctionTimedOutEventDetails', errorDetails(event.details)];
    case 'MapStateStarted':
      return ['mapStateStartedEventDetails', { length: event.details.length ?? 0 }];
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'MapIterationAborted': {
      const key = `m${event.type.slice(1)}EventDetails`;
      return [key, { name: event.details.name, index: event.details.index }];
    }
    case 'MapRunFailed':
      return ['mapRunFailedEventDetails', errorDetails(event.details)];
    default:
      return undefined;
  }
}

/** Today's engine events in AWS's shape (see the note at the top: this file goes when interp lands). */
export function awsShapedEvents(events: readonly HistoryEvent[], region: string): AwsShapedEvent[] {
  const firstState = events.find((e) => e.type.endsWith('StateEntered'));
  return events.map((event) => {
    const shaped: AwsShapedEvent = {
      id: event.id,
      // AWS links the first state's entry to nothing (0), not to ExecutionStarted.
      previousEventId: event === firstState && event.previousEventId === 1 ? 0 : event.previousEventId,
      timestamp: event.timestamp,
      type: event.type,
    };
    const details = detailsOf(event, region);
    if (details) shaped[details[0]] = details[1];
    return shaped;
  });
}
