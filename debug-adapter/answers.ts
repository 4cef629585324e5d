// The `stepthrough` custom request's answers (./protocol.ts): the tasks waiting for their token, and
// a success, failure or heartbeat sent for one, passed to the controller. A request that cannot be
// carried out throws with what to do; the session turns that into an error response.

import type { ExecutionController } from './controller';
import { parseTaskOutput, type StepthroughRequest, type WaitingTaskInfo } from './protocol';

export function answerStepthroughRequest(
  controller: ExecutionController | undefined,
  request: StepthroughRequest,
): object {
  if (request.type === 'waitingTasks') {
    const threads = controller?.threads;
    const tasks: WaitingTaskInfo[] = (controller?.waitingTasks() ?? []).map((t) => ({
      stateName: t.stateName,
      taskToken: t.taskToken,
      resource: t.resource,
      request: t.request,
      since: new Date(t.since).toISOString(),
      threadId: t.threadId,
      threadName: threads?.get(t.threadId)?.name ?? 'Execution',
    }));
    return { tasks };
  }
  if (!controller?.running) throw new Error('No execution is running: there is no task to answer.');
  switch (request.type) {
    case 'sendTaskSuccess': {
      const parsed = parseTaskOutput(request.output);
      if ('problem' in parsed) throw new Error(`${parsed.problem}: nothing was sent, the task still waits.`);
      controller.answerTask(request.taskToken, { kind: 'success', output: parsed.value });
      return {};
    }
    case 'sendTaskFailure': {
      const answer: { kind: 'failure'; error?: string; cause?: string } = { kind: 'failure' };
      if (request.error !== undefined) answer.error = request.error;
      if (request.cause !== undefined) answer.cause = request.cause;
      controller.answerTask(request.taskToken, answer);
      return {};
    }
    case 'sendTaskHeartbeat':
      controller.heartbeatTask(request.taskToken);
      return {};
  }
}
