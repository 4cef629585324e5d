// Static IAM check behind `stepthrough validate --role FILE`: every permission the state machine's
// Tasks need that the role's policies do not grant, with the state (file, line, column) needing it.

import { nodeAtPath, parseDocument } from '../../core/parse';
import { StepthroughError } from '../../core/errors';
import { definitionModel } from '../../core/model';
import {
  describeRoleGap,
  findRoleGaps,
  readRolePolicies,
  type AccessDecision,
  type ArnContext,
  type PolicyStatement,
} from '../../core/iam';
import { isJsonObject, type JsonObject } from '../../core/json';
import type { FileAccess, FileKind } from '../../host/files';

export interface RoleFinding {
  file: string;
  /** 1-based position of the state's name in the definition. */
  line: number;
  column: number;
  state: string;
  action: string;
  /** The ARN, or undefined when it is decided at run time. */
  resource?: string;
  decision: Exclude<AccessDecision, 'allow'>;
  message: string;
}

function parseOrThrow(
  files: FileAccess,
  file: string,
  kind: FileKind,
  what: string,
): ReturnType<typeof parseDocument> {
  const doc = parseDocument(files.readText(file, { kind, what }), { fileName: file });
  const error = doc.diagnostics.find((d) => d.severity === 'error');
  if (error) {
    throw new StepthroughError(
      'E_PARSE',
      `The ${what} file is not valid ${doc.format.toUpperCase()}: ${error.message}`,
      {
        location: { file, line: error.range.start.line + 1, column: error.range.start.character + 1 },
      },
    );
  }
  return doc;
}

/** The statements of a role policy file; a malformed one throws StepthroughError located in it. */
export function readRoleFile(files: FileAccess, rolePath: string): PolicyStatement[] {
  const roleDoc = parseOrThrow(files, rolePath, 'policy', 'role');
  const { policies, problems } = readRolePolicies(roleDoc.value ?? null);
  const first = problems[0];
  if (first) {
    const node = nodeAtPath(roleDoc.ast, first.path) ?? roleDoc.ast;
    const at = roleDoc.lines.positionAt(node?.range.start ?? 0);
    throw new StepthroughError(
      'E_INVALID_INPUT',
      `The role file is not a valid IAM policy: ${problems.map((p) => p.message).join('; ')}`,
      {
        location: { file: rolePath, line: at.line + 1, column: at.character + 1 },
        hint: 'Give a policy document {"Version": "2012-10-17", "Statement": [...]}, a list of them, or a role with "Policies".',
      },
    );
  }
  return policies.statements;
}

/**
 * The permissions `definitionPath` needs that the policies in `rolePath` do not grant, in document
 * order. Throws StepthroughError for unreadable or malformed files (with file:line:col).
 */
export function roleFindings(
  files: FileAccess,
  definitionPath: string,
  rolePath: string,
  context: Partial<ArnContext> = {},
): RoleFinding[] {
  const definitionDoc = parseOrThrow(files, definitionPath, 'definition', 'state machine');
  const definition = definitionDoc.value;
  if (!isJsonObject(definition)) {
    throw new StepthroughError(
      'E_INVALID_DEFINITION',
      'The state machine definition must be an object with StartAt and States.',
      {
        location: { file: definitionPath },
      },
    );
  }
  const statements = readRoleFile(files, rolePath);
  return findRoleGaps(definition as JsonObject, statements, context).map((gap) => {
    const location = definitionModel(definitionDoc).states.find((s) => s.name === gap.state);
    const at = definitionDoc.lines.positionAt(location?.nameRange.start ?? 0);
    const finding: RoleFinding = {
      file: definitionPath,
      line: at.line + 1,
      column: at.character + 1,
      state: gap.state,
      action: gap.action,
      decision: gap.decision,
      message: describeRoleGap(gap),
    };
    if (gap.resource !== undefined) finding.resource = gap.resource;
    return finding;
  });
}

/** `file:line:col: State: needs action on resource (why)`, one line per finding. */
export function formatRoleFindings(findings: RoleFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`).join('\n');
}
