// The services an execution's Tasks call, as the caller configured them: mocks and task handlers
// answered by the one rule of core/mocks/answer.ts, with the execution role's check before each call.
// Each state's calls are counted, so the n-th invocation of a state (a retry, a Map iteration) gets the
// n-th mock.

import type { MockResponse } from '../mocks';
import { answerTaskCall, type TaskAnswers, type TaskCall } from '../mocks/answer';
import type { ItemReaderAnswer, TaskRequest, TaskServices } from './host';
import type { ExecuteOptions, ItemReaderData, TaskAuthorizationRequest } from './options';

/** The run's mocks and handlers (TaskAnswers keeps the run's call bookkeeping on this object). */
export interface ServiceConfig extends TaskAnswers {
  itemReaderData: Record<string, ItemReaderData>;
  authorizeTask: ExecuteOptions['authorizeTask'];
  /** The state machine's ARN: a handler's function ARN is built in its partition, region and account. */
  stateMachineArn: string;
}

export function configuredServices(config: ServiceConfig): TaskServices {
  return new ConfiguredServices(config);
}

/** A class, not an object of closures: one execution makes one, and most never call a service twice. */
class ConfiguredServices implements TaskServices {
  /** Calls so far per state (made on first use). */
  private invocations: Map<string, number> | undefined;

  constructor(private readonly config: ServiceConfig) {}

  /** The 0-based invocation number of this state (for mocks). */
  private nextInvocation(stateName: string): number {
    const invocations = (this.invocations ??= new Map());
    const n = invocations.get(stateName) ?? 0;
    invocations.set(stateName, n + 1);
    return n;
  }

  authorize(request: TaskRequest): ReturnType<TaskServices['authorize']> {
    const authorize = this.config.authorizeTask;
    if (!authorize) return undefined;
    const asked: TaskAuthorizationRequest = {
      stateName: request.stateName,
      resource: request.resource,
      parameters: request.parameters,
    };
    if (request.execution) asked.execution = request.execution;
    const denied = authorize(asked);
    // A denied call still counts: the next attempt gets the next mock.
    if (denied) this.nextInvocation(request.stateName);
    return denied;
  }

  call(request: TaskRequest): MockResponse | Promise<MockResponse> {
    const call: TaskCall = {
      stateName: request.stateName,
      resource: request.resource,
      request: request.parameters,
      invocation: this.nextInvocation(request.stateName),
      attempt: request.attempt + 1,
      stateMachineArn: this.config.stateMachineArn,
      scope: request.scope,
    };
    // Set, not spread: object spread is a slow path in V8 (this runs on every Task call).
    if (request.timeoutSeconds !== undefined) call.timeoutSeconds = request.timeoutSeconds;
    return answerTaskCall(this.config, call);
  }

  itemReaderData(stateName: string): ItemReaderAnswer | undefined {
    const config = this.config;
    const given = Object.hasOwn(config.itemReaderData, stateName)
      ? config.itemReaderData[stateName]
      : undefined;
    if (given !== undefined) return { kind: 'data', data: given };
    const mock = config.mocks?.responseFor(stateName, this.nextInvocation(stateName));
    if (mock?.kind === 'throw') return { kind: 'throw', error: mock.error, cause: mock.cause };
    if (mock?.kind === 'return') return { kind: 'data', data: mock.value };
    return undefined;
  }
}
