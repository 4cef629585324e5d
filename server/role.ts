// The execution-role policy the editor checks Tasks against: read from the file named by the
// `rolePolicy` initialization option or the `stepthrough.rolePolicy` setting (relative to the workspace).
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostics';
import { type PolicyStatement, readRolePolicies } from '../core/iam';
import { roleDiagnostics } from '../core/language';
import { type ParsedDocument, parseDocument } from '../core/parse';

export interface RoleLog {
  error(message: string): void;
  warn(message: string): void;
}

export class RolePolicy {
  private statements: PolicyStatement[] | undefined;
  private file: string | undefined;

  constructor(
    private readonly log: RoleLog,
    private readonly workspaceRoot: string | undefined,
  ) {}

  /** Loads the policy named by `setting` (undefined or empty turns the check off); true when it changed. */
  configure(setting: unknown): boolean {
    const file = typeof setting === 'string' && setting.trim() !== '' ? setting.trim() : undefined;
    const path =
      file === undefined
        ? undefined
        : isAbsolute(file) || !this.workspaceRoot
          ? file
          : resolve(this.workspaceRoot, file);
    const previous = this.file;
    this.file = path;
    this.statements = path === undefined ? undefined : this.load(path);
    return previous !== path || path !== undefined;
  }

  get active(): boolean {
    return this.statements !== undefined;
  }

  diagnosticsFor(doc: ParsedDocument): Diagnostic[] {
    return this.statements ? roleDiagnostics(doc, this.statements) : [];
  }

  private load(path: string): PolicyStatement[] | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      this.log.warn(
        `stepthrough: cannot read the role policy ${path}: ${(error as Error).message}; role checks are off`,
      );
      return undefined;
    }
    const doc = parseDocument(text, { fileName: path });
    const syntax = doc.diagnostics.find((d) => d.severity === 'error');
    if (syntax) {
      this.log.warn(
        `stepthrough: the role policy ${path} is not valid ${doc.format.toUpperCase()} (${syntax.message}); role checks are off`,
      );
      return undefined;
    }
    const { policies, problems } = readRolePolicies(doc.value ?? null);
    if (problems.length > 0) {
      this.log.warn(
        `stepthrough: the role policy ${path} is not a valid IAM policy: ${problems.map((p) => p.message).join('; ')}; role checks are off`,
      );
      return undefined;
    }
    return policies.statements;
  }
}
