// ItemReader data streamed (#20: "ItemReader data ... is streamed"): each InputType's parser gives the
// same items however the text is cut into chunks; a Distributed Map over a stream dispatches children
// before the stream is exhausted, stops reading at ReaderConfig's MaxItems, gives the same result as the
// same text given whole, keeps AWS's tolerated-failure percentage exact (it needs the total) and fails
// with States.ItemReaderFailed when the read fails.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject, JsonValue } from '../json';
import { execute } from './execute';
import type { ItemReaderStream } from './options';
import { itemParser } from './states/itemParsers';

/** Every item of `text` parsed in the chunks given by cutting it at `cuts`. */
function parseIn(config: JsonObject, text: string, cuts: number[]): JsonValue[] {
  const parser = itemParser(config);
  const items: JsonValue[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    items.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  return items.concat(parser.end());
}

/** The text cut once at every offset, and into single characters: each must give the whole text's items. */
function assertChunkingInvariant(config: JsonObject, text: string, expected: JsonValue[]): void {
  assert.deepEqual(parseIn(config, text, []), expected, 'whole');
  for (let cut = 0; cut <= text.length; cut++)
    assert.deepEqual(parseIn(config, text, [cut]), expected, `cut at ${cut}`);
  const every = Array.from({ length: text.length }, (_, i) => i);
  assert.deepEqual(parseIn(config, text, every), expected, 'one character a chunk');
}

describe('item parsers: the same items however the text is chunked', () => {
  test('CSV: quotes, escaped quotes, commas and line breaks inside quotes, CRLF, headers first or given', () => {
    const text = 'id,note\r\n1,"a, ""quoted"" b"\r\n2,"two\nlines"\n3,plain\r\n4,';
    assertChunkingInvariant({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, text, [
      { id: '1', note: 'a, "quoted" b' },
      { id: '2', note: 'two\nlines' },
      { id: '3', note: 'plain' },
      { id: '4', note: '' },
    ]);
    assertChunkingInvariant(
      { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'y', 'z'] },
      'a,b\n"c"\n',
      [
        { x: 'a', y: 'b', z: '' },
        { x: 'c', y: '', z: '' },
      ],
    );
  });

  test('JSONL: one value a line, blank lines skipped; a bad line is named', () => {
    assertChunkingInvariant({ InputType: 'JSONL' }, '{"a":"x\\ny"}\r\n\n[1,2]\n"s"', [
      { a: 'x\ny' },
      [1, 2],
      's',
    ]);
    assert.throws(() => parseIn({ InputType: 'JSONL' }, '{"a":1}\n{oops\n', [3]), /line 2:/);
  });

  test('JSON: an array split into its elements (strings holding brackets, commas, escapes); another value is one item', () => {
    const text = ' [ {"a": "],[\\"{"}, [1, [2]], "x\\\\", 3.5e1, true, null ] \n';
    assertChunkingInvariant({ InputType: 'JSON' }, text, [{ a: '],["{' }, [1, [2]], 'x\\', 35, true, null]);
    assertChunkingInvariant({}, '[]', []);
    assertChunkingInvariant({}, '{"only": 1}', [{ only: 1 }]);
    for (const bad of ['[1,]', '[,1]', '[1,,2]', '[1', '[1] x', '[{"a":}]', ''])
      assert.throws(() => parseIn({}, bad, [1]), Error, bad);
  });
});

/** A stream of `chunks` that records each pull and whether its read was ended (closed). */
function countingStream(
  chunks: string[],
  log: string[] = [],
): ItemReaderStream & { pulled: number; closed: number } {
  const stream = {
    pulled: 0,
    closed: 0,
    read(): AsyncIterable<string> {
      let i = 0;
      return {
        [Symbol.asyncIterator]: () => ({
          next: async () => {
            await Promise.resolve();
            if (i >= chunks.length) return { done: true, value: undefined };
            stream.pulled++;
            log.push(`pull ${i}`);
            return { done: false, value: chunks[i++] as string };
          },
          return: async () => {
            stream.closed++;
            return { done: true, value: undefined };
          },
        }),
      };
    },
  };
  return stream;
}

/** CSV text of `rows` rows (id 0..rows-1), cut into chunks of `perChunk` rows. */
function csvChunks(rows: number, perChunk: number): string[] {
  const chunks = ['id,fail\n'];
  for (let start = 0; start < rows; start += perChunk) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + perChunk); i++)
      chunk += `${i},${i % 10 === 9 ? 'yes' : 'no'}\n`;
    chunks.push(chunk);
  }
  return chunks;
}

function csvMap(fields: JsonObject = {}, config: JsonObject = {}): JsonObject {
  return {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', ...config },
          Parameters: { Bucket: 'b', Key: 'rows.csv' },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.fail', StringEquals: 'yes', Next: 'Boom' }],
              Default: 'Ok',
            },
            Boom: { Type: 'Fail', Error: 'Row.Failed' },
            Ok: { Type: 'Pass', End: true },
          },
        },
        ...fields,
        End: true,
      },
    },
  };
}

describe('a Distributed Map over a streamed ItemReader', () => {
  test('children start before the stream is exhausted, and in item order', async () => {
    const log: string[] = [];
    const chunks = csvChunks(2000, 100);
    const stream = countingStream(chunks, log);
    const result = await execute(csvMap({ MaxConcurrency: 5, ToleratedFailureCount: 1000 }), {
      itemReaderData: { M: stream },
      observer: {
        onThreadStarted: (info) =>
          void (info.childExecution && log.push(`child ${info.childExecution.index}`)),
      },
    });
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    const firstChild = log.indexOf('child 0');
    const lastPull = log.lastIndexOf(`pull ${chunks.length - 1}`);
    assert.ok(firstChild >= 0 && lastPull >= 0);
    assert.ok(firstChild < lastPull, 'the first child started before the last chunk was read');
    assert.equal(stream.pulled, chunks.length);
    const indexes = log.filter((l) => l.startsWith('child ')).map((l) => Number(l.slice(6)));
    assert.deepEqual(
      indexes,
      Array.from({ length: 2000 }, (_, i) => i),
    );
  });

  test('ReaderConfig.MaxItems stops the read: later chunks are never pulled and the read is closed', async () => {
    const chunks = csvChunks(10_000, 100); // 101 chunks with the header
    const stream = countingStream(chunks);
    const result = await execute(csvMap({}, { MaxItems: 150 }), { itemReaderData: { M: stream } });
    assert.equal(result.status, 'FAILED'); // items 9, 19, ... fail and nothing is tolerated
    const all = countingStream(chunks);
    const kept = await execute(csvMap({ ToleratedFailureCount: 1000 }, { MaxItems: 150 }), {
      itemReaderData: { M: all },
    });
    assert.equal(kept.status, 'SUCCEEDED', kept.cause);
    assert.equal(kept.childExecutions?.length, 150);
    assert.equal((kept.output as JsonValue[]).length, 150);
    assert.ok(
      all.pulled <= 4,
      `the header and two chunks of 100 rows cover 150 items (pulled ${all.pulled})`,
    );
    assert.equal(all.closed, 1, 'the read was ended');
  });

  test('the same result as the same text given whole (ItemSelector, ItemBatcher, MaxConcurrency)', async () => {
    const fields: JsonObject = {
      MaxConcurrency: 3,
      ItemSelector: { 'id.$': '$$.Map.Item.Value.id', 'at.$': '$$.Map.Item.Index' },
      ItemBatcher: { MaxItemsPerBatch: 7, BatchInput: { run: 'r' } },
      ToleratedFailureCount: 1000,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Wait',
        States: { Wait: { Type: 'Wait', Seconds: 1, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
      },
    };
    const chunks = csvChunks(500, 33);
    const streamed = await execute(csvMap(fields), { itemReaderData: { M: countingStream(chunks) } });
    const whole = await execute(csvMap(fields), { itemReaderData: { M: chunks.join('') } });
    assert.equal(streamed.status, 'SUCCEEDED', streamed.cause);
    assert.deepEqual(streamed.output, whole.output);
    assert.deepEqual(streamed.events, whole.events);
    assert.deepEqual(streamed.childExecutions, whole.childExecutions);
    assert.equal(streamed.childExecutions?.length, Math.ceil(500 / 7));
  });

  // Developer guide, "Tolerated failure threshold for Distributed Map state": "Step Functions calculates the
  // percentage of failed items as the result of the total number of failed or timed out items divided by
  // the total number of items." The total is needed from the first failure on, so a streamed Map counts
  // the items in a first pass (keeping none) and the threshold is exact: 1 row in 10 fails.
  test('ToleratedFailurePercentage is exact on a stream: the total is counted first', async () => {
    const chunks = csvChunks(1000, 50);
    const at = await execute(csvMap({ ToleratedFailurePercentage: 10 }), {
      itemReaderData: { M: countingStream(chunks) },
    });
    assert.equal(at.status, 'SUCCEEDED', at.cause);
    const under = await execute(csvMap({ ToleratedFailurePercentage: 9.9 }), {
      itemReaderData: { M: countingStream(chunks) },
    });
    assert.equal(under.error, 'States.ExceedToleratedFailureThreshold');
  });

  test('a read that fails mid-way fails the Map with States.ItemReaderFailed, whatever the thresholds', async () => {
    const failing: ItemReaderStream = {
      read: async function* () {
        yield 'id,fail\n1,no\n';
        throw new Error("The ItemReader data file 'rows.csv' is over 1 GB (it grew while read)");
      },
    };
    const result = await execute(csvMap({ ToleratedFailureCount: 5 }), { itemReaderData: { M: failing } });
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.ItemReaderFailed');
    assert.match(result.cause ?? '', /could not be read: The ItemReader data file 'rows.csv' is over 1 GB/);
    const bad = await execute(csvMap(), { itemReaderData: { M: countingStream(['[1,', '2,,3]']) } });
    assert.equal(bad.status, 'SUCCEEDED', 'CSV reads any text');
    const json = await execute(csvMap({}, { InputType: 'JSON' }), {
      itemReaderData: { M: countingStream(['[{"fail":"no"},', '{"fail":"no"},,]']) },
    });
    assert.equal(json.error, 'States.ItemReaderFailed');
    assert.match(json.cause ?? '', /not valid JSON: a missing array element after element 2/);
  });
});
