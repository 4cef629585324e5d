// HTTP Tasks (`arn:aws:states:::http:invoke`), answered by mocks that may match on Method, ApiEndpoint,
// QueryParameters or RequestBody through `when` (the one mock rule, core/mocks/answer.ts). AWS's developer
// guide, "Call HTTPS APIs in Step Functions workflows": the response is {StatusCode, StatusText,
// ResponseBody, Headers}; a status of 400 or more fails the Task with States.Http.StatusCode.<code>.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../json';
import { execute } from './execute';

function httpMachine(task: JsonObject = {}): JsonObject {
  return {
    StartAt: 'CallApi',
    States: {
      CallApi: {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: {
          'ApiEndpoint.$': '$.url',
          'Method.$': '$.method',
          Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/api/abc' },
          QueryParameters: { 'id.$': '$.id' },
        },
        End: true,
        ...task,
      },
      ...('Catch' in task ? { Handled: { Type: 'Pass', End: true } } : {}),
    },
  };
}

const ok = {
  StatusCode: 200,
  StatusText: 'OK',
  ResponseBody: { name: 'Ada' },
  Headers: { 'content-type': 'application/json' },
};
const notFound = {
  StatusCode: 404,
  StatusText: 'Not Found',
  ResponseBody: { message: 'no such user' },
  Headers: {},
};

describe('HTTP Tasks', () => {
  test('mocks choose the response by Method, ApiEndpoint and query through `when`', async () => {
    const mocks = {
      CallApi: [
        {
          when: { Method: 'GET', ApiEndpoint: 'https://api.example.com/users', QueryParameters: { id: '7' } },
          return: ok,
        },
        { when: { Method: 'GET' }, return: notFound },
        { when: { Method: 'DELETE' }, return: { StatusCode: 204, StatusText: 'No Content', Headers: {} } },
      ],
    };
    const run = (input: JsonObject) => execute(httpMachine(), { input, mocks });
    const found = await run({ url: 'https://api.example.com/users', method: 'GET', id: '7' });
    assert.equal(found.status, 'SUCCEEDED');
    assert.deepEqual(found.output, ok);
    const missing = await run({ url: 'https://api.example.com/users', method: 'GET', id: '8' });
    assert.equal(missing.error, 'States.Http.StatusCode.404');
    const deleted = await run({ url: 'https://api.example.com/users', method: 'DELETE', id: '7' });
    assert.equal(deleted.status, 'SUCCEEDED');
  });

  test('a status of 400 or more fails the Task with States.Http.StatusCode.<code>; 399 does not', async () => {
    const withStatus = (StatusCode: number) =>
      execute(httpMachine(), {
        input: { url: 'https://api.example.com', method: 'POST', id: '1' },
        mocks: { CallApi: [{ return: { ...notFound, StatusCode } }] },
      });
    const failed = await withStatus(400);
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error, 'States.Http.StatusCode.400');
    assert.deepEqual(JSON.parse(failed.cause ?? ''), { ...notFound, StatusCode: 400 });
    const event = failed.events.find((e) => e.type === 'TaskFailed');
    assert.ok(event?.type === 'TaskFailed');
    assert.equal(event.taskFailedEventDetails.resourceType, 'http');
    assert.equal(event.taskFailedEventDetails.resource, 'invoke');
    assert.equal((await withStatus(399)).status, 'SUCCEEDED');
    assert.equal((await withStatus(503)).error, 'States.Http.StatusCode.503');
  });

  test('Retry and Catch name the status error', async () => {
    const result = await execute(
      httpMachine({
        Retry: [{ ErrorEquals: ['States.Http.StatusCode.429'], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ['States.Http.StatusCode.500'], Next: 'Handled' }],
      }),
      {
        input: { url: 'https://api.example.com', method: 'GET', id: '1' },
        mocks: {
          CallApi: [
            { return: { ...notFound, StatusCode: 429 } },
            { return: { ...notFound, StatusCode: 500 } },
          ],
        },
      },
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.states, ['CallApi', 'Handled']);
    assert.equal(result.events.filter((e) => e.type === 'TaskFailed').length, 2);
  });
});
