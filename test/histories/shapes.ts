// AWS's recorded execution histories (../shared/histories, see its README) loaded for the suites over
// them (the replay is core's: core/replay's importHistory gives the input and mocks), and a comparison
// of two histories' shapes: each event's type, id, previousEventId, details field and its fields' names.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../core/json';

export interface HistoryCase {
  name: string;
  category: string;
  dir: string;
  definition: JsonObject;
  events: RecordedEvent[];
}

export type { RecordedEvent } from '../../core';
import type { RecordedEvent } from '../../core';

export function loadHistoryCases(root: string): HistoryCase[] {
  const lines = readFileSync(join(root, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const caseCol = header.indexOf('case');
  const categoryCol = header.indexOf('category');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const name = cells[caseCol] ?? '';
    const category = cells[categoryCol] ?? '';
    const dir = join(root, category, name);
    const definition = JSON.parse(readFileSync(join(dir, 'definition.asl.json'), 'utf8')) as JsonObject;
    const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as {
      events: RecordedEvent[];
    };
    return { name, category, dir, definition, events: history.events };
  });
}

function detailsOf(event: Record<string, unknown>): [string, Record<string, unknown>] | undefined {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key === undefined ? undefined : [key, event[key] as Record<string, unknown>];
}

/** Whether the recorder normalised a Parallel block of this history (ids replaced by lists). */
export function isNormalised(events: RecordedEvent[]): boolean {
  return events.some((e) => typeof e.id !== 'number');
}

/** An event's shape: type, ids, details field, its fields' names. */
export function shapeOf(event: Record<string, unknown>): string {
  const details = detailsOf(event);
  const fields = details ? `${details[0]}{${Object.keys(details[1]).sort().join(',')}}` : '-';
  return `${String(event.id)}<-${String(event.previousEventId)} ${String(event.type)} ${fields}`;
}

const NORMALISED =
  "The recorder normalised this Parallel block (README, 'Parallel-normalised histories'): ids inside it are not AWS's.";

/** Cases that cannot match, and why. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'errors/activities__activity_task_on_deleted':
    'AWS refused the Task because its Activity had been deleted: a check on AWS resources, not on the definition.',
  'errors/apigetway_task_service__invoke_with_headers__singleStringHeader':
    "AWS's API Gateway integration refused the request's Headers before the call: integration-specific parameter validation the engine does not do.",
  'map/assign_reference_variables__reference_in_map_state_max_items_path__MAP_STATE_REFERENCE_IN__2d08768c':
    'The ItemReader read an S3 object the history does not hold, so no items can be given to the run.',
  'map/scenarios.base_scenarios__map_state_config_distributed_reentrant_lambda':
    'The child executions ran a Lambda whose results live in their own histories, which were not recorded: no mocks exist for it.',
  'map/scenarios.base_scenarios__map_state_config_distributed_reentrant':
    "Recorded in May 2024, when AWS linked a Distributed Map's MapStateExited to MapRunSucceeded; the recordings of November 2024 link it to MapRunStarted, which the engine follows.",
  'callback/callback__sqs_failure_in_wait_for_task_tok_no_error_field__SQS_PARALLEL_WAIT_FOR_TASK_TOKEN':
    "AWS writes TaskStateAborted after a Task that fails inside a Parallel branch, before the Parallel's failure (the recorder's normalised Parallel cases in parallel/ show it too); the engine does not write it yet.",
};

/**
 * The recorder replaced each Activity's ARN in the definitions by the placeholder `activity_arn`
 * (../shared/histories/README.md); the Task is an Activity, so it gets an Activity's ARN back.
 */
export function withActivityArns(definition: JsonObject): JsonObject {
  const text = JSON.stringify(definition).replaceAll(
    '"Resource":"activity_arn"',
    '"Resource":"arn:aws:states:us-east-1:111111111111:activity:activity_arn"',
  );
  return JSON.parse(text) as JsonObject;
}

/** Why a recorded case cannot match the engine's history, or undefined when it must. */
export function knownDifference(c: HistoryCase): string | undefined {
  if (isNormalised(c.events)) return NORMALISED;
  return KNOWN_DIFFERENCES[`${c.category}/${c.name}`];
}
