// State machine operations: CreateStateMachine, DescribeStateMachine, UpdateStateMachine,
// DeleteStateMachine, ListStateMachines, ValidateStateMachineDefinition, and tags (TagResource,
// UntagResource, ListTagsForResource) on state machines and activities. Behaviour as AWS documents it:
// CreateStateMachine is idempotent for the same name, definition, type, logging and tracing; `publish`
// makes numbered versions (their ARNs start executions); deleting an unknown machine is not an error.

import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../core';
import { checkName, parseArn, parseStateMachineArn, stateMachineArn } from '../arns';
import type { Backend } from '../backend';
import { checkDefinition, definitionProblems } from '../definitions';
import {
  ApiError,
  invalidArn,
  resourceNotFound,
  stateMachineAlreadyExists,
  stateMachineDoesNotExist,
} from '../errors';
import { pageAfterKey, pageSize } from '../paging';
import type { StateMachineRecord, StateMachineType, StateMachineVersion } from '../records';
import { epochSeconds, flag, integer, text, type Input, type Operation } from './types';

const MAX_TAGS = 50;

function checkRoleArn(roleArn: string): string {
  if (!/^arn:[^:]+:iam::\d{12}:role\/.+$/.test(roleArn))
    throw invalidArn(`Resource type not valid in this context: ${roleArn}`);
  return roleArn;
}

function loggingConfiguration(given: unknown): JsonObject {
  const config = (given ?? {}) as {
    level?: string;
    includeExecutionData?: boolean;
    destinations?: unknown[];
  };
  const level = config.level ?? 'OFF';
  const destinations = config.destinations ?? [];
  if (destinations.length > 1 || (level !== 'OFF' && destinations.length !== 1))
    throw new ApiError(
      'InvalidLoggingConfiguration',
      'Invalid Logging Configuration: Must specify exactly one Log Destination.',
    );
  const out: JsonObject = { level, includeExecutionData: config.includeExecutionData ?? false };
  if (destinations.length > 0) out.destinations = destinations as JsonObject[];
  return out;
}

function tracingConfiguration(given: unknown): JsonObject {
  return { enabled: (given as { enabled?: boolean } | undefined)?.enabled ?? false };
}

function encryptionConfiguration(given: unknown): JsonObject {
  return (given as JsonObject | undefined) ?? { type: 'AWS_OWNED_KEY' };
}

function addTags(tags: Map<string, string>, given: unknown): void {
  for (const tag of (given ?? []) as { key?: string; value?: string }[]) {
    if (tag.key !== undefined) tags.set(tag.key, tag.value ?? '');
  }
  if (tags.size > MAX_TAGS)
    throw new ApiError('TooManyTags', `Too many tags: a resource can have at most ${MAX_TAGS} tags.`);
}

function publishVersion(
  machine: StateMachineRecord,
  description: string | undefined,
  now: number,
): StateMachineVersion {
  const latest = machine.versions[machine.versions.length - 1];
  if (latest && latest.definition === machine.definition && latest.roleArn === machine.roleArn) return latest;
  const version = (latest?.version ?? 0) + 1;
  const published: StateMachineVersion = {
    version,
    arn: `${machine.arn}:${version}`,
    definition: machine.definition,
    roleArn: machine.roleArn,
    creationDate: now,
    revisionId: machine.revisionId ?? randomUUID(),
    ...(description !== undefined ? { description } : {}),
  };
  machine.versions.push(published);
  return published;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const createStateMachine: Operation = (backend, input) => {
  const name = checkName(input.name as string);
  const definition = input.definition as string;
  const roleArn = checkRoleArn(input.roleArn as string);
  const type = (text(input, 'type') ?? 'STANDARD') as StateMachineType;
  const publish = flag(input, 'publish') === true;
  const versionDescription = text(input, 'versionDescription');
  if (!publish && versionDescription !== undefined)
    throw new ApiError('ValidationException', 'Version description can only be set when publish is true');
  const logging = loggingConfiguration(input.loggingConfiguration);
  const tracing = tracingConfiguration(input.tracingConfiguration);
  const arn = stateMachineArn(backend.scope, name);
  const existing = backend.machines.get(arn);
  if (existing) {
    const same =
      existing.definition === definition &&
      existing.type === type &&
      sameJson(existing.loggingConfiguration, logging) &&
      sameJson(existing.tracingConfiguration, tracing);
    if (!same) throw stateMachineAlreadyExists(arn);
    return { stateMachineArn: arn, creationDate: epochSeconds(existing.creationDate) };
  }
  checkDefinition(definition, type);
  const now = backend.clock.now();
  const machine: StateMachineRecord = {
    arn,
    name,
    type,
    definition,
    roleArn,
    creationDate: now,
    loggingConfiguration: logging,
    tracingConfiguration: tracing,
    encryptionConfiguration: encryptionConfiguration(input.encryptionConfiguration),
    tags: new Map(),
    versions: [],
  };
  addTags(machine.tags, input.tags);
  backend.machines.set(arn, machine);
  const out: Record<string, unknown> = { stateMachineArn: arn, creationDate: epochSeconds(now) };
  if (publish) out.stateMachineVersionArn = publishVersion(machine, versionDescription, now).arn;
  return out;
};

/** The machine (and version) an ARN names; StateMachineDoesNotExist when there is none. */
export function resolveStateMachine(
  backend: Backend,
  arn: string,
  allowTestCase = false,
): { machine: StateMachineRecord; version?: StateMachineVersion; testCase?: string } {
  const ref = parseStateMachineArn(arn, allowTestCase);
  const machine = backend.machines.get(ref.machineArn);
  const shown = arn.split('#')[0] ?? arn;
  if (!machine) throw stateMachineDoesNotExist(shown);
  if (ref.version === undefined) return { machine, ...(ref.testCase ? { testCase: ref.testCase } : {}) };
  const version = machine.versions.find((v) => v.version === ref.version);
  if (!version) throw stateMachineDoesNotExist(shown);
  return { machine, version, ...(ref.testCase ? { testCase: ref.testCase } : {}) };
}

const describeStateMachine: Operation = (backend, input) => {
  const arn = input.stateMachineArn as string;
  const { machine, version } = resolveStateMachine(backend, arn);
  const out: Record<string, unknown> = {
    stateMachineArn: version?.arn ?? machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: version?.definition ?? machine.definition,
    roleArn: version?.roleArn ?? machine.roleArn,
    type: machine.type,
    creationDate: epochSeconds(version?.creationDate ?? machine.creationDate),
    loggingConfiguration: machine.loggingConfiguration,
    tracingConfiguration: machine.tracingConfiguration,
    encryptionConfiguration: machine.encryptionConfiguration,
  };
  const revisionId = version?.revisionId ?? machine.revisionId;
  if (revisionId !== undefined) out.revisionId = revisionId;
  if (version?.description !== undefined) out.description = version.description;
  return out;
};

const updateStateMachine: Operation = (backend, input) => {
  const arn = input.stateMachineArn as string;
  const ref = parseStateMachineArn(arn);
  if (ref.version !== undefined) throw invalidArn(`Resource type not valid in this context: ${arn}`);
  const machine = backend.machines.get(ref.machineArn);
  if (!machine) throw stateMachineDoesNotExist(arn);
  const definition = text(input, 'definition');
  const roleArn = text(input, 'roleArn');
  const changes = [
    'definition',
    'roleArn',
    'loggingConfiguration',
    'tracingConfiguration',
    'encryptionConfiguration',
  ];
  if (!changes.some((key) => input[key] !== undefined && input[key] !== null))
    throw new ApiError(
      'MissingRequiredParameter',
      'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified',
    );
  const publish = flag(input, 'publish') === true;
  const versionDescription = text(input, 'versionDescription');
  if (!publish && versionDescription !== undefined)
    throw new ApiError('ValidationException', 'Version description can only be set when publish is true');
  if (definition !== undefined) checkDefinition(definition, machine.type);
  if (roleArn !== undefined) checkRoleArn(roleArn);
  const logging = input.loggingConfiguration ? loggingConfiguration(input.loggingConfiguration) : undefined;
  const now = backend.clock.now();
  if (definition !== undefined) machine.definition = definition;
  if (roleArn !== undefined) machine.roleArn = roleArn;
  if (logging) machine.loggingConfiguration = logging;
  if (input.tracingConfiguration)
    machine.tracingConfiguration = tracingConfiguration(input.tracingConfiguration);
  if (input.encryptionConfiguration)
    machine.encryptionConfiguration = encryptionConfiguration(input.encryptionConfiguration);
  machine.updateDate = now;
  machine.revisionId = randomUUID();
  const out: Record<string, unknown> = { updateDate: epochSeconds(now), revisionId: machine.revisionId };
  if (publish) out.stateMachineVersionArn = publishVersion(machine, versionDescription, now).arn;
  return out;
};

const deleteStateMachine: Operation = (backend, input) => {
  const arn = input.stateMachineArn as string;
  const ref = parseStateMachineArn(arn);
  const machine = backend.machines.get(ref.machineArn);
  if (!machine) return {};
  if (ref.version === undefined) backend.machines.delete(ref.machineArn);
  else machine.versions = machine.versions.filter((v) => v.version !== ref.version);
  return {};
};

const listStateMachines: Operation = (backend, input) => {
  const machines = [...backend.machines.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const { page, nextToken } = pageAfterKey(
    machines,
    (m) => m.arn,
    'ListStateMachines',
    integer(input, 'maxResults'),
    text(input, 'nextToken'),
  );
  return {
    stateMachines: page.map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: m.type,
      creationDate: epochSeconds(m.creationDate),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

const validateStateMachineDefinition: Operation = (_backend, input) => {
  const type = (text(input, 'type') ?? 'STANDARD') as StateMachineType;
  const withWarnings = text(input, 'severity') === 'WARNING';
  const problems = definitionProblems(input.definition as string, type).filter(
    (p) => p.severity === 'ERROR' || withWarnings,
  );
  const limit = pageSize(integer(input, 'maxResults'));
  return {
    result: problems.some((p) => p.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: problems.slice(0, limit),
    truncated: problems.length > limit,
  };
};

function taggable(backend: Backend, arn: string): Map<string, string> {
  const parsed = parseArn(arn, ['stateMachine', 'activity']);
  const record = parsed.type === 'activity' ? backend.activities.get(arn) : backend.machines.get(arn);
  if (!record) throw resourceNotFound(arn);
  return record.tags;
}

const tagResource: Operation = (backend, input: Input) => {
  addTags(taggable(backend, input.resourceArn as string), input.tags);
  return {};
};

const untagResource: Operation = (backend, input) => {
  const tags = taggable(backend, input.resourceArn as string);
  for (const key of input.tagKeys as string[]) tags.delete(key);
  return {};
};

const listTagsForResource: Operation = (backend, input) => ({
  tags: [...taggable(backend, input.resourceArn as string)].map(([key, value]) => ({ key, value })),
});

export const STATE_MACHINE_OPERATIONS: Record<string, Operation> = {
  CreateStateMachine: createStateMachine,
  DescribeStateMachine: describeStateMachine,
  UpdateStateMachine: updateStateMachine,
  DeleteStateMachine: deleteStateMachine,
  ListStateMachines: listStateMachines,
  ValidateStateMachineDefinition: validateStateMachineDefinition,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
