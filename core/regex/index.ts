// Regular expressions that users write (JSONata regex literals and `$toMillis` pictures, JSONPath `=~`) run
// here: on worker threads with a time limit, so a backtracking pattern cannot hang the process.

export {
  AsyncBoundedRegExp,
  BoundedRegExp,
  sharedTimeLimit,
  type BoundedMatch,
  type RegexLimits,
} from './bounded';
export {
  execAsync,
  execSync,
  RegexCancelledError,
  RegexTimeoutError,
  stopRegexSandbox,
  type RegexReply,
} from './sandbox';
