// Reads a TestState request as the AWS API would: every field's type and bounds from the service model,
// the JSON strings parsed (bad input is InvalidExecutionInput, a bad definition InvalidDefinition, the
// rest ValidationException), unknown fields refused as the SDKs refuse them.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { parseDocument } from '../parse';
import { closestMatch } from '../validate/suggest';
import { invalidDefinition, TestStateError, validationError } from './errors';
import {
  INSPECTION_LEVELS,
  MOCK_VALIDATION_MODES,
  type InspectionLevel,
  type MockResponseValidationMode,
} from './model';

/** Request fields, as the service model lists them. */
export const REQUEST_FIELDS = [
  'definition',
  'roleArn',
  'input',
  'inspectionLevel',
  'revealSecrets',
  'variables',
  'stateName',
  'mock',
  'context',
  'stateConfiguration',
] as const;
const MOCK_FIELDS = ['result', 'errorOutput', 'fieldValidationMode'];
const ERROR_OUTPUT_FIELDS = ['error', 'cause'];
const CONFIGURATION_FIELDS = [
  'retrierRetryCount',
  'errorCausedByState',
  'mapIterationFailureCount',
  'mapItemReaderData',
];

/** Length limits of the model (SensitiveData 262144, Definition 1048576, names 80, ARNs 256, ...). */
const MAX_DATA = 262_144;
const MAX_DEFINITION = 1_048_576;

export interface ParsedMock {
  /** The mocked result, parsed. */
  result?: JsonValue;
  errorOutput?: { error: string; cause?: string };
  mode: MockResponseValidationMode;
}

export interface ParsedRequest {
  definition: JsonObject;
  stateName?: string;
  roleArn?: string;
  input: JsonValue;
  inspectionLevel: InspectionLevel;
  revealSecrets: boolean;
  variables?: JsonObject;
  context?: JsonObject;
  mock?: ParsedMock;
  retrierRetryCount?: number;
  errorCausedByState?: string;
  mapIterationFailureCount?: number;
  mapItemReaderData?: JsonValue | string;
}

function refuseUnknown(object: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const near = closestMatch(key, allowed);
    throw validationError(
      `Unknown parameter in ${where}: "${key}", must be one of: ${allowed.join(', ')}`,
      near ? `Did you mean "${near}"?` : undefined,
    );
  }
}

function optionalString(
  object: JsonObject,
  key: string,
  where: string,
  max: number,
  min = 0,
): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw validationError(
      `Invalid type for parameter ${where}${key}: expected a string, got ${typeof value}`,
    );
  }
  if (value.length < min || value.length > max) {
    throw validationError(
      `Invalid length for parameter ${where}${key}: ${value.length} (it must be between ${min} and ${max} characters)`,
    );
  }
  return value;
}

function optionalCount(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw validationError(
      `Invalid value for parameter stateConfiguration.${key}: ${JSON.stringify(value)} (a whole number >= 0)`,
    );
  }
  return value;
}

/** JSON text the API takes as a string field; `what` decides the exception on bad JSON. */
function parseJsonText(text: string, field: string, invalid: (message: string) => TestStateError): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw invalid(`${field} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseDefinition(value: unknown): JsonObject {
  if (isJsonObject(value)) return value;
  if (typeof value !== 'string' || value.length === 0) {
    throw validationError(
      'Missing required parameter: definition (the state or state machine, as JSON text)',
    );
  }
  if (value.length > MAX_DEFINITION) {
    throw validationError(`definition is longer than ${MAX_DEFINITION} characters`);
  }
  const doc = parseDocument(value, { format: 'json' });
  const syntax = doc.diagnostics.find((d) => d.severity === 'error');
  if (syntax || !isJsonObject(doc.value)) {
    const where = syntax
      ? ` at line ${syntax.range.start.line + 1}, column ${syntax.range.start.character + 1}`
      : '';
    throw invalidDefinition(
      `Invalid State Machine Definition: ${syntax ? syntax.message : 'the definition is not a JSON object'}${where}`,
    );
  }
  return doc.value;
}

function parseMock(value: unknown): ParsedMock | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw validationError('mock must be an object with result or errorOutput');
  refuseUnknown(value, MOCK_FIELDS, 'mock');
  const modeValue = value.fieldValidationMode ?? 'STRICT';
  if (!MOCK_VALIDATION_MODES.includes(modeValue as MockResponseValidationMode)) {
    throw validationError(
      `Invalid value for mock.fieldValidationMode: ${JSON.stringify(modeValue)}; one of ${MOCK_VALIDATION_MODES.join(', ')}`,
    );
  }
  const mode = modeValue as MockResponseValidationMode;
  const resultText = optionalString(value, 'result', 'mock.', MAX_DATA);
  const errorValue = value.errorOutput;
  if (resultText !== undefined && errorValue !== undefined && errorValue !== null) {
    throw validationError('A mock has either result or errorOutput, not both');
  }
  if (resultText !== undefined) {
    // Even with fieldValidationMode NONE the result must be JSON (recorded on AWS: see teststate.test.ts).
    return { result: parseJsonText(resultText, 'mock.result', validationError), mode };
  }
  if (errorValue === undefined || errorValue === null) {
    throw validationError('A mock needs result (a JSON string) or errorOutput ({error, cause})');
  }
  if (!isJsonObject(errorValue)) throw validationError('mock.errorOutput must be an object {error, cause}');
  refuseUnknown(errorValue, ERROR_OUTPUT_FIELDS, 'mock.errorOutput');
  const error = optionalString(errorValue, 'error', 'mock.errorOutput.', 256);
  if (error === undefined) {
    throw validationError('mock.errorOutput.error is required when mock.errorOutput is specified');
  }
  const cause = optionalString(errorValue, 'cause', 'mock.errorOutput.', 32_768);
  return { errorOutput: cause === undefined ? { error } : { error, cause }, mode };
}

/** Checks and parses a TestState request. Throws TestStateError as the API would refuse it. */
export function readRequest(raw: unknown): ParsedRequest {
  if (!isJsonObject(raw))
    throw validationError('The request must be a JSON object (the TestState API request)');
  refuseUnknown(raw, REQUEST_FIELDS, 'the TestState request');
  const definition = parseDefinition(raw.definition);
  const level = raw.inspectionLevel ?? 'INFO';
  if (!INSPECTION_LEVELS.includes(level as InspectionLevel)) {
    throw validationError(
      `Invalid value for inspectionLevel: ${JSON.stringify(level)}; one of ${INSPECTION_LEVELS.join(', ')}`,
    );
  }
  if (raw.revealSecrets !== undefined && typeof raw.revealSecrets !== 'boolean') {
    throw validationError('revealSecrets must be a boolean');
  }
  const inputText = optionalString(raw, 'input', '', MAX_DATA);
  const input =
    inputText === undefined
      ? {}
      : parseJsonText(inputText, 'input', (m) => new TestStateError('InvalidExecutionInput', m));
  const request: ParsedRequest = {
    definition,
    input,
    inspectionLevel: level as InspectionLevel,
    revealSecrets: raw.revealSecrets === true,
  };
  const stateName = optionalString(raw, 'stateName', '', 80, 1);
  if (stateName !== undefined) request.stateName = stateName;
  const roleArn = optionalString(raw, 'roleArn', '', 256, 1);
  if (roleArn !== undefined) {
    if (!/^arn:[^:]+:iam::\d{12}:role\/.+/.test(roleArn)) {
      throw new TestStateError(
        'InvalidArn',
        `Invalid Arn: '${roleArn}'`,
        'An IAM role ARN: arn:aws:iam::123456789012:role/name',
      );
    }
    request.roleArn = roleArn;
  }
  const variablesText = optionalString(raw, 'variables', '', MAX_DATA);
  if (variablesText !== undefined) {
    const variables = parseJsonText(variablesText, 'variables', validationError);
    if (!isJsonObject(variables))
      throw validationError('variables must be a JSON object of variable names to values');
    request.variables = variables;
  }
  const mock = parseMock(raw.mock);
  if (mock) request.mock = mock;
  const contextText = optionalString(raw, 'context', '', MAX_DATA);
  if (contextText !== undefined) {
    if (!mock) throw validationError('context may only be specified together with a mock');
    const context = parseJsonText(contextText, 'context', validationError);
    if (!isJsonObject(context)) throw validationError('context must be a JSON object (a Context object)');
    request.context = context;
  }
  const configuration = raw.stateConfiguration;
  if (configuration !== undefined && configuration !== null) {
    if (!isJsonObject(configuration)) throw validationError('stateConfiguration must be an object');
    refuseUnknown(configuration, CONFIGURATION_FIELDS, 'stateConfiguration');
    const retries = optionalCount(configuration, 'retrierRetryCount');
    if (retries !== undefined) request.retrierRetryCount = retries;
    const failures = optionalCount(configuration, 'mapIterationFailureCount');
    if (failures !== undefined) request.mapIterationFailureCount = failures;
    const cause = optionalString(configuration, 'errorCausedByState', 'stateConfiguration.', 80, 1);
    if (cause !== undefined) request.errorCausedByState = cause;
    const readerText = optionalString(configuration, 'mapItemReaderData', 'stateConfiguration.', MAX_DATA);
    if (readerText !== undefined) {
      // The data "as found in its original source": JSON, or CSV / JSON Lines text.
      try {
        request.mapItemReaderData = JSON.parse(readerText) as JsonValue;
      } catch {
        request.mapItemReaderData = readerText;
      }
    }
  }
  return request;
}
