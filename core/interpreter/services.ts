// The services an execution's Tasks call, as the caller configured them: task handlers first, then
// mocks, with the execution role's check before each call. Each state's calls are counted, so the n-th
// invocation of a state (a retry, a Map iteration) gets the n-th mock.

import { StatesError } from '../errors';
import type { JsonValue } from '../json';
import type { MockResponse, MockSource, TaskHandler } from '../mocks';
import type { ItemReaderAnswer, TaskRequest, TaskServices } from './host';
import type { ExecuteOptions } from './options';

export interface ServiceConfig {
  mocks: MockSource | undefined;
  taskHandlers: Record<string, TaskHandler>;
  itemReaderData: Record<string, JsonValue | string>;
  authorizeTask: ExecuteOptions['authorizeTask'];
}

export function configuredServices(config: ServiceConfig): TaskServices {
  const invocations = new Map<string, number>();
  /** The 0-based invocation number of this state (for mocks). */
  const nextInvocation = (stateName: string): number => {
    const n = invocations.get(stateName) ?? 0;
    invocations.set(stateName, n + 1);
    return n;
  };
  return {
    authorize(request) {
      const denied = config.authorizeTask?.({
        stateName: request.stateName,
        resource: request.resource,
        parameters: request.parameters,
      });
      // A denied call still counts: the next attempt gets the next mock.
      if (denied) nextInvocation(request.stateName);
      return denied;
    },
    call(request: TaskRequest): MockResponse | Promise<MockResponse> {
      const { stateName, resource } = request;
      const invocation = nextInvocation(stateName);
      const handler = config.taskHandlers[stateName];
      if (handler) {
        return callHandler(handler, request.parameters, {
          stateName,
          resource,
          invocation,
          attempt: request.attempt,
        });
      }
      const response = config.mocks?.responseFor(stateName, invocation);
      if (!response) {
        throw new StatesError(
          'Stepthrough.MockMissing',
          `The Task state '${stateName}' (${resource}) has no mock and no task handler. Add a mock for it, e.g. {"${stateName}": [{"Return": {}}]}.`,
        );
      }
      return response;
    },
    itemReaderData(stateName: string): ItemReaderAnswer | undefined {
      const given = config.itemReaderData[stateName];
      if (given !== undefined) return { kind: 'data', data: given };
      const mock = config.mocks?.responseFor(stateName, nextInvocation(stateName));
      if (mock?.kind === 'throw') return { kind: 'throw', error: mock.error, cause: mock.cause };
      if (mock?.kind === 'return') return { kind: 'data', data: mock.value };
      return undefined;
    },
  };
}

/** Runs a programmatic task handler; its exceptions become the task's error. */
async function callHandler(
  handler: TaskHandler,
  parameters: JsonValue,
  context: Parameters<TaskHandler>[1],
): Promise<MockResponse> {
  try {
    const value = await handler(parameters, context);
    return { kind: 'return', value };
  } catch (err) {
    if (err instanceof StatesError) return { kind: 'throw', error: err.error, cause: err.cause ?? '' };
    const e = err instanceof Error ? err : new Error(String(err));
    return { kind: 'throw', error: e.name || 'Error', cause: e.message };
  }
}
