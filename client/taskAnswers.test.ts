// The Send Task Success / Failure dialogue as plain logic: the waiting tasks and the user's answers give
// the adapter's request (debug-adapter/protocol.ts); a dismissed prompt sends nothing; bad JSON is refused
// before anything is sent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStepthroughRequest, type WaitingTaskInfo } from '../debug-adapter/protocol';
import {
  askTaskAnswer,
  outputProblem,
  taskAnswerRequest,
  taskPickItems,
  type TaskAnswerUi,
} from './taskAnswers';

const APPROVAL: WaitingTaskInfo = {
  stateName: 'WaitForApproval',
  taskToken: 'token-a',
  resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
  request: { MessageBody: { token: 'token-a' } },
  since: '2024-01-01T00:00:00.000Z',
  threadId: 1,
  threadName: 'Execution',
};
const SHIPPING: WaitingTaskInfo = {
  ...APPROVAL,
  stateName: 'WaitForShipping',
  taskToken: 'token-b',
  threadId: 3,
  threadName: 'Parallel Fulfil [1]',
};

/** A UI that answers from a script and records what it was asked. */
function scripted(answers: {
  task?: string;
  kind?: 'success' | 'failure' | 'heartbeat';
  output?: string;
  error?: string;
  cause?: string;
}): { ui: TaskAnswerUi; asked: string[]; validate?: (text: string) => string | undefined } {
  const asked: string[] = [];
  const state: { ui: TaskAnswerUi; asked: string[]; validate?: (text: string) => string | undefined } = {
    asked,
    ui: {
      pickTask: (items) => {
        asked.push(`task: ${items.map((i) => i.label).join(', ')}`);
        return Promise.resolve(items.find((i) => i.task.taskToken === answers.task));
      },
      pickKind: (items) => {
        asked.push(`kind: ${items.map((i) => i.label).join(', ')}`);
        return Promise.resolve(items.find((i) => i.answer === answers.kind));
      },
      askOutput: (validate) => {
        asked.push('output');
        state.validate = validate;
        return Promise.resolve(answers.output);
      },
      askError: () => {
        asked.push('error');
        return Promise.resolve(answers.error);
      },
      askCause: () => {
        asked.push('cause');
        return Promise.resolve(answers.cause);
      },
    },
  };
  return state;
}

test('one waiting task: no task pick; success sends the output text as typed', async () => {
  const dialogue = scripted({ kind: 'success', output: '{"approved": true}' });
  const { ui, asked } = dialogue;
  const answer = await askTaskAnswer([APPROVAL], ui);
  assert.deepEqual(answer, {
    request: { type: 'sendTaskSuccess', taskToken: 'token-a', output: '{"approved": true}' },
  });
  assert.deepEqual(asked, ['kind: Send Task Success, Send Task Failure, Send Task Heartbeat', 'output']);
  // The input box checks the JSON as it is typed.
  const validate = dialogue.validate;
  assert.ok(validate);
  assert.equal(validate('{"a": 1}'), undefined);
  assert.match(validate('{"a": ') ?? '', /^The output is not JSON/);
  assert.ok(answer && 'request' in answer && isStepthroughRequest(answer.request));
});

test('several waiting tasks: the user picks one; failure sends error and cause', async () => {
  const { ui, asked } = scripted({ task: 'token-b', kind: 'failure', error: 'Rejected', cause: 'no stock' });
  assert.deepEqual(await askTaskAnswer([APPROVAL, SHIPPING], ui), {
    request: { type: 'sendTaskFailure', taskToken: 'token-b', error: 'Rejected', cause: 'no stock' },
  });
  assert.equal(asked[0], 'task: WaitForApproval, WaitForShipping');
  assert.deepEqual(asked.slice(1), [
    'kind: Send Task Success, Send Task Failure, Send Task Heartbeat',
    'error',
    'cause',
  ]);
});

test('an empty error or cause is left out, as SendTaskFailure leaves it; heartbeat needs no more questions', async () => {
  assert.deepEqual(await askTaskAnswer([APPROVAL], scripted({ kind: 'failure', error: '', cause: '' }).ui), {
    request: { type: 'sendTaskFailure', taskToken: 'token-a' },
  });
  const heartbeat = scripted({ kind: 'heartbeat' });
  assert.deepEqual(await askTaskAnswer([APPROVAL], heartbeat.ui), {
    request: { type: 'sendTaskHeartbeat', taskToken: 'token-a' },
  });
  assert.deepEqual(heartbeat.asked, ['kind: Send Task Success, Send Task Failure, Send Task Heartbeat']);
});

test('a dismissed prompt sends nothing; no waiting task is a message, not a request', async () => {
  assert.equal(await askTaskAnswer([APPROVAL, SHIPPING], scripted({}).ui), undefined);
  assert.equal(await askTaskAnswer([APPROVAL], scripted({}).ui), undefined);
  assert.equal(await askTaskAnswer([APPROVAL], scripted({ kind: 'success' }).ui), undefined);
  assert.equal(await askTaskAnswer([APPROVAL], scripted({ kind: 'failure', error: 'E' }).ui), undefined);
  assert.deepEqual(await askTaskAnswer([], scripted({ kind: 'success', output: '{}' }).ui), {
    problem: 'No task waits for its task token in this debug session.',
  });
});

test('bad JSON and a task no longer waiting are refused before anything is sent', () => {
  assert.match(
    (
      taskAnswerRequest([APPROVAL], { taskToken: 'token-a', kind: 'success', output: '{nope' }) as {
        problem: string;
      }
    ).problem,
    /^The output is not JSON/,
  );
  assert.deepEqual(taskAnswerRequest([APPROVAL], { taskToken: 'gone', kind: 'heartbeat' }), {
    problem: 'That task no longer waits for its token.',
  });
  assert.equal(outputProblem('null'), undefined);
  assert.match(outputProblem('') ?? '', /empty/);
});

test('pick items name the state, the thread and the token', () => {
  const [item] = taskPickItems([SHIPPING]);
  assert.equal(item?.label, 'WaitForShipping');
  assert.equal(item?.description, 'Parallel Fulfil [1]');
  assert.match(item?.detail ?? '', /token token-b/);
});
