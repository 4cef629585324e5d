// The errors a TestState request can be refused with: AWS's declared exceptions (InvalidDefinition,
// InvalidExecutionInput, InvalidArn, ValidationException), and what Stepthrough cannot do locally.

import { StepthroughError, type StepthroughErrorCode } from '../errors';
import type { TestStateExceptionName } from './model';

/** `Stepthrough.Unsupported`: AWS would run it (e.g. call a real service); a local run cannot. */
export type TestStateErrorName = TestStateExceptionName | 'Stepthrough.Unsupported';

const CODES: Record<TestStateErrorName, StepthroughErrorCode> = {
  InvalidArn: 'E_USAGE',
  InvalidDefinition: 'E_INVALID_DEFINITION',
  InvalidExecutionInput: 'E_INVALID_INPUT',
  ValidationException: 'E_USAGE',
  'Stepthrough.Unsupported': 'E_MISSING_MOCK',
};

/** A refused TestState request, named as the AWS API names the exception. */
export class TestStateError extends StepthroughError {
  readonly exception: TestStateErrorName;
  constructor(exception: TestStateErrorName, message: string, hint?: string) {
    super(CODES[exception], message, hint === undefined ? {} : { hint });
    this.name = 'TestStateError';
    this.exception = exception;
  }

  /** The error as AWS's JSON protocol returns it: `{"__type": ..., "message": ...}`. */
  toJSON(): { __type: TestStateErrorName; message: string; hint?: string } {
    return { __type: this.exception, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

export const invalidDefinition = (message: string, hint?: string): TestStateError =>
  new TestStateError('InvalidDefinition', message, hint);
export const validationError = (message: string, hint?: string): TestStateError =>
  new TestStateError('ValidationException', message, hint);
