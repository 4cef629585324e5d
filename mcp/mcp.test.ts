// `stepthrough mcp` through the official MCP SDK client: the CLI is bundled with esbuild (as the
// package ships it), started as a process over stdio, its tools listed and each called on the
// examples; failures come back as tool errors; garbage, malformed JSON-RPC and an oversized message on
// stdin leave the server answering the next request.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const REPO = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'st-mcp-'));
const CLI = join(dir, 'cli.js');
let client: Client;

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
    // As scripts/build.mjs: the HCL parser loads its .wasm beside its own code, so it is not bundled.
    external: ['@cdktf/hcl2json'],
  });
  client = new Client({ name: 'stepthrough-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: REPO, stderr: 'pipe' }),
  );
});

after(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
}

async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

async function callJson(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await call(name, args);
  assert.notEqual(result.isError, true, result.content[0]?.text);
  return JSON.parse(result.content[0]?.text ?? '') as Record<string, unknown>;
}

const ORDER = 'examples/order/order.asl.json';

describe('stepthrough mcp over stdio', () => {
  test('lists its tools, each with a strict input schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'check_role',
      'graph',
      'run',
      'test',
      'test_state',
      'validate',
    ]);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.equal(
        (tool.inputSchema as { additionalProperties?: unknown }).additionalProperties,
        false,
        tool.name,
      );
      assert.ok((tool.description ?? '').length > 40, tool.name);
    }
    const testState = tools.find((t) => t.name === 'test_state');
    assert.deepEqual((testState?.inputSchema as { required?: string[] }).required, ['definition']);
  });

  test("validate: a broken machine's diagnostics with positions and fixes", async () => {
    const definition =
      '{\n  "StartAt": "Frist",\n  "States": {\n    "First": { "Type": "Pass", "End": true }\n  }\n}';
    const result = await callJson('validate', { definition });
    assert.equal(result.valid, false);
    const diagnostics = result.diagnostics as {
      code: string;
      start: { line: number; column: number };
      fixes?: { title: string; edits: { start: { line: number; column: number }; newText: string }[] }[];
    }[];
    const missing = diagnostics.find((d) => d.code === 'ASL201');
    assert.ok(missing, JSON.stringify(diagnostics));
    assert.deepEqual(missing.start, { line: 2, column: 14 });
    assert.deepEqual(missing.fixes?.[0]?.edits[0], {
      start: { line: 2, column: 14 },
      end: { line: 2, column: 21 },
      newText: '"First"',
    });
    assert.deepEqual(await callJson('validate', { file: ORDER }), {
      source: ORDER,
      valid: true,
      errors: 0,
      warnings: 0,
      diagnostics: [],
    });
  });

  test('run: the order example with its mocks file ships', async () => {
    const result = await callJson('run', {
      file: ORDER,
      input: {
        orderId: 'ord-42',
        customer: { id: 'c-7', email: 'a@example.com' },
        lines: [{ sku: 'book-1', quantity: 1 }],
      },
      mocksFile: 'examples/order/order.mocks.json',
    });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.path, [
      'Validate',
      'HasLines',
      'ReserveStock',
      'ChargeAndNotify',
      'WaitForCourier',
      'Ship',
    ]);
    assert.deepEqual(result.output, {
      orderId: 'ord-42',
      status: 'SHIPPED',
      chargeId: 'ch-1001',
      shippedAt: '2024-01-02T00:00:02.000Z',
    });
    const failed = await callJson('run', { file: ORDER, input: { orderId: 'o', customer: {}, lines: [] } });
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error, 'Order.Empty');
  });

  test('check_role: the permission a role lacks, at its state', async () => {
    const result = await callJson('check_role', {
      file: ORDER,
      policyFile: 'examples/order/order-role-no-notify.json',
    });
    assert.equal(result.allowed, false);
    const findings = result.findings as Record<string, unknown>[];
    assert.equal(findings.length, 1);
    assert.deepEqual(
      {
        state: findings[0]?.state,
        action: findings[0]?.action,
        resource: findings[0]?.resource,
        decision: findings[0]?.decision,
      },
      {
        state: 'NotifyCustomer',
        action: 'sns:Publish',
        resource: 'arn:aws:sns:us-east-1:123456789012:order-updates',
        decision: 'implicitDeny',
      },
    );
    assert.equal(typeof findings[0]?.line, 'number');
    const allowed = await callJson('check_role', {
      file: ORDER,
      policyFile: 'examples/order/order-role.json',
    });
    assert.deepEqual(allowed.findings, []);
  });

  test('test: the cases of a test file', async () => {
    const result = await callJson('test', { file: 'examples/order/order.sfn-test.yaml' });
    const totals = result.totals as { cases: number; passed: number; failed: number };
    assert.equal(totals.failed, 0);
    assert.equal(totals.passed, totals.cases);
    assert.ok(totals.cases >= 10);
    const names = (result.cases as { name: string; outcome: string }[]).map((c) => c.name);
    assert.ok(names.includes('a throttled ReserveLine is retriable'));
    assert.match(result.report as string, /✓ ships an order with two lines/);
    const filtered = await callJson('test', {
      file: 'examples/order/order.sfn-test.yaml',
      filter: 'HasLines',
    });
    assert.equal((filtered.totals as { cases: number }).cases, 1);
  });

  test('test_state: a TestState request, answered as the API answers', async () => {
    const response = await callJson('test_state', {
      definition: JSON.stringify({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        Next: 'Done',
      }),
      input: '{"id": 1}',
      inspectionLevel: 'DEBUG',
      mock: { errorOutput: { error: 'Lambda.TooManyRequestsException', cause: 'slow down' } },
      stateConfiguration: { retrierRetryCount: 2 },
    });
    assert.equal(response.status, 'CAUGHT_ERROR');
    assert.equal(response.nextState, 'Failed');
    assert.deepEqual((response.inspectionData as Record<string, unknown>).errorDetails, {
      retryIndex: 0,
      catchIndex: 0,
    });
  });

  test('graph: Mermaid text of the machine', async () => {
    const result = await call('graph', { file: ORDER, direction: 'LR' });
    const text = result.content[0]?.text ?? '';
    assert.match(text, /^flowchart LR\n/);
    assert.match(text, /subgraph n\d+ \["ChargeAndNotify"\]/);
    assert.match(text, /n\d+\{"HasLines"\}/);
  });

  test('failures are tool errors that say what to do', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['validate', { file: 'no/such/file.json' }, /does not exist/],
      ['validate', { definition: '{}', file: ORDER }, /exactly one of `definition`/],
      ['validate', { file: '/dev/zero' }, /not a regular file/],
      [
        'run',
        { definition: '{"StartAt": "A", "States": {}}' },
        /AWS would reject this state machine \(\d errors?\):\n {2}\$\S* ASL\d+ /,
      ],
      ['run', { file: ORDER, mocks: { ReserveLine: 42 } }, /mock/i],
      ['test', { file: ORDER }, /is not a valid test file/],
      [
        'test_state',
        { definition: '{"Type": "Pass", "End": true}', input: '{not json' },
        /"__type": "InvalidExecutionInput"/,
      ],
      ['check_role', { file: ORDER }, /needs the role policy/],
      ['graph', { definition: '{"StartAt": ' }, /cannot be drawn/],
      ['validate', { definition: 42 }, /Input validation error/],
      ['graph', { file: ORDER, direction: 'UP' }, /Input validation error/],
    ];
    for (const [name, args, message] of cases) {
      const result = await call(name, args);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} did not fail`);
      assert.match(result.content[0]?.text ?? '', message, `${name} ${JSON.stringify(args)}`);
    }
    // The failed test file is a tool result about the file, not a crash: the server still answers.
    assert.equal((await callJson('validate', { file: ORDER })).valid, true);
  });
});

describe('hostile input on stdin', () => {
  test('garbage, malformed JSON-RPC and an oversized message leave the next request answered', async () => {
    const child = spawn(process.execPath, [CLI, 'mcp'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    const responses = new Map<number, Record<string, unknown>>();
    const waiters = new Map<number, (message: Record<string, unknown>) => void>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      const id = message.id as number;
      responses.set(id, message);
      waiters.get(id)?.(message);
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const reply = (id: number): Promise<Record<string, unknown>> =>
      new Promise((resolve) => {
        const known = responses.get(id);
        if (known) resolve(known);
        else waiters.set(id, resolve);
      });
    const send = (message: unknown): void => void child.stdin.write(`${JSON.stringify(message)}\n`);

    child.stdin.write('this is not json\n');
    child.stdin.write('{"jsonrpc": "2.0", "method": 42}\n');
    child.stdin.write('[1, 2, 3]\n');
    child.stdin.write(
      `{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"validate","arguments":{"definition":"${'x'.repeat(9 * 1024 * 1024)}"}}}\n`,
    );
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    const init = await reply(1);
    assert.equal((init.result as { serverInfo: { name: string } }).serverInfo.name, 'stepthrough');
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'no/such/method' });
    assert.equal(((await reply(2)).error as { code: number }).code, -32601);
    send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'graph', arguments: { file: ORDER } },
    });
    const graph = (await reply(3)).result as ToolResult;
    assert.match(graph.content[0]?.text ?? '', /^flowchart TD/);
    assert.equal(responses.has(99), false, 'the oversized message was dropped, not answered');
    assert.match(stderr, /dropped a message over 8388608 bytes/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end();
    assert.equal(await exited, 0, stderr);
  });
});
