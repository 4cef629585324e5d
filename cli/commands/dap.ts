// `stepthrough dap`: the debug adapter over stdio, for any Debug Adapter Protocol client
// (VS Code runs the same adapter inline; nvim-dap, Emacs dape and others start this command).

import { runDebugAdapterOnStdio } from '../../debug-adapter/stdio';
import type { CommandContext } from '../context';

export const DAP_USAGE = `Usage: stepthrough dap

Speaks the Debug Adapter Protocol on stdin/stdout; a DAP client starts it and sends a launch
request of type "stepthrough":

  definition       the state machine file (JSON or YAML), or a template: template.yaml#MachineId
                   (or a template holding one machine; its role is used when "role" is absent)
  input | inputFile    the execution input, inline or from a JSON/YAML file
  mocks            mocked Task responses, inline or a file ({"State": [{"Return": ...}]})
  mockConfig + testCase   or an AWS Step Functions Local MockConfigFile and its test case
  testFile + case  or one case of a *.sfn-test.yaml file, with its input and mocks
  handlers         your own code run as Tasks: "auto" (a template machine's functions), a map
                   { "State": "./src/fn.js#handler" | "python:module:function" }, or a file holding it
  role             the execution role (an ARN, or the role's policy file)
  stopOnEntry      stop before the first state

Breakpoints go on state lines; step over/in/out, step back, and evaluate JSONPath, intrinsic
functions and JSONata against the stopped state in the debug console.
`;

export async function dapCommand(_ctx: CommandContext): Promise<number> {
  await runDebugAdapterOnStdio();
  return 0;
}
