// Distributed Map as AWS documents it: the tolerated-failure thresholds (each alone at its exact boundary,
// and both together), every Map field as a JSONata expression, ItemSelector applied to each item before
// ItemBatcher groups the selected items, and child executions with histories of their own.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, JsonValue } from '../json';
import { execute, startExecution } from './execute';
import type { HistoryEvent } from './events';
import type { ChildExecutionInfo, ExecutionResult } from './options';

const DISTRIBUTED = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };

/** A Distributed Map whose iteration fails (Item.Failed) exactly for the items with `fail: true`. */
function failingMap(mapFields: JsonObject, extraStates: JsonObject = {}): JsonObject {
  return {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: DISTRIBUTED,
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }],
              Default: 'Ok',
            },
            Boom: { Type: 'Fail', Error: 'Item.Failed', Cause: 'bad item' },
            Ok: { Type: 'Pass', End: true },
          },
        },
        ...mapFields,
        End: true,
      },
      ...extraStates,
    },
  };
}

/** `total` items of which the first `failed` fail. */
function items(failed: number, total: number): JsonObject[] {
  return Array.from({ length: total }, (_, i) => ({ id: i, fail: i < failed }));
}

async function runMap(
  fields: JsonObject,
  failed: number,
  total: number,
  input: JsonObject = {},
): Promise<ExecutionResult> {
  const result = await execute(failingMap(fields), { input: { ...input, items: items(failed, total) } });
  // The items really failed: one failed child execution per failing item (or fewer, once the Map stopped).
  const failedChildren = (result.childExecutions ?? []).filter((c) => c.status === 'FAILED').length;
  if (result.status === 'SUCCEEDED')
    assert.equal(failedChildren, failed, 'every failing item ran and failed');
  else assert.ok(failedChildren > 0, 'the Map failed because items failed');
  return result;
}

/** A MapIteration* event's item index. */
function iterationIndex(event: HistoryEvent): number {
  const details = Object.entries(event).find(([key]) => key.startsWith('mapIteration'))?.[1] as
    { index: number } | undefined;
  return details?.index ?? -1;
}

function mapRunArnOf(result: ExecutionResult): string | undefined {
  const started = result.events.find((e) => e.type === 'MapRunStarted');
  return started?.type === 'MapRunStarted' ? started.mapRunStartedEventDetails.mapRunArn : undefined;
}

function outcome(result: ExecutionResult): string {
  return result.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${result.status} ${result.error ?? ''}`;
}

const EXCEEDED = 'FAILED States.ExceedToleratedFailureThreshold';

describe('tolerated failure thresholds', () => {
  // Developer guide, "Tolerated failure threshold for Distributed Map state"
  // (https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html): "Your Map Run fails if
  // this value is exceeded" — so a count equal to the threshold is tolerated, one more is not.
  test('ToleratedFailureCount: one under and at the count succeed, one over fails', async () => {
    const fields = { ToleratedFailureCount: 2 };
    assert.equal(outcome(await runMap(fields, 1, 5)), 'SUCCEEDED');
    assert.equal(outcome(await runMap(fields, 2, 5)), 'SUCCEEDED');
    assert.equal(outcome(await runMap(fields, 3, 5)), EXCEEDED);
  });

  // Same page: "Step Functions calculates the percentage of failed items as the result of the total number of
  // failed or timed out items divided by the total number of items." 2 of 10 is exactly 20 %.
  test('ToleratedFailurePercentage: one under and at the percentage succeed, one over fails', async () => {
    const fields = { ToleratedFailurePercentage: 20 };
    assert.equal(outcome(await runMap(fields, 1, 10)), 'SUCCEEDED');
    assert.equal(outcome(await runMap(fields, 2, 10)), 'SUCCEEDED');
    assert.equal(outcome(await runMap(fields, 3, 10)), EXCEEDED);
    // 3 of 10 is 30 %, which floating point computes as 30.000000000000004: still exactly at a 30 % threshold.
    assert.equal(outcome(await runMap({ ToleratedFailurePercentage: 30 }, 3, 10)), 'SUCCEEDED');
  });

  test('a tolerated failure leaves its error output in the results, in item order', async () => {
    const result = await runMap({ ToleratedFailureCount: 1 }, 1, 3);
    assert.deepEqual(result.output, [
      { Error: 'Item.Failed', Cause: 'bad item' },
      { id: 1, fail: false },
      { id: 2, fail: false },
    ]);
  });

  // Same page: "If you specify both values, the workflow fails when it exceeds either value." The States
  // Language spec says the same of the Map state: it "will fail if either threshold is breached".
  test('with both set, exceeding either one fails the Map', async () => {
    // Count exceeded (2 > 1) while 2 of 4 (50 %) is within the percentage.
    assert.equal(
      outcome(await runMap({ ToleratedFailureCount: 1, ToleratedFailurePercentage: 50 }, 2, 4)),
      EXCEEDED,
    );
    // Percentage exceeded (2 of 4 = 50 % > 25 %) while 2 is within the count.
    assert.equal(
      outcome(await runMap({ ToleratedFailureCount: 3, ToleratedFailurePercentage: 25 }, 2, 4)),
      EXCEEDED,
    );
    // At both boundaries at once: tolerated.
    assert.equal(
      outcome(await runMap({ ToleratedFailureCount: 2, ToleratedFailurePercentage: 50 }, 2, 4)),
      'SUCCEEDED',
    );
    // One under both.
    assert.equal(
      outcome(await runMap({ ToleratedFailureCount: 2, ToleratedFailurePercentage: 50 }, 1, 4)),
      'SUCCEEDED',
    );
  });

  test('the Path forms, both set, read the thresholds from the input', async () => {
    const fields = {
      ToleratedFailureCountPath: '$.limits.count',
      ToleratedFailurePercentagePath: '$.limits.percentage',
    };
    const limits = (count: number, percentage: number): JsonObject => ({ limits: { count, percentage } });
    assert.equal(outcome(await runMap(fields, 2, 4, limits(1, 50))), EXCEEDED);
    assert.equal(outcome(await runMap(fields, 2, 4, limits(3, 25))), EXCEEDED);
    assert.equal(outcome(await runMap(fields, 2, 4, limits(2, 50))), 'SUCCEEDED');
  });

  test("States.ExceedToleratedFailureThreshold is caught by the Map's own Catch", async () => {
    const definition = failingMap(
      {
        ToleratedFailureCount: 0,
        ToleratedFailurePercentage: 100,
        Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Handled' }],
      },
      { Handled: { Type: 'Pass', End: true } },
    );
    const result = await execute(definition, { input: { items: items(1, 2) } });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, {
      Error: 'States.ExceedToleratedFailureThreshold',
      Cause: 'The specified tolerated failure threshold was exceeded',
    });
    assert.deepEqual(result.states, ['M', 'Handled']);
  });
});

describe('ItemSelector, then ItemBatcher', () => {
  // States Language spec, Map state: ItemSelector overrides each single element, "then uses the ItemBatcher
  // field to specify how to batch the selected items array". Developer guide, "Map state input and output
  // fields" (input-output-fields-dist-map.html): "Step Functions applies each option in your Distributed
  // Map state in the order shown": ItemReader, ItemsPath/Items, ItemSelector, ItemBatcher, ResultWriter. The
  // TestState API's Map inspection lists afterItemSelector ("inputs for each Map iteration") before
  // afterItemBatcher. No recording in ../shared uses ItemBatcher.
  test('each item is selected with its own $$.Map.Item, and the batches hold the selected items', async () => {
    const definition: JsonObject = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.rows',
          ItemSelector: {
            'sku.$': '$$.Map.Item.Value.sku',
            'at.$': '$$.Map.Item.Index',
            'order.$': '$.order',
          },
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'order.$': '$.order' } },
          ItemProcessor: {
            ProcessorConfig: DISTRIBUTED,
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    const result = await execute(definition, {
      input: { order: 'o-1', rows: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }] },
    });
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    assert.deepEqual(result.output, [
      {
        BatchInput: { order: 'o-1' },
        Items: [
          { sku: 'a', at: 0, order: 'o-1' },
          { sku: 'b', at: 1, order: 'o-1' },
        ],
      },
      { BatchInput: { order: 'o-1' }, Items: [{ sku: 'c', at: 2, order: 'o-1' }] },
    ]);
    // One child execution per batch.
    assert.deepEqual(
      result.childExecutions?.map((c) => c.index),
      [0, 1],
    );
  });
});

describe('JSONata in every Map field', () => {
  // The fields a JSONata Distributed Map may give as expressions, as AWS's own language service lists
  // them (../shared/corpus/real-world/amazon-states-language-service/documentMapJSONata.asl.json): Items,
  // ItemSelector, MaxConcurrency, ToleratedFailure*, ItemReader.Arguments and ReaderConfig.MaxItems,
  // ItemBatcher.MaxItemsPerBatch / MaxInputBytesPerBatch / BatchInput, ResultWriter.Arguments.
  const processor = {
    ProcessorConfig: DISTRIBUTED,
    StartAt: 'P',
    States: { P: { Type: 'Pass', End: true } },
  };

  test('Items, ItemSelector, MaxConcurrency, ToleratedFailureCount and ItemBatcher are evaluated', async () => {
    const definition: JsonObject = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% $states.input.rows %}',
          ItemSelector: {
            sku: '{% $states.context.Map.Item.Value.sku %}',
            at: '{% $states.context.Map.Item.Index %}',
          },
          MaxConcurrency: '{% $states.input.concurrency %}',
          ToleratedFailureCount: '{% $states.input.tolerated %}',
          ItemBatcher: {
            MaxItemsPerBatch: '{% $states.input.perBatch %}',
            MaxInputBytesPerBatch: '{% 1024 * 256 %}',
            BatchInput: { order: '{% $states.input.order %}', size: '{% $states.input.perBatch %}' },
          },
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const result = await execute(definition, {
      input: {
        rows: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }],
        perBatch: 2,
        order: 'o-1',
        concurrency: 1,
        tolerated: 0,
      },
    });
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    assert.deepEqual(result.output, [
      {
        BatchInput: { order: 'o-1', size: 2 },
        Items: [
          { sku: 'a', at: 0 },
          { sku: 'b', at: 1 },
        ],
      },
      { BatchInput: { order: 'o-1', size: 2 }, Items: [{ sku: 'c', at: 2 }] },
    ]);
  });

  test('a whole-expression BatchInput is its value, not the expression text', async () => {
    const definition: JsonObject = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: [1, 2, 3],
          ItemBatcher: { MaxItemsPerBatch: 3, BatchInput: '{% {"tag": $states.input.tag} %}' },
          ItemProcessor: processor,
          End: true,
        },
      },
    };
    const result = await execute(definition, { input: { tag: 't' } });
    assert.deepEqual(result.output, [{ BatchInput: { tag: 't' }, Items: [1, 2, 3] }]);
  });

  test('ItemReader.Arguments and ReaderConfig.MaxItems, and ResultWriter.Arguments, are evaluated', async () => {
    const definition: JsonObject = {
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON', MaxItems: '{% $states.input.max %}' },
            Arguments: { Bucket: '{% $states.input.bucket %}', Key: 'items.json' },
          },
          ItemProcessor: processor,
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Arguments: { Bucket: '{% $states.input.bucket & "-out" %}', Prefix: 'runs' },
          },
          End: true,
        },
      },
    };
    const itemReaderData = { M: [{ n: 1 }, { n: 2 }, { n: 3 }] };
    const result = await execute(definition, { input: { bucket: 'b', max: 2 }, itemReaderData });
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    assert.equal(result.childExecutions?.length, 2, 'MaxItems kept the first two items');
    const written = result.output as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    assert.equal(written.ResultWriterDetails.Bucket, 'b-out');
    assert.match(written.ResultWriterDetails.Key, /^runs\/[0-9a-f-]{36}\/manifest\.json$/);
    assert.equal(written.MapRunArn, mapRunArnOf(result));

    // An expression in ItemReader.Arguments that fails, fails the state as any JSONata field does.
    const broken = structuredClone(definition);
    ((broken.States as JsonObject).M as { ItemReader: { Arguments: JsonObject } }).ItemReader.Arguments = {
      Bucket: '{% $notAVariable.x %}',
    };
    const failed = await execute(broken, { input: { bucket: 'b', max: 2 }, itemReaderData });
    assert.equal(failed.error, 'States.QueryEvaluationError');
  });
});

describe('child executions', () => {
  const definition: JsonObject = {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        Label: 'Rows',
        ItemProcessor: {
          ProcessorConfig: DISTRIBUTED,
          StartAt: 'Who',
          States: {
            Who: {
              Type: 'Pass',
              Parameters: { 'execution.$': '$$.Execution.Id', 'input.$': '$$.Execution.Input', 'v.$': '$' },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };

  test("each is reported under childExecutions with its own history; the parent's history holds the Map Run only", async () => {
    const started: ChildExecutionInfo[] = [];
    const handle = startExecution(definition, {
      input: ['a', 'b'],
      observer: {
        onThreadStarted: (thread) => {
          if (thread.childExecution) started.push(thread.childExecution);
        },
      },
    });
    const result = await handle.result;
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.states, ['M']);
    assert.deepEqual(
      result.events.map((e) => e.type),
      [
        'ExecutionStarted',
        'MapStateEntered',
        'MapStateStarted',
        'MapRunStarted',
        'MapRunSucceeded',
        'MapStateSucceeded',
        'MapStateExited',
        'ExecutionSucceeded',
      ],
    );
    const children = result.childExecutions ?? [];
    assert.deepEqual(
      children.map((c) => [c.index, c.status, c.input, c.states]),
      [
        [0, 'SUCCEEDED', 'a', ['Who']],
        [1, 'SUCCEEDED', 'b', ['Who']],
      ],
    );
    for (const child of children) {
      assert.deepEqual(
        child.events.map((e) => [e.type, e.id, e.previousEventId]),
        [
          ['ExecutionStarted', 1, 0],
          ['PassStateEntered', 2, 0],
          ['PassStateExited', 3, 2],
          ['ExecutionSucceeded', 4, 3],
        ],
      );
      assert.match(child.executionArn, /:execution:StateMachine\/Rows:[0-9a-f-]{36}$/);
      assert.equal(child.mapState, 'M');
      // Inside, $$.Execution is the child execution's own.
      assert.deepEqual(child.output, { execution: child.executionArn, input: child.input, v: child.input });
    }
    // The observer was told which thread is which child execution, as each started.
    assert.deepEqual(
      started.map((c) => c.executionArn),
      children.map((c) => c.executionArn),
    );
    assert.equal(children[0]?.mapRunArn, mapRunArnOf(result));
  });

  test('an inline Map has no child executions', async () => {
    const inline = structuredClone(definition);
    delete ((inline.States as JsonObject).M as { ItemProcessor: JsonObject }).ItemProcessor.ProcessorConfig;
    const result = await execute(inline, { input: ['a'] });
    assert.equal(result.childExecutions, undefined);
    assert.ok(result.events.some((e) => e.type === 'MapIterationStarted'));
  });

  test('child executions are the same in every run', async () => {
    const a = await execute(definition, { input: ['a', 'b'] });
    const b = await execute(definition, { input: ['a', 'b'] });
    assert.deepEqual(a.childExecutions, b.childExecutions);
  });
});

describe('inline Map concurrency', () => {
  /** A Map whose iteration waits `$.wait` seconds, then echoes its item. */
  function waitingMap(maxConcurrency: number): JsonObject {
    return {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: maxConcurrency,
          ItemProcessor: {
            StartAt: 'W',
            States: {
              W: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Done' },
              Done: { Type: 'Pass', End: true },
            },
          },
          End: true,
        },
      },
    };
  }

  function iterationTimes(result: ExecutionResult, type: string): [number, string][] {
    return result.events
      .filter((e) => e.type === type)
      .map((e) => [iterationIndex(e), e.timestamp.slice(11, 19)]);
  }

  test('iterations that finish out of order still give their results in item order', async () => {
    const input: JsonValue = [{ wait: 3 }, { wait: 1 }, { wait: 2 }];
    const result = await execute(waitingMap(2), { input });
    // They finished 1, then 0 and 2 together (ties go by item index)...
    assert.deepEqual(iterationTimes(result, 'MapIterationSucceeded'), [
      [1, '00:00:01'],
      [0, '00:00:03'],
      [2, '00:00:03'],
    ]);
    // ...and the output is in item order.
    assert.deepEqual(result.output, input);
  });

  test('a slot MaxConcurrency frees is taken at once, at the simulated time it freed', async () => {
    const result = await execute(waitingMap(2), { input: [{ wait: 5 }, { wait: 1 }, { wait: 1 }] });
    assert.deepEqual(iterationTimes(result, 'MapIterationStarted'), [
      [0, '00:00:00'],
      [1, '00:00:00'],
      [2, '00:00:01'],
    ]);
  });

  test('when an iteration fails, the others finish that instant and stop before the clock moves on', async () => {
    // On AWS the iterations run truly at once: those started with the failing one have done their
    // instantaneous work by the time the Map stops them; one that would wait is stopped at once.
    const definition: JsonObject = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 3,
          ItemProcessor: {
            StartAt: 'Check',
            States: {
              Check: {
                Type: 'Choice',
                Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }],
                Default: 'W',
              },
              Boom: { Type: 'Fail', Error: 'Item.Failed' },
              W: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Done' },
              Done: { Type: 'Pass', End: true },
            },
          },
          End: true,
        },
      },
    };
    const result = await execute(definition, {
      input: [{ fail: true }, { fail: false, wait: 0 }, { fail: false, wait: 5 }, { fail: false, wait: 0 }],
    });
    assert.equal(result.error, 'Item.Failed');
    const ends = result.events
      .filter((e) => e.type.startsWith('MapIteration') && e.type !== 'MapIterationStarted')
      .map((e) => `${e.type.slice('MapIteration'.length)} ${iterationIndex(e)}`);
    // Item 1 finished at the same instant; item 2 was stopped instead of waiting; item 3 never started
    // (the slots were full until the failure).
    assert.deepEqual(ends, ['Failed 0', 'Succeeded 1', 'Aborted 2']);
    assert.equal(result.events.at(-1)?.timestamp, '2024-01-01T00:00:00.000Z');
  });
});
