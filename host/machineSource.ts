// The state machine a CLI command names: a definition file, or a machine in a template (SAM,
// CloudFormation, CDK output, serverless.yml, Terraform) as `path/template.yaml#Selector` (logical
// ID, CDK construct path, serverless key or Terraform address), or the template alone when it holds
// one machine. Templates are read by core/templates through the host's FileAccess; a template that
// cannot give the machine (no machine, an unknown selector, an error where the machine is written)
// is a StepthroughError located in the template (exit 2), never a crash. The validator's diagnostics
// of a template machine are mapped back into the file that writes the definition (the template, or
// its DefinitionUri file) through the machine's source map; the machine's execution role comes from
// the template when no role file is given.

import { basename } from 'node:path';
import type { DefinitionDiagnostic, JsonObject } from '../core';
import { DefinitionError, StepthroughError } from '../core/errors';
import { definitionModel } from '../core/model';
import { assertRunnable, loadRunnableDefinition } from '../core/validate/beforeRun';
import { LineMap, makeDiagnostic, type Diagnostic } from '../core/diagnostics';
import { describeRoleGap, findRoleGaps, type PolicyStatement } from '../core/iam';
import { ROLE_FINDING_CODE } from '../core/language/role';
import { isJsonObject } from '../core/json';
import { sourceRange, stateMachineNameOf } from '../core/model';
import { parseDocument } from '../core/parse';
import type { TemplateDiagnostic, TemplateMachine } from '../core/templates';
import { checkableRole } from '../core/templates/executionRole';
import { definitionSourceOf } from '../core/templates/modelSource';
import { splitSelector } from '../core/templates/selector';
import { validateDocument } from '../core/validate';
import type { FileAccess } from './files';
import { templateFileSystem } from './templateFiles';

/** What a command's machine argument names. */
export type MachineSource =
  | { kind: 'definition'; path: string; text: string; name: string }
  | {
      kind: 'template';
      path: string;
      machine: TemplateMachine;
      name: string;
      /** The template's warnings about this machine (a `${Var}` with no value...). */
      warnings: TemplateDiagnostic[];
    };

const TEMPLATE_NAME = /(^serverless\.(ya?ml|json|ts|js)$)|\.tf(\.json)?$/i;

/** Whether `reference` names a template: a selector, or a file that is a template rather than a definition. */
export function isTemplateReference(files: FileAccess, reference: string): boolean {
  const { path, selector } = splitSelector(reference);
  return selector !== undefined || looksLikeTemplate(files, path);
}

function looksLikeTemplate(files: FileAccess, path: string): boolean {
  if (files.stat(path)?.type === 'directory' || TEMPLATE_NAME.test(basename(path))) return true;
  const value = parseDocument(files.readText(path, { kind: 'definition' }), { fileName: path }).value;
  return isJsonObject(value) && !isJsonObject(value.States) && isJsonObject(value.Resources);
}

/** `file:line:col` of a template location, one-based. */
function where(diagnostic: TemplateDiagnostic): { file?: string; line?: number; column?: number } {
  const location = diagnostic.location;
  if (!location) return {};
  return {
    file: location.file,
    line: location.range.start.line + 1,
    column: location.range.start.character + 1,
  };
}

function invalidTemplate(
  reference: string,
  diagnostic: TemplateDiagnostic | undefined,
  fallback: string,
  options: { noMachine?: boolean } = {},
): StepthroughError {
  return new StepthroughError(
    'E_INVALID_TEMPLATE',
    diagnostic ? `${diagnostic.code} ${diagnostic.message}` : `${reference}: ${fallback}`,
    {
      location: diagnostic ? where(diagnostic) : { file: splitSelector(reference).path },
      ...(options.noMachine
        ? {
            hint: 'Name a template and one of its machines: template.yaml#MachineId (`stepthrough list` shows them).',
          }
        : {}),
    },
  );
}

/** Reads what `reference` names; a template that cannot give its machine throws E_INVALID_TEMPLATE. */
export async function readMachineSource(files: FileAccess, reference: string): Promise<MachineSource> {
  const { path } = splitSelector(reference);
  if (!isTemplateReference(files, reference)) {
    const text = files.readText(path, { kind: 'definition' });
    return { kind: 'definition', path, text, name: stateMachineNameOf(path) };
  }
  // The template readers load only when a template is named: a definition file's run never pays for them.
  const { loadStateMachines } = await import('../core/templates/load.js');
  const result = await loadStateMachines(reference, { fileSystem: templateFileSystem(files) });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.machines.length !== 1) {
    const ids = result.machines.map((m) => m.id);
    throw ids.length > 1
      ? new StepthroughError(
          'E_USAGE',
          `${path} has ${ids.length} state machines (${ids.join(', ')}): name one, as ${path}#${ids[0]}`,
          { location: { file: path } },
        )
      : invalidTemplate(reference, errors[0], 'no state machine found', { noMachine: true });
  }
  const machine = result.machines[0] as TemplateMachine;
  const machineErrors = machine.diagnostics.filter((d) => d.severity === 'error');
  if (machineErrors.length > 0 || !isJsonObject(machine.definition))
    throw invalidTemplate(
      reference,
      machineErrors[0] ?? errors[0],
      `the definition of ${machine.id} could not be resolved`,
    );
  return {
    kind: 'template',
    path,
    machine,
    name: machine.name ?? machine.id,
    warnings: machine.diagnostics.filter((d) => d.severity === 'warning'),
  };
}

/**
 * The validator's diagnostics of a template machine (and with `role`, a warning per permission a Task
 * needs that the role does not grant), each located where the template (or its DefinitionUri file)
 * writes that part of the definition; `file` names that file.
 */
export function templateMachineDiagnostics(
  files: FileAccess,
  machine: TemplateMachine,
  role?: readonly PolicyStatement[],
): DefinitionDiagnostic[] {
  const source = definitionSourceOf(machine);
  if (!source) return [];
  const model = definitionModel(source);
  const found = validateDocument(source.document);
  if (role !== undefined && !found.some((d) => d.severity === 'error' && /^ASL00\d$/.test(d.code)))
    for (const gap of findRoleGaps(machine.definition as JsonObject, [...role])) {
      const state = model.states.find((s) => s.name === gap.state);
      const offsets = state?.nameRange ?? { start: 0, end: 0 };
      found.push(
        makeDiagnostic(source.document.lines, ROLE_FINDING_CODE, 'warning', describeRoleGap(gap), offsets),
      );
    }
  const lines = new Map<string, LineMap | undefined>();
  const lineMapOf = (file: string): LineMap | undefined => {
    if (!lines.has(file)) {
      let map: LineMap | undefined;
      try {
        map = new LineMap(files.readText(file, { kind: 'template' }));
      } catch {
        map = undefined; // The file was read to load the template; if it cannot be now, keep its offsets unmapped.
      }
      lines.set(file, map);
    }
    return lines.get(file);
  };
  found.sort((a, b) => a.offsets.start - b.offsets.start);
  return found.map((d: Diagnostic) => {
    const at = sourceRange(model, d.offsets);
    const map = at?.file === undefined ? undefined : lineMapOf(at.file);
    if (!at || at.file === undefined || !map) return { ...d, path: [], file: machine.file };
    return {
      ...d,
      path: [],
      file: at.file,
      offsets: { start: at.start, end: at.end },
      range: { start: map.positionAt(at.start), end: map.positionAt(at.end) },
    };
  });
}

/** A machine to run. */
export interface RunMachine {
  definition: JsonObject;
  name: string;
  /** Set when the machine comes from a template. */
  template?: TemplateMachine;
}

/** The machine to run; refused (DefinitionError, located in the template) when AWS would reject it, unless `validate` is false. */
export async function loadRunMachine(
  files: FileAccess,
  reference: string,
  options: { validate?: boolean; warn?: (text: string) => void } = {},
): Promise<RunMachine> {
  const validate = options.validate !== false;
  const source = await readMachineSource(files, reference);
  if (source.kind === 'definition')
    return {
      definition: loadRunnableDefinition(source.text, source.path, { validate }),
      name: source.name,
    };
  for (const w of source.warnings) options.warn?.(templateDiagnosticLine(w));
  if (validate) assertTemplateMachineRunnable(files, source.machine);
  return { definition: source.machine.definition as JsonObject, name: source.name, template: source.machine };
}

/** Throws DefinitionError, located in the template, when AWS would reject the template's machine. */
export function assertTemplateMachineRunnable(files: FileAccess, machine: TemplateMachine): void {
  const errors = templateMachineDiagnostics(files, machine).filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new DefinitionError(errors, { file: machine.file });
  // Remembered as checked, so the run does not validate it again.
  assertRunnable(machine.definition as JsonObject);
}

/** `file:line:col CODE message`, as validate prints a template's own diagnostics. */
export function templateDiagnosticLine(d: TemplateDiagnostic): string {
  const at = where(d);
  const place = at.file === undefined ? '' : `${at.file}:${at.line ?? 1}:${at.column ?? 1} `;
  return `${place}${d.code} ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** The execution role a template gives its machine (core/templates' checkableRole), as run/validate/dap use it. */
export interface TemplateRoleUse {
  statements: PolicyStatement[];
  roleArn?: string;
  /** Why the role is not checked, when it is not (grants the template does not spell out). */
  skipped?: string;
}

export function templateRoleOf(machine: TemplateMachine | undefined): TemplateRoleUse | undefined {
  const role = machine ? checkableRole(machine) : undefined;
  if (!role) return undefined;
  if (!role.checkable) return { statements: [], skipped: role.reason };
  return { statements: role.statements, ...(role.roleArn === undefined ? {} : { roleArn: role.roleArn }) };
}
