// The CLI commands of the language tooling: `stepthrough validate` (lines, JSON, exit codes) and
// `stepthrough lsp --stdio` (the same server, reached through the command, answering a real client).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver/node';
import { StepthroughError } from '../../core';
import { lspCommand } from '../../cli/commands/lsp';
import { validateCommand } from '../../cli/commands/validate';
import { capturedContext as context } from '../../cli/capturedContext';
import { LspTestClient, REPO_ROOT } from './client';
import { ORDER_MACHINE, ORDER_YAML, positionOf } from './fixtures';

describe('stepthrough validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepthrough-validate-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test('valid files: no output lines, exit 0', async () => {
    const ctx = context([write('ok.asl.json', ORDER_MACHINE), write('ok.asl.yaml', ORDER_YAML)]);
    assert.equal(await validateCommand(ctx), 0);
    assert.deepEqual(ctx.out, []);
    assert.deepEqual(ctx.err, ['2 files valid']);
  });

  test('errors: file:line:col code message, exit 1', async () => {
    const broken = write(
      'broken.asl.json',
      ORDER_MACHINE.replace('"Default": "Failed"', '"Default": "Faild"'),
    );
    const ctx = context([broken]);
    assert.equal(await validateCommand(ctx), 1);
    const position = positionOf(
      ORDER_MACHINE.replace('"Default": "Failed"', '"Default": "Faild"'),
      '"Faild"',
    );
    assert.equal(ctx.out.length, 1);
    assert.equal(
      ctx.out[0],
      `${broken}:${position.line + 1}:${position.character + 1} ASL201 "Default" names "Faild", but there is no such state in the top level; did you mean "Failed"?`,
    );
    assert.match(ctx.err.join('\n'), /1 error, 0 warnings in 1 file/);
  });

  test('a file that does not look like a state machine is still checked when named', async () => {
    const ctx = context([write('plain.json', '{"name": "not a state machine"}')]);
    assert.equal(await validateCommand(ctx), 1);
    assert.ok(ctx.out.some((line) => /ASL101/.test(line)));
  });

  test('--format json and unreadable files (exit 2)', async () => {
    const missing = join(dir, 'missing.asl.json');
    const broken = write('syntax.asl.json', '{"StartAt": "A",');
    const ctx = context([broken, missing], { format: 'json' });
    assert.equal(await validateCommand(ctx), 2);
    const report = JSON.parse(ctx.out.join('')) as {
      files: {
        file: string;
        readError?: string;
        diagnostics: { code: string; line: number; column: number }[];
      }[];
      errors: number;
      unreadable: number;
    };
    assert.equal(report.unreadable, 1);
    assert.equal(report.files[0]?.diagnostics[0]?.code, 'ASL001');
    assert.equal(report.files[0]?.diagnostics[0]?.line, 1);
    assert.match(report.files[1]?.readError ?? '', /does not exist/);
    assert.ok(report.errors >= 1);
  });

  test('--role warns (IAM001) at each Task whose action the policy does not grant; exit 0', async () => {
    const definition = write('role.asl.json', ORDER_MACHINE);
    const policy = write(
      'policy.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
      }),
    );
    const ctx = context([definition], { role: policy });
    assert.equal(await validateCommand(ctx), 0);
    const at = positionOf(ORDER_MACHINE, '"Validate": {');
    assert.equal(ctx.out.length, 1, ctx.out.join('\n'));
    assert.match(
      ctx.out[0] ?? '',
      new RegExp(
        `^${definition.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${at.line + 1}:${at.character + 1} IAM001 warning: .*lambda:InvokeFunction`,
      ),
    );
    const allowed = write(
      'allow.json',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: '*' }],
      }),
    );
    const clean = context([definition], { role: allowed });
    assert.equal(await validateCommand(clean), 0);
    assert.deepEqual(clean.out, []);
  });

  test('usage errors', async () => {
    await assert.rejects(
      validateCommand(context([])),
      (e: unknown) => e instanceof StepthroughError && e.code === 'E_USAGE',
    );
    await assert.rejects(
      validateCommand(context(['x.asl.json'], { format: 'xml' })),
      /--format must be pretty or json/,
    );
  });
});

describe('stepthrough lsp', () => {
  test('refuses to start without --stdio', () => {
    assert.throws(
      () => lspCommand(context([])),
      (e: unknown) => e instanceof StepthroughError && e.code === 'E_USAGE',
    );
  });

  test('--stdio serves a real client through the command', async () => {
    const entry = join(REPO_ROOT, 'cli', 'commands', 'lsp.ts');
    const script = `require(${JSON.stringify(entry)}).lspCommand({ positionals: [], values: { stdio: true }, stdout() {}, stderr() {}, color: false });`;
    const client = await LspTestClient.start({ debounceMs: 5 }, ['-e', script]);
    try {
      const uri = 'file:///cli/order.asl.json';
      const published = await client.open(uri, ORDER_MACHINE);
      assert.deepEqual(published.diagnostics, []);
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(ORDER_MACHINE, '"Notify": {', 2),
      });
      assert.match(
        hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '',
        /Notify.*Map state/,
      );
    } finally {
      assert.equal(await client.stop(), 0);
    }
    assert.deepEqual(client.errors, []);
  });
});
