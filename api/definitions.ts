// A definition as CreateStateMachine, UpdateStateMachine and ValidateStateMachineDefinition judge it,
// by core's one rule: text that is not JSON is refused (AWS reads a definition as JSON, never YAML),
// then core's `definitionErrors` (what every surface refuses before a run) are the errors and
// `definitionWarnings` the warnings. Two additions hold only for a definition deployed through the API:
// a Task Resource that is not an ARN (ASL115, a warning in an editor where a deployment tool may fill a
// placeholder in) is an error, as AWS refuses it; and an EXPRESS machine may not use Activities, `.sync`
// or `.waitForTaskToken` Tasks. Each problem gets AWS's diagnostic form: severity, code
// (INVALID_JSON_DESCRIPTION for text that is not JSON, SCHEMA_VALIDATION_FAILED otherwise, our own code
// in the message), message and location as a JSON pointer (`/States/Charge/Resource`).

import {
  definitionErrors,
  definitionModel,
  definitionWarnings,
  parseDocument,
  type DefinitionDiagnostic,
  type ParsedDocument,
} from '../core';
import { invalidDefinition } from './errors';
import type { StateMachineType } from './records';

export interface DefinitionProblem {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/** Warnings in an editor that are errors for a definition deployed through the API (see above). */
const ERRORS_WHEN_DEPLOYED = new Set(['ASL115']);

function pointer(path: readonly (string | number)[]): string {
  return `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function problemOf(d: DefinitionDiagnostic): DefinitionProblem {
  return {
    severity: d.severity === 'error' || ERRORS_WHEN_DEPLOYED.has(d.code) ? 'ERROR' : 'WARNING',
    code: 'SCHEMA_VALIDATION_FAILED',
    message: `${d.message} (${d.code})`,
    location: pointer(d.path),
  };
}

const EXPRESS_UNSUPPORTED: [RegExp, string][] = [
  [/\.sync(:2)?$/, "Express state machine does not support '.sync' service integration"],
  [/\.waitForTaskToken$/, "Express state machine does not support '.waitForTaskToken' service integration"],
  [/^arn:[^:]+:states:[^:]*:[^:]*:activity:/, 'Express state machine does not support Activity ARN'],
];

function expressProblems(doc: ParsedDocument): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const state of definitionModel(doc).states) {
    const resource = state.node?.properties.find((p) => p.key === 'Resource');
    const value = resource?.value;
    if (value?.kind !== 'string' || typeof value.value !== 'string') continue;
    for (const [pattern, message] of EXPRESS_UNSUPPORTED) {
      if (pattern.test(value.value)) {
        problems.push({
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message,
          location: pointer([...state.path, 'Resource']),
        });
      }
    }
  }
  return problems;
}

/** Every problem AWS would report for this definition text, errors then warnings. */
export function definitionProblems(text: string, type: StateMachineType): DefinitionProblem[] {
  const doc = parseDocument(text, { format: 'json' });
  // A duplicate key (ASL003) is JSON AWS reads; its schema check refuses it, as core's rule does.
  const syntax = doc.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'ASL003');
  if (syntax.length > 0) {
    return syntax.map((d) => ({
      severity: 'ERROR',
      code: 'INVALID_JSON_DESCRIPTION',
      message: `${d.message} (${d.code})`,
    }));
  }
  const problems = [...definitionErrors(text), ...definitionWarnings(text)].map(problemOf);
  return type === 'EXPRESS' ? [...problems, ...expressProblems(doc)] : problems;
}

/** CreateStateMachine / UpdateStateMachine: InvalidDefinition listing every error, as AWS words it. */
export function checkDefinition(text: string, type: StateMachineType): void {
  const errors = definitionProblems(text, type).filter((p) => p.severity === 'ERROR');
  if (errors.length === 0) return;
  throw invalidDefinition(
    errors.map((e) => `${e.code}: ${e.message}${e.location ? ` at ${e.location}` : ''}`).join(', '),
  );
}
