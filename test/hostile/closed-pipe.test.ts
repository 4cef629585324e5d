// `stepthrough ... | head -1` (issue #20, finding 7): when the reader of stdout goes away, every command
// that prints ends quietly with its own exit code, never an EPIPE stack. The reading end of the pipe
// is closed before the process writes anything, so each write meets a closed pipe; each case ends
// when the process exits.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bundle, HANG_GUARD_MS, hostileFolder, plainEnv, POSIX, REPO, type HostileFolder } from './fixtures';

const skip = POSIX ? false : 'closing a pipe early behaves differently on Windows';

function withClosedStdout(
  script: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: REPO, env: plainEnv(), stdio: 'pipe' });
    child.stdout.destroy();
    if (stdin === undefined) child.stdin.end();
    else child.stdin.end(stdin);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('a closed stdout', { skip, timeout: HANG_GUARD_MS }, () => {
  let cli: string;
  let folder: HostileFolder;
  before(async () => {
    cli = await bundle('cli');
    folder = hostileFolder();
  });

  test('every command that prints exits quietly with its own code', async () => {
    const broken = join(folder.dir, 'broken.asl.json');
    writeFileSync(broken, '{"StartAt": "Missing", "States": {"A": {"Type": "Pass", "End": true}}}');
    const mocks = join(folder.dir, 'mocks.json');
    writeFileSync(mocks, JSON.stringify({ Charge: [{ Return: { Payload: { ok: true } } }] }));
    // [arguments, exit code, what stderr says on its own (validate's summary goes there)]
    const cases: [string[], number, string?][] = [
      [['run', folder.machine, '--mocks', mocks], 0],
      [['run', folder.machine, '--mocks', mocks, '--json'], 0],
      [['validate', broken], 1, '1 error, 0 warnings in 1 file\n'],
      [['graph', folder.machine], 0],
      [['test', folder.roleTestFile], 0],
      [['test', folder.roleTestFile, '--reporter', 'junit'], 0],
      [['help'], 0],
      [['help', 'run'], 0],
      [['--version'], 0],
    ];
    const results = await Promise.all(cases.map(([args]) => withClosedStdout(cli, args)));
    results.forEach((result, index) => {
      const [args, code, stderr] = cases[index] ?? [[], -1];
      assert.deepEqual(result, { code, signal: null, stderr: stderr ?? '' }, args.join(' '));
    });
  });

  test('serve, whose client stopped reading, ends quietly when its input ends', async () => {
    const request = JSON.stringify({ id: 1, type: 'execute', definition: { file: folder.mapMachine } });
    const result = await withClosedStdout(cli, ['serve'], `${request}\n`);
    assert.deepEqual(result, { code: 0, signal: null, stderr: '' });
  });
});
