// `stepthrough test-state REQUEST.json | -`: the TestState API, locally. Reads the API's request (the
// JSON `aws stepfunctions test-state --cli-input-json` takes), prints the API's response as one JSON
// object. A request AWS would refuse prints the API's error object instead, `{"__type", "message"}`.

import { StepthroughError, testState, TestStateError, type JsonValue } from '../../core';
import type { CommandContext } from '../context';
import { readStandardInput } from '../../host';

export const TEST_STATE_USAGE = `Usage: stepthrough test-state REQUEST.json
       stepthrough test-state -            (the request on stdin)

Runs one state as AWS's TestState API does, locally: the request is the API's (definition, stateName,
input, variables, context, mock {result | errorOutput, fieldValidationMode}, inspectionLevel
INFO|DEBUG|TRACE, stateConfiguration {retrierRetryCount, errorCausedByState, mapIterationFailureCount,
mapItemReaderData}, roleArn, revealSecrets) and stdout gets the API's response, one JSON object:
{status, output, error, cause, nextState, inspectionData}. Payloads are JSON strings, as in the API.

A Task runs only with a mock (a local run calls no AWS service); Map and Parallel states need one too,
as on AWS.

Exit code: 0 a response was printed (whatever its status), 2 the request was refused (the API's
exception is printed as {"__type": ..., "message": ...}) or could not be read.
`;

function readRequestText(ctx: CommandContext): Promise<string> | string {
  const [source, ...extra] = ctx.positionals;
  if (source === undefined || extra.length > 0) {
    throw new StepthroughError('E_USAGE', 'test-state takes one request file, or - for stdin.', {
      hint: TEST_STATE_USAGE,
    });
  }
  if (source === '-') return readStandardInput('TestState request');
  return ctx.files.readText(source, { kind: 'input', what: 'TestState request' });
}

export async function testStateCommand(ctx: CommandContext): Promise<number> {
  const text = await readRequestText(ctx);
  let request: JsonValue;
  try {
    request = JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new StepthroughError('E_PARSE', `The request is not valid JSON: ${(err as Error).message}`, {
      hint: 'The request is the TestState API request as JSON, e.g. {"definition": "{...}", "input": "{}"}.',
    });
  }
  try {
    const response = await testState(request);
    ctx.stdout(JSON.stringify(response, null, 2));
    return 0;
  } catch (err) {
    if (!(err instanceof TestStateError)) throw err;
    ctx.stdout(JSON.stringify(err.toJSON(), null, 2));
    ctx.stderr(`stepthrough test-state: ${err.exception}: ${err.format()}`);
    return 2;
  }
}
