// `stepthrough import-history` as a user runs it: a real process reads a history as the AWS CLI prints
// it (two pages concatenated) and the machine, writes a test file, and `stepthrough test` passes it;
// printed on stdout without --out; warnings on stderr for a history without its data; usage errors exit 2.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { RESERVE_MACHINE, reserveHistory } from '../../core/replay/replay.fixture';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'st-import-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // tsx resolved from the repository: the process runs in a folder of its own.
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const child = spawnSync(process.execPath, ['--import', tsx, join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

test('imports a paged history into a test file that `stepthrough test` passes', async () => {
  const events = await reserveHistory();
  writeFileSync(join(dir, 'reserve.asl.json'), JSON.stringify(RESERVE_MACHINE, null, 2));
  const pages = [events.slice(0, 12), events.slice(12)].map((p) => JSON.stringify({ events: p }, null, 2));
  writeFileSync(join(dir, 'history.json'), pages.join('\n'));
  const imported = cli([
    'import-history',
    'history.json',
    '--definition',
    'reserve.asl.json',
    '--out',
    'tests/reserve.sfn-test.yaml',
  ]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stderr, /wrote tests\/reserve\.sfn-test\.yaml \(25 events, 1 Task mocked, 0 notes\)/);
  const text = readFileSync(join(dir, 'tests', 'reserve.sfn-test.yaml'), 'utf8');
  assert.match(text, /^stateMachine: \.\.\/reserve\.asl\.json$/m);
  assert.match(text, /when:\n\s+sku: pen-3/);
  const run = cli(['test', 'tests/reserve.sfn-test.yaml']);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /1 passed, 1 total/);

  // Without --out the file goes to stdout; a history without its data warns on stderr.
  const bare = events.map((e) => {
    const copy: Record<string, unknown> = { ...e };
    if (e.type === 'ExecutionStarted')
      copy.executionStartedEventDetails = { roleArn: 'arn:aws:iam::123456789012:role/R' };
    return copy;
  });
  writeFileSync(join(dir, 'bare.json'), JSON.stringify({ events: bare }));
  const printed = cli(['import-history', 'bare.json', '--definition', 'reserve.asl.json']);
  assert.equal(printed.status, 0, printed.stderr);
  assert.match(printed.stdout, /^stateMachine: \.\/reserve\.asl\.json$/m);
  assert.match(printed.stderr, /warning: The execution's input was not recorded/);
  assert.match(printed.stdout, /# *- The execution's input was not recorded/);
});

test('usage mistakes and unreadable histories exit 2 with what to do', () => {
  writeFileSync(join(dir, 'broken.json'), '{"events": [');
  const noDefinition = cli(['import-history', 'broken.json']);
  assert.equal(noDefinition.status, 2);
  assert.match(noDefinition.stderr, /needs --definition/);
  writeFileSync(join(dir, 'm.asl.json'), JSON.stringify(RESERVE_MACHINE));
  const broken = cli(['import-history', 'broken.json', '--definition', 'm.asl.json']);
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /broken\.json: .*middle of a JSON value/);
  assert.match(broken.stderr, /get-execution-history/);
  const help = cli(['help']);
  assert.match(help.stdout, /import-history H/);
});
