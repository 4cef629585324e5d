// `stepthrough mcp`: the MCP server over stdin/stdout until the client closes stdin. A message (one
// line of JSON-RPC) longer than the limit is dropped before it is buffered, so a huge or endless
// payload costs bounded memory and the next message is answered; malformed JSON-RPC is logged to
// stderr and skipped by the SDK's transport. stdout carries protocol messages only.

import { Transform, type Readable, type TransformCallback, type Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from './server';

/** The longest message accepted, in bytes: a 1 MiB definition JSON-escaped inside a tool call fits. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

const NEWLINE = 0x0a;

/** Passes lines through; a line over `max` bytes is cut off and ended, so the reader sees garbage it skips. */
export class LineLimiter extends Transform {
  private length = 0;
  private dropping = false;

  constructor(
    private readonly max: number,
    private readonly onDrop: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.subarray(start, end);
      if (!this.dropping && this.length + piece.length > this.max + 1) {
        this.dropping = true;
        this.onDrop();
      }
      if (!this.dropping) this.push(piece);
      this.length += piece.length;
      if (newline !== -1) {
        if (this.dropping) this.push(Buffer.from('\n'));
        this.dropping = false;
        this.length = 0;
      }
      start = end;
    }
    done();
  }
}

export async function serveMcpOverStdio(
  input: Readable = process.stdin,
  output: Writable = process.stdout,
  log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): Promise<void> {
  const server = createMcpServer();
  const limited = input.pipe(
    new LineLimiter(MAX_MESSAGE_BYTES, () =>
      log(`stepthrough mcp: dropped a message over ${MAX_MESSAGE_BYTES} bytes`),
    ),
  );
  const transport = new StdioServerTransport(limited, output, { maxBufferSize: MAX_MESSAGE_BYTES * 2 });
  server.server.onerror = (error) => log(`stepthrough mcp: ${error.message}`);
  const ended = new Promise<void>((resolve) => {
    limited.once('end', resolve);
    input.once('close', resolve);
  });
  await server.connect(transport);
  await ended;
  await server.close();
}
