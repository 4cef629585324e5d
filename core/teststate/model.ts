// The TestState operation's request and response, field for field as the AWS SDKs define them
// (botocore's `stepfunctions` service model, `@aws-sdk/client-sfn`'s TestStateInput/TestStateOutput):
// payloads (input, variables, context, results, every inspection stage) are JSON *strings*.

export const INSPECTION_LEVELS = ['INFO', 'DEBUG', 'TRACE'] as const;
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

export const MOCK_VALIDATION_MODES = ['STRICT', 'PRESENT', 'NONE'] as const;
export type MockResponseValidationMode = (typeof MOCK_VALIDATION_MODES)[number];

export const TEST_EXECUTION_STATUSES = ['SUCCEEDED', 'FAILED', 'RETRIABLE', 'CAUGHT_ERROR'] as const;
export type TestExecutionStatus = (typeof TEST_EXECUTION_STATUSES)[number];

export interface MockErrorOutput {
  error?: string;
  cause?: string;
}

export interface MockInput {
  /** A JSON string: the state's raw result (a Task's service response, a Map's or Parallel's result). */
  result?: string;
  errorOutput?: MockErrorOutput;
  /** How strictly `result` is checked against the service's API model; default STRICT. */
  fieldValidationMode?: MockResponseValidationMode;
}

export interface TestStateConfiguration {
  /** Retries already made by the Retry rule that applies to the mocked error. */
  retrierRetryCount?: number;
  /** The state inside a Map or Parallel the mocked error comes from. */
  errorCausedByState?: string;
  /** Map iterations that failed. */
  mapIterationFailureCount?: number;
  /** A JSON string: what a Distributed Map's ItemReader reads. */
  mapItemReaderData?: string;
}

export interface TestStateRequest {
  /** A state's definition, or a whole state machine's (then `stateName` names the state). */
  definition: string;
  roleArn?: string;
  input?: string;
  inspectionLevel?: InspectionLevel;
  revealSecrets?: boolean;
  variables?: string;
  stateName?: string;
  mock?: MockInput;
  context?: string;
  stateConfiguration?: TestStateConfiguration;
}

export interface InspectionErrorDetails {
  catchIndex?: number;
  retryIndex?: number;
  retryBackoffIntervalSeconds?: number;
}

export interface InspectionDataRequest {
  protocol?: string;
  method?: string;
  url?: string;
  headers?: string;
  body?: string;
}

export interface InspectionDataResponse {
  protocol?: string;
  statusCode?: string;
  statusMessage?: string;
  headers?: string;
  body?: string;
}

export interface InspectionData {
  input?: string;
  afterArguments?: string;
  afterInputPath?: string;
  afterParameters?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  request?: InspectionDataRequest;
  response?: InspectionDataResponse;
  variables?: string;
  errorDetails?: InspectionErrorDetails;
  afterItemsPath?: string;
  afterItemSelector?: string;
  afterItemBatcher?: string;
  afterItemsPointer?: string;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  maxConcurrency?: number;
}

export interface TestStateResponse {
  output?: string;
  error?: string;
  cause?: string;
  inspectionData?: InspectionData;
  nextState?: string;
  status?: TestExecutionStatus;
}

/** The exceptions the TestState operation declares, plus ValidationException's reasons. */
export type TestStateExceptionName =
  'InvalidArn' | 'InvalidDefinition' | 'InvalidExecutionInput' | 'ValidationException';
