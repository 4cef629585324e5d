// `stepthrough api` as users start it: the CLI bundled as the package ships it, run as a process with
// Step Functions Local's environment (SFN_MOCK_CONFIG, AWS_ACCOUNT_ID, AWS_DEFAULT_REGION), reached
// with the AWS SDK, stopped with SIGTERM (exit 0). Bad settings end it at once with exit 2.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { eventually } from './harness';

const REPO = join(__dirname, '..', '..');
const EXAMPLE = join(__dirname, 'fixtures', 'sfn-local-mock-example');
const dir = mkdtempSync(join(tmpdir(), 'st-api-cli-'));
const CLI = join(dir, 'cli.js');

before(async () => {
  await build({
    entryPoints: [join(REPO, 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile: CLI,
    logLevel: 'warning',
    external: ['@cdktf/hcl2json'],
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `stepthrough api`; resolves with the URL it prints once it listens. */
async function startCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; line: string }> {
  const child = spawn(process.execPath, [CLI, 'api', '--port', '0', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`stepthrough api exited with ${code}`)));
  });
  const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
  assert.ok(url, line);
  return { child, url, line };
}

void describe('stepthrough api (the CLI process)', () => {
  void it('serves the API with Step Functions Local’s environment until SIGTERM', async () => {
    const { child, url, line } = await startCli([], {
      SFN_MOCK_CONFIG: join(EXAMPLE, 'MockConfigFile.json'),
      AWS_ACCOUNT_ID: '111122223333',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      assert.match(
        line,
        /time virtual, account 111122223333, region eu-west-1, mock config .*MockConfigFile\.json/,
      );
      const sfn = new SFNClient({
        endpoint: url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'LambdaSQSIntegration',
          definition: readFileSync(join(EXAMPLE, 'LambdaSQSIntegration.asl.json'), 'utf8'),
          roleArn: 'arn:aws:iam::111122223333:role/r',
        }),
      );
      assert.equal(
        stateMachineArn,
        'arn:aws:states:eu-west-1:111122223333:stateMachine:LambdaSQSIntegration',
      );
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#HappyPath` }),
      );
      const done = await eventually(async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      }, 'the execution to end');
      assert.equal(done.status, 'SUCCEEDED');
      sfn.destroy();
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  void it('exits 2 with a clear message for bad settings, and documents itself', () => {
    const bad = spawnSync(process.execPath, [CLI, 'api', '--time', 'fast'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--time must be virtual, real or scale=N, not 'fast'/);
    const badConfig = spawnSync(process.execPath, [CLI, 'api', '--mock-config', join(dir, 'absent.json')], {
      encoding: 'utf8',
    });
    assert.equal(badConfig.status, 2);
    assert.match(badConfig.stderr, /absent\.json' does not exist/);
    const help = spawnSync(process.execPath, [CLI, 'help', 'api'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /SFN_MOCK_CONFIG, AWS_ACCOUNT_ID/);
  });
});
