// What the server remembers for its life: state machines (with their published versions) and
// activities. Executions are ExecutionRun objects (execution.ts).

import type { JsonObject } from '../core';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineVersion {
  version: number;
  arn: string;
  definition: string;
  roleArn: string;
  creationDate: number;
  revisionId: string;
  description?: string;
}

export interface StateMachineRecord {
  arn: string;
  name: string;
  type: StateMachineType;
  definition: string;
  roleArn: string;
  creationDate: number;
  updateDate?: number;
  revisionId?: string;
  loggingConfiguration: JsonObject;
  tracingConfiguration: JsonObject;
  encryptionConfiguration: JsonObject;
  tags: Map<string, string>;
  versions: StateMachineVersion[];
}

export interface ActivityRecord {
  arn: string;
  name: string;
  creationDate: number;
  tags: Map<string, string>;
  encryptionConfiguration: JsonObject;
}
