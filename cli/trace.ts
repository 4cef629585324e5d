// The readable state-by-state trace `stepthrough run` prints, built from the history events.

import { isStateEntered, type ExecutionResult, type HistoryEvent } from '../core';

export interface TraceStyle {
  color: boolean;
}

function paint(style: TraceStyle, code: string, text: string): string {
  return style.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function short(value: unknown, max = 100): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function clock(event: HistoryEvent, start: number): string {
  const seconds = (Date.parse(event.timestamp) - start) / 1000;
  return `t+${seconds}s`;
}

export function formatTrace(result: ExecutionResult, style: TraceStyle): string {
  const lines: string[] = [];
  const first = result.events[0];
  const start = first ? Date.parse(first.timestamp) : 0;
  for (const event of result.events) {
    const indent = '  '.repeat(event.scope.length + 1);
    const when = paint(style, '2', clock(event, start));
    const failure = (error: string | undefined, cause: string | undefined): string =>
      `${indent}  ${paint(style, '31', `✗ ${event.state ?? ''} ${error ?? ''}`)}${cause ? `: ${short(cause, 160)}` : ''}  ${when}`;
    switch (event.type) {
      case 'ExecutionStarted':
        lines.push(
          `${paint(style, '1', 'Execution started')}  input ${short(event.executionStartedEventDetails.input)}`,
        );
        break;
      case 'MapIterationStarted': {
        const { name, index } = event.mapIterationStartedEventDetails;
        lines.push(`${'  '.repeat(event.scope.length)}${paint(style, '36', `┌ ${name} [${index}]`)}`);
        break;
      }
      case 'TaskFailed':
        lines.push(failure(event.taskFailedEventDetails.error, event.taskFailedEventDetails.cause));
        break;
      case 'TaskTimedOut':
        lines.push(failure(event.taskTimedOutEventDetails.error, event.taskTimedOutEventDetails.cause));
        break;
      case 'LambdaFunctionFailed':
        lines.push(
          failure(event.lambdaFunctionFailedEventDetails.error, event.lambdaFunctionFailedEventDetails.cause),
        );
        break;
      case 'LambdaFunctionTimedOut':
        lines.push(
          failure(
            event.lambdaFunctionTimedOutEventDetails.error,
            event.lambdaFunctionTimedOutEventDetails.cause,
          ),
        );
        break;
      case 'TaskSucceeded':
      case 'LambdaFunctionSucceeded': {
        const output =
          event.type === 'TaskSucceeded'
            ? event.taskSucceededEventDetails.output
            : event.lambdaFunctionSucceededEventDetails.output;
        lines.push(
          `${indent}  ${paint(style, '2', `✓ ${event.state ?? ''} result ${short(output)}`)}  ${when}`,
        );
        break;
      }
      case 'ExecutionSucceeded':
        lines.push(`${paint(style, '32;1', '✔ SUCCEEDED')}  ${when}`);
        lines.push(`output ${JSON.stringify(event.executionSucceededEventDetails.output, null, 2)}`);
        break;
      case 'ExecutionFailed': {
        const { error, cause } = event.executionFailedEventDetails;
        lines.push(
          `${paint(style, '31;1', '✘ FAILED')}  ${error ?? ''}${cause ? `: ${cause}` : ''}  ${when}`,
        );
        break;
      }
      case 'ExecutionTimedOut':
        lines.push(`${paint(style, '31;1', '✘ TIMED_OUT')}  the execution's TimeoutSeconds elapsed  ${when}`);
        break;
      case 'ExecutionAborted':
        lines.push(`${paint(style, '33;1', '■ ABORTED')}  ${when}`);
        break;
      default:
        if (isStateEntered(event)) {
          const kind = event.type.slice(0, -'StateEntered'.length);
          lines.push(
            `${indent}${paint(style, '1', `→ ${event.stateEnteredEventDetails.name}`)} ${paint(style, '2', `(${kind})`)}  ${when}`,
          );
        }
    }
  }
  lines.push(
    paint(style, '2', `${result.states.length} states entered, ${result.events.length} history events`),
  );
  return lines.join('\n');
}
