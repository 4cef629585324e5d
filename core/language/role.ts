// Role-policy warnings for the editor: each permission a Task (or a Distributed Map's reader/writer) needs
// that the configured execution role does not grant, as a warning on the state's name.
import { type Diagnostic, makeDiagnostic } from '../diagnostics';
import { type PolicyStatement, describeRoleGap, findRoleGaps } from '../iam';
import { isJsonObject } from '../json';
import { definitionModel, stateAtPath } from '../model';
import type { ParsedDocument } from '../parse';

/** The code of a role-policy warning (the CLI's `validate --role` uses it too). */
export const ROLE_FINDING_CODE = 'IAM001';

/** Warnings for the grants the role lacks; none for documents with syntax errors. */
export function roleDiagnostics(doc: ParsedDocument, statements: readonly PolicyStatement[]): Diagnostic[] {
  const definition = doc.value ?? null;
  if (doc.diagnostics.some((d) => d.severity === 'error') || !isJsonObject(definition)) return [];
  const model = definitionModel(doc);
  const gaps = findRoleGaps(definition, statements);
  return gaps.map((gap) => {
    const state = stateAtPath(model, gap.statePath) ?? model.states.find((s) => s.name === gap.state);
    const at = state?.nameRange ?? { start: 0, end: 0 };
    const message = `${describeRoleGap(gap)}: the execution role cannot run this state; grant ${gap.action} in its policy`;
    return makeDiagnostic(doc.lines, ROLE_FINDING_CODE, 'warning', message, at);
  });
}
