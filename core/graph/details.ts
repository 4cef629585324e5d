// The short second line of a graph node: what a Task calls, how long a Wait waits, a distributed Map.

import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';

/** `arn:aws:states:::lambda:invoke` → `lambda:invoke`; a Lambda ARN → `lambda NAME`; others as written. */
export function shortResource(resource: string): string {
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(resource);
  if (integration?.[1]) return integration[1].replace(/^aws-sdk:/, '');
  const lambda = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(resource);
  if (lambda?.[1]) return `lambda ${lambda[1]}`;
  const activity = /^arn:[^:]+:states:[^:]*:[^:]*:activity:(.+)$/.exec(resource);
  if (activity?.[1]) return `activity ${activity[1]}`;
  return resource;
}

function formatSeconds(seconds: number): string {
  if (seconds >= 86400 && seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function waitDetail(state: JsonObject): string | undefined {
  const seconds: JsonValue | undefined = state['Seconds'];
  if (typeof seconds === 'number') return formatSeconds(seconds);
  if (typeof seconds === 'string') return seconds;
  if (typeof state['SecondsPath'] === 'string') return state['SecondsPath'];
  const timestamp = state['Timestamp'] ?? state['TimestampPath'];
  if (typeof timestamp === 'string') return `until ${timestamp}`;
  return undefined;
}

function mapDetail(state: JsonObject): string | undefined {
  const processor = state['ItemProcessor'];
  const config = isJsonObject(processor) ? processor['ProcessorConfig'] : undefined;
  if (isJsonObject(config) && config['Mode'] === 'DISTRIBUTED') return 'Distributed';
  return undefined;
}

/** The detail line for a state, or undefined when there is nothing worth showing. */
export function stateDetail(state: JsonObject): string | undefined {
  switch (state['Type']) {
    case 'Task':
      return typeof state['Resource'] === 'string' ? shortResource(state['Resource']) : undefined;
    case 'Wait':
      return waitDetail(state);
    case 'Map':
      return mapDetail(state);
    default:
      return undefined;
  }
}
