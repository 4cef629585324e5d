// A template's machine as every reader starts it: where it is declared, nothing resolved yet. Each
// reader (CloudFormation/SAM, serverless, Terraform) then fills in its definition, source map,
// placeholders, resources, functions and role as its format gives them.

import type { TemplateMachine } from './types';

/** What a reader knows of a machine before resolving its definition. */
export type MachineDeclaration = Pick<
  TemplateMachine,
  'format' | 'file' | 'id' | 'aliases' | 'name' | 'location' | 'definitionLocation'
>;

export function newTemplateMachine(declared: MachineDeclaration): TemplateMachine {
  return {
    ...declared,
    definitionText: undefined,
    definition: undefined,
    sourceMap: [],
    placeholders: [],
    logicalResources: [],
    stateResources: {},
    functions: {},
    taskFunctions: {},
    role: undefined,
    diagnostics: [],
  };
}
