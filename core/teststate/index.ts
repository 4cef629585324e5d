// TestState, locally: the TestState API's request and response, and the function that serves them.

export type * from './model';
export { INSPECTION_LEVELS, MOCK_VALIDATION_MODES, TEST_EXECUTION_STATUSES } from './model';
export { testState, type TestStateOptions, type TestStateCall } from './testState';
export { TestStateError, type TestStateErrorName } from './errors';
export { REQUEST_FIELDS } from './request';
export { BARE_STATE_NAME } from './locate';
