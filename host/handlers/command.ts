// A command handler (`cmd: ./bin/charge`): one process per call, in its own process group, that reads
// the event as JSON on stdin and writes its result as JSON on stdout. Exit status 0 with one JSON
// value is a result; a non-zero status is a failure (its stdout may be a Lambda-style error object,
// `{"errorType": ..., "errorMessage": ...}`, which then names the error); anything else (no JSON,
// two values, a flood) is a clear failure, and the deadline kills the group.

import { spawn } from 'node:child_process';
import { isJsonObject, type JsonValue } from '../../core/json';
import type { InvocationContext, RuntimeErrorObject } from './protocol';
import { clip, lines, MAX_LINE_BYTES, type CallOutcome, type OutputListener } from './worker';

export interface CommandLaunch {
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
}

const STDERR_TAIL = 4096;

/** Runs the command once with `event` on stdin. Never rejects. */
export function runCommand(
  launch: CommandLaunch,
  event: JsonValue,
  context: Omit<InvocationContext, 'deadlineMs'>,
  limitMs: number,
  onOutput?: OutputListener,
  signal?: AbortSignal,
): Promise<CallOutcome> {
  const [command, ...args] = launch.argv;
  if (command === undefined) return Promise.resolve({ kind: 'spawnFailed', message: 'the command is empty' });
  return new Promise((resolve) => {
    let settled: CallOutcome | undefined;
    let stdout = '';
    let stderrTail = '';
    const child = spawn(command, args, {
      cwd: launch.cwd,
      // The call's Lambda context, for commands that want it.
      env: {
        ...launch.env,
        STEPTHROUGH_LAMBDA_CONTEXT: JSON.stringify({ ...context, deadlineMs: Date.now() + limitMs }),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const stop = (): void => {
      killGroup();
      settle({ kind: 'protocol', message: 'the run ended before the command answered' });
    };
    const settle = (outcome: CallOutcome): void => {
      if (settled) return;
      settled = outcome;
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      resolve(outcome);
    };
    signal?.addEventListener('abort', stop);
    const timer = setTimeout(() => {
      killGroup();
      settle({ kind: 'timeout', limitMs });
    }, limitMs);
    child.on('error', (error) => settle({ kind: 'spawnFailed', message: error.message }));
    child.stdin.on('error', () => undefined); // a command that does not read its input
    child.stdin.end(JSON.stringify(event));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > MAX_LINE_BYTES) {
        killGroup();
        settle({
          kind: 'badOutput',
          message: `the command wrote more than ${MAX_LINE_BYTES} bytes on stdout`,
        });
      }
    });
    lines(child.stderr, (text) => {
      stderrTail = (stderrTail + text + '\n').slice(-STDERR_TAIL);
      onOutput?.('stderr', text);
    });
    child.on('close', (code, signal) => {
      // Its own children may still run in the group: they end with it.
      killGroup();
      if (code !== 0) {
        const error = errorObjectIn(stdout);
        if (error) settle({ kind: 'error', error, text: stdout.trim() });
        else settle({ kind: 'crash', exit: { code, signal, stderrTail: stderrTail.trim() } });
        return;
      }
      const text = stdout.trim();
      if (text === '') {
        settle({
          kind: 'badOutput',
          message: 'the command printed nothing on stdout (it must print its result as JSON)',
        });
        return;
      }
      try {
        settle({ kind: 'result', value: JSON.parse(text) as JsonValue });
      } catch (error) {
        settle({
          kind: 'badOutput',
          message: `the command printed invalid JSON on stdout (${(error as Error).message}): ${clip(text)}`,
        });
      }
    });
  });
}

/** A Lambda-style error object printed by a failing command, if that is what it printed. */
function errorObjectIn(stdout: string): RuntimeErrorObject | undefined {
  try {
    const value = JSON.parse(stdout.trim()) as JsonValue;
    if (isJsonObject(value) && typeof value.errorType === 'string' && value.errorType !== '') {
      const errorMessage = typeof value.errorMessage === 'string' ? value.errorMessage : '';
      return { ...value, errorType: value.errorType, errorMessage };
    }
  } catch {
    // not JSON: the exit status and stderr tell what happened
  }
  return undefined;
}
