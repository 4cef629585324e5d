// Big-Map benchmarks: an inline Map over 10,000 and 100,000 items (unlimited concurrency) and a Distributed
// Map over 10,000, 100,000 and 1,000,000 CSV rows (ItemReader, ItemSelector, ItemBatcher of 1,000), each run
// in a process of its own so its peak memory is its own. The target is linear growth: time and memory per
// item roughly constant from one size to the next.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface BigMapLine {
  kind: 'inline' | 'distributed';
  items: number;
  ms: number;
  maxRssMb: number;
}

const SIZES: Record<BigMapLine['kind'], number[]> = {
  inline: [10_000, 100_000],
  distributed: [10_000, 100_000, 1_000_000],
};

function runOne(kind: BigMapLine['kind'], items: number): BigMapLine {
  const worker = join(__dirname, 'bigMapWorker.ts');
  const child = spawnSync(process.execPath, ['--import', 'tsx', worker, kind, String(items)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`big-Map bench ${kind} ${items} failed: ${child.stderr || child.stdout}`);
  }
  const { ms, maxRssMb } = JSON.parse(line) as { ms: number; maxRssMb: number };
  return { kind, items, ms, maxRssMb };
}

export function benchBigMaps(): BigMapLine[] {
  const lines: BigMapLine[] = [];
  for (const kind of ['inline', 'distributed'] as const) {
    for (const items of SIZES[kind]) lines.push(runOne(kind, items));
  }
  return lines;
}

export function formatBigMaps(lines: BigMapLine[]): string {
  const out = ['kind         items       time      µs/item   peak RSS   growth ×10 (time, memory)'];
  let previous: BigMapLine | undefined;
  for (const line of lines) {
    const growth =
      previous && previous.kind === line.kind
        ? `${(line.ms / previous.ms).toFixed(1)}×, ${(line.maxRssMb / previous.maxRssMb).toFixed(1)}×`
        : '';
    out.push(
      `${line.kind.padEnd(12)} ${line.items.toLocaleString('en-US').padStart(9)} ${`${line.ms.toFixed(0)} ms`.padStart(10)} ${((line.ms * 1000) / line.items).toFixed(1).padStart(10)} ${`${line.maxRssMb.toFixed(0)} MB`.padStart(10)}   ${growth}`,
    );
    previous = line;
  }
  return out.join('\n');
}
