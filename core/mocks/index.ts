// The mock layer's public surface: where mocked Task responses come from (simple form, AWS
// MockConfigFile, layered sources) and the programmatic TaskHandler type.

export type { MockResponse, MockSource, TaskHandler, TaskHandlerContext } from './types';
export { isMockSource } from './types';
export { simpleMocks } from './simple';
export { mockConfigFile, listMockConfigTestCases, isMockConfigFile } from './mockConfigFile';
export { combineMocks } from './combine';
export { callbackMocks } from './callback';
