// Start-up benchmark: the built CLI (dist/cli.js, as `npm run bench` builds it) against a bare
// `node -e 0`, each started as a fresh process, rounds interleaved so machine load hits every
// command alike. Target: a small `stepthrough run` within 1.5x of `node -e 0`. Wall time per
// process start; the median is the figure, the minimum shows the cost on an idle machine.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

export interface StartupRow {
  label: string;
  medianMs: number;
  minMs: number;
  /** median / median of `node -e 0` */
  ratio: number;
  /** min / min of `node -e 0` */
  minRatio: number;
}

function timeOnce(args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && !(args.includes('run') && result.status === 1)) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  }
  return elapsed;
}

export function benchStartup(rounds = 40): StartupRow[] {
  const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-startup-'));
  try {
    writeFileSync(
      join(scratch, 'small.asl.json'),
      JSON.stringify({
        StartAt: 'Greet',
        States: {
          Greet: {
            Type: 'Pass',
            Parameters: { 'greeting.$': "States.Format('hello {}', $.name)" },
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      }),
    );
    const commands: [string, string[]][] = [
      ['node -e 0', ['-e', '0']],
      ['stepthrough --version', [CLI, '--version']],
      ['stepthrough run (2 states)', [CLI, 'run', 'small.asl.json', '--input-json', '{"name":"ada"}']],
      ['stepthrough validate', [CLI, 'validate', 'small.asl.json']],
    ];
    for (const [, args] of commands) timeOnce(args, scratch); // file-system caches warm, outputs checked
    const times = commands.map((): number[] => []);
    for (let round = 0; round < rounds; round++) {
      for (const [index, [, args]] of commands.entries()) times[index]?.push(timeOnce(args, scratch));
    }
    const stats = times.map((samples) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, min: sorted[0] ?? NaN };
    });
    const base = stats[0] ?? { median: NaN, min: NaN };
    return commands.map(([label], index) => {
      const s = stats[index] ?? { median: NaN, min: NaN };
      return {
        label,
        medianMs: s.median,
        minMs: s.min,
        ratio: s.median / base.median,
        minRatio: s.min / base.min,
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatStartupBench(rows: StartupRow[]): string {
  const lines = rows.map(
    (row) =>
      `${row.label.padEnd(28)} ${row.medianMs.toFixed(1).padStart(6)} ms median (${row.ratio.toFixed(2)}x)  ${row.minMs.toFixed(1).padStart(6)} ms min (${row.minRatio.toFixed(2)}x)`,
  );
  return `${lines.join('\n')}\ntarget: stepthrough run within 1.5x of node -e 0`;
}
