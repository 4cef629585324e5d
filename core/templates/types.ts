// The public shapes of template loading: the injected file system, the machines found in a template,
// their placeholders, logical resources, execution role, source map and located diagnostics.

import type { Range } from '../diagnostics';
import type { PolicyStatement } from '../iam';
import type { JsonValue } from '../json';

/** What a read gives back: the text, or why there is none. Never thrown. */
export type FileReadResult =
  | { ok: true; text: string }
  | {
      ok: false;
      /** ENOENT when the file does not exist; anything else is a read failure (too big, a device, denied...). */
      code: 'ENOENT' | 'EISDIR' | 'EREAD';
      message: string;
    };

export interface DirectoryEntry {
  name: string;
  kind: 'file' | 'directory';
}

/**
 * The only I/O template loading does, injected by the caller (the CLI, the language server, a host layer
 * with bounded reads). Paths are the caller's own (absolute or relative to its working directory), joined
 * with '/'. Either method may answer synchronously or with a promise.
 */
export interface TemplateFileSystem {
  readFile(path: string): FileReadResult | Promise<FileReadResult>;
  /** The entries of a directory, or undefined when `path` is not a directory (a file, or nothing). */
  readDirectory(path: string): DirectoryEntry[] | undefined | Promise<DirectoryEntry[] | undefined>;
}

export type TemplateFormat = 'sam' | 'cloudformation' | 'cdk' | 'serverless' | 'terraform';

/** A place in a template (or in a file it names). */
export interface TemplateLocation {
  file: string;
  /** Offsets into that file's text, end exclusive. */
  start: number;
  end: number;
  range: Range;
}

export interface TemplateDiagnostic {
  /** Stable code, TPL001..., documented in docs/diagnostics.md. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Where the problem is; undefined only when no file could be named (a path that does not exist). */
  location: TemplateLocation | undefined;
}

/** One `${...}` of the definition as written. */
export interface TemplatePlaceholder {
  /** The text between `${` and its matching `}`: `OrderFn`, `AWS::Region`, `var.table`, `self:custom.x`. */
  key: string;
  /** Where the template supplies its value: DefinitionSubstitutions, Fn::Sub, a Terraform template, serverless variables. */
  source: 'DefinitionSubstitutions' | 'Fn::Sub' | 'terraform' | 'serverless' | 'none';
  /** True when the template itself binds it (statically or as a deployed-value placeholder). */
  resolvable: boolean;
  /** The text it became in the resolved definition (the literal `${key}` when unbound). */
  value: string;
  location: TemplateLocation | undefined;
}

/** A value that only exists once deployed, replaced by a stable, realistic stand-in. */
export interface LogicalResourceValue {
  /** The stand-in as it appears in the resolved definition, e.g. an ARN. */
  value: string;
  /** The template's name for the resource: CloudFormation logical ID, Terraform address, serverless function key. */
  logicalId: string;
  /** Its type when known: `AWS::Lambda::Function`, `aws_lambda_function`... */
  resourceType: string | undefined;
  /** `Arn`, `Ref`, `Name`... */
  attribute: string;
}

/** The execution role read from the template, in the shape core/iam consumes. */
export interface TemplateRole {
  /** Logical ID / address of the role, or `<machine>Role` for the role SAM generates. */
  logicalId: string;
  roleArn: string | undefined;
  statements: PolicyStatement[];
  /** Grants the template does not spell out (managed policy ARNs, unknown SAM policy templates...). */
  unknown: string[];
  location: TemplateLocation | undefined;
}

/** From a path in the resolved definition (`['States','Pay']`) to where it is written. */
export interface SourceMapEntry {
  path: (string | number)[];
  location: TemplateLocation;
}

export interface TemplateMachine {
  format: TemplateFormat;
  /** The file that declares the machine (for a Terraform module call passing the definition, the calling file). */
  file: string;
  /** Logical ID, serverless key, or Terraform address (`module.orders.aws_sfn_state_machine.this[0]`). */
  id: string;
  /** Other names a selector may use: the CDK construct path (`MyStack/OrderFlow`). */
  aliases: string[];
  /** The machine's name when the template gives it as a literal; otherwise null. */
  name: string | null;
  /** Where the machine is declared (the resource / block / key). */
  location: TemplateLocation | undefined;
  /** Where its definition is written (inline, a DefinitionUri file, a templatefile()...). */
  definitionLocation: TemplateLocation | undefined;
  /** The resolved definition as JSON text, or undefined when it could not be resolved. */
  definitionText: string | undefined;
  definition: JsonValue | undefined;
  /** Paths in the resolved definition back to the template: the root, each top-level field, each state and its fields. */
  sourceMap: SourceMapEntry[];
  placeholders: TemplatePlaceholder[];
  logicalResources: LogicalResourceValue[];
  /** Per state name, the logical IDs of the resources its Resource/Parameters/Arguments name. */
  stateResources: Record<string, string[]>;
  /** The Lambda functions (AWS::Serverless::Function, AWS::Lambda::Function) the machine's Tasks call, by logical ID. */
  functions: Record<string, TemplateFunction>;
  /** Per Task state that invokes one of `functions` (lambda:invoke or a function ARN), its logical ID. */
  taskFunctions: Record<string, string>;
  role: TemplateRole | undefined;
  diagnostics: TemplateDiagnostic[];
}

/** A Lambda function of the template, as far as running its code locally needs it. */
export interface TemplateFunction {
  logicalId: string;
  resourceType: 'AWS::Serverless::Function' | 'AWS::Lambda::Function';
  /** The folder of its code (CodeUri, or Code given as a local path), joined to the template's folder. */
  codeUri: string | undefined;
  /** Why the code is not a local folder (inline code, S3, a container image), when it is not. */
  codeNotLocal?: string;
  /** `Handler` as written (`app.handler`, `src/charge.handler`), SAM Globals applied. */
  handler: string | undefined;
  /** `Runtime` (`nodejs20.x`, `python3.12`), SAM Globals applied. */
  runtime: string | undefined;
  /** `Timeout` in seconds (Lambda's default, 3, when absent). */
  timeoutSeconds: number | undefined;
  memoryMB: number | undefined;
  /** `Environment.Variables`, evaluated (Ref/GetAtt as their stand-ins), SAM Globals merged under them. */
  environment: Record<string, string>;
  location: TemplateLocation | undefined;
}

export interface LoadResult {
  machines: TemplateMachine[];
  /** Problems that belong to no machine: unreadable or malformed files, no state machine found. */
  diagnostics: TemplateDiagnostic[];
}

/** Values a deployed stack would have, used in the stand-ins. */
export interface DeploymentContext {
  region: string;
  accountId: string;
  partition: string;
  /** The stack name in stand-in names; default: the template's directory name. */
  stackName?: string;
  /** Serverless `--stage`; default `dev` (or the template's fallback). */
  stage?: string;
}

export interface LoadOptions {
  fileSystem: TemplateFileSystem;
  context?: Partial<DeploymentContext>;
}
