// Stepthrough core: the public API shared by the CLI, the language server, the debugger, the
// test runner and library users. Nothing here touches the file system or an editor.

export * from './interpreter';
export {
  StatesError,
  StepthroughError,
  FileAccessError,
  ErrorNames,
  type FileAccessErrorCode,
  DefinitionError,
  formatDefinitionDiagnostic,
  diagnosticJson,
  type DefinitionDiagnostic,
  type DiagnosticJson,
  type StepthroughErrorCode,
} from './errors';
export {
  definitionErrors,
  definitionWarnings,
  assertRunnable,
  loadRunnableDefinition,
} from './validate/beforeRun';
export type { JsonValue, JsonObject, JsonPrimitive } from './json';
export { jsonEquals, cloneJson, MAX_INPUT_DEPTH } from './json';
export type { Diagnostic, Range, Position, OffsetRange, Severity } from './diagnostics';
export { LineMap } from './diagnostics';
export {
  simpleMocks,
  mockConfigFile,
  listMockConfigTestCases,
  isMockConfigFile,
  combineMocks,
  integrationOf,
  type Integration,
  type MockSource,
  type MockResponse,
  type TaskHandler,
} from './mocks';
export { parseDocument, type ParsedDocument } from './parse';
export {
  definitionModel,
  definitionModelOfValue,
  findStateByName,
  stateAtLine,
  stateAtOffset,
  stateAtPath,
  stateAtSourceLine,
  sourceRange,
  definitionOffset,
  isAslFileName,
  isStateMachine,
  looksLikeStateMachine,
  stateMachineEvidence,
  stateMachineNameOf,
  type DocumentFacts,
  type DefinitionModel,
  type DefinitionSource,
  type ScopeModel,
  type SourceLocation,
  type SourceMap,
  type StateLocation,
  type TransitionRef,
} from './model';
export { parseJsonPath } from './jsonpath';
export { validate, validateDocument, DIAGNOSTIC_CODES, type ValidateOptions } from './validate';
export { parseIntrinsic, INTRINSIC_SIGNATURES } from './intrinsics';
export * from './testing';
export * from './teststate';
export * from './iam';
export {
  loadStateMachines,
  splitSelector,
  machineMatches,
  summarizeMachine,
  locateInTemplate,
  TemplateCode,
  TEMPLATE_CODES,
  definitionSourceOf,
  isTemplateDocument,
  type MachineSummary,
  type DeploymentContext,
  type DirectoryEntry,
  type FileReadResult,
  type LoadOptions,
  type LoadResult,
  type LogicalResourceValue,
  type SourceMapEntry,
  type TemplateDiagnostic,
  type TemplateFileSystem,
  type TemplateFormat,
  type TemplateFunction,
  type TemplateLocation,
  type TemplateMachine,
  type TemplatePlaceholder,
  type TemplateRole,
} from './templates';
export * from './replay';
