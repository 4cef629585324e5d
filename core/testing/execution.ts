// Runs one test case: a whole execution, or a single state as the TestState API does (the state
// alone, reporting SUCCEEDED / FAILED / CAUGHT_ERROR / RETRIABLE and the next state), with the
// case's mocks, role, substitutions and context, collecting facts for assertions and coverage.

import { StepthroughError } from '../errors';
import { unsupportedTaskHandlers, type TaskHandlerProvider } from '../handlers';
import { createTaskAuthorizer, type TaskAuthorizer } from '../iam';
import type { MockSource, TaskHandler } from '../mocks';
import {
  authorizerPerMachine,
  startExecution,
  type ExecuteOptions,
  type ExecutionObserver,
  type HistoryEvent,
} from '../interpreter';
import type { JsonValue } from '../json';
import { testState } from '../teststate';
import type { CaseHits } from './coverage';
import { FactCollector, type CoverageHits, type StateFacts } from './facts';
import type { ExecutionSummary, RoleSpec, TestCaseSpec, TestFileSpec } from './model';
import { stateMachineNameOf } from '../model';

export interface CaseRun {
  summary: ExecutionSummary;
  states: ReadonlyMap<string, StateFacts>;
  /** Top-level workflow variables at the end. */
  variables: Record<string, JsonValue>;
}

/** The execute() options a test case runs with (input, mocks, context, role); shared with the debugger. */
export function executeOptions(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  observer?: ExecutionObserver,
): ExecuteOptions {
  const c = testCase.context;
  const options: ExecuteOptions = {
    input: testCase.input,
    mocks: testCase.mockSource,
    itemReaderData: testCase.itemReader,
    stateMachineName: c.stateMachineName ?? spec.machineName ?? stateMachineNameOf(spec.machineFile),
  };
  if (observer) options.observer = observer;
  if (spec.machines) options.machines = spec.machines;
  if (!spec.validate) options.validate = false;
  // Substituting copies the definition: only when there is something to substitute.
  if (Object.keys(testCase.substitutions).length > 0) options.substitutions = testCase.substitutions;
  if (c.executionName !== undefined) options.executionName = c.executionName;
  if (c.startTime !== undefined) options.startTime = c.startTime;
  if (c.accountId !== undefined) options.accountId = c.accountId;
  if (c.region !== undefined) options.region = c.region;
  if (c.seed !== undefined) options.seed = c.seed;
  const role = testCase.role ?? spec.role;
  const roleArn = c.roleArn ?? role?.roleArn;
  if (roleArn !== undefined) options.roleArn = roleArn;
  const authorizer = (r: RoleSpec, arn: string | undefined): TaskAuthorizer =>
    createTaskAuthorizer(r.statements, { roleArn: arn, region: c.region, accountId: c.accountId });
  // A nested execution's Tasks run with its own machine's role on AWS: the child's, when its template
  // spells it out; never the parent's.
  const children = new Map<string, TaskAuthorizer>();
  for (const [key, source] of Object.entries(spec.machineSources ?? {}))
    if (source.role) children.set(key, authorizer(source.role, source.role.roleArn));
  const authorize = authorizerPerMachine(role && authorizer(role, roleArn), children);
  if (authorize) options.authorizeTask = authorize;
  return options;
}

/**
 * The case's task handlers by mock layer: each layer's handlers run by the provider (a case with
 * handlers needs one), and for each function `handlers: auto` cannot run, a Task failure saying it
 * needs a mock.
 */
export async function caseLayerHandlers(
  testCase: TestCaseSpec,
  provider: TaskHandlerProvider | undefined,
): Promise<Map<MockSource, Record<string, TaskHandler>> | undefined> {
  if (testCase.handlerLayers.length === 0) return undefined;
  const out = new Map<MockSource, Record<string, TaskHandler>>();
  for (const layer of testCase.handlerLayers) {
    const handlers = unsupportedTaskHandlers(layer.unsupported, testCase.mockSource);
    const keys = Object.keys(layer.handlers);
    if (keys.length > 0) {
      if (!provider)
        throw new StepthroughError(
          'E_USAGE',
          `the case "${testCase.name}" runs handlers (${keys.join(', ')}), which need a handler host here`,
          { hint: 'Run it with `stepthrough test`, pytest or a runner given a TaskHandlerProvider.' },
        );
      Object.assign(handlers, await provider.forRun({ handlers: layer.handlers }));
    }
    out.set(layer.mocks, handlers);
  }
  return out;
}

/** The engine options of a case's run: its task handlers and the template's logical IDs. */
async function withHandlers(
  options: ExecuteOptions,
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  provider: TaskHandlerProvider | undefined,
): Promise<void> {
  if (spec.logicalIds !== undefined) options.logicalIds = spec.logicalIds;
  const layerHandlers = await caseLayerHandlers(testCase, provider);
  if (layerHandlers) options.layerHandlers = layerHandlers;
}

/** Runs the whole machine. Rejects only when execute() does (a caller mistake, e.g. bad mocks). */
async function runExecution(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  collector: FactCollector,
  provider: TaskHandlerProvider | undefined,
): Promise<CaseRun> {
  const options = executeOptions(spec, testCase, collector.observer);
  await withHandlers(options, spec, testCase, provider);
  const handle = startExecution(spec.definition, options);
  const result = await handle.result;
  const { path, variables } = collector.finish(result.events);
  const summary: ExecutionSummary = { status: result.status, output: result.output, path };
  if (testCase.expect.pathIncludesInner) summary.states = collector.entered;
  if (result.error !== undefined) summary.error = result.error;
  if (result.cause !== undefined) summary.cause = result.cause;
  return { summary, states: collector.states, variables };
}

/**
 * One state alone, through the TestState function every surface shares: the case's mocks answer its
 * Tasks (a Map's iterations and a Parallel's branches run in full), and the first outcome decides:
 * SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR, with the next state.
 */
async function runSingleState(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  stateName: string,
  collector: FactCollector,
  provider: TaskHandlerProvider | undefined,
): Promise<CaseRun> {
  const { input, substitutions, observer: _unused, ...engine } = executeOptions(spec, testCase);
  await withHandlers(engine, spec, testCase, provider);
  const events: HistoryEvent[] = [];
  const observer: ExecutionObserver = { ...collector.observer, onEvent: (event) => void events.push(event) };
  const response = await testState(
    { definition: spec.definition, stateName, input: JSON.stringify(input ?? {}), inspectionLevel: 'DEBUG' },
    { ...engine, ...(substitutions ? { substitutions } : {}), observer, runUnmocked: true },
  );
  collector.finish(events);
  const status = response.status ?? 'FAILED';
  const decided = status === 'SUCCEEDED' || status === 'CAUGHT_ERROR';
  const summary: ExecutionSummary = {
    status,
    output: decided && response.output !== undefined ? (JSON.parse(response.output) as JsonValue) : null,
    path: [stateName],
  };
  if (decided) summary.nextState = response.nextState ?? null;
  if (response.error !== undefined) summary.error = response.error;
  if (response.error !== undefined || response.cause !== undefined) summary.cause = response.cause ?? '';
  const variables = response.inspectionData?.variables;
  return {
    summary,
    states: collector.states,
    variables: variables ? (JSON.parse(variables) as Record<string, JsonValue>) : {},
  };
}

/**
 * Runs one case; `handlers` runs the case's handlers (a case with handlers needs it). `hits`: the
 * machine's coverage hits, or a CaseHits that also counts the child machines' (SuiteCoverage.forSpec).
 */
export async function runCase(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  hits?: CoverageHits | CaseHits,
  handlers?: TaskHandlerProvider,
): Promise<CaseRun> {
  const collector =
    hits !== undefined && 'childHits' in hits
      ? new FactCollector(hits.hits, (key) => hits.childHits(key))
      : new FactCollector(hits);
  if (testCase.state !== undefined)
    return runSingleState(spec, testCase, testCase.state, collector, handlers);
  return runExecution(spec, testCase, collector, handlers);
}
