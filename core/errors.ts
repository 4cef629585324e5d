// Typed errors: StatesError is an ASL runtime error (name + cause, catchable by Retry/Catch);
// StepthroughError is a user-facing mistake (bad file, bad option) with a code and advice;
// DefinitionError is the refusal of a definition AWS would reject, carrying its diagnostics.

import type { Diagnostic } from './diagnostics';

/** A runtime error inside an execution, named as AWS names it (States.Runtime, Lambda.ServiceException, ...). */
export class StatesError extends Error {
  readonly error: string;
  override readonly cause: string | undefined;
  /** Reported by a task (service) rather than raised by the interpreter: always catchable. */
  readonly fromTask: boolean;
  /**
   * A task timed out because no heartbeat came within HeartbeatSeconds: AWS names it States.Timeout in
   * the history (../shared/histories callback/heartbeats__heartbeat_timeout), and a Retry or Catch on
   * States.HeartbeatTimeout matches it ("only available inside Catch and Retry", AWS's error guide).
   */
  readonly heartbeat: boolean;
  constructor(error: string, cause?: string, options: { fromTask?: boolean; heartbeat?: boolean } = {}) {
    // An ASL error is data, not a bug: skip capturing a JavaScript stack (costly on every retry).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(cause === undefined ? error : `${error}: ${cause}`);
    Error.stackTraceLimit = limit;
    this.name = 'StatesError';
    this.error = error;
    this.cause = cause;
    this.fromTask = options.fromTask === true;
    this.heartbeat = options.heartbeat === true;
  }
}

/** Error names with AWS's meaning. */
export const ErrorNames = {
  ALL: 'States.ALL',
  Runtime: 'States.Runtime',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  DataLimitExceeded: 'States.DataLimitExceeded',
  IntrinsicFailure: 'States.IntrinsicFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  ParameterPathFailure: 'States.ParameterPathFailure',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  Permissions: 'States.Permissions',
} as const;

export type StepthroughErrorCode =
  | 'E_USAGE'
  | 'E_FILE_NOT_FOUND'
  | 'E_FILE_READ'
  | 'E_NOT_A_FILE'
  | 'E_FILE_TOO_LARGE'
  | 'E_UNTRUSTED_WORKSPACE'
  | 'E_FILE_WRITE'
  | 'E_PARSE'
  | 'E_INVALID_DEFINITION'
  | 'E_INVALID_INPUT'
  | 'E_INVALID_MOCKS'
  | 'E_MISSING_MOCK'
  | 'E_UNKNOWN_STATE'
  | 'E_INVALID_TEST_FILE'
  | 'E_INVALID_HISTORY'
  | 'E_INVALID_TEMPLATE'
  | 'E_INVALID_HANDLERS'
  | 'E_HANDLER_NOT_FOUND'
  | 'E_PYTHON_MISSING'
  | 'E_ABORTED'
  | 'E_TASK_TOKEN'
  | 'E_INTERNAL';

/** A mistake the user can fix: carries a stable code, a message and what to do about it. */
export class StepthroughError extends Error {
  readonly code: StepthroughErrorCode;
  readonly hint: string | undefined;
  readonly location: { file?: string; line?: number; column?: number } | undefined;
  constructor(
    code: StepthroughErrorCode,
    message: string,
    options: {
      hint?: string;
      location?: { file?: string; line?: number; column?: number };
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StepthroughError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }

  /** `file:line:col: message (hint)` for terminals. */
  format(): string {
    const loc = this.location;
    const where = loc?.file
      ? `${loc.file}${loc.line !== undefined ? `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}` : ''}: `
      : '';
    return `${where}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}

/** The codes of the files the host would not or could not read or write. */
export type FileAccessErrorCode =
  | 'E_FILE_NOT_FOUND'
  | 'E_FILE_READ'
  | 'E_NOT_A_FILE'
  | 'E_FILE_TOO_LARGE'
  | 'E_UNTRUSTED_WORKSPACE'
  | 'E_FILE_WRITE';

/**
 * A file the host (host/) refused or failed to read or write. `reason` completes a sentence that names
 * the file ("is a FIFO, not a regular file"), so a caller that names the file its own way (a test file
 * pointing at the key that names it) can say the same thing; `message` is the whole sentence, with
 * `subject` naming the file ("The input file '...' is ...").
 */
export class FileAccessError extends StepthroughError {
  declare readonly code: FileAccessErrorCode;
  readonly path: string;
  readonly reason: string;
  constructor(
    code: FileAccessErrorCode,
    path: string,
    subject: string,
    reason: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(code, `The ${subject} '${path}' ${reason}.`, { ...options, location: { file: path } });
    this.name = 'FileAccessError';
    this.path = path;
    this.reason = reason;
  }
}

/** A diagnostic of a refused definition, with where it is: the file (when the definition came from one) and the path of the node. */
export interface DefinitionDiagnostic extends Diagnostic {
  file?: string;
  /** Path of the node in the definition, e.g. ['States', 'Reserve', 'Nxt']. */
  path: (string | number)[];
}

/** `file:line:col CODE message` (one-based), as `stepthrough validate` prints; `$` and the node's path for a definition with no file. */
export function formatDefinitionDiagnostic(d: DefinitionDiagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  const where =
    d.file !== undefined
      ? `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`
      : `$${d.path.map((step) => (typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][\w]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`)).join('')}`;
  return `${where} ${d.code} ${prefix}${d.message}`;
}

/** A diagnostic as JSON (one-based line and column), the shape `validate --format json` prints. */
export interface DiagnosticJson {
  file?: string;
  path: (string | number)[];
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function diagnosticJson(d: DefinitionDiagnostic): DiagnosticJson {
  return {
    ...(d.file === undefined ? {} : { file: d.file }),
    path: d.path,
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

/**
 * A definition AWS would refuse to create (error-severity diagnostics of the validator, or a syntax
 * error): nothing ran. `diagnostics` lists every error; `format()` prints them as `validate` does.
 */
export class DefinitionError extends StepthroughError {
  readonly diagnostics: DefinitionDiagnostic[];
  constructor(
    diagnostics: DefinitionDiagnostic[],
    options: { file?: string; code?: 'E_INVALID_DEFINITION' | 'E_PARSE' } = {},
  ) {
    const count = diagnostics.length;
    const first = diagnostics[0];
    super(
      options.code ?? 'E_INVALID_DEFINITION',
      `AWS would reject this state machine: ${count} error${count === 1 ? '' : 's'}${first ? ` (first: ${first.code} ${first.message})` : ''}`,
      {
        hint: 'Fix the definition (`stepthrough validate` shows the same list), or opt out of the check (--no-validate, `validate: false`) to run a machine AWS would reject.',
        ...(options.file === undefined ? {} : { location: { file: options.file } }),
      },
    );
    this.name = 'DefinitionError';
    this.diagnostics = diagnostics;
  }

  /** Every diagnostic on its own line (`file:line:col CODE message`), then the hint. */
  override format(): string {
    return [
      `AWS would reject this state machine (${this.diagnostics.length} error${this.diagnostics.length === 1 ? '' : 's'}):`,
      ...this.diagnostics.map((d) => `  ${formatDefinitionDiagnostic(d)}`),
      `  hint: ${this.hint ?? ''}`,
    ].join('\n');
  }
}
