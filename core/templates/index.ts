// Public API of template loading: state machines where teams keep them (SAM, CloudFormation, CDK,
// Serverless Framework, Terraform), resolved to plain definitions with a source map back into the
// template. Pure: every file read goes through the injected TemplateFileSystem. Never throws.

export { loadStateMachines, machineMatches } from './load';
export { splitSelector } from './selector';
export { childMachinesNamedBy, type NamedChildMachine } from './childMachines';
export { TemplateCode, TEMPLATE_CODES } from './codes';
export { locateInTemplate, summarizeMachine, type MachineSummary } from './summary';
export { definitionSourceOf } from './modelSource';
export { isTemplateDocument } from './detect';
export { checkableRole, type CheckableRole } from './executionRole';
export type {
  DeploymentContext,
  DirectoryEntry,
  FileReadResult,
  LoadOptions,
  LoadResult,
  LogicalResourceValue,
  SourceMapEntry,
  TemplateDiagnostic,
  TemplateFileSystem,
  TemplateFormat,
  TemplateFunction,
  TemplateLocation,
  TemplateMachine,
  TemplatePlaceholder,
  TemplateRole,
} from './types';
