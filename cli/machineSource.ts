// The state machine `run` executes: a definition file, or a machine in a SAM/CloudFormation template
// (`template.yaml#OrderFlow`, or a template holding one machine), resolved by core/templates, whose
// functions `--handlers auto` runs.

import { assertRunnable, loadRunnableDefinition, StepthroughError, type JsonObject } from '../core';
import { stateMachineNameOf } from '../core/model';
import { isJsonObject } from '../core/json';
import { parseDocument } from '../core/parse';
import { loadStateMachines, splitSelector, type TemplateMachine } from '../core/templates';
import { templateFileSystem, type FileAccess } from '../host';

export interface RunMachine {
  definition: JsonObject;
  name: string;
  /** Set when the machine comes from a template. */
  template?: TemplateMachine;
}

function looksLikeTemplate(text: string, file: string): boolean {
  const value = parseDocument(text, { fileName: file }).value;
  return isJsonObject(value) && !isJsonObject(value.States) && isJsonObject(value.Resources);
}

/** The machine to run; refused (DefinitionError) when AWS would reject it, unless `validate` is false. */
export async function loadRunMachine(
  files: FileAccess,
  reference: string,
  options: { validate?: boolean } = {},
): Promise<RunMachine> {
  const validate = options.validate !== false;
  const { path, selector } = splitSelector(reference);
  const text = files.readText(path, selector === undefined ? { kind: 'definition' } : { kind: 'template' });
  if (selector === undefined && !looksLikeTemplate(text, path))
    return { definition: loadRunnableDefinition(text, path, { validate }), name: stateMachineNameOf(path) };
  const result = await loadStateMachines(reference, { fileSystem: templateFileSystem(files) });
  const errors = [...result.diagnostics, ...result.machines.flatMap((m) => m.diagnostics)].filter(
    (d) => d.severity === 'error',
  );
  if (result.machines.length !== 1) {
    const ids = result.machines.map((m) => m.id);
    throw new StepthroughError(
      'E_USAGE',
      ids.length === 0
        ? `${reference} holds no state machine${errors[0] ? `: ${errors[0].message}` : ''}`
        : `the template ${path} has ${ids.length} state machines (${ids.join(', ')})`,
      {
        hint:
          ids.length > 0
            ? `Name one: ${path}#${ids[0]}.`
            : 'Name a template and one of its machines: template.yaml#MachineId.',
        location: { file: path },
      },
    );
  }
  const machine = result.machines[0] as TemplateMachine;
  if (!isJsonObject(machine.definition)) {
    throw new StepthroughError(
      'E_INVALID_DEFINITION',
      `the definition of ${machine.id} in ${path} could not be resolved${errors[0] ? `: ${errors[0].message}` : ''}`,
      { location: { file: path } },
    );
  }
  if (validate) assertRunnable(machine.definition, { fileName: path });
  return { definition: machine.definition, name: machine.name ?? machine.id, template: machine };
}
