// `stepthrough api`: the AWS Step Functions API over HTTP, in AWS's JSON 1.0 protocol. A request is a
// POST whose `X-Amz-Target: AWSStepFunctions.<Operation>` names the operation and whose body is the
// operation's input as JSON; the answer is the output as JSON (200), or an error `{__type, message}`
// with AWS's status. Credentials and signatures are accepted whatever they are.
//
// Every request is handled on its own: a body that is not JSON, too large, of the wrong shape, an
// unknown operation, or a bug in a handler is answered (400/413, or InternalFailure 500 with no stack)
// and the next request is served as if nothing happened.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Backend, type ApiOptions } from './backend';
import { ApiError, internalFailure, serializationException, unknownOperation } from './errors';
import { checkInput, isAwsOperation, TARGET_PREFIX } from './model';
import { OPERATIONS } from './ops';

/** Bodies above this are refused unread (a 1 MiB definition escaped as JSON is well below it). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface ApiServerOptions extends ApiOptions {
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  /** Where the server reports what it cannot answer a client with (its own failures). */
  log?: (line: string) => void;
  /** Sees every answer before it is sent (tests check each against the service model). */
  onAnswer?: (target: string | undefined, result: ApiAnswer) => void;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

function errorAnswer(err: ApiError): ApiAnswer {
  return { status: err.status, body: err.toBody() };
}

/** One request, from its target header and body text to the answer; never throws. */
export async function answer(
  backend: Backend,
  target: string | undefined,
  bodyText: string,
  signal: AbortSignal,
  log: (line: string) => void = () => {},
): Promise<ApiAnswer> {
  const prefix = `${TARGET_PREFIX}.`;
  const operation = target?.startsWith(prefix) ? target.slice(prefix.length) : undefined;
  const handler =
    operation !== undefined && Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
  if (!handler || operation === undefined) {
    if (operation !== undefined && isAwsOperation(operation))
      return errorAnswer(unknownOperation(`Stepthrough does not implement ${operation}.`));
    return errorAnswer(
      unknownOperation(
        target
          ? `Unknown operation ${JSON.stringify(target.slice(0, 200))}.`
          : `Missing X-Amz-Target header (${prefix}<Operation>).`,
      ),
    );
  }
  try {
    let body: unknown = {};
    if (bodyText.trim() !== '') {
      try {
        body = JSON.parse(bodyText);
      } catch (err) {
        throw serializationException(
          `The body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    const input = checkInput(operation, body);
    const output = await handler(backend, input, { signal });
    return { status: 200, body: output ?? {} };
  } catch (err) {
    if (err instanceof ApiError) return errorAnswer(err);
    log(
      `stepthrough api: ${operation} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return errorAnswer(internalFailure());
  }
}

function send(res: ServerResponse, result: ApiAnswer, closeAfter = false): void {
  if (res.headersSent || res.destroyed) return;
  let text: string;
  try {
    text = JSON.stringify(result.body);
  } catch {
    result = errorAnswer(internalFailure());
    text = JSON.stringify(result.body);
  }
  res.writeHead(result.status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...(closeAfter ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

function handle(
  backend: Backend,
  req: IncomingMessage,
  res: ServerResponse,
  options: ApiServerOptions & { maxBodyBytes: number; log: (line: string) => void },
): void {
  const { maxBodyBytes, log } = options;
  const hangUp = new AbortController();
  res.on('close', () => hangUp.abort());
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > maxBodyBytes) {
      refused = true;
      chunks.length = 0;
      res.on('finish', () => req.destroy());
      send(
        res,
        errorAnswer(
          new ApiError(
            'RequestEntityTooLarge',
            `The request body is larger than ${maxBodyBytes} bytes.`,
            413,
          ),
        ),
        true,
      );
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', () => hangUp.abort());
  req.on('end', () => {
    if (refused) return;
    const target = req.headers['x-amz-target'];
    const bodyText = Buffer.concat(chunks).toString('utf8');
    const name = Array.isArray(target) ? target[0] : target;
    answer(backend, name, bodyText, hangUp.signal, log).then(
      (result) => {
        options.onAnswer?.(name, result);
        send(res, result);
      },
      (err: unknown) => {
        log(`stepthrough api: ${String(err)}`);
        send(res, errorAnswer(internalFailure()));
      },
    );
  });
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly backend: Backend;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens (port 0 picks a free port: read it from `port`). */
export function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const backend = new Backend(options);
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const server = createServer((req, res) => handle(backend, req, res, { ...options, maxBodyBytes, log }));
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8083, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        backend,
        server,
        close: () =>
          new Promise<void>((done) => {
            backend.shutdown();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
