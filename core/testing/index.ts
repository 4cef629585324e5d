// Declarative tests for state machines: test-file loading (over injected file access), the runner,
// assertions, coverage and the reporters. Nothing here touches the file system directly.

export type * from './model';
export { loadTestFile, TOP_KEYS, CASE_KEYS, CONTEXT_KEYS } from './loader';
export { readTestFileRole, type TestFileRole } from './testFileRole';
export { EXPECT_KEYS, STATE_EXPECT_KEYS, EXECUTION_STATUSES, STATE_STATUSES } from './expectSpec';
export {
  runTestFiles,
  runLoadedFiles,
  loadTestFileWithTemplate,
  runTestCase,
  suiteExitCode,
  suiteTotals,
  matchesFilter,
  promisePool,
  type RunOptions,
  type SuiteResult,
} from './runner';
export { runCase, executeOptions, caseLayerHandlers, type CaseRun } from './execution';
export { checkExpectations, impliedStatus } from './assertions';
export { firstDifference, describeDifference, differenceLines } from './diff';
export {
  machineCoverage,
  machineCoverageOf,
  coverageReport,
  SuiteCoverage,
  type CaseHits,
  describeTransition,
  type CoverageReport,
  type MachineCoverage,
  type StateCoverage,
  type TransitionCoverage,
  type RetrierCoverage,
  type CoverageCount,
} from './coverage';
export { emptyHits, type CoverageHits, type StateFacts, type TransitionKind } from './facts';
export {
  discoverTestFiles,
  globToRegExp,
  isGlob,
  TEST_FILE_PATTERN,
  type DiscoveryIO,
  type DirectoryEntry,
  type DiscoveryResult,
} from './discovery';
export { formatPretty, formatCoverage, formatCaseResult, type PrettyOptions } from './reporters/pretty';
export { formatJson, formatJunit, formatTap, type ReportOptions } from './reporters/machine';
export { parseShard, shardCases, dealCases, caseKey, type Shard, type CaseRef } from './shard';
export { mergeSuiteResults } from './merge';
export {
  formatLcov,
  formatCobertura,
  type CoverageFileOptions,
  type CoberturaOptions,
} from './reporters/coverageFiles';
export { formatGithub, formatMarkdown, type MarkdownOptions } from './reporters/github';
