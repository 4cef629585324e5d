// Expressions typed by the user (debug console, watch, hover, breakpoint conditions, logpoints),
// evaluated against a paused state: JSONPath (`$.x`, `$$.Execution.Id`, `$var.x`), intrinsic
// functions (`States.Format(...)`), or JSONata with `$` bound to the state's input and `$states`
// / workflow variables bound as in a JSONata state. The engines are core's, with the limits runs have
// (JSONata's depth, time and memory bounds, no `$eval`, AWS's added functions, regular expressions off
// this thread); this only dispatches. A long evaluation leaves the adapter answering requests, and stops
// when the scope's signal aborts (the session ends or the run is replaced).

import { randomUUID } from 'node:crypto';
import { StatesError, type JsonValue } from '../core';
import { evaluateIntrinsic, looksLikeIntrinsic, parseIntrinsic } from '../core/intrinsics';
import { checkJsonataSyntax, evaluateJsonata, extractExpression, type JsonataRuntime } from '../core/jsonata';
import { parseJsonPath, queryPath, type ParsedPath } from '../core/jsonpath';

/** What an expression can read at a pause. */
export interface EvaluationScope {
  input: JsonValue;
  context: JsonValue;
  variables: Record<string, JsonValue>;
  /** The state's result, when it has been computed (`$states.result`). */
  result?: JsonValue;
  /** Stops a JSONata evaluation that is still running (the session ended, the run was replaced). */
  signal?: AbortSignal;
}

/**
 * How long a JSONPath's `=~` matches may take here. They wait on this thread (JSONPath is synchronous),
 * so the debugger allows less than a run's 5 s.
 */
export const DEBUGGER_REGEX_MILLISECONDS = 1_000;

export type ExpressionLanguage = 'JSONPath' | 'intrinsic' | 'JSONata';

/** An expression that could not be evaluated; the message is meant for the user. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly language: ExpressionLanguage,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

function resolveJsonPath(path: ParsedPath, scope: EvaluationScope): JsonValue {
  let root: JsonValue;
  if (path.root.kind === 'input') root = scope.input;
  else if (path.root.kind === 'context') root = scope.context;
  else {
    const name = path.root.name;
    if (!Object.prototype.hasOwnProperty.call(scope.variables, name)) {
      throw new ExpressionError(`The variable $${name} is not defined in this state's scope.`, 'JSONPath');
    }
    root = scope.variables[name] as JsonValue;
  }
  const result = queryPath(path, root, DEBUGGER_REGEX_MILLISECONDS);
  if (!result.found) throw new ExpressionError(result.message, 'JSONPath');
  return result.value;
}

/** Which language the text is written in, and the text to hand to that engine. */
function classify(
  text: string,
  scope: EvaluationScope,
): { language: ExpressionLanguage; source: string; path?: ParsedPath } {
  const trimmed = text.trim();
  const jsonataBlock = /^\{%([\s\S]*)%\}$/.exec(trimmed);
  if (jsonataBlock) return { language: 'JSONata', source: jsonataBlock[1] ?? '' };
  if (looksLikeIntrinsic(trimmed)) return { language: 'intrinsic', source: trimmed };
  if (trimmed.startsWith('$')) {
    const parsed = parseJsonPath(trimmed);
    const jsonataReserved =
      parsed.ok &&
      parsed.path.root.kind === 'variable' &&
      parsed.path.root.name === 'states' &&
      !Object.prototype.hasOwnProperty.call(scope.variables, 'states');
    if (parsed.ok && !jsonataReserved) return { language: 'JSONPath', source: trimmed, path: parsed.path };
  }
  return { language: 'JSONata', source: trimmed };
}

/** The field name core's causes mention; it is cut off again below. */
const FIELD = 'expression';

/** Core's cause without its subject ("The JSONata expression '…' specified for the field '…' "). */
function describeCause(expression: string, cause: string): string {
  const subject = `The JSONata expression '${expression}' specified for the field '${FIELD}' `;
  return cause.startsWith(subject) ? `The expression ${cause.slice(subject.length)}` : cause;
}

async function evaluateJsonataText(source: string, scope: EvaluationScope): Promise<JsonValue> {
  const expression = extractExpression(source).expression;
  const syntax = checkJsonataSyntax(expression);
  if (syntax !== undefined) {
    throw new ExpressionError(
      `JSONata syntax error: ${syntax.message} (at character ${syntax.offset})`,
      'JSONata',
    );
  }
  const states: { input: JsonValue; context: JsonValue; result?: JsonValue } = {
    input: scope.input,
    context: scope.context,
  };
  if (scope.result !== undefined) states.result = scope.result;
  const runtime: JsonataRuntime = { random: () => Math.random(), uuid: () => randomUUID() };
  if (scope.signal !== undefined) runtime.signal = scope.signal;
  try {
    return await evaluateJsonata(
      expression,
      { states, variables: scope.variables, contextItem: scope.input },
      runtime,
      FIELD,
    );
  } catch (err) {
    if (err instanceof StatesError)
      throw new ExpressionError(describeCause(expression, err.cause ?? ''), 'JSONata');
    throw err;
  }
}

function evaluateIntrinsicText(source: string, scope: EvaluationScope): JsonValue {
  const parsed = parseIntrinsic(source);
  if (!parsed.ok) throw new ExpressionError(parsed.message, 'intrinsic');
  try {
    return evaluateIntrinsic(parsed.call, {
      resolvePath: (pathText) => {
        const path = parseJsonPath(pathText);
        if (!path.ok) throw new ExpressionError(path.message, 'intrinsic');
        return resolveJsonPath(path.path, scope);
      },
      random: () => Math.random(),
      uuid: () => randomUUID(),
    });
  } catch (err) {
    if (err instanceof ExpressionError) throw err;
    const cause =
      err && typeof err === 'object' && 'cause' in err ? (err as { cause: unknown }).cause : undefined;
    throw new ExpressionError(typeof cause === 'string' ? cause : String(err), 'intrinsic');
  }
}

/** Evaluates `text` against the scope; throws ExpressionError with a message for the user. */
export async function evaluateExpression(
  text: string,
  scope: EvaluationScope,
): Promise<{ value: JsonValue; language: ExpressionLanguage }> {
  if (text.trim() === '') throw new ExpressionError('Type an expression, e.g. $.orderId', 'JSONPath');
  const { language, source, path } = classify(text, scope);
  if (language === 'JSONPath' && path) return { value: resolveJsonPath(path, scope), language };
  if (language === 'intrinsic') return { value: evaluateIntrinsicText(source, scope), language };
  return { value: await evaluateJsonataText(source, scope), language };
}

/** Truthiness for breakpoint conditions, as JSONata's $boolean casts a value. */
export function isTruthy(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.some((v) => isTruthy(v));
  return Object.keys(value).length > 0;
}

/** A logpoint message with `{expression}` parts replaced by their values (errors shown inline). */
export async function interpolateMessage(message: string, scope: EvaluationScope): Promise<string> {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    if (open < 0) break;
    let depth = 0;
    let close = -1;
    for (let j = open; j < message.length; j++) {
      if (message[j] === '{') depth++;
      else if (message[j] === '}' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) break;
    out += message.slice(i, open);
    const expression = message.slice(open + 1, close);
    try {
      const { value } = await evaluateExpression(expression, scope);
      out += typeof value === 'string' ? value : JSON.stringify(value);
    } catch (err) {
      out += `<${err instanceof Error ? err.message : String(err)}>`;
    }
    i = close + 1;
  }
  return out + message.slice(i);
}
