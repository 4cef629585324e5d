// `stepthrough run`: executes a state machine locally and prints a trace, or the result as JSON.

import {
  execute,
  mockConfigFile,
  simpleMocks,
  StepthroughError,
  type ExecuteOptions,
  type JsonValue,
  type MockSource,
} from '../../core';
import { unsupportedTaskHandlers, autoHandlers, type HandlerMap } from '../../core/handlers';
import { readDataFile } from '../../host';
import { parseJsonArgument } from '../arguments';
import { commandHandlerHost, readHandlersOption } from '../handlers';
import { loadRunMachine, type RunMachine } from '../machineSource';
import { formatTrace } from '../trace';
import type { CommandContext } from '../context';

export const RUN_USAGE = `Usage: stepthrough run <file.asl.json|yaml | template.yaml#MachineId> [options]

A machine in a SAM or CloudFormation template runs as deployed: its definition resolved, the
resources it names given stand-in ARNs.

Options:
  --input FILE              execution input (JSON or YAML file)
  --input-json TEXT         execution input as inline JSON
  --mocks FILE              mocked Task responses: {"State": [{"Return": ...} | {"Throw": {"Error", "Cause"}}]}
  --mock-config FILE        an AWS Step Functions Local MockConfigFile ...
  --test-case NAME          ... and the test case in it to use
  --state-machine NAME      the state machine in the MockConfigFile (when it has several)
  --handlers FILE|auto      run the team's own code as Tasks: a JSON/YAML map from a Task state (or the
                            function it calls) to ./module.js#export, python:module:function or
                            cmd: ./command; or auto: each nodejs/python function of the template
                            (CodeUri, Handler, Environment); a mock for the same state wins
  --substitutions FILE      values for \${Placeholders} (DefinitionSubstitutions)
  --seed N                  seed for random functions and retry jitter (default 0)
  --start-time ISO          simulated start time (default ${'2024-01-01T00:00:00.000Z'})
  --execution-name NAME     execution name in the context object
  --max-transitions N       stop a looping machine after N states (default 25000)
  --json                    print exactly the execute() result as one JSON object
  --no-color                plain trace
`;

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new StepthroughError('E_USAGE', `${name} must be an integer, got '${value}'.`);
  return n;
}

function loadMocks(ctx: CommandContext, smName: string): MockSource | undefined {
  const v = ctx.values;
  if (v['mocks'] && v['mock-config']) {
    throw new StepthroughError('E_USAGE', 'Give either --mocks or --mock-config, not both.');
  }
  if (typeof v['mocks'] === 'string')
    return simpleMocks(readDataFile(ctx.files, v['mocks'], { kind: 'mock' }), v['mocks']);
  if (typeof v['mock-config'] === 'string') {
    if (typeof v['test-case'] !== 'string') {
      throw new StepthroughError(
        'E_USAGE',
        '--mock-config needs --test-case NAME (the TestCases entry to use).',
      );
    }
    const stateMachine = typeof v['state-machine'] === 'string' ? v['state-machine'] : undefined;
    return (
      mockConfigFile(
        readDataFile(ctx.files, v['mock-config'], { kind: 'mock', what: 'mock config' }),
        stateMachine ?? undefined,
        v['test-case'],
        v['mock-config'],
      ) ?? smName
    );
  }
  return undefined;
}

/** `--handlers`: the map to run, and for `auto` the template's logical IDs and what it cannot run. */
function handlersOf(
  ctx: CommandContext,
  machine: RunMachine,
):
  | { handlers: HandlerMap; logicalIds?: Record<string, string>; auto?: ReturnType<typeof autoHandlers> }
  | undefined {
  const value = ctx.values['handlers'];
  if (typeof value !== 'string') return undefined;
  const read = readHandlersOption(ctx.files, value);
  if (read !== 'auto')
    return { handlers: read, ...(machine.template ? { logicalIds: machine.template.taskFunctions } : {}) };
  if (!machine.template)
    throw new StepthroughError('E_USAGE', '--handlers auto runs the functions of a template machine', {
      hint: 'Name the machine in its template: stepthrough run template.yaml#MachineId --handlers auto.',
    });
  const auto = autoHandlers(machine.template);
  for (const fn of auto.unsupported)
    ctx.stderr(
      `stepthrough run: ${fn.logicalId} (called by ${fn.states.join(', ')}) cannot run here: ${fn.reason}; mock ${fn.states.length > 1 ? 'those states' : 'that state'}`,
    );
  return { handlers: auto.handlers, logicalIds: machine.template.taskFunctions, auto };
}

export async function runCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0];
  if (!file)
    throw new StepthroughError('E_USAGE', 'stepthrough run needs a state machine file.', { hint: RUN_USAGE });
  const v = ctx.values;
  const machine = await loadRunMachine(ctx.files, file);
  const definition = machine.definition;
  if (v['input'] && v['input-json'])
    throw new StepthroughError('E_USAGE', 'Give either --input or --input-json, not both.');
  let input: JsonValue = {};
  if (typeof v['input'] === 'string') input = readDataFile(ctx.files, v['input'], { kind: 'input' });
  if (typeof v['input-json'] === 'string') input = parseJsonArgument(v['input-json'], '--input-json');
  const smName = machine.name;
  const options: ExecuteOptions = {
    input,
    mocks: loadMocks(ctx, smName),
    stateMachineName: smName,
    seed: intOption(v['seed'] as string | undefined, '--seed'),
    maxTransitions: intOption(v['max-transitions'] as string | undefined, '--max-transitions'),
  };
  if (typeof v['start-time'] === 'string') options.startTime = v['start-time'];
  if (typeof v['execution-name'] === 'string') options.executionName = v['execution-name'];
  if (typeof v['substitutions'] === 'string') {
    options.substitutions = readDataFile(ctx.files, v['substitutions'], {
      kind: 'substitutions',
    }) as Record<string, JsonValue>;
  }
  const handlers = handlersOf(ctx, machine);
  const host = handlers ? commandHandlerHost(ctx) : undefined;
  let result;
  try {
    if (host && handlers) {
      const mocks = options.mocks as MockSource | undefined;
      options.taskHandlers = {
        ...unsupportedTaskHandlers(handlers.auto?.unsupported ?? [], mocks),
        ...(await host.forRun({
          handlers: handlers.handlers,
          definition,
          ...(handlers.logicalIds ? { logicalIds: handlers.logicalIds } : {}),
          ...(mocks ? { mocks } : {}),
        })),
      };
    }
    result = await execute(definition, options);
  } finally {
    await host?.close();
  }
  if (v['json']) ctx.stdout(JSON.stringify(result));
  else ctx.stdout(formatTrace(result, { color: ctx.color }));
  return result.status === 'SUCCEEDED' ? 0 : 1;
}
