// `stepthrough api`'s settings from its flags and from the environment variables Step Functions Local
// users already set: SFN_MOCK_CONFIG (the MockConfigFile; --mock-config wins), AWS_ACCOUNT_ID,
// AWS_DEFAULT_REGION, WAIT_TIME_SCALE (--time wins) and LAMBDA_ENDPOINT (--lambda-endpoint wins).
// A MockConfigFile is read and every test case in it checked at start-up, so a mistake in it is
// reported once, with the file's name, rather than at each StartExecution.

import { isMockConfigFile, listMockConfigTestCases, mockConfigFile, StepthroughError } from '../core';
import type { ApiServerOptions } from './server';
import { parseTimeMode, scaleMode, VIRTUAL, type TimeMode } from './pacing';

export interface ApiFlags {
  port?: string;
  host?: string;
  'mock-config'?: string;
  time?: string;
  'lambda-endpoint'?: string;
}

function port(text: string | undefined): number {
  if (text === undefined) return 8083;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535)
    throw new StepthroughError('E_USAGE', `--port must be a port number (0-65535), not '${text}'.`, {
      hint: 'Use --port 0 to let the system pick a free port.',
    });
  return value;
}

function timeMode(flag: string | undefined, waitTimeScale: string | undefined): TimeMode {
  if (flag !== undefined) {
    const mode = parseTimeMode(flag);
    if (!mode)
      throw new StepthroughError('E_USAGE', `--time must be virtual, real or scale=N, not '${flag}'.`, {
        hint: 'scale=0.1 makes a 10-second Wait last 1 second; virtual (the default) waits for nothing.',
      });
    return mode;
  }
  if (waitTimeScale === undefined || waitTimeScale.trim() === '') return VIRTUAL;
  const mode = scaleMode(waitTimeScale);
  if (!mode)
    throw new StepthroughError('E_USAGE', `WAIT_TIME_SCALE must be a number, not '${waitTimeScale}'.`);
  return mode;
}

function lambdaEndpoint(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StepthroughError('E_USAGE', `The Lambda endpoint '${text}' is not a URL.`, {
      hint: 'e.g. LAMBDA_ENDPOINT=http://127.0.0.1:3001 for `sam local start-lambda`.',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new StepthroughError('E_USAGE', `The Lambda endpoint '${text}' must be an http(s) URL.`);
  return url.toString();
}

function mockConfig(file: string, readText: (file: string) => string): { spec: unknown; origin: string } {
  let spec: unknown;
  try {
    spec = JSON.parse(readText(file));
  } catch (err) {
    if (err instanceof StepthroughError) throw err;
    throw new StepthroughError('E_PARSE', `The mock config ${file} is not JSON: ${(err as Error).message}`, {
      location: { file },
    });
  }
  if (!isMockConfigFile(spec))
    throw new StepthroughError(
      'E_INVALID_MOCKS',
      `${file} is not a MockConfigFile: it needs "StateMachines" and "MockedResponses".`,
      { location: { file } },
    );
  for (const { stateMachine, testCase } of listMockConfigTestCases(spec))
    mockConfigFile(spec, stateMachine, testCase, file);
  return { spec, origin: file };
}

/** The server's options; `readText` reads the mock config file (the CLI's bounded file reader). */
export function apiOptions(
  flags: ApiFlags,
  env: Record<string, string | undefined>,
  readText: (file: string) => string,
): ApiServerOptions {
  const account = env.AWS_ACCOUNT_ID?.trim();
  if (account && !/^\d{12}$/.test(account))
    throw new StepthroughError('E_USAGE', `AWS_ACCOUNT_ID must be 12 digits, not '${account}'.`);
  const region = env.AWS_DEFAULT_REGION?.trim();
  if (region !== undefined && region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new StepthroughError(
      'E_USAGE',
      `AWS_DEFAULT_REGION '${region}' is not a region name (e.g. us-east-1).`,
    );
  const mockFile = flags['mock-config'] ?? (env.SFN_MOCK_CONFIG?.trim() || undefined);
  const endpoint = lambdaEndpoint(flags['lambda-endpoint'] ?? env.LAMBDA_ENDPOINT);
  return {
    port: port(flags.port),
    host: flags.host ?? '127.0.0.1',
    time: timeMode(flags.time, env.WAIT_TIME_SCALE),
    ...(account ? { accountId: account } : {}),
    ...(region ? { region } : {}),
    ...(mockFile !== undefined ? { mockConfig: mockConfig(mockFile, readText) } : {}),
    ...(endpoint !== undefined ? { lambdaEndpoint: endpoint } : {}),
  };
}

export function describeTime(mode: TimeMode): string {
  return mode.kind === 'virtual' ? 'virtual' : mode.scale === 1 ? 'real' : `scale=${mode.scale}`;
}
