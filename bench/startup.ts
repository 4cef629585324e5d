// Start-up benchmark: the built CLI (dist/cli.js, as `npm run bench` builds it) against a bare
// `node -e 0`, each started as a fresh process, rounds interleaved so machine load hits every
// command alike. Target: a small `stepthrough run` within 1.5x of `node -e 0`. Wall time per
// process start (median; the minimum shows the cost on an idle machine) and, on Linux, the CPU time
// the process used (user + system, the mean over the rounds from /proc/self/stat's counters of
// waited-for children): CPU time hardly depends on what else the machine runs, wall time does.
// The CLI keeps V8's compiled code of its chunks on disk (host/compileCache.ts): the rows are a
// start with that cache filled, as every start after a user's first, and one without it.

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

function timeOnce(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): { wall: number; cpu: number | undefined } {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
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
    // The compile cache (host/compileCache.ts) in a folder of this run: filled by the warm-up start,
    // as a user's first start fills theirs. The uncached row shows a first start (or the cache off).
    const cached = { ...process.env, STEPTHROUGH_COMPILE_CACHE: join(scratch, 'compile-cache') };
    const uncached = { ...process.env, STEPTHROUGH_COMPILE_CACHE: 'off' };
    const run = [CLI, 'run', 'small.asl.json', '--input-json', '{"name":"ada"}'];
    const commands: [string, string[], NodeJS.ProcessEnv][] = [
      ['node -e 0', ['-e', '0'], process.env],
      ['stepthrough --version', [CLI, '--version'], cached],
      ['stepthrough run (2 states)', run, cached],
      ['  first start (no cache)', run, uncached],
      ['stepthrough validate', [CLI, 'validate', 'small.asl.json'], cached],
    ];
    for (const [, args, env] of commands) timeOnce(args, scratch, env); // file-system and compile caches warm, outputs checked
    const times = commands.map((): number[] => []);
    const cpu = commands.map((): (number | undefined)[] => []);
    for (let round = 0; round < rounds; round++) {
      for (const [index, [, args, env]] of commands.entries()) {
        const sample = timeOnce(args, scratch, env);
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
