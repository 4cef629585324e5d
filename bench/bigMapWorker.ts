// One big-Map run in a process of its own, so that its peak memory is its own: prints one JSON line
// {ms, maxRssMb, status, children}. Usage: node --import tsx bench/bigMapWorker.ts inline|distributed N

import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JsonObject } from '../core';
import { nodeFileAccess } from '../host';
import type { TextStream } from '../host/files';

// Measured on the built bundle, as users run it (npm run bench builds first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { execute } = require('../dist/core.cjs') as typeof import('../core');

/** An inline Map over N numbers (made by a JSONata range: an input that large is over AWS's 256 KiB). */
export const INLINE_MAP: JsonObject = {
  QueryLanguage: 'JSONata',
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      Items: '{% [1..$states.input.n] %}',
      ItemProcessor: {
        StartAt: 'Double',
        States: {
          Double: { Type: 'Pass', Output: '{% {"v": $states.input} %}', End: true },
        },
      },
      Output: '{% $count($states.result) %}',
      End: true,
    },
  },
};

/** A Distributed Map reading N CSV rows, selecting two fields of each and batching 1,000 rows a child. */
export const DISTRIBUTED_MAP: JsonObject = {
  StartAt: 'Rows',
  States: {
    Rows: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'bench', Key: 'rows.csv' },
      },
      ItemSelector: { 'sku.$': '$$.Map.Item.Value.sku', 'qty.$': '$$.Map.Item.Value.qty' },
      ItemBatcher: { MaxItemsPerBatch: 1000, BatchInput: { 'run.$': '$.run' } },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Count',
        States: {
          Count: {
            Type: 'Pass',
            Parameters: { 'rows.$': 'States.ArrayLength($.Items)', 'run.$': '$.BatchInput.run' },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

/** Writes N CSV rows to a temporary file (before the clock starts), as `--item-reader Rows=FILE` names one. */
function csvFile(rows: number): string {
  const file = join(mkdtempSync(join(tmpdir(), 'stepthrough-bigmap-')), 'rows.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'sku,qty,warehouse');
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(`\nsku-${i},${i % 17},wh-${i % 5}`);
    if (lines.length === 10_000) writeSync(fd, lines.splice(0).join(''));
  }
  writeSync(fd, lines.join(''));
  closeSync(fd);
  return file;
}

async function main(): Promise<void> {
  const [kind, sizeText] = process.argv.slice(2);
  const n = Number(sizeText);
  const definition = kind === 'inline' ? INLINE_MAP : DISTRIBUTED_MAP;
  const file = kind === 'inline' ? undefined : csvFile(n);
  const t0 = process.hrtime.bigint();
  // Streamed from the file as the CLI streams --item-reader (host/'s FileAccess, the ItemReader limit).
  const itemReaderData: Record<string, TextStream> = {};
  if (file) itemReaderData.Rows = nodeFileAccess().streamText(file, { kind: 'itemReader' });
  const result = await execute(definition, {
    input: kind === 'inline' ? { n } : { run: 'bench' },
    itemReaderData,
    maxTransitions: 1_000_000,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const expected = kind === 'inline' ? n : Math.ceil(n / 1000);
  const produced = kind === 'inline' ? result.output : result.childExecutions?.length;
  if (result.status !== 'SUCCEEDED' || produced !== expected) {
    throw new Error(
      `big-Map bench (${kind} ${n}) gave ${result.status} ${result.error ?? ''} ${result.cause ?? ''}`,
    );
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (file) rmSync(dirname(file), { recursive: true, force: true });
  console.log(
    JSON.stringify({ ms, maxRssMb, status: result.status, children: result.childExecutions?.length ?? 0 }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
