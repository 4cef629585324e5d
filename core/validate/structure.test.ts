// Schema checks: fields per state type, required fields, value types, allowed values, ranges, fields that
// exclude each other, Next/End, Wait durations, Map and Task specifics, and placeholders never flagged.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { JsonObject } from '../json';
import { validate } from './index';
import { machine, runCases, summarize } from './validate.fixture';

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const task = (extra: JsonObject): JsonObject => ({ Type: 'Task', Resource: LAMBDA, ...extra });
const one = (state: JsonObject, top: JsonObject = {}) => machine({ A: state }, top);
const inlineMap = (extra: JsonObject): JsonObject => ({
  Type: 'Map',
  ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
  End: true,
  ...extra,
});
const distributed = (extra: JsonObject): JsonObject => ({
  Type: 'Map',
  ItemProcessor: {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
    StartAt: 'P',
    States: { P: { Type: 'Pass', End: true } },
  },
  End: true,
  ...extra,
});

void describe('fields of states', () => {
  runCases([
    {
      name: 'misspelt field, with the likely name',
      bad: one(task({ TimeoutSecond: 5, End: true })),
      code: 'ASL102',
      at: '"TimeoutSecond"',
      message: /did you mean "TimeoutSeconds"/,
      good: one(task({ TimeoutSeconds: 5, End: true })),
    },
    {
      name: 'field of another state type',
      bad: one({ Type: 'Pass', Resource: LAMBDA, End: true }),
      code: 'ASL102',
      at: '"Resource"',
      message: /belongs to Task states/,
      good: one({ Type: 'Pass', End: true }),
    },
    {
      name: 'Next on a Succeed state',
      bad: machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed', Next: 'A' } }),
      code: 'ASL102',
      at: '"Next"',
      nth: 1,
      message: /always ends the execution/,
      good: machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } }),
    },
    {
      name: 'ResultPath on a Choice state',
      bad: machine({
        C: {
          Type: 'Choice',
          ResultPath: '$.x',
          Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }],
          Default: 'D',
        },
        D: { Type: 'Succeed' },
      }),
      code: 'ASL102',
      at: '"ResultPath"',
      good: machine({
        C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }], Default: 'D' },
        D: { Type: 'Succeed' },
      }),
    },
    {
      name: 'Assign on a Fail state',
      bad: one({ Type: 'Fail', Error: 'E', Assign: { x: 1 } }),
      code: 'ASL102',
      at: '"Assign"',
      message: /cannot assign variables/,
      good: one({ Type: 'Fail', Error: 'E' }),
    },
    {
      name: 'unknown top-level field',
      bad: one({ Type: 'Succeed' }, { Timeout: 5 }),
      code: 'ASL102',
      at: '"Timeout"',
      good: one({ Type: 'Succeed' }, { TimeoutSeconds: 5 }),
    },
    {
      name: 'QueryLanguage on an ItemProcessor instead of its states',
      bad: one({
        ...inlineMap({}),
        ItemProcessor: { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      }),
      code: 'ASL102',
      at: '"QueryLanguage"',
      message: /set it on the states inside/,
      good: one({
        ...inlineMap({}),
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', QueryLanguage: 'JSONata', End: true } } },
      }),
    },
  ]);
});

void describe('required fields, types and values', () => {
  runCases([
    {
      name: 'state without Type',
      bad: one({ End: true }),
      code: 'ASL101',
      at: '"A"',
      nth: 1,
      good: one({ Type: 'Pass', End: true }),
    },
    {
      name: 'Task without Resource, at the state name',
      bad: one({ Type: 'Task', End: true }),
      code: 'ASL101',
      at: '"A"',
      nth: 1,
      good: one(task({ End: true })),
    },
    {
      name: 'definition without StartAt, at the opening brace',
      bad: JSON.stringify({ States: { A: { Type: 'Succeed' } } }),
      code: 'ASL101',
      at: '{',
      good: one({ Type: 'Succeed' }),
    },
    {
      name: 'unknown state type, with the likely one',
      bad: one({ Type: 'Taks', Resource: LAMBDA, End: true }),
      code: 'ASL104',
      at: '"Taks"',
      message: /did you mean "Task"/,
      good: one(task({ End: true })),
    },
    {
      name: 'a number written as a string',
      bad: one(task({ TimeoutSeconds: '30', End: true })),
      code: 'ASL103',
      at: '"30"',
      good: one(task({ TimeoutSeconds: 30, End: true })),
    },
    {
      name: 'a fractional IntervalSeconds',
      bad: one(task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 1.5 }], End: true })),
      code: 'ASL103',
      at: '1.5',
      good: one(task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 2 }], End: true })),
    },
    {
      name: 'JitterStrategy in lower case',
      bad: one(task({ Retry: [{ ErrorEquals: ['E'], JitterStrategy: 'full' }], End: true })),
      code: 'ASL104',
      at: '"full"',
      message: /did you mean "FULL"/,
      good: one(task({ Retry: [{ ErrorEquals: ['E'], JitterStrategy: 'FULL' }], End: true })),
    },
    {
      name: 'negative MaxAttempts',
      bad: one(task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: -1 }], End: true })),
      code: 'ASL105',
      at: '-1',
      good: one(task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 0 }], End: true })),
    },
    {
      name: 'BackoffRate below 1',
      bad: one(task({ Retry: [{ ErrorEquals: ['E'], BackoffRate: 0.5 }], End: true })),
      code: 'ASL105',
      at: '0.5',
      good: one(task({ Retry: [{ ErrorEquals: ['E'], BackoffRate: 1.5 }], End: true })),
    },
    {
      name: 'MaxAttempts above 99999999',
      bad: one(task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 100000000 }], End: true })),
      code: 'ASL105',
      at: '100000000',
      good: one(task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: 99999999 }], End: true })),
    },
    {
      name: 'ToleratedFailurePercentage above 100',
      bad: one(distributed({ ToleratedFailurePercentage: 101 })),
      code: 'ASL105',
      at: '101',
      good: one(distributed({ ToleratedFailurePercentage: 100 })),
    },
    {
      name: 'empty Choices',
      bad: machine({ C: { Type: 'Choice', Choices: [], Default: 'D' }, D: { Type: 'Succeed' } }),
      code: 'ASL106',
      at: '[]',
      good: machine({
        C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }], Default: 'D' },
        D: { Type: 'Succeed' },
      }),
    },
    {
      name: 'empty States',
      bad: JSON.stringify({ StartAt: 'A', States: {} }),
      code: 'ASL106',
      at: '{}',
      good: one({ Type: 'Succeed' }),
    },
    {
      name: 'state name longer than 80 characters',
      bad: machine({ ['N'.repeat(81)]: { Type: 'Succeed' } }),
      code: 'ASL109',
      at: `"${'N'.repeat(81)}"`,
      nth: 1,
      good: machine({ ['N'.repeat(80)]: { Type: 'Succeed' } }),
    },
  ]);
});

void describe('fields that go together or exclude each other', () => {
  runCases([
    {
      name: 'TimeoutSeconds and TimeoutSecondsPath, at the later one',
      bad: one(task({ TimeoutSeconds: 5, TimeoutSecondsPath: '$.t', End: true })),
      code: 'ASL107',
      at: '"TimeoutSecondsPath"',
      good: one(task({ TimeoutSecondsPath: '$.t', End: true })),
    },
    {
      name: 'Error and ErrorPath',
      bad: one({ Type: 'Fail', ErrorPath: '$.e', Error: 'E' }),
      code: 'ASL107',
      at: '"Error"',
      good: one({ Type: 'Fail', ErrorPath: '$.e' }),
    },
    {
      name: 'Parameters and ItemSelector on a Map',
      bad: one(inlineMap({ Parameters: { 'a.$': '$' }, ItemSelector: { 'a.$': '$' } })),
      code: 'ASL107',
      at: '"ItemSelector"',
      good: one(inlineMap({ ItemSelector: { 'a.$': '$' } })),
    },
    {
      name: 'Iterator and ItemProcessor',
      bad: one(inlineMap({ Iterator: { StartAt: 'Q', States: { Q: { Type: 'Pass', End: true } } } })),
      code: 'ASL107',
      at: '"Iterator"',
      good: one(inlineMap({})),
    },
    {
      name: 'neither Next nor End, at the state name',
      bad: one({ Type: 'Pass' }),
      code: 'ASL110',
      at: '"A"',
      nth: 1,
      good: one({ Type: 'Pass', End: true }),
    },
    {
      name: 'both Next and End, at End',
      bad: machine({ A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } }),
      code: 'ASL110',
      at: '"End"',
      good: machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } }),
    },
    {
      name: '"End": false',
      bad: one({ Type: 'Pass', End: false }),
      code: 'ASL110',
      at: 'false',
      good: one({ Type: 'Pass', End: true }),
    },
    {
      name: 'Wait without a duration',
      bad: one({ Type: 'Wait', End: true }),
      code: 'ASL108',
      at: '"A"',
      nth: 1,
      good: one({ Type: 'Wait', Seconds: 5, End: true }),
    },
    {
      name: 'Wait with two durations, at the second',
      bad: one({ Type: 'Wait', Seconds: 5, TimestampPath: '$.t', End: true }),
      code: 'ASL108',
      at: '"TimestampPath"',
      good: one({ Type: 'Wait', TimestampPath: '$.t', End: true }),
    },
    {
      name: 'Map without ItemProcessor',
      bad: one({ Type: 'Map', End: true }),
      code: 'ASL108',
      at: '"A"',
      nth: 1,
      good: one(inlineMap({})),
    },
    {
      name: 'HeartbeatSeconds not below TimeoutSeconds',
      bad: one(task({ TimeoutSeconds: 60, HeartbeatSeconds: 60, End: true })),
      code: 'ASL111',
      at: '60',
      nth: 1,
      good: one(task({ TimeoutSeconds: 60, HeartbeatSeconds: 30, End: true })),
    },
    {
      name: 'Timestamp without a time zone',
      bad: one({ Type: 'Wait', Timestamp: '2025-01-31T23:59:59', End: true }),
      code: 'ASL112',
      at: '"2025-01-31T23:59:59"',
      good: one({ Type: 'Wait', Timestamp: '2025-01-31T23:59:59Z', End: true }),
    },
    {
      name: 'Distributed ProcessorConfig without ExecutionType',
      bad: one({
        ...inlineMap({}),
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
      }),
      code: 'ASL101',
      at: '"ProcessorConfig"',
      good: one(distributed({})),
    },
    {
      name: 'WriterConfig without OutputType',
      bad: one(distributed({ ResultWriter: { WriterConfig: { Transformation: 'NONE' } } })),
      code: 'ASL101',
      at: '"WriterConfig"',
      good: one(
        distributed({ ResultWriter: { WriterConfig: { OutputType: 'JSON', Transformation: 'NONE' } } }),
      ),
    },
    {
      name: 'empty ResultWriter',
      bad: one(distributed({ ResultWriter: {} })),
      code: 'ASL108',
      at: '"ResultWriter"',
      good: one(
        distributed({
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'b', Prefix: 'p' },
          },
        }),
      ),
    },
    {
      name: 'Credentials without RoleArn',
      bad: one(task({ Credentials: { Role: 'arn:aws:iam::123456789012:role/R' }, End: true })),
      code: 'ASL101',
      at: '"Credentials"',
      good: one(task({ Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/R' }, End: true })),
    },
    {
      name: 'ItemReader on an inline Map (warning)',
      bad: one(
        inlineMap({
          ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } },
        }),
      ),
      code: 'ASL113',
      at: '"ItemReader"',
      good: one(
        distributed({
          ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } },
        }),
      ),
    },
  ]);

  void it('a Map with only ToleratedFailure fields stays valid inline (AWS accepts it)', () => {
    assert.deepEqual(validate(one(inlineMap({ ToleratedFailureCount: 1 }))), []);
  });
});

void describe('Resource ARNs', () => {
  runCases([
    {
      name: 'Lambda ARN ending with a colon',
      bad: one({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:fn:', End: true }),
      code: 'ASL114',
      at: ':"',
      length: 1,
      message: /ends with ":"/,
      good: one({
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:fn:prod',
        End: true,
      }),
    },
    {
      name: 'action DynamoDB has no optimized integration for',
      bad: one({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:query', End: true }),
      code: 'ASL114',
      at: 'query',
      message: /aws-sdk:dynamodb:query/,
      good: one({ Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:dynamodb:query', End: true }),
    },
    {
      name: 'placeholder left open',
      bad: one({ Type: 'Task', Resource: '${FnArn', End: true }),
      code: 'ASL114',
      at: '${FnArn',
      good: one({ Type: 'Task', Resource: '${FnArn}', End: true }),
    },
    {
      name: 'not an ARN (warning)',
      bad: one({ Type: 'Task', Resource: 'my-function', End: true }),
      code: 'ASL115',
      at: '"my-function"',
      good: one({
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:my-function',
        End: true,
      }),
    },
  ]);
});

void describe('placeholders and CloudFormation intrinsics', () => {
  void it('never flags ${...} strings, Ref/Fn:: objects or YAML tags in value positions', () => {
    const json = machine({
      A: task({
        TimeoutSeconds: '${Timeout}',
        HeartbeatSeconds: { Ref: 'Beat' },
        Parameters: { 'x.$': '${Path}' },
        Next: 'B',
      }),
      B: {
        Type: 'Task',
        Resource: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: '${Max}' }],
        Next: '${NextState}',
      },
      C: { Type: 'Wait', Seconds: '${Delay}', End: true },
    });
    const found = validate(json).filter((d) => d.severity === 'error');
    assert.deepEqual(summarize(json, found), []);
    const yaml = [
      'StartAt: A',
      'States:',
      '  A:',
      '    Type: Task',
      '    Resource: !GetAtt MyFunction.Arn',
      '    TimeoutSeconds: !Ref Timeout',
      '    End: true',
      '',
    ].join('\n');
    assert.deepEqual(validate(yaml, { fileName: 'm.asl.yaml' }), []);
  });
});
