// Documentation of the Amazon States Language fields and state types, shown by hover and completion.
// Written from the ASL specification and the Step Functions developer guide.
import type { ObjectKind } from './objects';

export const STATE_TYPE_DOCS: Readonly<Record<string, string>> = {
  Task: 'Runs a unit of work: a Lambda function, an AWS service integration (`arn:aws:states:::service:action`), an activity, or any AWS SDK API (`arn:aws:states:::aws-sdk:service:action`).',
  Pass: 'Passes its input to its output, optionally adding fixed data (`Result` in JSONPath, `Output` in JSONata). Useful for shaping data and for stubs.',
  Choice:
    'Branches: the first rule in `Choices` that matches decides the next state, else `Default`. A Choice state has no `Next` or `End` of its own.',
  Wait: 'Pauses the execution for `Seconds`, or until `Timestamp` (or the `...Path` variants in JSONPath).',
  Succeed: 'Ends the execution (or the branch / iteration) successfully. A terminal state: no `Next`.',
  Fail: 'Ends the execution with an error name (`Error`) and a message (`Cause`). A terminal state: no `Next`.',
  Parallel:
    "Runs every branch in `Branches` concurrently and outputs an array with each branch's result, in branch order.",
  Map: 'Runs the states in `ItemProcessor` once per item of its input array (`ItemsPath` / `Items`), inline or as a Distributed Map over S3 data.',
};

const FIELD_DOCS: Readonly<Record<string, string>> = {
  // Top level and scopes
  StartAt: 'The name of the state that runs first. It must be one of the states in `States` at this level.',
  States:
    'The states, as an object of name → state. Names are unique in the whole state machine, nested states included, and at most 80 characters.',
  Comment: 'A human-readable description. Ignored by Step Functions.',
  Version: 'The version of the Amazon States Language; `"1.0"` is the only one.',
  TimeoutSeconds:
    'The most time, in seconds, the task may run before it fails with `States.Timeout` (default 99999999). In JSONata, may be a `{% %}` expression.',
  QueryLanguage:
    '`JSONPath` (the default) or `JSONata`. Set at the top level for the whole state machine, or per state. A JSONata state machine cannot hold JSONPath states.',
  // Common state fields
  Type: 'The kind of state: `Task`, `Pass`, `Choice`, `Wait`, `Succeed`, `Fail`, `Parallel` or `Map`.',
  Next: 'The name of the state to run next, in the same scope (a Parallel branch or a Map processor cannot be left with `Next`). Give either `Next` or `"End": true`.',
  End: "`true` makes this a terminal state: the execution (or the branch, or the Map iteration) ends here with this state's output.",
  InputPath:
    'JSONPath only. Selects the part of the state input to work on (`$` the whole input, `null` an empty object `{}`).',
  OutputPath:
    "JSONPath only. Selects the part of the state's output passed on (`$` all of it, `null` an empty object `{}`). Applied last.",
  Output:
    'JSONata only. The state output: a value or a template with `{% %}` expressions. Defaults to the state input (Pass, Wait...) or the task result (Task, Map, Parallel).',
  Assign:
    'Stores workflow variables: each key is a variable name, each value an expression or template. The variables can be read as `$name` by later states in this scope and in nested ones.',
  Parameters:
    'JSONPath only. The payload passed to the task (or to each item, for a legacy Map). Keys ending in `.$` take a path or an intrinsic function, evaluated against the input.',
  Arguments:
    'JSONata only. The payload passed to the task or service integration: a value, a template with `{% %}` expressions, or one expression.',
  ResultSelector:
    'JSONPath only. Builds a new result from the task result: a payload template whose `.$` keys read the result.',
  ResultPath:
    'JSONPath only. Where the result goes in the state input: `$` replaces the input, `$.field` adds or replaces that field, `null` discards the result and keeps the input.',
  Result:
    'JSONPath only. A fixed value a Pass state outputs (or places with ResultPath) instead of its input.',
  Retry:
    'Retriers, tried in order: the first whose `ErrorEquals` matches the error retries the state with back-off. `States.ALL` must be in the last one.',
  Catch:
    'Catchers, tried in order once retries are exhausted: the first whose `ErrorEquals` matches goes to its `Next` state. `States.ALL` must be in the last one.',
  // Task
  Resource:
    'What the task runs: a Lambda function ARN, a service integration (`arn:aws:states:::lambda:invoke`, `...:sqs:sendMessage`, with `.sync` or `.waitForTaskToken` variants), `arn:aws:states:::aws-sdk:service:apiAction`, or an activity ARN.',
  TimeoutSecondsPath:
    'JSONPath only. A reference path to the timeout in seconds in the state input. Use either this or `TimeoutSeconds`.',
  HeartbeatSeconds:
    'The most time, in seconds, between heartbeats of an activity or callback task before it fails with `States.HeartbeatTimeout`. Must be below `TimeoutSeconds`.',
  HeartbeatSecondsPath:
    'JSONPath only. A reference path to the heartbeat interval in the state input. Use either this or `HeartbeatSeconds`.',
  Credentials: 'The IAM role the task assumes for this call (cross-account access): `{"RoleArn": "..."}`.',
  RoleArn: 'The ARN of the role to assume.',
  'RoleArn.$': 'JSONPath only. A path or intrinsic function giving the role ARN to assume.',
  // Choice
  Choices:
    'The rules, evaluated in order: the first match decides the next state. JSONPath rules compare a `Variable`; JSONata rules test a `Condition`.',
  Default:
    'The state to go to when no rule matches. Without it, no match fails the execution with `States.NoChoiceMatched`.',
  Condition: 'JSONata only. A `{% %}` expression (or a boolean); the rule matches when it is `true`.',
  Variable:
    'JSONPath only. The path of the value the rule compares (`$.field`, `$$.Execution.Input`, or a variable `$name`).',
  And: 'JSONPath only. Matches when every rule in the array matches.',
  Or: 'JSONPath only. Matches when at least one rule in the array matches.',
  Not: 'JSONPath only. Matches when the rule it holds does not.',
  // Wait
  Seconds: 'How long to wait, in seconds (0 to 99999999). In JSONata, may be a `{% %}` expression.',
  SecondsPath: 'JSONPath only. A reference path to the number of seconds in the state input.',
  Timestamp:
    'Wait until this time: an RFC 3339 timestamp such as `2024-03-14T01:59:00Z`. In JSONata, may be a `{% %}` expression.',
  TimestampPath: 'JSONPath only. A reference path to the timestamp in the state input.',
  // Fail
  Error: 'The error name the execution fails with (for a Catch or a caller to match).',
  ErrorPath: 'JSONPath only. A path or intrinsic function giving the error name.',
  Cause: 'A human-readable description of the failure.',
  CausePath: 'JSONPath only. A path or intrinsic function giving the cause.',
  // Parallel
  Branches:
    'The branches to run concurrently; each is a small state machine with its own `StartAt` and `States`. Their transitions stay inside the branch.',
  // Map
  ItemProcessor:
    'The states run for each item: `StartAt`, `States`, and `ProcessorConfig` (`Mode` INLINE or DISTRIBUTED).',
  Iterator: 'The legacy name of `ItemProcessor` (inline Map only). Prefer `ItemProcessor`.',
  ProcessorConfig:
    '`Mode`: `INLINE` (default) or `DISTRIBUTED`; for a distributed Map, `ExecutionType`: `STANDARD` or `EXPRESS`.',
  Mode: '`INLINE` runs iterations inside this execution (up to 40 concurrently); `DISTRIBUTED` runs them as child executions, for large datasets.',
  ExecutionType: 'For a distributed Map: `STANDARD` or `EXPRESS` child workflow executions.',
  ItemsPath: 'JSONPath only. A reference path to the array to iterate over in the state input (default `$`).',
  Items: 'JSONata only. The array to iterate over: an array or a `{% %}` expression.',
  ItemSelector:
    "Builds each iteration's input from the item: `$$.Map.Item.Value` / `$$.Map.Item.Index` in JSONPath, `$states.context.Map.Item.Value` in JSONata.",
  MaxConcurrency: 'How many iterations may run at once; 0 (the default) means as many as possible.',
  MaxConcurrencyPath: 'JSONPath only. A reference path to MaxConcurrency in the state input.',
  ItemReader:
    'Distributed Map only: reads the items from S3 (a CSV, JSON, JSONL or Parquet file, an S3 inventory manifest, or an object listing).',
  ReaderConfig: 'How the ItemReader reads: `InputType`, `CSVHeaderLocation`, `CSVHeaders`, `MaxItems`...',
  InputType: 'The format of the items file: `CSV`, `JSON`, `JSONL`, `MANIFEST` or `PARQUET`.',
  CSVHeaderLocation: '`FIRST_ROW` takes column names from the file; `GIVEN` takes them from `CSVHeaders`.',
  CSVHeaders: 'The column names, when `CSVHeaderLocation` is `GIVEN`.',
  CSVDelimiter:
    'The field separator of a CSV file: `COMMA` (default), `PIPE`, `SEMICOLON`, `SPACE` or `TAB`.',
  MaxItems: 'Read at most this many items.',
  MaxItemsPath: 'JSONPath only. A reference path to MaxItems in the state input.',
  ItemBatcher:
    'Distributed Map only: groups items into batches, each batch processed by one child execution.',
  MaxItemsPerBatch: 'The most items per batch.',
  MaxItemsPerBatchPath: 'JSONPath only. A reference path to MaxItemsPerBatch in the state input.',
  MaxInputBytesPerBatch: 'The largest batch size in bytes (up to 256 KiB).',
  MaxInputBytesPerBatchPath: 'JSONPath only. A reference path to MaxInputBytesPerBatch in the state input.',
  BatchInput: 'Fixed data added to every batch, next to the `Items`.',
  ResultWriter: "Distributed Map only: writes the child executions' results to S3 instead of returning them.",
  WriterConfig:
    'How results are written: `OutputType` (`JSON`, `JSONL`) and `Transformation` (`NONE`, `COMPACT`, `FLATTEN`).',
  OutputType: 'The format of the result files: `JSON` or `JSONL`.',
  Transformation:
    '`NONE` keeps execution metadata, `COMPACT` keeps only outputs, `FLATTEN` flattens arrays of outputs.',
  ToleratedFailurePercentage:
    'Distributed Map: the percentage of failed items (0-100) the Map tolerates before it fails.',
  ToleratedFailurePercentagePath:
    'JSONPath only. A reference path to ToleratedFailurePercentage in the state input.',
  ToleratedFailureCount: 'Distributed Map: how many failed items the Map tolerates before it fails.',
  ToleratedFailureCountPath: 'JSONPath only. A reference path to ToleratedFailureCount in the state input.',
  Label: 'Distributed Map: a label (up to 40 characters) in the names of the child executions.',
  // Retry
  ErrorEquals:
    'The error names this entry handles: `States.ALL` (any error, and alone), `States.TaskFailed`, `States.Timeout`, or custom names such as `Lambda.ServiceException`.',
  IntervalSeconds: 'Seconds before the first retry (default 1).',
  MaxAttempts: 'How many retries at most (default 3); 0 never retries.',
  BackoffRate: 'The multiplier of the interval after each attempt (default 2.0, at least 1).',
  MaxDelaySeconds: 'The longest interval between retries, whatever the back-off rate.',
  JitterStrategy:
    '`FULL` randomises each interval between 0 and its computed value; `NONE` (default) does not.',
};

/** Documentation that differs by the object holding the field. */
const CONTEXT_DOCS: Partial<Record<ObjectKind, Readonly<Record<string, string>>>> = {
  catch: {
    Next: 'The state to go to when this catcher matches. Its input is the error output (`{"Error", "Cause"}`), placed by `ResultPath`.',
    ResultPath:
      'JSONPath only. Where the error output (`{"Error", "Cause"}`) goes in the state input; default `$` (replaces it).',
    Output: 'JSONata only. The input of the Next state; `$states.errorOutput` holds `{"Error", "Cause"}`.',
    Assign: 'Variables to set when this catcher matches; `$states.errorOutput` holds the error.',
  },
  choiceRule: {
    Next: 'The state to go to when this rule matches.',
    Assign: 'Variables to set when this rule matches.',
    Output: "JSONata only. The Choice state's output when this rule matches.",
  },
  machine: {
    TimeoutSeconds:
      'The most time, in seconds, the whole execution may run before it fails with `States.Timeout`.',
  },
  itemReader: {
    Resource:
      'The S3 API that reads the items: `arn:aws:states:::s3:getObject` (a file) or `arn:aws:states:::s3:listObjectsV2` (an object listing).',
    Parameters: "JSONPath only. The S3 call's parameters (`Bucket`, `Key` or `Prefix`).",
    Arguments: "JSONata only. The S3 call's arguments (`Bucket`, `Key` or `Prefix`).",
  },
  resultWriter: {
    Resource: 'Always `arn:aws:states:::s3:putObject`.',
    Parameters: 'JSONPath only. Where to write: `Bucket` and `Prefix`.',
    Arguments: 'JSONata only. Where to write: `Bucket` and `Prefix`.',
  },
};

CONTEXT_DOCS.nestedChoiceRule = CONTEXT_DOCS.choiceRule;

const OPERATOR_FAMILIES: [RegExp, string][] = [
  [
    /^Is(Null|Present|Numeric|String|Boolean|Timestamp)$/,
    'Type test: `true` matches when the value is (or, with `false`, is not) of this kind. `IsPresent` tests whether the path exists at all.',
  ],
  [
    /^StringMatches$/,
    'Matches the string against a pattern where `*` stands for any characters (`\\*` for a literal star).',
  ],
  [/Path$/, 'Compares the value with the value at another path (`$.other`, `$$.…` or a variable).'],
  [/^String/, 'Compares strings (by code point for the ordering comparisons).'],
  [/^Numeric/, 'Compares numbers.'],
  [/^Boolean/, 'Compares with a boolean.'],
  [/^Timestamp/, 'Compares timestamps (RFC 3339 strings).'],
];

/** Markdown for a field in an object of the given kind, when the field is known. */
export function fieldDocumentation(field: string, kind: ObjectKind): string | undefined {
  const specific = CONTEXT_DOCS[kind]?.[field];
  if (specific) return specific;
  if ((kind === 'choiceRule' || kind === 'nestedChoiceRule') && !FIELD_DOCS[field]) {
    const family = OPERATOR_FAMILIES.find(([pattern]) => pattern.test(field));
    if (family) return `JSONPath only. ${family[1]}`;
  }
  return FIELD_DOCS[field];
}

/** Error names Step Functions raises, for ErrorEquals completion. */
export const ERROR_NAMES: Readonly<Record<string, string>> = {
  'States.ALL': 'Any error. Must be alone in its ErrorEquals, in the last retrier or catcher.',
  'States.TaskFailed': 'Any error a task raised, except States.Timeout.',
  'States.Timeout': 'The state ran longer than TimeoutSeconds, or missed a heartbeat.',
  'States.HeartbeatTimeout': 'An activity or callback task sent no heartbeat within HeartbeatSeconds.',
  'States.Permissions': 'The execution role lacks permission for the task.',
  'States.ResultPathMatchFailure': 'ResultPath could not place the result in the input.',
  'States.ParameterPathFailure': 'A `.$` path in Parameters did not match the input.',
  'States.QueryEvaluationError': 'A JSONata expression failed to evaluate.',
  'States.BranchFailed': 'A Parallel branch failed.',
  'States.NoChoiceMatched': 'No Choice rule matched and there is no Default.',
  'States.IntrinsicFailure': 'An intrinsic function failed.',
  'States.ExceedToleratedFailureThreshold': 'A distributed Map had more failed items than tolerated.',
  'States.ItemReaderFailed': 'A distributed Map could not read its items.',
  'States.ResultWriterFailed': 'A distributed Map could not write its results.',
  'Lambda.ServiceException': 'The Lambda service had an internal error (worth retrying).',
  'Lambda.AWSLambdaException': 'Lambda failed the invocation (worth retrying).',
  'Lambda.SdkClientException': 'The call to Lambda failed on the client side (worth retrying).',
  'Lambda.TooManyRequestsException': 'Lambda throttled the invocation (worth retrying).',
};
