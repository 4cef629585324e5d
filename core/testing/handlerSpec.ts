// Test-file handlers: `handlers:` at the top of a test file and per case, each key a Task state, a
// template logical ID, or a Lambda function name or ARN a Task calls (the mock-key rule), each value
// a handler (core/handlers) whose relative paths resolve against the test file's folder; or `auto`,
// the real code of each function of a template machine. A case's handlers sit with its mocks, the
// file's with the file's (core's layerHandlers): a case's entry beats the file's.

import { autoHandlers, parseHandlers, type HandlerMap, type HandlerProblem } from '../handlers';
import type { UnsupportedFunction } from '../handlers';
import type { JsonValue } from '../json';
import { knownMockKeys } from '../mocks/keys';
import type { TemplateMachine } from '../templates';
import { closestMatch } from '../validate/suggest';
import type { FileChecker, ValuePath } from './checker';
import type { MachineStates } from './mockSpec';

/** Handlers a case runs with. */
export interface CaseHandlers {
  handlers: HandlerMap;
  /** Functions `auto` found but cannot run (their Tasks need mocks). */
  unsupported: UnsupportedFunction[];
}

export const NO_HANDLERS: CaseHandlers = Object.freeze({ handlers: {}, unsupported: [] });

/** Reads one `handlers:` value; problems go to the test file at their place. */
export function normaliseHandlers(
  raw: JsonValue | undefined,
  path: ValuePath,
  check: FileChecker,
  baseDir: string,
  machine: MachineStates,
  template: TemplateMachine | undefined,
): CaseHandlers {
  if (raw === undefined) return NO_HANDLERS;
  const problems: HandlerProblem[] = [];
  const read = parseHandlers(raw, problems);
  for (const problem of problems)
    check.error([...path, ...problem.path], problem.message, problem.atKey === true);
  if (read.auto) {
    if (!template) {
      check.error(
        path,
        'handlers: auto runs the functions of a template machine: name it as "stateMachine: ./template.yaml#MachineId"',
      );
      return NO_HANDLERS;
    }
    const auto = autoHandlers(template);
    return { handlers: auto.handlers, unsupported: auto.unsupported };
  }
  // The one mock-key rule (core/mocks/keys.ts): a Task state, a logical ID, a function or activity.
  const known = knownMockKeys(machine.definition, machine.logicalIds);
  const handlers: HandlerMap = {};
  for (const [key, spec] of Object.entries(read.handlers)) {
    const meaning = known.get(key);
    if (meaning === undefined || (meaning.level === 'state' && meaning.type !== 'Task')) {
      const tasks = [...known.entries()].filter(([, k]) => k.level !== 'state' || k.type === 'Task');
      const near = closestMatch(
        key,
        tasks.map(([name]) => name),
      );
      check.error(
        [...path, key],
        `handler for "${key}", which is not a Task state of the state machine, nor a function or activity it calls${near ? ` (did you mean "${near}"?)` : ''}`,
        true,
      );
      continue;
    }
    Object.defineProperty(handlers, key, {
      value: { ...spec, baseDir },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { handlers, unsupported: [] };
}
