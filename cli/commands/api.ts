// `stepthrough api`: the AWS Step Functions API on localhost (see api/), a drop-in for Step Functions
// Local. Runs until interrupted (Ctrl-C, SIGTERM).

import { StepthroughError } from '../../core';
import type { CommandContext } from '../context';

export const API_USAGE = `Usage: stepthrough api [--port 8083] [--host 127.0.0.1] [--mock-config FILE]
                       [--time virtual|real|scale=N] [--lambda-endpoint URL]

Serves the AWS Step Functions API (AWS JSON 1.0, any credentials) on the engine, for tests written
against Step Functions Local: point the AWS SDK or CLI at http://127.0.0.1:8083.

  --port N            port to listen on (default 8083; 0 picks a free one)
  --host ADDRESS      address to listen on (default 127.0.0.1)
  --mock-config FILE  a Step Functions Local MockConfigFile; start an execution with
                      arn:...:stateMachine:<Name>#<TestCase> to use one of its test cases
  --time MODE         virtual (default): executions run at once, timestamps as if time passed;
                      real: Waits, retries and mock delays take real time; scale=N: N x real time
  --lambda-endpoint   send unmocked Lambda Tasks to this Lambda API endpoint (sam local start-lambda)

Environment, as Step Functions Local reads it: SFN_MOCK_CONFIG, AWS_ACCOUNT_ID (default 123456789012),
AWS_DEFAULT_REGION (default us-east-1), WAIT_TIME_SCALE (scale=N), LAMBDA_ENDPOINT. Flags win.
`;

export async function apiCommand(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length > 0) {
    throw new StepthroughError(
      'E_USAGE',
      `stepthrough api takes no arguments (got '${ctx.positionals.join(' ')}').`,
      {
        hint: "See 'stepthrough help api'.",
      },
    );
  }
  // Loaded on demand: the API server is not part of other commands' start-up.
  const { apiOptions, describeTime } = await import('../../api/config.js');
  const { startApiServer } = await import('../../api/server.js');
  const value = (key: string): string | undefined => {
    const v = ctx.values[key];
    return typeof v === 'string' ? v : undefined;
  };
  const options = apiOptions(
    {
      port: value('port'),
      host: value('host'),
      'mock-config': value('mock-config'),
      time: value('time'),
      'lambda-endpoint': value('lambda-endpoint'),
    },
    process.env,
    (file) => ctx.files.readText(file, { kind: 'mock', what: 'mock config' }),
  );
  let server;
  try {
    server = await startApiServer({ ...options, log: ctx.stderr });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StepthroughError(
      'E_USAGE',
      `Cannot listen on ${options.host}:${options.port}: ${(err as Error).message}`,
      {
        hint:
          code === 'EADDRINUSE'
            ? 'Another process uses that port: stop it or pick another with --port.'
            : undefined,
      },
    );
  }
  const scope = server.backend.scope;
  ctx.stdout(
    `stepthrough api: listening on ${server.url} (time ${describeTime(server.backend.time)}, account ${scope.account}, region ${scope.region}` +
      `${options.mockConfig ? `, mock config ${options.mockConfig.origin}` : ''}` +
      `${options.lambdaEndpoint ? `, Lambda endpoint ${options.lambdaEndpoint}` : ''})`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
