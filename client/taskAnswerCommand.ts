// The command "Stepthrough: Send Task Success / Failure": asks the active Stepthrough debug session which
// tasks wait for their token, runs the dialogue of ./taskAnswers.ts with VS Code's quick pick and input
// boxes, and sends the answer as the adapter's `stepthrough` custom request; the adapter's refusal (a
// token no longer waiting, bad JSON) is shown as an error message.

import * as vscode from 'vscode';
import {
  DEBUG_TYPE,
  STEPTHROUGH_REQUEST,
  type StepthroughRequest,
  type WaitingTasksResponse,
} from '../debug-adapter/protocol';
import { askTaskAnswer, type TaskAnswerUi } from './taskAnswers';

const ui: TaskAnswerUi = {
  pickTask: (items) =>
    Promise.resolve(
      vscode.window.showQuickPick(items, {
        title: 'Send Task Success / Failure',
        placeHolder: 'Which task answers?',
        matchOnDetail: true,
      }),
    ),
  pickKind: (items) =>
    Promise.resolve(vscode.window.showQuickPick(items, { title: 'Send Task Success / Failure' })),
  askOutput: (validate) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: 'Send Task Success',
        prompt: "The task's output (JSON)",
        value: '{}',
        validateInput: validate,
        ignoreFocusOut: true,
      }),
    ),
  askError: () =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: 'Send Task Failure',
        prompt: 'The error name (what a Catch or Retry matches in ErrorEquals)',
        ignoreFocusOut: true,
      }),
    ),
  askCause: () =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: 'Send Task Failure',
        prompt: 'The cause (optional)',
        ignoreFocusOut: true,
      }),
    ),
};

function stepthroughSession(): vscode.DebugSession | undefined {
  const active = vscode.debug.activeDebugSession;
  return active?.type === DEBUG_TYPE ? active : undefined;
}

function send(session: vscode.DebugSession, request: StepthroughRequest): Thenable<unknown> {
  return session.customRequest(STEPTHROUGH_REQUEST, request);
}

export async function sendTaskAnswer(): Promise<void> {
  const session = stepthroughSession();
  if (!session) {
    void vscode.window.showInformationMessage(
      'Send Task Success / Failure answers a task of a running Stepthrough debug session: start one first.',
    );
    return;
  }
  try {
    const { tasks } = (await send(session, { type: 'waitingTasks' })) as WaitingTasksResponse;
    const answer = await askTaskAnswer(tasks, ui);
    if (!answer) return;
    if ('problem' in answer) {
      void vscode.window.showWarningMessage(answer.problem);
      return;
    }
    await send(session, answer.request);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
  }
}
