// `stepthrough run`: executes a state machine locally and prints a trace, or the result as JSON.

// Imports name core's modules, not its index, so this command's bundle chunk holds only what a run
// needs (start-up time; see scripts/build.mjs).
import { StepthroughError } from '../../core/errors';
import { applySubstitutions, execute, type ExecuteOptions } from '../../core/interpreter';
import type { JsonObject } from '../../core/json';
import { isMockSource } from '../../core/mocks';
import { unsupportedTaskHandlers, type HandlerMap, type UnsupportedFunction } from '../../core/handlers';
import { formatTrace } from '../trace';
import type { CommandContext } from '../context';
import { commandHandlerHost, readHandlersOption } from '../handlers';
import { loadRunMachine, type RunMachine } from '../../host/machineSource';
import { autoHandlersOf, templateRun, unsupportedLine } from '../../host/templateRun';
import {
  applyRole,
  loadInput,
  loadItemReader,
  loadMachines,
  loadMocks,
  loadSubstitutions,
} from '../runOptions';

export const RUN_USAGE = `Usage: stepthrough run <file.asl.json|yaml | template.yaml[#Machine]> [options]

Runs the machine locally and prints a state-by-state trace. A machine AWS would reject (any error
\`stepthrough validate\` reports) is refused: its diagnostics are printed, exit code 2. A machine in a
SAM/CloudFormation, CDK, Serverless or Terraform template runs as deployed: its definition resolved,
the resources it names given stand-in ARNs (mocks and handlers may be keyed by their logical IDs).

Options:
  --input FILE              execution input (JSON or YAML file; any JSON value)
  --input-json TEXT         execution input as inline JSON
  --mocks FILE              mocked Task responses: {"State": [{"Return": ...} | {"Throw": {"Error", "Cause"}}]}
                            (keyed by state, or by the function or activity a Task calls; "When" matches input)
  --mock-config FILE        an AWS Step Functions Local MockConfigFile ...
  --test-case NAME          ... and the test case in it to use
  --state-machine NAME      the state machine in the MockConfigFile (when it has several)
  --handlers FILE|auto      run the team's own code as Tasks: a JSON/YAML map from a Task state (or the
                            function it calls) to ./module.js#export, python:module:function or
                            cmd: ./command; or auto: each nodejs/python function of the template
                            (CodeUri, Handler, Environment); a mock under the same key wins
  --role FILE               the execution role's IAM policy: Task calls it does not allow fail as on AWS
  --item-reader STATE=FILE  the items a Distributed Map's ItemReader reads (JSON, JSON lines or CSV); repeatable
  --machines FILE           child state machines a states:startExecution Task may start, run locally:
                            {"ChildFlow": "./child.asl.json"} (by the name ending the StateMachineArn, or the ARN)
  --substitutions FILE      values for \${Placeholders} (DefinitionSubstitutions)
  --seed N                  seed for random functions and retry jitter (default 0)
  --start-time ISO          simulated start time (default ${'2024-01-01T00:00:00.000Z'})
  --execution-name NAME     execution name in the context object
  --max-transitions N       stop after N history events (default 25000, AWS's limit)
  --verbose                 also print each state's input and output
  --json                    print exactly the execute() result as one JSON object
  --no-validate             run even a machine AWS would reject (it would refuse to create it)
  --no-color                plain trace

Exit codes: 0 SUCCEEDED; 1 FAILED, TIMED_OUT or ABORTED; 2 bad usage, a missing file, or a machine
that cannot be parsed or that AWS would reject.
`;

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new StepthroughError('E_USAGE', `${name} must be an integer, got '${value}'.`);
  return n;
}

/** `--handlers`: the map to run, and for `auto` what the template's functions cannot run. */
function handlersOf(
  ctx: CommandContext,
  machine: RunMachine,
): { handlers: HandlerMap; unsupported: UnsupportedFunction[] } | undefined {
  const value = ctx.values['handlers'];
  if (typeof value !== 'string') return undefined;
  const read = readHandlersOption(ctx.files, value);
  if (read !== 'auto') return { handlers: read, unsupported: [] };
  const auto = autoHandlersOf(machine.template, '--handlers auto');
  for (const fn of auto.unsupported) ctx.stderr(`stepthrough run: ${unsupportedLine(fn)}`);
  return auto;
}

export async function runCommand(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0];
  if (!file) throw new StepthroughError('E_USAGE', 'missing the state machine file.', { hint: RUN_USAGE });
  const v = ctx.values;
  const machine = await loadRunMachine(ctx.files, file, {
    validate: v['no-validate'] !== true,
    warn: (line) => ctx.stderr(`stepthrough run: ${line}`),
  });
  const definition = machine.definition;
  const smName = machine.name;
  const logicalIds = machine.template?.stateResources;
  const substitutions = loadSubstitutions(ctx);
  // Mock keys name what the Tasks call once placeholders are filled in (a FunctionName of ${Fn}).
  const filled = substitutions ? (applySubstitutions(definition, substitutions) as JsonObject) : definition;
  // The machines of the same template this one names by ARN run as its child executions, as in a test
  // file; --machines wins for the same key.
  const template = await templateRun(ctx.files, machine, loadMachines(ctx));
  const machines = template.machines;
  const options: ExecuteOptions = {
    input: loadInput(ctx),
    // Mocks may name the states of the child machines too (they answer the children's Tasks).
    mocks: loadMocks(ctx, withChildStates(filled, machines), smName, logicalIds),
    stateMachineName: smName,
    seed: intOption(v['seed'] as string | undefined, '--seed'),
    maxTransitions: intOption(v['max-transitions'] as string | undefined, '--max-transitions'),
    itemReaderData: loadItemReader(ctx, definition),
    // Checked (or not, with --no-validate) when the machine was loaded.
    validate: false,
  };
  if (logicalIds) options.logicalIds = logicalIds;
  if (typeof v['start-time'] === 'string') options.startTime = v['start-time'];
  if (typeof v['execution-name'] === 'string') options.executionName = v['execution-name'];
  if (substitutions) options.substitutions = substitutions;
  if (machines) options.machines = machines;
  applyRole(ctx, options, machine.template);
  // Each machine's Tasks are checked against its own role (a template child's, when it spells it out).
  const authorize = template.authorizer(options.authorizeTask, options);
  if (authorize) options.authorizeTask = authorize;
  const handlers = handlersOf(ctx, machine);
  const host = handlers ? await commandHandlerHost(ctx) : undefined;
  let result;
  try {
    if (host && handlers) {
      const mocks = isMockSource(options.mocks) ? options.mocks : undefined;
      options.taskHandlers = {
        ...unsupportedTaskHandlers(handlers.unsupported, mocks),
        ...(await host.forRun({ handlers: handlers.handlers })),
      };
    }
    result = await execute(definition, options);
  } finally {
    await host?.close();
  }
  if (v['json']) ctx.stdout(JSON.stringify(result));
  else ctx.stdout(formatTrace(result, { color: ctx.color, verbose: v['verbose'] === true }));
  return result.status === 'SUCCEEDED' ? 0 : 1;
}

/**
 * For checking mock keys only: the machine with its child machines beside it as Parallel branches, so a
 * mock may name a child's state (or a function it calls) and a typo is still refused.
 */
function withChildStates(
  definition: JsonObject,
  machines: Record<string, JsonObject> | undefined,
): JsonObject {
  if (machines === undefined) return definition;
  return {
    StartAt: 'Machines',
    States: { Machines: { Type: 'Parallel', Branches: [definition, ...Object.values(machines)], End: true } },
  };
}
