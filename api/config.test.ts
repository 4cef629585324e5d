// `stepthrough api`'s settings: flags, and the environment Step Functions Local users already set
// (SFN_MOCK_CONFIG, AWS_ACCOUNT_ID, AWS_DEFAULT_REGION, WAIT_TIME_SCALE, LAMBDA_ENDPOINT); flags win;
// a broken MockConfigFile or a bad value is a clear usage error at start-up.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StepthroughError } from '../core';
import { apiOptions } from './config';

const CONFIG = JSON.stringify({
  StateMachines: { Flow: { TestCases: { Happy: { Charge: 'Ok' } } } },
  MockedResponses: { Ok: { '0': { Return: { ok: true } } } },
});
const files: Record<string, string> = {
  'mocks.json': CONFIG,
  'env-mocks.json': CONFIG,
  'broken.json': '{"StateMachines": ',
  'not-config.json': '{"Charge": [{"Return": 1}]}',
  'bad-case.json': JSON.stringify({
    StateMachines: { Flow: { TestCases: { Happy: { Charge: 'Missing' } } } },
    MockedResponses: {},
  }),
};
const read = (file: string): string => {
  const text = files[file];
  if (text === undefined)
    throw new StepthroughError('E_FILE_NOT_FOUND', `The mock config file '${file}' does not exist.`);
  return text;
};

function refused(flags: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    apiOptions(flags, env, read);
  } catch (err) {
    assert.ok(err instanceof StepthroughError, String(err));
    return `${err.code}: ${err.message}`;
  }
  assert.fail('expected a refusal');
}

void describe('stepthrough api settings', () => {
  void it('defaults as Step Functions Local: port 8083, localhost, virtual time', () => {
    assert.deepEqual(apiOptions({}, {}, read), { port: 8083, host: '127.0.0.1', time: { kind: 'virtual' } });
  });

  void it('reads Step Functions Local’s environment', () => {
    const options = apiOptions(
      {},
      {
        SFN_MOCK_CONFIG: 'env-mocks.json',
        AWS_ACCOUNT_ID: '111122223333',
        AWS_DEFAULT_REGION: 'eu-central-1',
        WAIT_TIME_SCALE: '0.5',
        LAMBDA_ENDPOINT: 'http://127.0.0.1:3001',
      },
      read,
    );
    assert.equal(options.accountId, '111122223333');
    assert.equal(options.region, 'eu-central-1');
    assert.deepEqual(options.time, { kind: 'paced', scale: 0.5 });
    assert.equal(options.lambdaEndpoint, 'http://127.0.0.1:3001/');
    assert.equal(options.mockConfig?.origin, 'env-mocks.json');
    assert.deepEqual(apiOptions({}, { WAIT_TIME_SCALE: '0' }, read).time, { kind: 'virtual' });
  });

  void it('lets flags win over the environment', () => {
    const options = apiOptions(
      {
        'mock-config': 'mocks.json',
        time: 'real',
        'lambda-endpoint': 'http://localhost:9000',
        port: '0',
        host: '0.0.0.0',
      },
      { SFN_MOCK_CONFIG: 'env-mocks.json', WAIT_TIME_SCALE: '0.5', LAMBDA_ENDPOINT: 'http://127.0.0.1:3001' },
      read,
    );
    assert.equal(options.mockConfig?.origin, 'mocks.json');
    assert.deepEqual(options.time, { kind: 'paced', scale: 1 });
    assert.equal(options.lambdaEndpoint, 'http://localhost:9000/');
    assert.deepEqual([options.port, options.host], [0, '0.0.0.0']);
  });

  void it('refuses bad values and broken mock configs at start-up, saying what is wrong', () => {
    assert.match(refused({ port: '80a' }), /^E_USAGE: --port must be a port number/);
    assert.match(refused({ port: '70000' }), /^E_USAGE/);
    assert.match(refused({ time: 'fast' }), /^E_USAGE: --time must be virtual, real or scale=N, not 'fast'/);
    assert.match(refused({}, { WAIT_TIME_SCALE: 'slow' }), /^E_USAGE: WAIT_TIME_SCALE must be a number/);
    assert.match(refused({}, { AWS_ACCOUNT_ID: '42' }), /^E_USAGE: AWS_ACCOUNT_ID must be 12 digits/);
    assert.match(refused({}, { AWS_DEFAULT_REGION: 'Mars' }), /^E_USAGE: AWS_DEFAULT_REGION 'Mars'/);
    assert.match(refused({ 'lambda-endpoint': 'ftp://x' }), /must be an http\(s\) URL/);
    assert.match(refused({ 'lambda-endpoint': 'not a url' }), /is not a URL/);
    assert.match(refused({ 'mock-config': 'absent.json' }), /^E_FILE_NOT_FOUND/);
    assert.match(
      refused({ 'mock-config': 'broken.json' }),
      /^E_PARSE: The mock config broken.json is not JSON/,
    );
    assert.match(
      refused({ 'mock-config': 'not-config.json' }),
      /^E_INVALID_MOCKS: not-config.json is not a MockConfigFile/,
    );
    assert.match(
      refused({ 'mock-config': 'bad-case.json' }),
      /^E_INVALID_MOCKS: .*"Missing", which is not defined/,
    );
  });
});
