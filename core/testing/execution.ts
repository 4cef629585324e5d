// Runs one test case: a whole execution, or a single state as the TestState API does (the state
// alone, reporting SUCCEEDED / FAILED / CAUGHT_ERROR / RETRIABLE and the next state), with the
// case's mocks, role, substitutions and context, collecting facts for assertions and coverage.

import { createTaskAuthorizer, walkStates } from '../iam';
import {
  startExecution,
  type ExecuteOptions,
  type ExecutionObserver,
  type StateOutcome,
} from '../interpreter';
import type { JsonObject, JsonValue } from '../json';
import { FactCollector, type CoverageHits, type StateFacts } from './facts';
import type { ExecutionSummary, TestCaseSpec, TestFileSpec } from './model';
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
    stateMachineName: c.stateMachineName ?? stateMachineNameOf(spec.machineFile),
  };
  if (observer) options.observer = observer;
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
  if (role) {
    options.authorizeTask = createTaskAuthorizer(role.statements, {
      roleArn,
      region: c.region,
      accountId: c.accountId,
    });
  }
  return options;
}

/** Runs the whole machine. Rejects only when execute() does (a caller mistake, e.g. bad mocks). */
async function runExecution(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  collector: FactCollector,
): Promise<CaseRun> {
  const handle = startExecution(spec.definition, executeOptions(spec, testCase, collector.observer));
  const result = await handle.result;
  const { path, variables } = collector.finish(result.events);
  const summary: ExecutionSummary = { status: result.status, output: result.output, path };
  if (result.error !== undefined) summary.error = result.error;
  if (result.cause !== undefined) summary.cause = result.cause;
  return { summary, states: collector.states, variables };
}

/** The state's definition wherever it is nested, with the query language it inherits. */
function isolatedMachine(definition: JsonObject, stateName: string): JsonObject {
  const visit = walkStates(definition).find((v) => v.name === stateName);
  const machine: JsonObject = { StartAt: stateName, States: { [stateName]: visit?.definition ?? {} } };
  if (typeof definition.QueryLanguage === 'string') machine.QueryLanguage = definition.QueryLanguage;
  return machine;
}

/**
 * TestState semantics: the first outcome of the state decides. A retry it would make is RETRIABLE
 * (no retry is run), a caught error is CAUGHT_ERROR with the Catch's Next, success reports the
 * state's Next (or the Choice's decision). The run stops there.
 */
async function runSingleState(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  stateName: string,
  collector: FactCollector,
): Promise<CaseRun> {
  let decided: ExecutionSummary | undefined;
  let caught: { error?: string; cause?: string } | undefined;
  let stop = (): void => undefined;
  const record = (outcome: StateOutcome): void => {
    if (decided || outcome.frame.stateName !== stateName || outcome.frame.scope.length !== 0) return;
    const error = outcome.error !== undefined ? { error: outcome.error, cause: outcome.cause ?? '' } : {};
    switch (outcome.status) {
      case 'caught':
        caught = error;
        return;
      case 'retrying':
        decided = { status: 'RETRIABLE', output: null, path: [stateName], ...error };
        break;
      case 'failed':
        decided = { status: 'FAILED', output: null, path: [stateName], ...error };
        break;
      case 'succeeded':
        decided = {
          status: caught ? 'CAUGHT_ERROR' : 'SUCCEEDED',
          output: outcome.output ?? null,
          path: [stateName],
          nextState: outcome.next ?? null,
          ...caught,
        };
        break;
    }
    stop();
  };
  const observer: ExecutionObserver = {
    beforeState: (frame) => collector.observer.beforeState?.(frame),
    onStateOutcome: (outcome) => {
      record(outcome);
      return collector.observer.onStateOutcome?.(outcome);
    },
  };
  const handle = startExecution(
    isolatedMachine(spec.definition, stateName),
    executeOptions(spec, testCase, observer),
  );
  stop = () => handle.abort();
  if (decided) handle.abort();
  const result = await handle.result;
  collector.finish(result.events);
  // Without a decision the run ended before the state did (e.g. the execution's TimeoutSeconds).
  const summary: ExecutionSummary = decided ?? {
    status: 'FAILED',
    output: null,
    path: [stateName],
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.cause !== undefined ? { cause: result.cause } : {}),
  };
  const exited = collector.states.get(stateName);
  return { summary, states: collector.states, variables: exited?.variables ?? {} };
}

export async function runCase(
  spec: TestFileSpec,
  testCase: TestCaseSpec,
  hits?: CoverageHits,
): Promise<CaseRun> {
  const collector = new FactCollector(hits);
  if (testCase.state !== undefined) return runSingleState(spec, testCase, testCase.state, collector);
  return runExecution(spec, testCase, collector);
}
