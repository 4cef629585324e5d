// Stepthrough core: the public API shared by the CLI, the language server, the debugger, the
// test runner and library users. Nothing here touches the file system or an editor.

export * from './interpreter';
export {
  StatesError,
  StepthroughError,
  FileAccessError,
  ErrorNames,
  type FileAccessErrorCode,
  type StepthroughErrorCode,
} from './errors';
export type { JsonValue, JsonObject, JsonPrimitive } from './json';
export { jsonEquals, cloneJson } from './json';
export type { Diagnostic, Range, Position, OffsetRange, Severity } from './diagnostics';
export { LineMap } from './diagnostics';
export {
  simpleMocks,
  mockConfigFile,
  listMockConfigTestCases,
  isMockConfigFile,
  combineMocks,
  type MockSource,
  type MockResponse,
  type TaskHandler,
} from './mocks';
export { parseDocument, stateAtLine, stateAtOffset, type ParsedDocument, type StateLocation } from './parse';
export { parseJsonPath } from './jsonpath';
export {
  validate,
  validateDocument,
  DIAGNOSTIC_CODES,
  isAslFileName,
  looksLikeStateMachine,
  type ValidateOptions,
} from './validate';
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
