// Handlers as users write them, on every surface alike (test files, `run --handlers FILE`, the
// library, pytest): a map from a key (a Task state, a template logical ID, a Lambda function name or
// ARN: the one mock-key rule) to a handler, or `auto` (each function from the template). A handler
// is a reference string or an object with the reference and the function's settings:
//
//   ./src/charge.js#handler          a Node module export (CommonJS or ESM; `#handler` by default)
//   python:app.charge:handler        a Python callable (module:function), run by a Python worker
//   cmd: ./bin/charge --fast         a command: the event as JSON on stdin, the result on stdout
//   { handler: <one of those>, environment: {NAME: value}, timeout: 10, memory: 256, root: ./src }
//
// Pure parsing: paths stay as written (relative to the naming file's folder); the host resolves and
// runs them. Never throws: problems come back with the path of the value they are about.

import { isJsonObject, jsonTypeName, type JsonValue } from '../json';
import type { TaskHandler } from '../mocks';

export type HandlerReference =
  | { kind: 'node'; path: string; exportName: string }
  | { kind: 'python'; module: string; attribute: string }
  | { kind: 'command'; argv: string[] };

/** One function to run for a key. */
export interface HandlerSpec {
  /** The reference as written, for messages. */
  text: string;
  reference: HandlerReference;
  /** The function's environment variables (CloudFormation's Environment.Variables). */
  environment: Record<string, string>;
  /** The function's own timeout in seconds (Lambda's default is 3). */
  timeoutSeconds?: number;
  memoryMB?: number;
  /** The code root (working directory, Python's first path entry), relative to the naming file's folder. */
  root?: string;
  /** The Lambda runtime named by a template (`nodejs20.x`, `python3.12`). */
  runtime?: string;
  /** The folder relative paths resolve against: that of the file naming the handler (set by whoever read it). */
  baseDir?: string;
}

export interface HandlerProblem {
  /** Path of the offending value below the handlers map (`['ChargeCard', 'timeout']`). */
  path: (string | number)[];
  message: string;
  /** The problem is the key itself (an unknown key), not its value. */
  atKey?: boolean;
}

export type HandlerMap = Record<string, HandlerSpec>;

const SPEC_KEYS = new Set(['handler', 'environment', 'timeout', 'memory', 'root']);
const PYTHON_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export const HANDLER_FORMS =
  'a Node export (./src/charge.js#handler), a Python callable (python:app.charge:handler) or a command (cmd: ./bin/charge)';

/** Splits a command line into words: spaces separate, single and double quotes group, `\` escapes. */
export function splitCommandLine(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(word);
  return words;
}

/** Reads a reference string; a message saying what is wrong otherwise. */
export function parseHandlerReference(text: string): HandlerReference | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: `a handler is ${HANDLER_FORMS}; got an empty string` };
  if (/^cmd:/i.test(trimmed)) {
    const argv = splitCommandLine(trimmed.slice(4).trim());
    if (argv === undefined)
      return { problem: `the command ${JSON.stringify(trimmed)} has an unclosed quote` };
    if (argv.length === 0)
      return { problem: 'a "cmd:" handler names the command to run, e.g. cmd: ./bin/charge' };
    return { kind: 'command', argv };
  }
  if (/^python:/i.test(trimmed)) {
    const rest = trimmed.slice(7).trim();
    const colon = rest.lastIndexOf(':');
    const module = colon > 0 ? rest.slice(0, colon) : '';
    const attribute = colon > 0 ? rest.slice(colon + 1) : '';
    if (!PYTHON_NAME.test(module) || !PYTHON_NAME.test(attribute)) {
      return {
        problem: `a Python handler is python:module:function (e.g. python:app.charge:handler); got ${JSON.stringify(trimmed)}`,
      };
    }
    return { kind: 'python', module, attribute };
  }
  const hash = trimmed.lastIndexOf('#');
  const path = hash >= 0 ? trimmed.slice(0, hash) : trimmed;
  const exportName = hash >= 0 ? trimmed.slice(hash + 1) : 'handler';
  if (path === '' || !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(exportName)) {
    return { problem: `a handler is ${HANDLER_FORMS}; got ${JSON.stringify(trimmed)}` };
  }
  return { kind: 'node', path, exportName };
}

function positiveNumber(value: JsonValue | undefined, integer: boolean): boolean {
  return (
    typeof value === 'number' && Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value))
  );
}

/** Environment values as CloudFormation passes them: strings, numbers and booleans as text. */
export function readEnvironment(
  value: JsonValue | undefined,
  path: (string | number)[],
  problems: HandlerProblem[],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  if (!isJsonObject(value)) {
    problems.push({
      path,
      message: `"environment" maps variable names to values; got ${jsonTypeName(value)}`,
    });
    return out;
  }
  for (const [name, raw] of Object.entries(value)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push({ path: [...path, name], message: `"${name}" is not an environment variable name` });
    } else if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
      Object.defineProperty(out, name, {
        value: String(raw),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      problems.push({
        path: [...path, name],
        message: `the value of "${name}" must be text, a number or a boolean; got ${jsonTypeName(raw)}`,
      });
    }
  }
  return out;
}

/** One handler: a reference string or `{handler, environment?, timeout?, memory?, root?}`. */
export function parseHandlerSpec(
  value: JsonValue,
  path: (string | number)[],
  problems: HandlerProblem[],
): HandlerSpec | undefined {
  const before = problems.length;
  let text: string;
  const spec: Partial<HandlerSpec> = {};
  if (typeof value === 'string') text = value;
  else if (isJsonObject(value)) {
    for (const key of Object.keys(value))
      if (!SPEC_KEYS.has(key))
        problems.push({
          path: [...path, key],
          message: `unknown key "${key}" in a handler (known: ${[...SPEC_KEYS].join(', ')})`,
          atKey: true,
        });
    if (typeof value.handler !== 'string') {
      problems.push({ path, message: `a handler object needs "handler": ${HANDLER_FORMS}` });
      return undefined;
    }
    text = value.handler;
    spec.environment = readEnvironment(value.environment, [...path, 'environment'], problems);
    if (value.timeout !== undefined) {
      if (positiveNumber(value.timeout, false)) spec.timeoutSeconds = value.timeout as number;
      else
        problems.push({ path: [...path, 'timeout'], message: '"timeout" is a positive number of seconds' });
    }
    if (value.memory !== undefined) {
      if (positiveNumber(value.memory, true)) spec.memoryMB = value.memory as number;
      else problems.push({ path: [...path, 'memory'], message: '"memory" is a positive whole number of MB' });
    }
    if (value.root !== undefined) {
      if (typeof value.root === 'string' && value.root !== '') spec.root = value.root;
      else problems.push({ path: [...path, 'root'], message: '"root" is a folder, relative to this file' });
    }
  } else {
    problems.push({
      path,
      message: `a handler is ${HANDLER_FORMS}, or an object with "handler"; got ${jsonTypeName(value)}`,
    });
    return undefined;
  }
  const reference = parseHandlerReference(text);
  if ('problem' in reference) {
    problems.push({
      path: typeof value === 'string' ? path : [...path, 'handler'],
      message: reference.problem,
    });
    return undefined;
  }
  if (problems.length > before) return undefined;
  return { text: text.trim(), reference, environment: spec.environment ?? {}, ...withoutUndefined(spec) };
}

function withoutUndefined(spec: Partial<HandlerSpec>): Partial<HandlerSpec> {
  const out: Partial<HandlerSpec> = {};
  if (spec.timeoutSeconds !== undefined) out.timeoutSeconds = spec.timeoutSeconds;
  if (spec.memoryMB !== undefined) out.memoryMB = spec.memoryMB;
  if (spec.root !== undefined) out.root = spec.root;
  return out;
}

/** A `handlers` value: `auto`, or a map of key → handler. */
export type HandlersValue = { auto: true } | { auto: false; handlers: HandlerMap };

export function parseHandlers(value: JsonValue | undefined, problems: HandlerProblem[]): HandlersValue {
  if (value === undefined || value === null) return { auto: false, handlers: {} };
  if (value === 'auto') return { auto: true };
  if (!isJsonObject(value)) {
    problems.push({
      path: [],
      message: `"handlers" is "auto" or a map from a Task state (or logical ID, function name or ARN) to a handler; got ${typeof value === 'string' ? JSON.stringify(value) : jsonTypeName(value)}`,
    });
    return { auto: false, handlers: {} };
  }
  const handlers: HandlerMap = {};
  for (const [key, raw] of Object.entries(value)) {
    const spec = parseHandlerSpec(raw, [key], problems);
    if (spec)
      Object.defineProperty(handlers, key, {
        value: spec,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return { auto: false, handlers };
}

/**
 * One run's handlers, as a surface hands them to whatever runs them (the host's HandlerHost). The
 * TaskHandlers it gets back are keyed as given: core/mocks/answer.ts picks one per call by the
 * mock-key rule (a mock at the same layer and key wins) and calls it with the task-handler contract.
 */
export interface HandlerRunRequest {
  handlers: HandlerMap;
}

/**
 * Runs handlers for the engine: one set of TaskHandlers per run. Rejects with a StepthroughError
 * (E_HANDLER_NOT_FOUND, E_PYTHON_MISSING...) when a handler cannot run, before anything runs.
 */
export interface TaskHandlerProvider {
  forRun(request: HandlerRunRequest): Promise<Record<string, TaskHandler>>;
}
