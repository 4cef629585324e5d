// The Model Context Protocol server: Stepthrough's checks as tools an AI assistant can call before a
// machine it wrote reaches an AWS account. Each tool's input schema is strict (unknown arguments are
// refused, sizes bounded); every failure, a user's mistake or a bug, comes back as a tool error
// (`isError: true` with the reason and what to do), never as a crashed server.

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { StepthroughError, TestStateError, type TestStateCall } from '../core';
import {
  checkRoleTool,
  graphTool,
  runTool,
  testStateTool,
  testTool,
  validateTool,
  type CheckRoleArgs,
  type GraphArgs,
  type RunArgs,
} from './tools';

export const SERVER_NAME = 'stepthrough';
export const SERVER_VERSION = '0.1.0';

/** AWS's limits: a definition 1 MiB, payloads 256 KiB (bounds on what a tool call may carry). */
const MAX_DEFINITION = 1_048_576;
const MAX_PAYLOAD = 262_144;

const definitionFields = {
  definition: z
    .string()
    .max(MAX_DEFINITION)
    .optional()
    .describe('The state machine (Amazon States Language) as JSON or YAML text. Give this or `file`.'),
  file: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe(
      "Path of a state machine file (JSON or YAML), relative to the server's working directory. Give this or `definition`.",
    ),
};

const policyFields = {
  policy: z
    .string()
    .max(MAX_DEFINITION)
    .optional()
    .describe(
      "The execution role's IAM policy as JSON or YAML text: a policy document, a list of them, or a role with Policies.",
    ),
  policyFile: z.string().min(1).max(4096).optional().describe('Path of a file holding the role policy.'),
};

function text(value: unknown): CallToolResult {
  return {
    content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
  };
}

function toolError(error: unknown): CallToolResult {
  let message: string;
  if (error instanceof TestStateError) message = JSON.stringify(error.toJSON(), null, 2);
  else if (error instanceof StepthroughError) message = error.format();
  else
    message = `Internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a tool, turning any exception into a tool error. */
async function guarded(run: () => unknown): Promise<CallToolResult> {
  try {
    return text(await run());
  } catch (error) {
    return toolError(error);
  }
}

export function createMcpServer(): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      instructions:
        'Stepthrough checks and runs AWS Step Functions state machines locally, with AWS semantics and no AWS account: validate a definition (positions and fixes), run it with mocked Tasks, run *.sfn-test.yaml test files, run one state as the TestState API does, check Tasks against an IAM role, draw it as Mermaid.',
    },
  );

  server.registerTool(
    'validate',
    {
      title: 'Validate a state machine',
      description:
        'Checks an Amazon States Language definition as AWS does and more (schema per state type, transitions, reachability, JSONPath, intrinsics, JSONata, variables). Returns each diagnostic with its code, severity, message, 1-based start/end line and column, and quick fixes as text edits.',
      inputSchema: z.object(definitionFields).strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => guarded(() => validateTool(args)),
  );

  server.registerTool(
    'run',
    {
      title: 'Run a state machine',
      description:
        'Executes the state machine locally on a virtual clock (a day-long Wait takes no time) with mocked Task responses. Returns status, the top-level path, every state entered, the output or the error and cause. A Task without a mock fails with Stepthrough.MockMissing.',
      inputSchema: z
        .object({
          ...definitionFields,
          input: z.unknown().optional().describe('The execution input (any JSON value; default {}).'),
          mocks: z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              'Mocked Task responses by state name: {"State": {"Return": <result>} | {"Throw": {"Error", "Cause"}} | [successive responses, the last repeats]}. A response is the raw service result, before ResultSelector.',
            ),
          mocksFile: z
            .string()
            .min(1)
            .max(4096)
            .optional()
            .describe('Path of a file with mocks in that form.'),
          mockConfigFile: z
            .string()
            .min(1)
            .max(4096)
            .optional()
            .describe('Path of an AWS Step Functions Local MockConfigFile.'),
          testCase: z.string().min(1).max(256).optional().describe('The MockConfigFile test case to use.'),
          ...policyFields,
          seed: z
            .number()
            .int()
            .optional()
            .describe('Seed for States.UUID/MathRandom and retry jitter (default 0).'),
          startTime: z
            .string()
            .max(64)
            .optional()
            .describe('Simulated start time, ISO-8601 (default 2024-01-01T00:00:00Z).'),
          executionName: z.string().min(1).max(80).optional(),
          maxTransitions: z
            .number()
            .int()
            .min(1)
            .max(25_000)
            .optional()
            .describe('Stop a looping machine after this many states.'),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => guarded(() => runTool(args as RunArgs)),
  );

  server.registerTool(
    'test',
    {
      title: 'Run a test file',
      description:
        'Runs the cases of a *.sfn-test.yaml (or .json) file: each case with its input, mocks and expectations (status, output, path, per-state checks, IAM role). Returns totals, each case with its outcome and failures, and the readable report.',
      inputSchema: z
        .object({
          file: z
            .string()
            .min(1)
            .max(4096)
            .describe("Path of the test file, relative to the server's working directory."),
          filter: z.string().max(256).optional().describe('Only cases whose name contains this text.'),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(async () => {
        const { result, report } = await testTool(args);
        return { ...result, report };
      }),
  );

  server.registerTool(
    'test_state',
    {
      title: 'Test one state (TestState API)',
      description:
        "Runs one state as AWS's TestState API does and returns its response: status SUCCEEDED | FAILED | RETRIABLE | CAUGHT_ERROR, output, error, cause, nextState, and inspectionData at DEBUG/TRACE. The request is TestState's: payloads are JSON strings. A Task needs a mock (nothing is called).",
      inputSchema: z
        .object({
          definition: z
            .string()
            .min(1)
            .max(MAX_DEFINITION)
            .describe('A state, or a whole state machine with stateName (JSON text).'),
          stateName: z.string().min(1).max(80).optional(),
          roleArn: z.string().min(1).max(256).optional(),
          input: z.string().max(MAX_PAYLOAD).optional().describe('The state input as a JSON string.'),
          variables: z
            .string()
            .max(MAX_PAYLOAD)
            .optional()
            .describe('Workflow variables as a JSON object string.'),
          context: z
            .string()
            .max(MAX_PAYLOAD)
            .optional()
            .describe('A Context object as a JSON string (with a mock only).'),
          inspectionLevel: z.enum(['INFO', 'DEBUG', 'TRACE']).optional(),
          revealSecrets: z.boolean().optional(),
          mock: z
            .object({
              result: z
                .string()
                .max(MAX_PAYLOAD)
                .optional()
                .describe("The state's raw result as a JSON string."),
              errorOutput: z
                .object({ error: z.string().max(256), cause: z.string().max(32_768).optional() })
                .strict()
                .optional(),
              fieldValidationMode: z.enum(['STRICT', 'PRESENT', 'NONE']).optional(),
            })
            .strict()
            .optional(),
          stateConfiguration: z
            .object({
              retrierRetryCount: z.number().int().min(0).optional(),
              errorCausedByState: z.string().min(1).max(80).optional(),
              mapIterationFailureCount: z.number().int().min(0).optional(),
              mapItemReaderData: z.string().max(MAX_PAYLOAD).optional(),
            })
            .strict()
            .optional(),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => guarded(() => testStateTool(args as TestStateCall)),
  );

  server.registerTool(
    'check_role',
    {
      title: 'Check a machine against its execution role',
      description:
        "Lists the IAM actions the state machine's Tasks (and Map ItemReader/ResultWriter) need that the role's policy does not allow: state, line and column, action, resource, and whether no statement allows it or a Deny refuses it.",
      inputSchema: z
        .object({
          ...definitionFields,
          ...policyFields,
          region: z
            .string()
            .max(64)
            .optional()
            .describe('Region for ARNs the definition leaves open (default us-east-1).'),
          accountId: z
            .string()
            .regex(/^\d{12}$/)
            .optional()
            .describe('Account for ARNs the definition leaves open.'),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => guarded(() => checkRoleTool(args as CheckRoleArgs)),
  );

  server.registerTool(
    'graph',
    {
      title: 'Draw a state machine as Mermaid',
      description:
        'Returns Mermaid flowchart text of the state machine: Map and Parallel as subgraphs, Choice rules and caught errors on the edges, Catch edges dashed.',
      inputSchema: z
        .object({
          ...definitionFields,
          direction: z.enum(['TD', 'LR']).optional().describe('Top-down (default) or left-right.'),
        })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => guarded(() => graphTool(args as GraphArgs)),
  );

  return server;
}
