// `handlers: auto`: the real code of each Lambda function a template's machine calls, from the
// function's CodeUri + Handler + Runtime (Timeout, MemorySize and Environment.Variables too), keyed
// by the function's logical ID. The Lambda runtimes' handler strings:
//
//   nodejs*  `src/handlers/charge.handler`: the folder, then the module up to the first dot (the
//            runtime tries .js, .mjs, .cjs), then the export path (`handler`, or `nested.handler`);
//   python*  `src/app.handler`: the module path (slashes as dots) up to the last dot, then the callable.
//
// Functions of other runtimes, or whose code is not a local folder, cannot run here: they are listed
// as unsupported, so their Tasks are reported as needing a mock.

import { StatesError } from '../errors';
import type { MockSource, TaskHandler } from '../mocks';
import type { TemplateFunction, TemplateMachine } from '../templates';
import type { HandlerMap, HandlerSpec } from './spec';

export interface UnsupportedFunction {
  logicalId: string;
  /** The Task states that call it. */
  states: string[];
  /** Why it cannot run: `runtime java21`, `its code is inline (InlineCode)`... */
  reason: string;
}

export interface AutoHandlers {
  /** Handlers by the function's logical ID. */
  handlers: HandlerMap;
  /** The logical ID of the function each Task calls, by state name (for the mock-key rule). */
  logicalIds: Record<string, string>;
  unsupported: UnsupportedFunction[];
}

function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The handler of one function, or why it cannot run. */
export function functionHandler(fn: TemplateFunction): HandlerSpec | { unsupported: string } {
  if (fn.codeUri === undefined) return { unsupported: fn.codeNotLocal ?? 'its code is not a local folder' };
  const runtime = fn.runtime;
  if (runtime === undefined) return { unsupported: 'it names no Runtime' };
  const handler = fn.handler;
  if (handler === undefined || handler === '') return { unsupported: 'it names no Handler' };
  const common = {
    text: handler,
    environment: fn.environment,
    root: fn.codeUri,
    runtime,
    ...(fn.timeoutSeconds === undefined ? {} : { timeoutSeconds: fn.timeoutSeconds }),
    ...(fn.memoryMB === undefined ? {} : { memoryMB: fn.memoryMB }),
  };
  if (/^nodejs/i.test(runtime)) {
    const slash = handler.lastIndexOf('/');
    const folder = handler.slice(0, slash + 1);
    const rest = handler.slice(slash + 1);
    const dot = rest.indexOf('.');
    if (dot <= 0 || dot === rest.length - 1)
      return { unsupported: `its Handler "${handler}" is not file.export (e.g. index.handler)` };
    return {
      ...common,
      reference: { kind: 'node', path: `./${folder}${rest.slice(0, dot)}`, exportName: rest.slice(dot + 1) },
    };
  }
  if (/^python/i.test(runtime)) {
    const dot = handler.lastIndexOf('.');
    const module = handler.slice(0, dot).replace(/\//g, '.');
    const attribute = handler.slice(dot + 1);
    if (dot <= 0 || attribute === '' || module === '')
      return { unsupported: `its Handler "${handler}" is not module.function (e.g. app.handler)` };
    return { ...common, reference: { kind: 'python', module, attribute } };
  }
  return { unsupported: `runtime ${runtime} (handlers: auto runs nodejs* and python* functions)` };
}

/** The handlers `auto` gives a template machine. */
export function autoHandlers(machine: Pick<TemplateMachine, 'functions' | 'taskFunctions'>): AutoHandlers {
  const out: AutoHandlers = { handlers: {}, logicalIds: {}, unsupported: [] };
  const callers = new Map<string, string[]>();
  for (const [state, logicalId] of Object.entries(machine.taskFunctions)) {
    setOwn(out.logicalIds, state, logicalId);
    callers.set(logicalId, [...(callers.get(logicalId) ?? []), state]);
  }
  for (const [logicalId, fn] of Object.entries(machine.functions)) {
    const handler = functionHandler(fn);
    if ('unsupported' in handler)
      out.unsupported.push({ logicalId, states: callers.get(logicalId) ?? [], reason: handler.unsupported });
    else setOwn(out.handlers, logicalId, handler);
  }
  return out;
}

/**
 * For each Task calling a function `auto` cannot run (and that no mock answers), a handler failing it
 * with Stepthrough.MockMissing saying which function and why, keyed by state name.
 */
export function unsupportedTaskHandlers(
  unsupported: readonly UnsupportedFunction[],
  mocks: MockSource | undefined,
): Record<string, TaskHandler> {
  const out: Record<string, TaskHandler> = {};
  for (const fn of unsupported)
    for (const state of fn.states) {
      if (mocks?.has(state) || mocks?.has(fn.logicalId)) continue;
      const message = `The Task state '${state}' calls ${fn.logicalId}, which handlers: auto cannot run (${fn.reason}): give '${state}' a mock.`;
      setOwn<TaskHandler>(out, state, () => {
        throw new StatesError('Stepthrough.MockMissing', message);
      });
    }
  return out;
}
