// The readable state-by-state trace `stepthrough run` prints, built from the history events. Lines
// of concurrent work carry their Map iteration or Parallel branch (`ReserveStock [1]`,
// `ChargeAndNotify [branch 0]`, nested ones joined by ›), so interleaved iterations read apart and a
// retry shows under the iteration that retried. With `verbose`, each state's input and output too.

import type { ExecutionResult, HistoryEvent, ScopePath } from '../core';

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
    const details = event.details as Record<string, unknown>;
    if (SCHEDULED.has(event.type)) {
      const n = (tries.get(label) ?? 0) + 1;
      tries.set(label, n);
      if (n > 1)
        lines.push(
          `${prefix}  ${paint(style, '33', `↻ ${String(details.state)} retry (attempt ${n})`)}  ${when}`,
        );
      continue;
    }
    switch (event.type) {
      case 'ExecutionStarted':
        lines.push(`${paint(style, '1', 'Execution started')}  input ${short(event.details.input)}`);
        break;
      case 'TaskFailed':
      case 'LambdaFunctionFailed':
      case 'TaskTimedOut':
      case 'LambdaFunctionTimedOut':
        lines.push(
          `${prefix}  ${paint(style, '31', `✗ ${event.details.state} ${event.details.error}`)}${event.details.cause ? `: ${short(event.details.cause, 160)}` : ''}  ${when}`,
        );
        break;
      case 'TaskSucceeded':
      case 'LambdaFunctionSucceeded':
        lines.push(
          `${prefix}  ${paint(style, '2', `✓ ${event.details.state} result ${short(event.details.output)}`)}  ${when}`,
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
        if (event.type.endsWith('StateEntered') && 'name' in details) {
          const kind = event.type.slice(0, -'StateEntered'.length);
          tries.set(label, 0);
          lines.push(
            `${prefix}${paint(style, '1', `→ ${String(details.name)}`)} ${paint(style, '2', `(${kind})`)}  ${when}`,
          );
          if (style.verbose)
            lines.push(`${prefix}    ${paint(style, '2', 'input ')} ${short(details.input, 400)}`);
        } else if (style.verbose && event.type.endsWith('StateExited') && 'name' in details) {
          lines.push(
            `${prefix}    ${paint(style, '2', `output of ${String(details.name)}`)} ${short(details.output, 400)}`,
          );
        }
    }
  }
  lines.push(
    paint(style, '2', `${result.states.length} states entered, ${result.events.length} history events`),
  );
  return lines.join('\n');
}
