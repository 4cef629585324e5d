// Test harness for `stepthrough api`: a server on a free port, an AWS SDK client for it (any
// credentials), raw HTTP requests for what an SDK would never send, and a check of every answer the
// server gives against botocore's service model: a 200 body has exactly the output shape's members
// (required ones present, types and enums right), an error is one the operation declares, or one
// every AWS JSON service may answer.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { SFNClient } from '@aws-sdk/client-sfn';
import { declaredErrors, outputProblems } from '../../api/model';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../api/server';

export const ROLE = 'arn:aws:iam::123456789012:role/StepthroughTest';

/** Errors any operation of an AWS JSON service may answer with. */
const COMMON_ERRORS = new Set([
  'ValidationException',
  'SerializationException',
  'UnknownOperationException',
  'InternalFailure',
  'RequestEntityTooLarge',
]);

/** Refusals that are Stepthrough's own (documented): TestState's "a local run calls no service". */
const STEPTHROUGH_ERRORS: Record<string, string[]> = { TestState: ['Stepthrough.Unsupported'] };

export interface ApiHarness {
  server: ApiServer;
  sfn: SFNClient;
  url: string;
  /** Every answer that broke the service model (asserted empty when the harness closes). */
  violations: string[];
  close(): Promise<void>;
}

export async function startHarness(options: ApiServerOptions = {}): Promise<ApiHarness> {
  const violations: string[] = [];
  const logged: string[] = [];
  const server = await startApiServer({
    port: 0,
    log: (line) => logged.push(line),
    ...options,
    onAnswer: (target, result) => {
      const operation = target?.replace(/^AWSStepFunctions\./, '') ?? '(none)';
      const body = result.body as Record<string, unknown>;
      if (result.status === 200) {
        for (const problem of outputProblems(operation, body)) violations.push(`${operation}: ${problem}`);
      } else {
        const type = String(body.__type);
        const allowed =
          COMMON_ERRORS.has(type) ||
          declaredErrors(operation).includes(type) ||
          (STEPTHROUGH_ERRORS[operation] ?? []).includes(type);
        if (!allowed) violations.push(`${operation}: ${type} is not an error the operation declares`);
        if (typeof body.message !== 'string' || Object.keys(body).sort().join() !== '__type,message')
          violations.push(`${operation}: error body ${JSON.stringify(body)} is not {__type, message}`);
        if (type === 'InternalFailure')
          violations.push(`${operation}: internal failure (${logged.join(' | ')})`);
      }
      options.onAnswer?.(target, result);
    },
  });
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'anything', secretAccessKey: 'anything' },
    maxAttempts: 1,
    // StartSyncExecution and TestState are sent to `sync-<host>` unless host prefixes are off (as for any
    // local endpoint: README, "Coming from Step Functions Local").
    disableHostPrefix: true,
  });
  return {
    server,
    sfn,
    url: server.url,
    violations,
    async close() {
      sfn.destroy();
      await server.close();
      assert.deepEqual(violations, [], 'every answer matches the service model');
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): Record<string, unknown>;
}

/** A request as bytes: for what no SDK sends (garbage, wrong types, missing headers). */
export function raw(
  url: string,
  options: { target?: string; body?: string | Buffer; method?: string; headers?: Record<string, string> },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-amz-json-1.0',
      ...options.headers,
    };
    if (options.target !== undefined) headers['X-Amz-Target'] = options.target;
    const req = request(url, { method: options.method ?? 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: () => JSON.parse(body) as Record<string, unknown>,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Calls an operation with a JSON body through raw HTTP. */
export function call(url: string, operation: string, input: unknown): Promise<RawAnswer> {
  return raw(url, { target: `AWSStepFunctions.${operation}`, body: JSON.stringify(input) });
}

/** The SDK error's name and message (what a test asserts on). */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to be refused');
}

/** Polls until `check` returns a value (a client polling DescribeExecution, as on AWS). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  attempts = 2000,
): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`gave up waiting for ${what}`);
}

export const definition = (states: Record<string, unknown>, startAt = Object.keys(states)[0]): string =>
  JSON.stringify({ StartAt: startAt, States: states });
