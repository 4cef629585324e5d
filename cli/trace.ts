// The readable state-by-state trace `stepthrough run` prints, built from the history events. Lines
// of concurrent work carry their Map iteration or Parallel branch (`ReserveStock [1]`,
// `ChargeAndNotify [branch 0]`, nested ones joined by ›), so interleaved iterations read apart and a
// retry shows under the iteration that retried. A Distributed Map's child executions (each with its own
// history, result.childExecutions) are traced under the Map Run that started them, labelled
// `Map [child N]`, the first CHILDREN_SHOWN of each run; a nested execution (a Task's
// states:startExecution of a mapped machine) is traced under the Task that started it, labelled
// `Task [child N]`; a child's own children (a nested execution's Distributed Map or nested executions)
// are traced under it the same way. With `verbose`, each state's input and output too.

import { isStateEntered, isStateExited } from '../core/interpreter/events';
import type { ChildExecutionResult, ExecutionResult, HistoryEvent, ScopePath } from '../core';

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

/** How many child executions of one Map Run the trace shows (the rest are counted; --json has all). */
export const CHILDREN_SHOWN = 20;

/** Where a history's lines go: the top-level execution's, or a child execution's under its Map Run. */
interface TraceScope {
  /** `Process [child 3]` for a child execution's lines; '' for the execution itself. */
  label: string;
  depth: number;
  /** The child executions this history's execution started (its Distributed Maps', its nested ones). */
  children: readonly ChildExecutionResult[];
  byParent: ReadonlyMap<string, readonly ChildExecutionResult[]>;
}

/**
 * The child executions each execution started, by the starter's ARN ('' for the run itself): a nested
 * execution's own children (its Distributed Maps', its nested executions') are traced under it.
 */
function childrenByParent(all: readonly ChildExecutionResult[]): Map<string, ChildExecutionResult[]> {
  const arns = new Set(all.map((child) => child.executionArn));
  const byParent = new Map<string, ChildExecutionResult[]>();
  for (const child of all) {
    const parent = arns.has(child.parentExecutionArn) ? child.parentExecutionArn : '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), child]);
  }
  return byParent;
}

export function formatTrace(result: ExecutionResult, style: TraceStyle): string {
  const lines: string[] = [];
  const first = result.events[0];
  const start = first ? Date.parse(first.timestamp) : 0;
  const byParent = childrenByParent(result.childExecutions ?? []);
  traceEvents(result.events, start, style, lines, {
    label: '',
    depth: 0,
    children: byParent.get('') ?? [],
    byParent,
  });
  lines.push(
    paint(style, '2', `${result.states.length} states entered, ${result.events.length} history events`),
  );
  return lines.join('\n');
}

function childLines(
  mapState: string,
  children: readonly ChildExecutionResult[],
  start: number,
  style: TraceStyle,
  lines: string[],
  outer: TraceScope,
  indent: string,
): void {
  const own = children.filter((child) => child.startedBy === 'map' && child.mapState === mapState);
  for (const child of own.slice(0, CHILDREN_SHOWN)) {
    const label = `${outer.label === '' ? '' : `${outer.label} › `}${mapState} [child ${child.index}]`;
    traceEvents(child.events, start, style, lines, {
      label,
      depth: outer.depth + 1,
      children: outer.byParent.get(child.executionArn) ?? [],
      byParent: outer.byParent,
    });
  }
  if (own.length > CHILDREN_SHOWN) {
    lines.push(
      `${indent}  ${paint(style, '2', `… ${own.length - CHILDREN_SHOWN} more child executions of ${mapState} (--json lists every one under childExecutions)`)}`,
    );
  }
}

function traceEvents(
  events: readonly HistoryEvent[],
  start: number,
  style: TraceStyle,
  lines: string[],
  outer: TraceScope,
): void {
  const child = outer.label !== '';
  /** Tries of the Task running in each scope, to show retries. */
  const tries = new Map<string, number>();
  /** Nested executions traced so far, by the Task state that started them. */
  const nestedShown = new Map<string, number>();
  for (const event of events) {
    // A child execution's events are scoped under the Map iteration that runs it, which its label names.
    const scope = child ? event.scope.slice(1) : event.scope;
    const inner = scopeLabel(scope);
    const label = [outer.label, inner].filter((part) => part !== '').join(' › ');
    const indent = '  '.repeat(scope.length + outer.depth + 1);
    const prefix = `${indent}${label === '' ? '' : `${paint(style, '36', label)} `}`;
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
          child
            ? `${prefix}${paint(style, '1', 'child execution started')}  input ${short(event.executionStartedEventDetails.input)}  ${when}`
            : `${paint(style, '1', 'Execution started')}  input ${short(event.executionStartedEventDetails.input)}`,
        );
        break;
      case 'TaskStarted': {
        // A nested execution this Task started: its own history, under the Task.
        const state = event.state;
        const n = state === undefined ? 0 : (nestedShown.get(state) ?? 0);
        // The n-th this Task started in this execution (children are listed in the order they started).
        const nested = outer.children.filter(
          (c) => c.startedBy === 'startExecution' && c.parentState === state,
        )[n];
        if (state !== undefined && nested) {
          nestedShown.set(state, n + 1);
          const nestedLabel = `${label === '' ? '' : `${label} › `}${state} [child ${n}]`;
          traceEvents(nested.events, start, style, lines, {
            label: nestedLabel,
            depth: outer.depth + scope.length + 1,
            children: outer.byParent.get(nested.executionArn) ?? [],
            byParent: outer.byParent,
          });
        }
        break;
      }
      case 'MapRunStarted':
        if (event.state !== undefined)
          childLines(event.state, outer.children, start, style, lines, outer, indent);
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
        if (child) {
          lines.push(`${prefix}${paint(style, '32', '✔ child SUCCEEDED')}  ${when}`);
          if (style.verbose)
            lines.push(
              `${prefix}    ${paint(style, '2', 'output')} ${short(event.executionSucceededEventDetails.output, 400)}`,
            );
          break;
        }
        lines.push(`${paint(style, '32;1', '✔ SUCCEEDED')}  ${when}`);
        lines.push(`output ${JSON.stringify(event.executionSucceededEventDetails.output, null, 2)}`);
        break;
      case 'ExecutionFailed': {
        const { error, cause } = event.executionFailedEventDetails;
        if (child) {
          lines.push(
            `${prefix}${paint(style, '31', `✘ child FAILED ${error ?? ''}`)}${cause ? `: ${short(cause, 160)}` : ''}  ${when}`,
          );
          break;
        }
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
}
