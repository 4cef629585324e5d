// A `stepthrough serve` client over a real process's stdio: one JSON line per request, responses
// matched by id, and the process's exit turned into a rejection of whatever still waits (so a server
// killed by a regression fails the test at once instead of leaving it waiting).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cappedNode, plainEnv, REPO } from './fixtures';

export type Message = Record<string, unknown> & { id?: number | null; ok?: boolean; type?: string };

export class ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every line the server wrote that is not a response to a waiting request (handler calls, id-less errors). */
  readonly unmatched: Message[] = [];
  /** Answers the server's handler calls (`invokeHandler`): the handlerResult fields to send back. */
  onInvoke: ((call: Message) => Record<string, unknown>) | undefined;
  stderr = '';
  private readonly waiting = new Map<number, { resolve(m: Message): void; reject(e: Error): void }[]>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(script: string, env: NodeJS.ProcessEnv = {}) {
    const [command, args] = cappedNode([script, 'serve']);
    this.child = spawn(command, args, { cwd: REPO, env: plainEnv(env), stdio: 'pipe' });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) =>
      this.deliver(JSON.parse(line) as Message),
    );
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        const error = new Error(`the server exited (code ${code}, signal ${signal}):\n${this.stderr}`);
        for (const list of this.waiting.values()) for (const w of list) w.reject(error);
        this.waiting.clear();
        resolve({ code, signal });
      }),
    );
  }

  private deliver(message: Message): void {
    const list = typeof message.id === 'number' ? this.waiting.get(message.id) : undefined;
    const waiter = list?.shift();
    if (list?.length === 0 && typeof message.id === 'number') this.waiting.delete(message.id);
    if (waiter) waiter.resolve(message);
    else if (message.type === 'invokeHandler' && this.onInvoke)
      this.write(
        JSON.stringify({ type: 'handlerResult', callId: message.callId, ...this.onInvoke(message) }),
      );
    else this.unmatched.push(message);
  }

  /** Writes a raw line (garbage included). */
  write(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Resolves with the next message carrying `id`. */
  response(id: number): Promise<Message> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        reject(new Error(`the server has exited:\n${this.stderr}`));
        return;
      }
      const list = this.waiting.get(id) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(id, list);
    });
  }

  request(message: Message & { id: number }): Promise<Message> {
    return this.requestLine(message.id, JSON.stringify(message));
  }

  /** A request already written as a line (one too deep for JSON.stringify, say). */
  requestLine(id: number, line: string): Promise<Message> {
    const answered = this.response(id);
    this.write(line);
    return answered;
  }

  /** shutdown, then the exit code. */
  async close(): Promise<number | null> {
    await this.request({ id: 2 ** 31, type: 'shutdown' });
    return (await this.exited).code;
  }
}
