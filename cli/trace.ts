// The readable state-by-state trace `stepthrough run` prints, built from the history events. Lines
// of concurrent work carry their Map iteration or Parallel branch (`ReserveStock [1]`,
// `ChargeAndNotify [branch 0]`, nested ones joined by ›), so interleaved iterations read apart and a
// retry shows under the iteration that retried. With `verbose`, each state's input and output too.

import {
  isStateEntered,
  isStateExited,
  type ExecutionResult,
  type HistoryEvent,
  type ScopePath,
} from '../core';

export interface TraceStyle {
  color: boolean;
  /** Print each state's input (when entered) and output (when exited). */
  verbose?: boolean;
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

/** `ReserveStock [1]`, `ChargeAndNotify [branch 0]`; nested scopes joined by ` › `. */
export function scopeLabel(scope: ScopePath): string {
  return scope
    .map((step) =>
      step.kind === 'iteration' ? `${step.state} [${step.index}]` : `${step.state} [branch ${step.index}]`,
    )
    .join(' › ');
}

const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);

export function formatTrace(result: ExecutionResult, style: TraceStyle): string {
  const lines: string[] = [];
  const first = result.events[0];
  const start = first ? Date.parse(first.timestamp) : 0;
  /** Tries of the Task running in each scope, to show retries. */
  const tries = new Map<string, number>();
  for (const event of result.events) {
    const label = scopeLabel(event.scope);
    const prefix = `${'  '.repeat(event.scope.length + 1)}${label === '' ? '' : `${paint(style, '36', label)} `}`;
    const when = paint(style, '2', clock(event, start));
    if (SCHEDULED.has(event.type)) {
      const n = (tries.get(label) ?? 0) + 1;
      tries.set(label, n);
      if (n > 1)
        lines.push(
          `${prefix}  ${paint(style, '33', `↻ ${event.state ?? ''} retry (attempt ${n})`)}  ${when}`,
        );
      continue;
    }
    const failure = (error: string | undefined, cause: string | undefined): string =>
      `${prefix}  ${paint(style, '31', `✗ ${event.state ?? ''} ${error ?? ''}`)}${cause ? `: ${short(cause, 160)}` : ''}  ${when}`;
    switch (event.type) {
      case 'ExecutionStarted':
        lines.push(
          `${paint(style, '1', 'Execution started')}  input ${short(event.executionStartedEventDetails.input)}`,
        );
        break;
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
          `${prefix}  ${paint(style, '2', `✓ ${event.state ?? ''} result ${short(output)}`)}  ${when}`,
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
          const { name, input } = event.stateEnteredEventDetails;
          const kind = event.type.slice(0, -'StateEntered'.length);
          tries.set(label, 0);
          lines.push(`${prefix}${paint(style, '1', `→ ${name}`)} ${paint(style, '2', `(${kind})`)}  ${when}`);
          if (style.verbose) lines.push(`${prefix}    ${paint(style, '2', 'input ')} ${short(input, 400)}`);
        } else if (style.verbose && isStateExited(event)) {
          const { name, output } = event.stateExitedEventDetails;
          lines.push(`${prefix}    ${paint(style, '2', `output of ${name}`)} ${short(output, 400)}`);
        }
    }
  }
  lines.push(
    paint(style, '2', `${result.states.length} states entered, ${result.events.length} history events`),
  );
  return lines.join('\n');
}
