// Which machine a child execution runs: the one rule the test runner's coverage and the execution role's
// checks follow. A nested execution (`states:startExecution` of a mapped machine) runs its own machine,
// named by the `ExecuteOptions.machines` key it was found under; a Distributed Map's child runs the
// machine of the execution whose Map started it; the run's own states are the machine under test ('').

import type { ChildExecutionInfo, ExecuteOptions } from './options';

/** Child executions' machines, remembered per execution (children start before their own children). */
export class ExecutionMachines {
  private readonly keys = new Map<string, string>();

  /** The `machines` key of the machine `execution` runs; '' for the run's own (no execution given). */
  keyOf(execution: ChildExecutionInfo | undefined): string {
    if (!execution) return '';
    let key = this.keys.get(execution.executionArn);
    if (key === undefined) {
      key = execution.machineKey ?? this.keys.get(execution.parentExecutionArn) ?? '';
      this.keys.set(execution.executionArn, key);
    }
    return key;
  }
}

type TaskAuthorizer = NonNullable<ExecuteOptions['authorizeTask']>;

/**
 * An `authorizeTask` that checks each Task against the role of the machine it runs in, as AWS does: the
 * run's own Tasks against `own`, a nested execution's against its machine's (`children`, by `machines`
 * key); a machine with no known role is not checked. Undefined when no machine has one.
 */
export function authorizerPerMachine(
  own: TaskAuthorizer | undefined,
  children: ReadonlyMap<string, TaskAuthorizer> = new Map(),
): TaskAuthorizer | undefined {
  if (!own && children.size === 0) return undefined;
  const machines = new ExecutionMachines();
  return (request) => {
    const key = machines.keyOf(request.execution);
    return (key === '' ? own : children.get(key))?.(request);
  };
}
