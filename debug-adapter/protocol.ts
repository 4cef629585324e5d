// The messages the Stepthrough debug adapter exchanges beyond standard DAP: its launch configuration
// and its custom events (one DAP event name, a body discriminated by `type`). Declared once here;
// the VS Code extension and the graph import these types.

import type { DataStage, JsonValue, ScopePath } from '../core';

/** The DAP `type` of Stepthrough launch configurations. */
export const DEBUG_TYPE = 'stepthrough';

/** The name of every custom DAP event the adapter sends; the body is a `StepthroughEvent`. */
export const STEPTHROUGH_EVENT = 'stepthrough';

/** A launch configuration of type `stepthrough`. Relative paths resolve from `cwd`. */
export interface StepthroughLaunchArguments {
  /** The state machine file (JSON or YAML). Required unless `testFile` names it. */
  definition?: string;
  /** The execution input, inline. */
  input?: JsonValue;
  /** ... or a JSON/YAML file holding it. */
  inputFile?: string;
  /** Mocked Task responses: an inline object in the simple form `{State: [{Return}|{Throw}]}`, or a file path. */
  mocks?: string | Record<string, unknown>;
  /** An AWS Step Functions Local MockConfigFile (path or inline object) ... */
  mockConfig?: string | Record<string, unknown>;
  /** ... and the test case in it to use. */
  testCase?: string;
  /** The state machine in the MockConfigFile, when it defines several. */
  stateMachine?: string;
  /** A `*.sfn-test.yaml` file ... */
  testFile?: string;
  /** ... and the case in it to debug (its name, or its zero-based index). */
  case?: string | number;
  /** The execution role: an IAM role ARN, or a file holding the role's policy document. */
  role?: string;
  /** Stop before the first state. */
  stopOnEntry?: boolean;
  /**
   * Refuse a machine AWS would reject (default true): the launch fails showing its diagnostics.
   * false runs it anyway (AWS would reject this machine).
   */
  validate?: boolean;
  /** Values for `${Placeholders}` (an object or a file path). */
  substitutions?: string | Record<string, JsonValue>;
  /** Seed for random functions and retry jitter (default 0). */
  seed?: number;
  /** Simulated start time, ISO-8601. */
  startTime?: string;
  executionName?: string;
  maxTransitions?: number;
  /** Directory relative paths resolve from (default: the adapter's working directory). */
  cwd?: string;
  /** Standard DAP flag: run without stopping at breakpoints. */
  noDebug?: boolean;
}

/** What a state went through, as the graph shows it. */
export type StateStatus = 'entered' | 'succeeded' | 'failed' | 'caught' | 'retrying';

/** Identifies one state execution: which state, in which Map iteration / Parallel branch. */
export interface StateRef {
  state: string;
  /** Path of the state object in the definition, e.g. ['States','Work','Branches',0,'States','Inner']. */
  definitionPath: (string | number)[];
  scope: ScopePath;
  threadId: number;
}

export type StepthroughEvent =
  /** A run began: after launch, restart, or a replay for step back (the graph clears its marks). */
  | { type: 'runStarted'; definitionFile: string; reason: 'launch' | 'restart' | 'replay' }
  /** A state changed status; `next` is the state it goes to (succeeded, caught). */
  | ({
      type: 'stateStatus';
      status: StateStatus;
      next?: string;
      error?: string;
      cause?: string;
    } & StateRef)
  /** The execution stopped here (the active state). */
  | ({ type: 'paused'; reason: string; stage?: DataStage } & StateRef)
  /** The execution runs again. */
  | { type: 'resumed' }
  /** The run ended. */
  | {
      type: 'runEnded';
      status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
      output?: JsonValue;
      error?: string;
      cause?: string;
    };

export type StepthroughEventType = StepthroughEvent['type'];
