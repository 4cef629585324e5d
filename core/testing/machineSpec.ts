// The state machines a test file runs: the machine under test (a definition file, or a machine of
// a template the runner preloaded) and the child machines its `states:startExecution` Tasks may start
// (`machines:`, and the machines of the same template it names by ARN), each checked as AWS would check it.

import type { DefinitionDiagnostic } from '../errors';
import { looksLikeStateMachine, walkStates } from '../model';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { checkableRole, type TemplateMachine } from '../templates';
import { definitionErrors, rememberVerdict } from '../validate/beforeRun';
import type { FileChecker } from './checker';
import type { ReferenceReader } from './loader';
import type { MachineSource, RoleSpec } from './model';
import type { MachineStates } from './mockSpec';
import type { PreloadedTemplate } from './templateMachine';

export interface LoadedMachine {
  file: string;
  definition: JsonObject;
  states: MachineStates;
  /** What AWS would reject the machine for. */
  errors: DefinitionDiagnostic[];
  /** The template machine, when `stateMachine` names one in a template. */
  template?: TemplateMachine;
}

/**
 * What a definition file named as `stateMachine` or under `machines:` must hold to be read as one: what
 * core/model's classifier (`looksLikeStateMachine`, rule 3 of classify.ts) takes for a state machine. The
 * validator then says what AWS would reject in it.
 */
const NOT_A_DEFINITION =
  'the state machine definition must be an object with "StartAt" and "States" (or a "States" object holding a state)';

function statesOf(definition: JsonObject, template?: TemplateMachine): MachineStates {
  const types = new Map<string, string>();
  for (const visit of walkStates(definition))
    types.set(visit.name, typeof visit.definition.Type === 'string' ? visit.definition.Type : '');
  return { types, definition, ...(template ? { logicalIds: template.stateResources } : {}) };
}

/** The machine of a template the test file names (`./template.yaml#OrderFlow`), preloaded by the runner. */
function templateMachine(preloaded: PreloadedTemplate, check: FileChecker): LoadedMachine | undefined {
  const { result, reference } = preloaded;
  const errors = [...result.diagnostics, ...result.machines.flatMap((m) => m.diagnostics)].filter(
    (d) => d.severity === 'error',
  );
  if (result.machines.length !== 1) {
    const ids = result.machines.map((m) => m.id);
    check.error(
      ['stateMachine'],
      result.machines.length === 0
        ? `"${reference}" holds no state machine${errors[0] ? `: ${errors[0].message}` : ''}`
        : `the template "${reference}" has ${ids.length} state machines (${ids.join(', ')}): name one, as "${preloaded.reference.split('#')[0]}#${ids[0]}"`,
    );
    return undefined;
  }
  const machine = result.machines[0] as TemplateMachine;
  const definition = machine.definition;
  if (!isJsonObject(definition) || !isJsonObject(definition.States)) {
    check.error(
      ['stateMachine'],
      `the definition of ${machine.id} in "${reference}" could not be resolved${errors[0] ? `: ${errors[0].message}` : ''}`,
    );
    return undefined;
  }
  return {
    file: `${preloaded.file}#${machine.id}`,
    definition,
    states: statesOf(definition, machine),
    errors: definitionErrors(definition),
    template: machine,
  };
}

export function loadMachine(
  raw: JsonValue | undefined,
  refs: ReferenceReader,
  template: PreloadedTemplate | undefined,
): LoadedMachine | undefined {
  const check = refs.check;
  if (raw === undefined) {
    check.error(
      [],
      'the test file needs "stateMachine": the path of the definition (JSON or YAML), relative to this file',
    );
    return undefined;
  }
  const reference = check.string(raw, ['stateMachine'], '"stateMachine"');
  if (reference === undefined) return undefined;
  if (template !== undefined && template.reference === reference) return templateMachine(template, check);
  const doc = refs.document(reference, ['stateMachine'], 'state machine', 'definition');
  if (!doc) return undefined;
  const definition = doc.value;
  if (!isJsonObject(definition) || !looksLikeStateMachine(doc.checker.doc)) {
    doc.checker.error([], NOT_A_DEFINITION);
    return undefined;
  }
  const file = refs.resolve(reference);
  // What AWS would reject the machine for, located in its file; runs of this object reuse the verdict.
  const text = refs.text(reference, ['stateMachine'], 'state machine', 'definition')?.text ?? '';
  const errors = definitionErrors(text, { fileName: file });
  rememberVerdict(definition, errors);
  return { file, definition, states: statesOf(definition), errors };
}

/**
 * `machines: { ChildFlow: ./child.asl.json }`: the state machines a `states:startExecution` Task may start,
 * keyed as ExecuteOptions.machines is (the name at the end of the StateMachineArn, or the whole ARN), each
 * a definition file relative to the test file, held to the same gate as the machine under test.
 */
export function loadChildMachines(
  raw: JsonValue | undefined,
  refs: ReferenceReader,
  validate: boolean,
  machines: ChildMachines,
): void {
  const check = refs.check;
  const spec = check.object(raw, ['machines'], '"machines"');
  if (!spec) return;
  for (const key of Object.keys(spec)) {
    const path = ['machines', key];
    const reference = check.string(spec[key], path, `"machines.${key}"`);
    if (reference === undefined) continue;
    const doc = refs.document(reference, path, 'child state machine', 'definition');
    if (!doc) continue;
    if (!isJsonObject(doc.value) || !looksLikeStateMachine(doc.checker.doc)) {
      doc.checker.error([], NOT_A_DEFINITION);
      continue;
    }
    const text = refs.text(reference, path, 'child state machine', 'definition')?.text ?? '';
    const errors = definitionErrors(text, { fileName: refs.resolve(reference) });
    rememberVerdict(doc.value, errors);
    const [first] = errors;
    if (validate && first !== undefined)
      check.error(
        path,
        `AWS would reject the state machine "${key}" (${errors.length} error${errors.length === 1 ? '' : 's'}; first at line ${first.range.start.line + 1}: ${first.message}); set "validate: false" to run it anyway`,
      );
    machines.add(key, doc.value, { file: refs.resolve(reference) });
  }
}

/** The child machines of a test file, by the key ExecuteOptions.machines reads, with where each is written. */
export class ChildMachines {
  readonly definitions: Record<string, JsonObject> = {};
  readonly sources: Record<string, MachineSource> = {};

  get empty(): boolean {
    return Object.keys(this.definitions).length === 0;
  }

  add(key: string, definition: JsonObject, source: MachineSource): void {
    // Own properties whatever the key (`__proto__` included: invariant 13).
    const own = { enumerable: true, writable: true, configurable: true };
    Object.defineProperty(this.definitions, key, { ...own, value: definition });
    Object.defineProperty(this.sources, key, { ...own, value: source });
  }
}

/**
 * The machines of the same template the machine under test names by ARN, keyed by that ARN (the whole
 * StateMachineArn its Task sends): found without `machines:`, which wins for the same key.
 */
export function templateChildMachines(
  template: PreloadedTemplate | undefined,
  machines: ChildMachines,
): void {
  for (const { arn, machine } of template?.children ?? []) {
    if (!isJsonObject(machine.definition) || !isJsonObject(machine.definition.States)) continue;
    machines.add(arn, machine.definition, {
      file: `${template?.file ?? ''}#${machine.id}`,
      sourceMap: machine.sourceMap,
      ...templateRole(machine),
    });
  }
}

/** The machine's states with its child machines' beside them: mocks may name a child's states. */
export function withChildStates(states: MachineStates, machines: Record<string, JsonObject>): MachineStates {
  const types = new Map(states.types);
  for (const child of Object.values(machines))
    for (const visit of walkStates(child))
      if (!types.has(visit.name))
        types.set(visit.name, typeof visit.definition.Type === 'string' ? visit.definition.Type : '');
  return { ...states, types };
}

/** A template machine's own execution role, when the template spells it all out. */
export function templateRole(machine: TemplateMachine): { role?: RoleSpec } {
  const own = checkableRole(machine);
  if (!own?.checkable) return {};
  return {
    role: {
      files: [machine.file],
      statements: own.statements,
      ...(own.roleArn === undefined ? {} : { roleArn: own.roleArn }),
    },
  };
}
