// Test harness for `stepthrough serve`: a client over in-memory stdio (send lines, await the next
// message without timers) and a small order machine written to a temp directory.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CommandContext } from '../context';
import { serveCommand } from '../commands/serve';
import { nodeFileAccess } from '../../host';

export type Message = Record<string, unknown> & { id?: number | null; ok?: boolean; type?: string };

export const dir = mkdtempSync(join(tmpdir(), 'stepthrough-serve-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
export function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

export const ORDER = file('order.asl.json', {
  StartAt: 'Reserve',
  States: {
    Reserve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:reserve:live',
        'Payload.$': '$',
      },
      OutputPath: '$.Payload',
      Retry: [{ ErrorEquals: ['Throttled'], MaxAttempts: 1, IntervalSeconds: 1 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
      Next: 'Charge',
    },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge',
      End: true,
    },
    Failed: { Type: 'Pass', End: true },
  },
});

/** A client over in-memory stdio: send lines, await the next message (no timers). */
export class Client {
  readonly input = new PassThrough();
  private readonly queue: Message[] = [];
  private readonly waiters: ((m: Message) => void)[] = [];
  readonly exit: Promise<number>;
  constructor() {
    const ctx: CommandContext = {
      positionals: [],
      values: {},
      stdout: (text) => this.push(JSON.parse(text) as Message),
      stderr: () => undefined,
      color: false,
      files: nodeFileAccess(),
    };
    this.exit = serveCommand(ctx, this.input);
  }
  private push(message: Message): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.queue.push(message);
  }
  send(message: unknown): void {
    this.input.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  }
  next(): Promise<Message> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  async request(message: Record<string, unknown>): Promise<Message> {
    this.send(message);
    return this.next();
  }
  async close(): Promise<void> {
    this.send({ id: 999, type: 'shutdown' });
    assert.deepEqual(await this.next(), { id: 999, ok: true, result: null });
    assert.equal(await this.exit, 0);
  }
}

export const mocks = (value: unknown): unknown => ({ kind: 'inline', value });
