// Test-file handlers: `handlers:` at the top of a test file and per case, each key a Task state, a
// template logical ID, or a Lambda function name or ARN a Task calls (the mock-key rule), each value
// a handler (core/handlers) whose relative paths resolve against the test file's folder; or `auto`,
// the real code of each function of a template machine. A case's handlers sit over the file's.

import { autoHandlers, parseHandlers, type HandlerMap, type HandlerProblem } from '../handlers';
import type { UnsupportedFunction } from '../handlers';
import { walkStates } from '../iam';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { TemplateMachine } from '../templates';
import { closest, type FileChecker, type ValuePath } from './checker';

/** Handlers a case runs with. */
export interface CaseHandlers {
  handlers: HandlerMap;
  /** Functions `auto` found but cannot run (their Tasks need mocks). */
  unsupported: UnsupportedFunction[];
}

export const NO_HANDLERS: CaseHandlers = Object.freeze({ handlers: {}, unsupported: [] });

/** The keys a Task's calls may be answered under (the mock-key rule), with what each names. */
function taskKeys(
  name: string,
  state: JsonObject,
  logicalIds: Readonly<Record<string, string>>,
): Map<string, string> {
  const keys = new Map<string, string>([[name, `the Task state "${name}"`]]);
  if (Object.prototype.hasOwnProperty.call(logicalIds, name)) {
    const logicalId = logicalIds[name] as string;
    keys.set(logicalId, `the template resource ${logicalId}`);
  }
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const references = [resource];
  for (const field of ['Parameters', 'Arguments'] as const) {
    const request = state[field];
    if (isJsonObject(request) && typeof request.FunctionName === 'string')
      references.push(request.FunctionName);
  }
  for (const reference of references) {
    const fn = /(?:^|:)function:([^:]+)/.exec(reference)?.[1];
    if (reference.startsWith('arn:') && fn !== undefined) keys.set(reference, `the function ${fn}`);
    if (fn !== undefined) keys.set(fn, `the function ${fn}`);
    else if (reference !== resource && reference !== '' && !reference.includes(':'))
      keys.set(reference, `the function ${reference}`);
  }
  return keys;
}

/** The keys handlers may be given under in this machine (the mock-key rule), and the Tasks each reaches. */
export function handlerKeys(
  definition: JsonObject,
  logicalIds: Readonly<Record<string, string>>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const visit of walkStates(definition)) {
    if (visit.definition.Type !== 'Task') continue;
    for (const key of taskKeys(visit.name, visit.definition, logicalIds).keys())
      out.set(key, [...(out.get(key) ?? []), visit.name]);
  }
  return out;
}

/** Reads one `handlers:` value; problems go to the test file at their place. */
export function normaliseHandlers(
  raw: JsonValue | undefined,
  path: ValuePath,
  check: FileChecker,
  baseDir: string,
  definition: JsonObject,
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
  const known = handlerKeys(definition, template?.taskFunctions ?? {});
  const handlers: HandlerMap = {};
  for (const [key, spec] of Object.entries(read.handlers)) {
    if (!known.has(key)) {
      const near = closest(key, [...known.keys()]);
      check.error(
        [...path, key],
        `handler for "${key}", which is not a Task state of the state machine, nor a function it calls${near ? ` (did you mean "${near}"?)` : ''}`,
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

/**
 * A case's handlers over its file's: a Task the case gives a handler (under any of its keys) takes
 * none of the file's, so a case's function-name key beats the file's state-name key.
 */
export function mergeHandlers(
  file: CaseHandlers,
  own: CaseHandlers,
  definition: JsonObject,
  logicalIds: Readonly<Record<string, string>>,
): CaseHandlers {
  if (own === NO_HANDLERS) return file;
  const keys = handlerKeys(definition, logicalIds);
  const taken = new Set(Object.keys(own.handlers).flatMap((key) => keys.get(key) ?? []));
  const inherited: HandlerMap = {};
  for (const [key, spec] of Object.entries(file.handlers))
    if (!(keys.get(key) ?? []).some((state) => taken.has(state)))
      Object.defineProperty(inherited, key, {
        value: spec,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  return {
    handlers: { ...inherited, ...own.handlers },
    unsupported: [...file.unsupported, ...own.unsupported].filter(
      (u) => !Object.prototype.hasOwnProperty.call(own.handlers, u.logicalId),
    ),
  };
}
