// A tiny stand-in for a Lambda API endpoint (`sam local start-lambda`), for LAMBDA_ENDPOINT tests: it
// answers POST /2015-03-31/functions/<name>/invocations as Lambda does. Functions: `greet` returns
// {hello: <payload.name>}; `boom` fails with a ValueError (X-Amz-Function-Error); `slow` is held until
// the test answers it; anything else is a 404 ResourceNotFoundException. Every call is recorded.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Invocation {
  name: string;
  qualifier: string | null;
  payload: unknown;
}

export interface StandIn {
  url: string;
  calls: Invocation[];
  /** Requests to the `slow` function wait here until the test answers them. */
  held: { res: ServerResponse; req: IncomingMessage }[];
  heldArrived: Promise<void>;
  /** Resolves once `count` calls have been recorded. */
  callsReach(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function lambdaStandIn(): Promise<StandIn> {
  const calls: Invocation[] = [];
  const held: StandIn['held'] = [];
  let arrived: () => void = () => {};
  const heldArrived = new Promise<void>((resolve) => (arrived = resolve));
  const waiters: { count: number; resolve: () => void }[] = [];
  const record = (call: Invocation): void => {
    calls.push(call);
    for (const w of waiters.filter((w) => calls.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
      const name = decodeURIComponent(match?.[1] ?? '');
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as { name?: string };
      record({ name, qualifier: url.searchParams.get('Qualifier'), payload });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'x-amzn-RequestId': 'req-1',
          ...headers,
        });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !match) return json(404, { message: 'not an invoke' });
      if (name === 'greet')
        return json(200, { hello: payload.name ?? 'nobody' }, { 'X-Amz-Executed-Version': '$LATEST' });
      if (name === 'boom')
        return json(
          200,
          {
            errorMessage: 'the order is bad',
            errorType: 'ValueError',
            stackTrace: ['  File "app.py", line 3'],
          },
          { 'X-Amz-Function-Error': 'Unhandled' },
        );
      if (name === 'slow') {
        held.push({ req, res });
        arrived();
        return;
      }
      json(
        404,
        {
          Type: 'User',
          Message: `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}`,
        },
        { 'x-amzn-ErrorType': 'ResourceNotFoundException' },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    held,
    heldArrived,
    callsReach: (count) =>
      new Promise<void>((resolve) => {
        if (calls.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
