// The errors the Step Functions API answers with, as AWS's JSON 1.0 protocol carries them: an HTTP
// status and a body `{"__type": <exception name>, "message": ...}`. Every refusal an operation makes is
// an ApiError; anything else that escapes a handler is answered as InternalFailure (500) without a stack.
// Names and message wording follow AWS's (the exceptions botocore's service model declares per
// operation; messages as AWS words them where known).

export class ApiError extends Error {
  constructor(
    /** The exception's name, e.g. `StateMachineDoesNotExist` (the SDKs' error `name` / boto3's `Code`). */
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** One or more constraint violations, worded as AWS's request validation words them. */
export function validationException(problems: string[]): ApiError {
  const n = problems.length;
  return new ApiError(
    'ValidationException',
    `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
  );
}

/** A body that is not the JSON the operation's input shape describes. */
export const serializationException = (message: string): ApiError =>
  new ApiError('SerializationException', message);

export const unknownOperation = (message: string): ApiError =>
  new ApiError('UnknownOperationException', message);

export const invalidArn = (detail: string): ApiError =>
  new ApiError('InvalidArn', `Invalid Arn: '${detail}'`);

export const invalidName = (name: string): ApiError => new ApiError('InvalidName', `Invalid Name: '${name}'`);

export const invalidDefinition = (detail: string): ApiError =>
  new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`);

export const invalidExecutionInput = (detail: string): ApiError =>
  new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`);

export const stateMachineDoesNotExist = (arn: string): ApiError =>
  new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const stateMachineAlreadyExists = (arn: string): ApiError =>
  new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);

export const executionDoesNotExist = (arn: string): ApiError =>
  new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);

export const executionAlreadyExists = (arn: string): ApiError =>
  new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);

export const activityDoesNotExist = (arn: string): ApiError =>
  new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);

export const taskTimedOut = (): ApiError =>
  new ApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");

export const invalidToken = (detail = 'Invalid token'): ApiError =>
  new ApiError('InvalidToken', `Invalid Token: '${detail}'`);

export const resourceNotFound = (arn: string): ApiError =>
  new ApiError('ResourceNotFound', `Resource not found: '${arn}'`);

export const typeNotSupported = (): ApiError =>
  new ApiError(
    'StateMachineTypeNotSupported',
    'This operation is not supported by this type of state machine',
  );

/** The operation refers to an express execution, which AWS keeps no record of for this operation. */
export const resourceTypeNotInContext = (type: string): ApiError =>
  invalidArn(`Resource type not valid in this context: ${type}`);

export const internalFailure = (): ApiError =>
  new ApiError(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    500,
  );
