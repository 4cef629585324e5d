// A definition as CreateStateMachine, UpdateStateMachine and ValidateStateMachineDefinition judge it:
// core's validator (the checks AWS makes) on the text read as JSON, as AWS reads it (YAML is not a
// definition to AWS), plus what an EXPRESS machine may not use (AWS's Express workflows run no
// Activities, `.sync` or `.waitForTaskToken` Tasks). Each problem gets AWS's diagnostic form: severity,
// code (INVALID_JSON_DESCRIPTION for text that is not JSON, SCHEMA_VALIDATION_FAILED otherwise, our own
// code in the message), message and location as a JSON pointer (`/States/Charge/Resource`).

import { validateDocument, type Diagnostic } from '../core';
import { nodeAtOffset, parseDocument, type ParsedDocument } from '../core/parse';
import { invalidDefinition } from './errors';
import type { StateMachineType } from './records';

export interface DefinitionProblem {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

const SYNTAX_CODES = new Set(['ASL001', 'ASL002', 'ASL004', 'ASL005', 'ASL006', 'ASL007']);
/**
 * Warnings in an editor that are errors here: a definition sent to the API is final (no deployment tool
 * will fill in a placeholder), and AWS refuses a Task whose Resource is not an ARN.
 */
const ERRORS_WHEN_DEPLOYED = new Set(['ASL115']);

function pointer(doc: ParsedDocument, offset: number): string | undefined {
  if (!doc.ast) return undefined;
  const found = nodeAtOffset(doc.ast, offset);
  if (!found) return undefined;
  const path = found.inKey && found.property ? [...found.path, found.property.key] : found.path;
  return `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function problemOf(doc: ParsedDocument, d: Diagnostic): DefinitionProblem | undefined {
  if (d.severity !== 'error' && d.severity !== 'warning') return undefined;
  const location = SYNTAX_CODES.has(d.code) ? undefined : pointer(doc, d.offsets.start);
  return {
    severity: d.severity === 'error' || ERRORS_WHEN_DEPLOYED.has(d.code) ? 'ERROR' : 'WARNING',
    code: SYNTAX_CODES.has(d.code) ? 'INVALID_JSON_DESCRIPTION' : 'SCHEMA_VALIDATION_FAILED',
    message: `${d.message} (${d.code})`,
    ...(location ? { location } : {}),
  };
}

const EXPRESS_UNSUPPORTED: [RegExp, string][] = [
  [/\.sync(:2)?$/, "Express state machine does not support '.sync' service integration"],
  [/\.waitForTaskToken$/, "Express state machine does not support '.waitForTaskToken' service integration"],
  [/^arn:[^:]+:states:[^:]*:[^:]*:activity:/, 'Express state machine does not support Activity ARN'],
];

function expressProblems(doc: ParsedDocument): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const state of doc.states) {
    const resource = state.node?.properties.find((p) => p.key === 'Resource');
    const value = resource?.value;
    if (value?.kind !== 'string' || typeof value.value !== 'string') continue;
    for (const [pattern, message] of EXPRESS_UNSUPPORTED) {
      if (pattern.test(value.value)) {
        problems.push({
          severity: 'ERROR',
          code: 'SCHEMA_VALIDATION_FAILED',
          message,
          location: `/${[...state.path, 'Resource'].join('/')}`,
        });
      }
    }
  }
  return problems;
}

/** Every problem AWS would report for this definition text, errors and warnings, in document order. */
export function definitionProblems(text: string, type: StateMachineType): DefinitionProblem[] {
  const doc = parseDocument(text, { format: 'json' });
  const problems = validateDocument(doc).flatMap((d) => problemOf(doc, d) ?? []);
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
