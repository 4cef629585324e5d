// "Stepthrough: Send Task Success / Failure": the dialogue that answers a task waiting for its task token
// in a debug session, as plain logic over an injected UI (the command wires VS Code's quick pick and input
// boxes into it: client/taskAnswerCommand.ts). The request it builds is the debug adapter's `stepthrough`
// custom request (debug-adapter/protocol.ts), the same the adapter's tests send.

import { parseTaskOutput, type StepthroughRequest, type WaitingTaskInfo } from '../debug-adapter/protocol';

export type AnswerKind = 'success' | 'failure' | 'heartbeat';

/** What the user chose; a prompt the user dismissed is undefined (nothing is sent). */
export interface TaskAnswerUi {
  /** Which task, when several wait (items in the order they began to wait). */
  pickTask(items: TaskPickItem[]): Promise<TaskPickItem | undefined>;
  pickKind(items: KindPickItem[]): Promise<KindPickItem | undefined>;
  /** The output JSON; `validate` gives the message to show under the input box while it is not JSON. */
  askOutput(validate: (text: string) => string | undefined): Promise<string | undefined>;
  askError(): Promise<string | undefined>;
  askCause(): Promise<string | undefined>;
}

export interface TaskPickItem {
  label: string;
  description: string;
  detail: string;
  task: WaitingTaskInfo;
}

export interface KindPickItem {
  label: string;
  description: string;
  answer: AnswerKind;
}

export const KIND_ITEMS: readonly KindPickItem[] = [
  { label: 'Send Task Success', description: 'the Task succeeds with an output (JSON)', answer: 'success' },
  { label: 'Send Task Failure', description: 'the Task fails with an error and a cause', answer: 'failure' },
  {
    label: 'Send Task Heartbeat',
    description: 'the Task keeps waiting; its HeartbeatSeconds start again',
    answer: 'heartbeat',
  },
];

export function taskPickItems(tasks: readonly WaitingTaskInfo[]): TaskPickItem[] {
  return tasks.map((task) => ({
    label: task.stateName,
    description: task.threadName,
    detail: `waiting since ${task.since} · ${task.resource} · token ${task.taskToken}`,
    task,
  }));
}

/** The message under the output box while the text is not JSON. */
export function outputProblem(text: string): string | undefined {
  const parsed = parseTaskOutput(text);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** The user's answers to the dialogue. */
export interface TaskAnswerChoices {
  taskToken: string;
  kind: AnswerKind;
  output?: string;
  error?: string;
  cause?: string;
}

/**
 * The request that answers: the waiting tasks + the user's choices → the adapter's request, or why
 * nothing can be sent (the task no longer waits; the output is not JSON).
 */
export function taskAnswerRequest(
  tasks: readonly WaitingTaskInfo[],
  choices: TaskAnswerChoices,
): { request: StepthroughRequest } | { problem: string } {
  const task = tasks.find((t) => t.taskToken === choices.taskToken);
  if (!task) return { problem: 'That task no longer waits for its token.' };
  const taskToken = task.taskToken;
  switch (choices.kind) {
    case 'success': {
      const output = choices.output ?? '';
      const problem = outputProblem(output);
      if (problem !== undefined) return { problem };
      return { request: { type: 'sendTaskSuccess', taskToken, output } };
    }
    case 'failure': {
      const request: StepthroughRequest = { type: 'sendTaskFailure', taskToken };
      if (choices.error !== undefined && choices.error !== '') request.error = choices.error;
      if (choices.cause !== undefined && choices.cause !== '') request.cause = choices.cause;
      return { request };
    }
    case 'heartbeat':
      return { request: { type: 'sendTaskHeartbeat', taskToken } };
  }
}

/**
 * The whole dialogue: which task (asked only when several wait), which answer, then the output or the
 * error and cause. Resolves with the request to send, a message to show, or undefined when dismissed.
 */
export async function askTaskAnswer(
  tasks: readonly WaitingTaskInfo[],
  ui: TaskAnswerUi,
): Promise<{ request: StepthroughRequest } | { problem: string } | undefined> {
  if (tasks.length === 0) return { problem: 'No task waits for its task token in this debug session.' };
  const items = taskPickItems(tasks);
  const picked = items.length === 1 ? items[0] : await ui.pickTask(items);
  if (!picked) return undefined;
  const kind = await ui.pickKind([...KIND_ITEMS]);
  if (!kind) return undefined;
  const choices: TaskAnswerChoices = { taskToken: picked.task.taskToken, kind: kind.answer };
  if (kind.answer === 'success') {
    const output = await ui.askOutput(outputProblem);
    if (output === undefined) return undefined;
    choices.output = output;
  } else if (kind.answer === 'failure') {
    const error = await ui.askError();
    if (error === undefined) return undefined;
    const cause = await ui.askCause();
    if (cause === undefined) return undefined;
    choices.error = error;
    choices.cause = cause;
  }
  return taskAnswerRequest(tasks, choices);
}
