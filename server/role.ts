// The execution-role policy the editor checks Tasks against: read from the file named by the
// `rolePolicy` initialization option or the `stepthrough.rolePolicy` setting (relative to the workspace),
// else the `role` of a test file beside the state machine. In an untrusted workspace neither is read.
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/diagnostics';
import { type PolicyStatement, readRolePolicies } from '../core/iam';
import { roleDiagnostics } from '../core/language';
import { type ParsedDocument, parseDocument } from '../core/parse';
import type { TestFileRole } from '../core/testing';
import type { FileAccess } from '../host';
import { TestFileRoles } from './testFileRoles';

export interface RoleLog {
  error(message: string): void;
  warn(message: string): void;
}

export class RolePolicy {
  private statements: PolicyStatement[] | undefined;
  private file: string | undefined;
  readonly testFiles: TestFileRoles;

  constructor(
    private readonly log: RoleLog,
    private readonly workspaceRoot: string | undefined,
    private readonly files: FileAccess,
  ) {
    this.testFiles = new TestFileRoles(log, files);
  }

  /**
   * Loads the policy named by `setting`; true when it changed. Undefined, empty or a role ARN (which names
   * a role for runs, with no policy to read) leaves only the test files' roles.
   */
  configure(setting: unknown): boolean {
    const text = typeof setting === 'string' ? setting.trim() : '';
    const file = text === '' || text.startsWith('arn:') ? undefined : text;
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

  /** Warnings for the document at `uri`: against the configured policy, else its test file's role. */
  diagnosticsFor(doc: ParsedDocument, uri: string): Diagnostic[] {
    if (this.statements) return roleDiagnostics(doc, this.statements);
    let declared: TestFileRole | undefined;
    try {
      declared = uri.startsWith('file:') ? this.testFiles.forMachine(fileURLToPath(uri)) : undefined;
    } catch (error) {
      // The validator's own diagnostics must still be published: only the role check is lost.
      this.log.warn(
        `stepthrough: cannot look for test files beside ${uri} (${error instanceof Error ? error.message : String(error)}); no role check for it`,
      );
      return [];
    }
    if (!declared?.role) return [];
    const source = basename(declared.testFile);
    return roleDiagnostics(doc, declared.role.statements).map((d) => ({
      ...d,
      message: `${d.message} (the role declared in ${source})`,
    }));
  }

  private load(path: string): PolicyStatement[] | undefined {
    let text: string;
    try {
      text = this.files.readText(path, { kind: 'policy' });
    } catch (error) {
      this.log.warn(`stepthrough: ${(error as Error).message} Role checks are off.`);
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
