// Replaying executions recorded on AWS: a GetExecutionHistory response (and the definition that ran)
// turned into a test case whose mocks give each Task the results AWS recorded.

export { readExecutionHistory, historyEvents, type RecordedEvent } from './history';
export {
  importHistory,
  replayMocks,
  placeholdersIn,
  type ReplayCase,
  type ReplayExpectation,
  type ReplayMockEntry,
  type ReplayNote,
  type ReplayStatus,
} from './replay';
export { replayTestFile, type ReplayFileOptions } from './testFile';
