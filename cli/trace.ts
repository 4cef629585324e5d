// The readable state-by-state trace `stepthrough run` prints, built from the history events.

import type { ExecutionResult, HistoryEvent } from '../core';

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
    switch (event.type) {
      case 'ExecutionStarted':
        lines.push(`${paint(style, '1', 'Execution started')}  input ${short(event.details.input)}`);
        break;
      case 'MapIterationStarted':
        lines.push(
          `${'  '.repeat(event.scope.length)}${paint(style, '36', `┌ ${event.details.name} [${event.details.index}]`)}`,
        );
        break;
      case 'TaskFailed':
      case 'LambdaFunctionFailed':
      case 'TaskTimedOut':
      case 'LambdaFunctionTimedOut':
        lines.push(
          `${indent}  ${paint(style, '31', `✗ ${event.details.state} ${event.details.error}`)}${event.details.cause ? `: ${short(event.details.cause, 160)}` : ''}  ${when}`,
        );
        break;
      case 'TaskSucceeded':
      case 'LambdaFunctionSucceeded':
        lines.push(
          `${indent}  ${paint(style, '2', `✓ ${event.details.state} result ${short(event.details.output)}`)}  ${when}`,
        );
        break;
      case 'ExecutionSucceeded':
        lines.push(`${paint(style, '32;1', '✔ SUCCEEDED')}  ${when}`);
        lines.push(`output ${JSON.stringify(event.details.output, null, 2)}`);
        break;
      case 'ExecutionFailed':
        lines.push(
          `${paint(style, '31;1', '✘ FAILED')}  ${event.details.error ?? ''}${event.details.cause ? `: ${event.details.cause}` : ''}  ${when}`,
        );
        break;
      case 'ExecutionTimedOut':
        lines.push(`${paint(style, '31;1', '✘ TIMED_OUT')}  the execution's TimeoutSeconds elapsed  ${when}`);
        break;
      case 'ExecutionAborted':
        lines.push(`${paint(style, '33;1', '■ ABORTED')}  ${when}`);
        break;
      default:
        if (event.type.endsWith('StateEntered') && 'name' in event.details) {
          const kind = event.type.slice(0, -'StateEntered'.length);
          lines.push(
            `${indent}${paint(style, '1', `→ ${event.details.name}`)} ${paint(style, '2', `(${kind})`)}  ${when}`,
          );
        }
    }
  }
  lines.push(
    paint(style, '2', `${result.states.length} states entered, ${result.events.length} history events`),
  );
  return lines.join('\n');
}
