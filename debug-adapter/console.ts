// What the debug console shows: one line per transition and error, the execution's end, and the
// short JSON previews used for variable values.

import type { ExecutionResult, JsonValue, StateOutcome } from '../core';
import { ROOT_THREAD_ID } from './threads';

export type OutputCategory = 'console' | 'stdout' | 'stderr' | 'important';

export interface ConsoleLine {
  text: string;
  category: OutputCategory;
}

function where(outcome: StateOutcome): string {
  return outcome.frame.threadId === ROOT_THREAD_ID ? '' : `[${outcome.frame.threadName}] `;
}

function errorText(error: string | undefined, cause: string | undefined): string {
  const name = error === undefined || error === '' ? '(no error name)' : error;
  return cause ? `${name}: ${cause}` : name;
}

/** The console line for a state's outcome. */
export function outcomeLine(outcome: StateOutcome): ConsoleLine {
  const prefix = `${where(outcome)}${outcome.frame.stateName}`;
  switch (outcome.status) {
    case 'succeeded':
      return {
        text: outcome.next === undefined ? `${prefix} ✓ (end)\n` : `${prefix} → ${outcome.next}\n`,
        category: 'stdout',
      };
    case 'retrying':
      return {
        text: `${prefix} ↻ retrying after ${errorText(outcome.error, outcome.cause)} (attempt ${outcome.frame.attempt} failed)\n`,
        category: 'stderr',
      };
    case 'caught':
      return {
        text: `${prefix} ✗ ${errorText(outcome.error, outcome.cause)} — caught, → ${outcome.next ?? '(end)'}\n`,
        category: 'stderr',
      };
    case 'failed':
      return { text: `${prefix} ✗ failed: ${errorText(outcome.error, outcome.cause)}\n`, category: 'stderr' };
  }
}

/** The console lines for the end of the execution. */
export function resultLines(result: ExecutionResult): ConsoleLine[] {
  if (result.status === 'SUCCEEDED') {
    return [
      {
        text: `Execution SUCCEEDED. Output:\n${JSON.stringify(result.output, null, 2)}\n`,
        category: 'console',
      },
    ];
  }
  if (result.status === 'FAILED') {
    return [{ text: `Execution FAILED: ${errorText(result.error, result.cause)}\n`, category: 'stderr' }];
  }
  return [{ text: `Execution ${result.status}.\n`, category: 'console' }];
}

const PREVIEW_LIMIT = 80;

/** A one-line preview of a JSON value, shortened to about 80 characters. */
export function previewJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let text = '';
  const add = (part: string): boolean => {
    text += part;
    return text.length <= PREVIEW_LIMIT;
  };
  if (Array.isArray(value)) {
    add(`Array(${value.length}) [`);
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      const shown =
        item !== null && typeof item === 'object'
          ? Array.isArray(item)
            ? '[…]'
            : '{…}'
          : JSON.stringify(item);
      if (!add(`${i > 0 ? ', ' : ''}${shown}`)) return `${text.slice(0, PREVIEW_LIMIT)}…]`;
    }
    return `${text}]`;
  }
  const entries = Object.entries(value);
  add('{');
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i] as [string, JsonValue];
    const shown =
      item !== null && typeof item === 'object'
        ? Array.isArray(item)
          ? '[…]'
          : '{…}'
        : JSON.stringify(item);
    if (!add(`${i > 0 ? ', ' : ''}${key}: ${shown}`)) return `${text.slice(0, PREVIEW_LIMIT)}…}`;
  }
  return `${text}}`;
}
