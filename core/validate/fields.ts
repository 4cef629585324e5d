// The fields each part of a definition may hold (states by type, Retry/Catch entries, Map sub-objects, the
// top level), with the value each field takes and the query language it belongs to. From the Amazon States
// Language specification and the Step Functions developer guide; also used by the editor for completion.
import type { QueryLanguage } from '../model';

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/** What a field's value means, for the checks beyond its JSON type. */
export type FieldRole =
  /** InputPath/OutputPath: a path (context object and variables allowed) or null. */
  | 'path'
  /** ResultPath: a reference path into the state input, or null. */
  | 'resultPath'
  /** ItemsPath and the `...Path` fields: a reference path. */
  | 'referencePath'
  /** ErrorPath/CausePath: a reference path or an intrinsic function returning a string. */
  | 'pathOrIntrinsic'
  /** Parameters, ResultSelector, ItemSelector...: `.$` keys take paths (JSONPath); `{% %}` strings (JSONata). */
  | 'template'
  /** Assign: a template whose keys are variable names. */
  | 'assign'
  /** Output, Arguments, Items, Condition: JSONata templates. */
  | 'jsonata'
  /** Wait Timestamp: an RFC 3339 timestamp. */
  | 'timestamp'
  /** Task/ItemReader/ResultWriter Resource: an ARN. */
  | 'resource'
  /** Next, Default, StartAt: a state name. */
  | 'transition'
  /** A nested object checked on its own (Retry, Catch, ItemReader...). */
  | 'nested';

export interface FieldSpec {
  types: readonly ValueType[];
  /** Only valid in states using this query language. */
  only?: QueryLanguage;
  /** In JSONata states, a `{% %}` string is accepted in place of the value. */
  jsonata?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
  role?: FieldRole;
}

export type FieldTable = Readonly<Record<string, FieldSpec>>;

const JSONPATH = 'JSONPath';
const JSONATA = 'JSONata';
const ANY: readonly ValueType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];
/** The largest duration AWS accepts in TimeoutSeconds, HeartbeatSeconds, Seconds and Retry fields. */
export const MAX_SECONDS = 99_999_999;

const str: FieldSpec = { types: ['string'] };
const jsonPathOnly = (role: FieldRole, types: readonly ValueType[] = ['string']): FieldSpec => ({
  types,
  only: JSONPATH,
  role,
});
const seconds = (min: number): FieldSpec => ({ types: ['integer'], jsonata: true, min, max: MAX_SECONDS });
const nested = (types: readonly ValueType[] = ['object']): FieldSpec => ({ types, role: 'nested' });

const COMMON: FieldTable = {
  Type: str,
  Comment: str,
  QueryLanguage: { types: ['string'], values: [JSONPATH, JSONATA] },
};
const TRANSITION: FieldTable = {
  Next: { types: ['string'], role: 'transition' },
  End: { types: ['boolean'] },
};
const INPUT_OUTPUT: FieldTable = {
  InputPath: jsonPathOnly('path', ['string', 'null']),
  OutputPath: jsonPathOnly('path', ['string', 'null']),
  Output: { types: ANY, only: JSONATA, role: 'jsonata' },
};
const ASSIGN: FieldTable = { Assign: { types: ['object'], role: 'assign' } };
const RESULT: FieldTable = {
  ResultPath: jsonPathOnly('resultPath', ['string', 'null']),
  ResultSelector: jsonPathOnly('template', ANY),
};
const PARAMETERS: FieldTable = { Parameters: jsonPathOnly('template', ANY) };
const ARGUMENTS: FieldTable = { Arguments: { types: ['object', 'string'], only: JSONATA, role: 'jsonata' } };
const ERROR_HANDLING: FieldTable = { Retry: nested(['array']), Catch: nested(['array']) };

export const STATE_FIELDS: Readonly<Record<string, FieldTable>> = {
  Pass: {
    ...COMMON,
    ...TRANSITION,
    ...INPUT_OUTPUT,
    ...ASSIGN,
    ...PARAMETERS,
    ResultPath: RESULT.ResultPath as FieldSpec,
    Result: { types: ANY, only: JSONPATH },
  },
  Task: {
    ...COMMON,
    ...TRANSITION,
    ...INPUT_OUTPUT,
    ...ASSIGN,
    ...PARAMETERS,
    ...RESULT,
    ...ARGUMENTS,
    ...ERROR_HANDLING,
    Resource: { types: ['string'], role: 'resource' },
    TimeoutSeconds: seconds(1),
    TimeoutSecondsPath: jsonPathOnly('referencePath'),
    HeartbeatSeconds: seconds(1),
    HeartbeatSecondsPath: jsonPathOnly('referencePath'),
    Credentials: nested(),
  },
  Choice: {
    ...COMMON,
    ...INPUT_OUTPUT,
    ...ASSIGN,
    Choices: nested(['array']),
    Default: { types: ['string'], role: 'transition' },
  },
  Wait: {
    ...COMMON,
    ...TRANSITION,
    ...INPUT_OUTPUT,
    ...ASSIGN,
    Seconds: seconds(0),
    SecondsPath: jsonPathOnly('referencePath'),
    Timestamp: { types: ['string'], jsonata: true, role: 'timestamp' },
    TimestampPath: jsonPathOnly('referencePath'),
  },
  Succeed: { ...COMMON, ...INPUT_OUTPUT },
  Fail: {
    ...COMMON,
    Error: { types: ['string'], jsonata: true },
    ErrorPath: jsonPathOnly('pathOrIntrinsic'),
    Cause: { types: ['string'], jsonata: true },
    CausePath: jsonPathOnly('pathOrIntrinsic'),
  },
  Parallel: {
    ...COMMON,
    ...TRANSITION,
    ...INPUT_OUTPUT,
    ...ASSIGN,
    ...PARAMETERS,
    ...RESULT,
    ...ARGUMENTS,
    ...ERROR_HANDLING,
    Branches: nested(['array']),
  },
  Map: {
    ...COMMON,
    ...TRANSITION,
    ...INPUT_OUTPUT,
    ...ASSIGN,
    ...PARAMETERS,
    ...RESULT,
    ...ERROR_HANDLING,
    ItemProcessor: nested(),
    Iterator: nested(),
    ItemsPath: jsonPathOnly('referencePath'),
    Items: { types: ['array', 'object', 'string'], only: JSONATA, role: 'jsonata' },
    ItemSelector: { types: ['object', 'string'], role: 'template' },
    MaxConcurrency: { types: ['integer'], jsonata: true, min: 0 },
    MaxConcurrencyPath: jsonPathOnly('referencePath'),
    ItemReader: nested(),
    ItemBatcher: nested(),
    ResultWriter: nested(),
    ToleratedFailurePercentage: { types: ['integer', 'number'], jsonata: true, min: 0, max: 100 },
    ToleratedFailurePercentagePath: jsonPathOnly('referencePath'),
    ToleratedFailureCount: { types: ['integer'], jsonata: true, min: 0 },
    ToleratedFailureCountPath: jsonPathOnly('referencePath'),
    Label: str,
  },
};

export const STATE_TYPES = Object.keys(STATE_FIELDS);

/** The field table of a state type; undefined for anything else, "constructor" and "__proto__" included. */
export function stateFieldTable(type: string): FieldTable | undefined {
  return Object.prototype.hasOwnProperty.call(STATE_FIELDS, type) ? STATE_FIELDS[type] : undefined;
}

/**
 * Each table's own entries as a Map, made on first use: a document's keys looked up in a dozen differently
 * shaped tables are megamorphic property loads, a Map lookup is one code path.
 */
const tableMaps = new WeakMap<FieldTable, Map<string, FieldSpec>>();

/** A field of a table by a name from the document: own entries only, never Object.prototype's. */
export function fieldSpec(table: FieldTable, name: string): FieldSpec | undefined {
  let map = tableMaps.get(table);
  if (map === undefined) {
    map = new Map();
    for (const key of Object.keys(table)) map.set(key, table[key] as FieldSpec);
    tableMaps.set(table, map);
  }
  return map.get(name);
}

/** Top level of the definition. */
export const MACHINE_FIELDS: FieldTable = {
  StartAt: { types: ['string'], role: 'transition' },
  States: nested(),
  Comment: str,
  Version: str,
  TimeoutSeconds: { types: ['integer'], min: 0, max: MAX_SECONDS },
  QueryLanguage: COMMON.QueryLanguage as FieldSpec,
};

/** A Parallel branch. */
export const BRANCH_FIELDS: FieldTable = {
  StartAt: MACHINE_FIELDS.StartAt as FieldSpec,
  States: nested(),
  Comment: str,
};

/** A Map's ItemProcessor (or legacy Iterator). */
export const PROCESSOR_FIELDS: FieldTable = { ...BRANCH_FIELDS, ProcessorConfig: nested() };

export const PROCESSOR_CONFIG_FIELDS: FieldTable = {
  Mode: { types: ['string'], values: ['INLINE', 'DISTRIBUTED'] },
  ExecutionType: { types: ['string'], values: ['STANDARD', 'EXPRESS'] },
};

export const RETRY_FIELDS: FieldTable = {
  ErrorEquals: nested(['array']),
  IntervalSeconds: { types: ['integer'], min: 1, max: MAX_SECONDS },
  MaxAttempts: { types: ['integer'], min: 0, max: MAX_SECONDS },
  BackoffRate: { types: ['integer', 'number'], min: 1 },
  MaxDelaySeconds: { types: ['integer'], min: 1, max: 31_622_400 },
  JitterStrategy: { types: ['string'], values: ['FULL', 'NONE'] },
  Comment: str,
};

export const CATCH_FIELDS: FieldTable = {
  ErrorEquals: nested(['array']),
  Next: { types: ['string'], role: 'transition' },
  ResultPath: RESULT.ResultPath as FieldSpec,
  Output: INPUT_OUTPUT.Output as FieldSpec,
  Assign: ASSIGN.Assign as FieldSpec,
  Comment: str,
};

export const ITEM_READER_FIELDS: FieldTable = {
  Resource: { types: ['string'], role: 'resource' },
  Parameters: jsonPathOnly('template', ['object']),
  Arguments: ARGUMENTS.Arguments as FieldSpec,
  ReaderConfig: nested(),
};

export const READER_CONFIG_FIELDS: FieldTable = {
  InputType: { types: ['string'], values: ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'] },
  CSVHeaderLocation: { types: ['string'], values: ['FIRST_ROW', 'GIVEN'] },
  CSVHeaders: { types: ['array'] },
  CSVDelimiter: str,
  ManifestType: str,
  MaxItems: { types: ['integer'], jsonata: true, min: 0 },
  MaxItemsPath: jsonPathOnly('referencePath'),
};

export const ITEM_BATCHER_FIELDS: FieldTable = {
  MaxItemsPerBatch: { types: ['integer'], jsonata: true, min: 1 },
  MaxItemsPerBatchPath: jsonPathOnly('referencePath'),
  MaxInputBytesPerBatch: { types: ['integer'], jsonata: true, min: 1, max: 262_144 },
  MaxInputBytesPerBatchPath: jsonPathOnly('referencePath'),
  BatchInput: { types: ['object', 'string'], role: 'template' },
};

export const RESULT_WRITER_FIELDS: FieldTable = {
  Resource: { types: ['string'], role: 'resource' },
  Parameters: jsonPathOnly('template', ['object']),
  Arguments: ARGUMENTS.Arguments as FieldSpec,
  WriterConfig: nested(),
};

export const WRITER_CONFIG_FIELDS: FieldTable = {
  OutputType: { types: ['string'], values: ['JSON', 'JSONL'] },
  Transformation: { types: ['string'], values: ['NONE', 'COMPACT', 'FLATTEN'] },
};

export const CREDENTIALS_FIELDS: FieldTable = {
  RoleArn: { types: ['string'], jsonata: true },
  'RoleArn.$': jsonPathOnly('pathOrIntrinsic'),
};

/** Pairs of fields a state may hold at most one of (a value and the path that supplies it). */
export const EXCLUSIVE_PAIRS: readonly (readonly [string, string])[] = [
  ['TimeoutSeconds', 'TimeoutSecondsPath'],
  ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
  ['Error', 'ErrorPath'],
  ['Cause', 'CausePath'],
  ['MaxConcurrency', 'MaxConcurrencyPath'],
  ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
  ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
  ['MaxItems', 'MaxItemsPath'],
  ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'],
  ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'],
  ['ItemsPath', 'Items'],
  ['ItemProcessor', 'Iterator'],
  ['Parameters', 'ItemSelector'],
  ['Parameters', 'Arguments'],
  ['RoleArn', 'RoleArn.$'],
];

/** Fields only a Distributed Map (ProcessorConfig.Mode DISTRIBUTED) uses. */
// (AWS accepts ToleratedFailure* on inline Maps: recorded in conformance/jsonata/*TOLERATED_FAILURE*.)
export const DISTRIBUTED_ONLY_FIELDS: readonly string[] = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'Label',
];

/** What to use instead of a JSONPath-only field in a JSONata state. */
export const JSONATA_REPLACEMENTS: Readonly<Record<string, string>> = {
  InputPath: 'read $states.input in Arguments or Output instead',
  OutputPath: 'use Output instead',
  Parameters: 'use Arguments (or ItemSelector in a Map) instead',
  ResultSelector: 'use Output with $states.result instead',
  ResultPath: 'use Output or Assign with $states.result instead',
  ItemsPath: 'use Items instead',
  Result: 'use Output instead',
  TimeoutSecondsPath: 'use TimeoutSeconds with a {% %} expression instead',
  HeartbeatSecondsPath: 'use HeartbeatSeconds with a {% %} expression instead',
  SecondsPath: 'use Seconds with a {% %} expression instead',
  TimestampPath: 'use Timestamp with a {% %} expression instead',
  ErrorPath: 'use Error with a {% %} expression instead',
  CausePath: 'use Cause with a {% %} expression instead',
  MaxConcurrencyPath: 'use MaxConcurrency with a {% %} expression instead',
  ToleratedFailurePercentagePath: 'use ToleratedFailurePercentage with a {% %} expression instead',
  ToleratedFailureCountPath: 'use ToleratedFailureCount with a {% %} expression instead',
  MaxItemsPath: 'use MaxItems with a {% %} expression instead',
  MaxItemsPerBatchPath: 'use MaxItemsPerBatch with a {% %} expression instead',
  MaxInputBytesPerBatchPath: 'use MaxInputBytesPerBatch with a {% %} expression instead',
  'RoleArn.$': 'use RoleArn with a {% %} expression instead',
};

/** What to use instead of a JSONata-only field in a JSONPath state. */
export const JSONPATH_REPLACEMENTS: Readonly<Record<string, string>> = {
  Arguments: 'use Parameters instead',
  Output: 'use OutputPath instead (and ResultSelector to reshape a result)',
  Items: 'use ItemsPath instead',
  Condition: 'use Variable with a comparison operator instead',
};

/** All field names of a state type in a query language (every language when `queryLanguage` is undefined). */
export function fieldsForState(type: string, queryLanguage?: QueryLanguage): string[] {
  const table = stateFieldTable(type);
  if (!table) return [];
  return Object.entries(table)
    .filter(([, spec]) => !queryLanguage || !spec.only || spec.only === queryLanguage)
    .map(([name]) => name);
}
