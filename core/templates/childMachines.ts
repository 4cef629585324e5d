// The machines of a template that one of its machines starts: those it names by ARN (`!Ref ShipmentFlow`,
// `!GetAtt ShipmentFlow.Arn` in its DefinitionSubstitutions or Fn::Sub). They run as child executions of
// its `states:startExecution` Tasks with no further setup (keyed by that ARN, as the Task sends it).

import { loadStateMachines } from './load';
import type { TemplateFileSystem, TemplateMachine } from './types';

const STATE_MACHINE_TYPES = new Set(['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine']);

/** A machine of the same template, and the ARN (its stand-in) by which the parent names it. */
export interface NamedChildMachine {
  arn: string;
  machine: TemplateMachine;
}

/** The machines of `templateFile` that `machine` (one of them) names by ARN; none when it names none. */
export async function childMachinesNamedBy(
  templateFile: string,
  machine: TemplateMachine,
  options: { fileSystem: TemplateFileSystem },
): Promise<NamedChildMachine[]> {
  const named = machine.logicalResources.filter(
    (r) =>
      r.resourceType !== undefined &&
      STATE_MACHINE_TYPES.has(r.resourceType) &&
      r.value.includes(':stateMachine:') &&
      r.logicalId !== machine.id,
  );
  if (named.length === 0) return [];
  const all = await loadStateMachines(templateFile, options);
  const out: NamedChildMachine[] = [];
  for (const resource of named) {
    const child = all.machines.find((m) => m.id === resource.logicalId);
    if (child && !out.some((c) => c.arn === resource.value))
      out.push({ arn: resource.value, machine: child });
  }
  return out;
}
