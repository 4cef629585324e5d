// Start-up benchmark: the built CLI (dist/cli.js, as `npm run bench` builds it) against a bare
// `node -e 0`, each started as a fresh process, rounds interleaved so machine load hits every
// command alike. Target: a small `stepthrough run` within 1.5x of `node -e 0`. Wall time per
// process start (median; the minimum shows the cost on an idle machine) and, on Linux, the CPU time
// the process used (user + system, the mean over the rounds from /proc/self/stat's counters of
// waited-for children): CPU time hardly depends on what else the machine runs, wall time does.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  /** Mean CPU time (user + system) per start, when the platform tells it. */
  cpuMs?: number;
  /** cpuMs / cpuMs of `node -e 0` */
  cpuRatio?: number;
}

/** CPU time of this process's waited-for children so far, in ms (Linux), else undefined. */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: field 3 is index 0; cutime and cstime are fields 16 and 17 (clock ticks of 10 ms).
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) * 10 : undefined;
}

function timeOnce(args: string[], cwd: string): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (result.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  }
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
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
    const cpu = commands.map((): (number | undefined)[] => []);
    for (let round = 0; round < rounds; round++) {
      for (const [index, [, args]] of commands.entries()) {
        const sample = timeOnce(args, scratch);
        times[index]?.push(sample.wall);
        cpu[index]?.push(sample.cpu);
      }
    }
    const stats = times.map((samples, index) => {
      const sorted = [...samples].sort((a, b) => a - b);
      const cpuSamples = cpu[index] ?? [];
      const cpuMs = cpuSamples.every((c) => c !== undefined)
        ? cpuSamples.reduce((sum: number, c) => sum + (c ?? 0), 0) / cpuSamples.length
        : undefined;
      return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, min: sorted[0] ?? NaN, cpuMs };
    });
    const base = stats[0] ?? { median: NaN, min: NaN, cpuMs: undefined };
    return commands.map(([label], index) => {
      const s = stats[index] ?? { median: NaN, min: NaN, cpuMs: undefined };
      const row: StartupRow = {
        label,
        medianMs: s.median,
        minMs: s.min,
        ratio: s.median / base.median,
        minRatio: s.min / base.min,
      };
      if (s.cpuMs !== undefined && base.cpuMs !== undefined) {
        row.cpuMs = s.cpuMs;
        row.cpuRatio = s.cpuMs / base.cpuMs;
      }
      return row;
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatStartupBench(rows: StartupRow[]): string {
  const lines = rows.map(
    (row) =>
      `${row.label.padEnd(28)} ${row.medianMs.toFixed(1).padStart(6)} ms median (${row.ratio.toFixed(2)}x)  ${row.minMs.toFixed(1).padStart(6)} ms min (${row.minRatio.toFixed(2)}x)` +
      (row.cpuMs !== undefined
        ? `  ${row.cpuMs.toFixed(1).padStart(6)} ms CPU (${(row.cpuRatio ?? NaN).toFixed(2)}x)`
        : ''),
  );
  return `${lines.join('\n')}\ntarget: stepthrough run within 1.5x of node -e 0`;
}
