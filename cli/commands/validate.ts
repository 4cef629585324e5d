// `stepthrough validate FILES...`: checks state machine definitions and prints `file:line:col code message`
// per problem (or JSON); exit 1 when any file has an error, 2 when a file cannot be read.

import { StepthroughError } from '../../core/errors';
import { type Diagnostic, LineMap, makeDiagnostic } from '../../core/diagnostics';
import { ROLE_FINDING_CODE } from '../../core/language/role';
import { validate } from '../../core/validate';
import type { FileAccess } from '../../host';
import type { CommandContext } from '../context';
import { isJsonObject } from '../../core/json';
import { loadStateMachines, splitSelector, type TemplateDiagnostic } from '../../core/templates';
import { templateFileSystem } from '../../host';
import {
  isTemplateReference,
  templateDiagnosticLine,
  templateMachineDiagnostics,
  templateRoleOf,
} from '../../host/machineSource';
import { readRoleFile, roleFindings } from './validate-role';

export const VALIDATE_USAGE = `Usage: stepthrough validate FILES... [--format pretty|json] [--role FILE]

Checks Amazon States Language definitions (JSON or YAML) the way AWS does before it accepts them, and
more: schema per state type and query language, transitions, reachability, JSONPath, intrinsic
functions, JSONata syntax, variables. Prints one line per problem:

  file:line:col CODE message

A FILE may be a template (SAM/CloudFormation, CDK output, serverless.yml, Terraform): each of its
machines, or the one named as template.yaml#Selector (logical ID, CDK construct path, serverless
key, Terraform address), is checked with its problems located in the template (or DefinitionUri
file). Without --role, a template machine's own execution role is checked when the template spells
out all its grants.

Options:
  --format pretty|json      pretty (default) lines, or one JSON object with every file's diagnostics
  --role FILE               also warn about Tasks whose actions this IAM role policy does not allow
  --no-color                plain output

Exit code: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read or a template
could not give its machines.
`;

export type ValidateFormat = 'pretty' | 'json';

export interface FileReport {
  /** The definition file, or `template#MachineId` for a template's machine. */
  file: string;
  /** Each one's `file` is set when it lies in another file than `file` names (a template, a DefinitionUri file). */
  diagnostics: (Diagnostic & { file?: string })[];
  /** Set when the file could not be read. */
  readError?: string;
}

export interface ValidateSummary {
  files: FileReport[];
  errors: number;
  warnings: number;
  unreadable: number;
}

function parseFormat(value: unknown): ValidateFormat {
  if (value === undefined) return 'pretty';
  if (value === 'pretty' || value === 'json') return value;
  throw new StepthroughError('E_USAGE', `--format must be pretty or json, got '${String(value)}'.`, {
    hint: VALIDATE_USAGE,
  });
}

/** Syntax errors (the parser's ASL00x codes): the role check needs a parsable definition. */
function hasSyntaxError(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' && /^ASL00\d$/.test(d.code));
}

/** The role policy's missing grants for one definition, as warnings at the state names. */
function roleDiagnostics(access: FileAccess, file: string, text: string, role: string): Diagnostic[] {
  const lines = new LineMap(text);
  return roleFindings(access, file, role).map((finding) => {
    const start = lines.offsetAt({ line: finding.line - 1, character: finding.column - 1 });
    const end = Math.min(text.length, start + JSON.stringify(finding.state).length);
    return makeDiagnostic(lines, ROLE_FINDING_CODE, 'warning', finding.message, { start, end });
  });
}

/** One definition file's report (what validate prints for it). */
export function validateDefinitionFile(access: FileAccess, file: string, role?: string): FileReport {
  let text: string;
  try {
    text = access.readText(file, { kind: 'definition' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file, diagnostics: [], readError: message };
  }
  const diagnostics = validate(text, { fileName: file, force: true });
  if (role !== undefined && !hasSyntaxError(diagnostics)) {
    diagnostics.push(...roleDiagnostics(access, file, text, role));
    diagnostics.sort((a, b) => a.offsets.start - b.offsets.start);
  }
  return { file, diagnostics };
}

/** A template's own diagnostic (TPLnnn) as a diagnostic of its file. */
function templateDiagnostic(d: TemplateDiagnostic): Diagnostic & { file?: string } {
  const location = d.location;
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: location?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    offsets: { start: location?.start ?? 0, end: location?.end ?? 0 },
    ...(location ? { file: location.file } : {}),
  };
}

/** The reports of a template's machines (the one its selector names, or all of them). */
async function templateReports(
  access: FileAccess,
  reference: string,
  role: string | undefined,
): Promise<FileReport[]> {
  const { path } = splitSelector(reference);
  const result = await loadStateMachines(reference, { fileSystem: templateFileSystem(access) });
  const loadErrors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.machines.length === 0)
    return [
      {
        file: reference,
        diagnostics: [],
        readError: loadErrors.map(templateDiagnosticLine).join('\n') || `no state machine in ${path}`,
      },
    ];
  const statements = role === undefined ? undefined : readRoleFile(access, role);
  return result.machines.map((machine) => {
    const file = `${path}#${machine.id}`;
    const errors = machine.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 || !isJsonObject(machine.definition))
      return {
        file,
        diagnostics: [],
        readError:
          errors.map(templateDiagnosticLine).join('\n') ||
          `the definition of ${machine.id} could not be resolved`,
      };
    const own = templateRoleOf(machine);
    const checked = statements ?? (own?.skipped === undefined ? own?.statements : undefined);
    const diagnostics = [
      ...machine.diagnostics.map(templateDiagnostic),
      ...templateMachineDiagnostics(access, machine, checked),
    ];
    return { file, diagnostics };
  });
}

/**
 * Validates each file or template reference (read errors and templates that cannot give their
 * machines are reported per file, not thrown); with `role`, adds a warning for each permission a Task
 * needs that the role's policies do not grant. A malformed role file throws.
 */
export async function validateFiles(
  access: FileAccess,
  files: readonly string[],
  role?: string,
): Promise<ValidateSummary> {
  const reports: FileReport[] = [];
  for (const file of files) {
    let template: boolean;
    try {
      template = isTemplateReference(access, file);
    } catch (error) {
      reports.push({
        file,
        diagnostics: [],
        readError: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    if (template) reports.push(...(await templateReports(access, file, role)));
    else reports.push(validateDefinitionFile(access, file, role));
  }
  const all = reports.flatMap((r) => r.diagnostics);
  return {
    files: reports,
    errors: all.filter((d) => d.severity === 'error').length,
    warnings: all.filter((d) => d.severity === 'warning').length,
    unreadable: reports.filter((r) => r.readError !== undefined).length,
  };
}

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** `file:line:col CODE message`, one-based; warnings say so before the message. */
export function formatDiagnosticLine(file: string, diagnostic: Diagnostic, color = false): string {
  const { line, character } = diagnostic.range.start;
  const where = `${file}:${line + 1}:${character + 1}`;
  const warning = diagnostic.severity === 'warning';
  const code = color ? `${warning ? YELLOW : RED}${diagnostic.code}${RESET}` : diagnostic.code;
  const prefix = warning ? 'warning: ' : diagnostic.severity === 'error' ? '' : `${diagnostic.severity}: `;
  return `${color ? DIM + where + RESET : where} ${code} ${prefix}${diagnostic.message}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(summary: ValidateSummary): string {
  const count = summary.files.length;
  if (summary.errors === 0 && summary.warnings === 0 && summary.unreadable === 0) {
    return `${plural(count, 'file')} valid`;
  }
  const parts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.unreadable > 0) parts.push(`${plural(summary.unreadable, 'unreadable file')}`);
  return `${parts.join(', ')} in ${plural(count, 'file')}`;
}

function toJson(summary: ValidateSummary): unknown {
  return {
    files: summary.files.map((report) => ({
      file: report.file,
      ...(report.readError !== undefined ? { readError: report.readError } : {}),
      diagnostics: report.diagnostics.map((d) => ({
        ...(d.file !== undefined ? { file: d.file } : {}),
        code: d.code,
        severity: d.severity,
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      })),
    })),
    errors: summary.errors,
    warnings: summary.warnings,
    unreadable: summary.unreadable,
  };
}

export async function validateCommand(ctx: CommandContext): Promise<number> {
  const files = ctx.positionals;
  if (files.length === 0) {
    throw new StepthroughError('E_USAGE', 'missing the state machine file(s) to check.', {
      hint: VALIDATE_USAGE,
    });
  }
  const format = parseFormat(ctx.values['format']);
  const role = ctx.values['role'];
  if (role !== undefined && typeof role !== 'string') {
    throw new StepthroughError('E_USAGE', '--role needs a policy file.', { hint: VALIDATE_USAGE });
  }
  const summary = await validateFiles(ctx.files, files, role);
  if (format === 'json') {
    ctx.stdout(JSON.stringify(toJson(summary), null, 2));
  } else {
    for (const report of summary.files) {
      if (report.readError !== undefined) ctx.stderr(`${report.file}: ${report.readError}`);
      for (const diagnostic of report.diagnostics)
        ctx.stdout(formatDiagnosticLine(diagnostic.file ?? report.file, diagnostic, ctx.color));
    }
    ctx.stderr(summaryLine(summary));
  }
  return summary.unreadable > 0 ? 2 : summary.errors > 0 ? 1 : 0;
}
