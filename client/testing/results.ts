// What the Test Explorer shows for a run, computed without the VS Code API: failure messages with their
// expected/actual texts for the diff view, per-state coverage with source ranges, and the graph overlay
// of the last test run.

import type { Position } from '../../core/diagnostics';
import { formatDefinitionDiagnostic } from '../../core/errors';
import type { GraphOverlay } from '../../core/graph/overlay';
import type { JsonValue } from '../../core/json';
import { definitionModel, stateAtPath } from '../../core/model';
import type { ParsedDocument } from '../../core/parse';
import { describeTransition, type MachineCoverage } from '../../core/testing/coverage';
import type { CaseResult, SourceLocation } from '../../core/testing/model';

export interface FailureMessage {
  message: string;
  /** Pretty JSON of the expected and actual values, when the check compared values (for the diff view). */
  expected?: string;
  actual?: string;
  /** Zero-based position of the case in its test file. */
  position: Position;
}

/** Zero-based editor position of a 1-based source location. */
export function editorPosition(location: Pick<SourceLocation, 'line' | 'column'>): Position {
  return { line: Math.max(0, location.line - 1), character: Math.max(0, location.column - 1) };
}

function pretty(value: JsonValue | undefined): string {
  return value === undefined ? '(nothing)' : JSON.stringify(value, null, 2);
}

/** One message per failed check of a case (none for a passed or skipped case); a refused case's diagnostics. */
export function failureMessages(result: CaseResult): FailureMessage[] {
  if (result.outcome !== 'failed' && result.outcome !== 'error') return [];
  const position = editorPosition(result.location);
  if (result.outcome === 'error') {
    const lines = (result.diagnostics ?? []).map(formatDefinitionDiagnostic);
    return [{ message: [...result.failures.map((f) => f.message), ...lines].join('\n'), position }];
  }
  return result.failures.map((failure) => {
    // The runner's messages name what they checked ("output differs at $.id: ...").
    const message: FailureMessage = { message: failure.message, position };
    if (failure.expected !== undefined || failure.actual !== undefined) {
      message.expected = pretty(failure.expected);
      message.actual = pretty(failure.actual);
    }
    return message;
  });
}

export interface StateCoverageLine {
  state: string;
  hits: number;
  /** The state's name in the definition (zero-based), or undefined when the state was not found in the text. */
  start: Position | undefined;
  end: Position | undefined;
  /** Transitions out of the state (Next, Choice rules, Default, Catch) and how often they were taken. */
  branches: { label: string; hits: number }[];
}

/** Per-state coverage of one machine, placed on the state names of its parsed definition. */
export function coverageLines(
  coverage: MachineCoverage,
  document: ParsedDocument | undefined,
): StateCoverageLine[] {
  const model = document ? definitionModel(document) : undefined;
  return coverage.states.map((state) => {
    const location = model ? stateAtPath(model, state.path) : undefined;
    const branches = coverage.transitions
      .filter((t) => t.from === state.name)
      .map((t) => ({ label: describeTransition(t), hits: t.hits }));
    return {
      state: state.name,
      hits: state.hits,
      start: location && document ? document.lines.positionAt(location.nameRange.start) : undefined,
      end: location && document ? document.lines.positionAt(location.nameRange.end) : undefined,
      branches,
    };
  });
}

/** The graph overlay after a test run: states the suite reached, the ones it never reached, and failures. */
export function testRunOverlay(
  coverage: MachineCoverage,
  failedStates: readonly string[] = [],
): GraphOverlay {
  return {
    visited: [...coverage.coveredStates],
    uncovered: [...coverage.uncoveredStates],
    failed: [...failedStates],
  };
}
