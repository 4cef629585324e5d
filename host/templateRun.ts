// What running a template's machine adds to its definition, for each surface that runs one by
// reference (`stepthrough run template.yaml#Machine`, and `serve`'s execute/start for pytest's
// `sfn.execute("template.yaml#Machine")`): the machines of the same template it names by ARN, run as
// its child executions (a machine the caller gives under the same key wins); each child's Tasks
// checked against the child's own role; and `handlers: auto`, each function of the template the
// machine calls run from its CodeUri and Handler (the test runner does the same for a test file's
// `stateMachine:`, core/testing/templateMachine.ts). Template readers load only for a template
// machine (start-up, ARCHITECTURE.md invariant 27).

import { StepthroughError } from '../core/errors';
import { autoHandlers, type HandlerMap, type UnsupportedFunction } from '../core/handlers';
import { createTaskAuthorizer, type TaskAuthorizer } from '../core/iam';
import { authorizerPerMachine } from '../core/interpreter';
import type { JsonObject } from '../core/json';
import type { TemplateMachine } from '../core/templates';
import type { NamedChildMachine } from '../core/templates/childMachines';
import type { FileAccess } from './files';
import { templateRoleOf, type RunMachine } from './machineSource';
import { templateFileSystem } from './templateFiles';

/** The template's part of one run of its machine. */
export interface TemplateRun {
  /** The machines to run as child executions: the template's by ARN, then the caller's (winning). */
  machines: Record<string, JsonObject> | undefined;
  /** The run's Task authorizer: `own` (the machine's role) for its Tasks, each template child's role for the child's. */
  authorizer(
    own: TaskAuthorizer | undefined,
    at: { region?: string; accountId?: string },
  ): TaskAuthorizer | undefined;
}

/** The template's child machines of `machine` (none for a definition file), with `given` winning. */
export async function templateRun(
  files: FileAccess,
  machine: RunMachine,
  given: Record<string, JsonObject> | undefined,
): Promise<TemplateRun> {
  const children: NamedChildMachine[] = machine.template
    ? await (
        await import('../core/templates/childMachines.js')
      ).childMachinesNamedBy(machine.template.file, machine.template, {
        fileSystem: templateFileSystem(files),
      })
    : [];
  const machines =
    children.length === 0
      ? given
      : { ...Object.fromEntries(children.map((c) => [c.arn, c.machine.definition as JsonObject])), ...given };
  return {
    machines,
    authorizer(own, at) {
      const childRoles = new Map<string, TaskAuthorizer>();
      for (const child of children) {
        const role = templateRoleOf(child.machine);
        if (role === undefined || role.skipped !== undefined || Object.hasOwn(given ?? {}, child.arn))
          continue;
        childRoles.set(
          child.arn,
          createTaskAuthorizer(role.statements, {
            roleArn: role.roleArn,
            region: at.region,
            accountId: at.accountId,
          }),
        );
      }
      return authorizerPerMachine(own, childRoles);
    },
  };
}

/** `handlers: auto` for a template's machine: its functions to run, and those that cannot run here. */
export function autoHandlersOf(
  template: TemplateMachine | undefined,
  usage: string,
): { handlers: HandlerMap; unsupported: UnsupportedFunction[] } {
  if (!template)
    throw new StepthroughError('E_USAGE', `${usage} runs the functions of a template machine`, {
      hint: 'Name the machine in its template: template.yaml#MachineId.',
    });
  const auto = autoHandlers(template);
  return { handlers: auto.handlers, unsupported: auto.unsupported };
}

/** What a function `handlers: auto` cannot run says, for a surface's warnings. */
export function unsupportedLine(fn: UnsupportedFunction): string {
  return `${fn.logicalId} (called by ${fn.states.join(', ')}) cannot run here: ${fn.reason}; mock ${fn.states.length > 1 ? 'those states' : 'that state'}`;
}
