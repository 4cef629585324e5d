// Typed errors: StatesError is an ASL runtime error (name + cause, catchable by Retry/Catch);
// StepthroughError is a user-facing mistake (bad file, bad option) with a code and advice.

/** A runtime error inside an execution, named as AWS names it (States.Runtime, Lambda.ServiceException, ...). */
export class StatesError extends Error {
  readonly error: string;
  override readonly cause: string | undefined;
  /** Reported by a task (service) rather than raised by the interpreter: always catchable. */
  readonly fromTask: boolean;
  constructor(error: string, cause?: string, options: { fromTask?: boolean } = {}) {
    // An ASL error is data, not a bug: skip capturing a JavaScript stack (costly on every retry).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(cause === undefined ? error : `${error}: ${cause}`);
    Error.stackTraceLimit = limit;
    this.name = 'StatesError';
    this.error = error;
    this.cause = cause;
    this.fromTask = options.fromTask === true;
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
  | 'E_PARSE'
  | 'E_INVALID_DEFINITION'
  | 'E_INVALID_INPUT'
  | 'E_INVALID_MOCKS'
  | 'E_MISSING_MOCK'
  | 'E_UNKNOWN_STATE'
  | 'E_INVALID_TEST_FILE'
  | 'E_INVALID_HANDLERS'
  | 'E_HANDLER_NOT_FOUND'
  | 'E_PYTHON_MISSING'
  | 'E_ABORTED'
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
