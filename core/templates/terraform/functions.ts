// Terraform's built-in functions that definitions are written with, as pure functions of their
// arguments (the evaluator owns the ones that read files: templatefile, file, fileexists). A function
// not listed here is not evaluated: the evaluator warns and leaves its value out.

import { isJsonObject, type JsonValue } from '../../json';
import { basenamePath, dirnamePath, joinPath } from '../paths';
import { display, setOwn, stableJson } from './values';

/** A call's arguments, each evaluated on demand. */
export interface CallArguments {
  /** The argument at `index` (null when absent); `recorded` keeps recording the placeholders it writes. */
  at(index: number, recorded?: boolean): JsonValue;
  /** Every argument, the last list spread out for `f(list...)`. */
  all(): JsonValue[];
  /** Every argument as written, recording the placeholders they write. */
  recorded(): JsonValue[];
}

export interface CallContext {
  /** The root module's folder (abspath). */
  rootDir: string;
  /** Reports an argument the function cannot read (jsondecode of text that is not JSON). */
  badArgument(message: string): void;
}

type TerraformFunction = (args: CallArguments, context: CallContext) => JsonValue;

const list = (value: JsonValue): JsonValue[] => (Array.isArray(value) ? value : []);
const same = (args: CallArguments): JsonValue => args.at(0, true);

function format(args: CallArguments): JsonValue {
  const [pattern, ...rest] = args.all();
  let i = 0;
  return String(pattern ?? '').replace(/%[-+ #0-9.]*[sdvfqt%]/g, (spec) =>
    spec === '%%' ? '%' : display(rest[i++] ?? null),
  );
}

function replace(args: CallArguments): JsonValue {
  const [text, search, replacement] = args.all().map((v) => String(v ?? ''));
  if (/^\/.*\/$/.test(search ?? '')) {
    try {
      return (text ?? '').replace(
        new RegExp((search ?? '').slice(1, -1), 'g'),
        (replacement ?? '').replace(/\$(\d)/g, '$$$1'),
      );
    } catch {
      return text ?? ''; // A pattern JavaScript cannot read: the text is left as it is, as an unmatched one.
    }
  }
  return (text ?? '').split(search ?? '').join(replacement ?? '');
}

function range(args: CallArguments): JsonValue {
  const numbers = args.all().map(Number);
  const [from, to, step] =
    numbers.length === 1 ? [0, numbers[0] ?? 0, 1] : [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 1];
  const out: number[] = [];
  for (let i = from; step > 0 ? i < to : i > to; i += step) if (out.push(i) > 1000) break;
  return out;
}

export const TERRAFORM_FUNCTIONS: ReadonlyMap<string, TerraformFunction> = new Map<string, TerraformFunction>(
  [
    ['jsonencode', (args) => stableJson(args.at(0, true))],
    ['yamlencode', (args) => stableJson(args.at(0, true))],
    [
      'jsondecode',
      (args, context) => {
        try {
          return JSON.parse(String(args.at(0))) as JsonValue;
        } catch {
          context.badArgument('jsondecode() of text that is not JSON');
          return null;
        }
      },
    ],
    ...['tostring', 'tonumber', 'tobool', 'tolist', 'toset', 'tomap', 'sensitive', 'nonsensitive'].map(
      (name): [string, TerraformFunction] => [name, same],
    ),
    ['try', (args) => args.all().find((v) => v !== null && v !== '') ?? null],
    ['coalesce', (args) => args.all().find((v) => v !== null && v !== '') ?? null],
    ['can', () => true],
    ['format', format],
    ['replace', replace],
    ['lower', (args) => String(args.at(0)).toLowerCase()],
    ['upper', (args) => String(args.at(0)).toUpperCase()],
    ['trimspace', (args) => String(args.at(0)).trim()],
    [
      'trimprefix',
      (args) => {
        const [text, prefix] = args.all().map(String);
        return text?.startsWith(prefix ?? '') ? text.slice((prefix ?? '').length) : (text ?? '');
      },
    ],
    [
      'trimsuffix',
      (args) => {
        const [text, suffix] = args.all().map(String);
        return text?.endsWith(suffix ?? '') && suffix ? text.slice(0, -suffix.length) : (text ?? '');
      },
    ],
    [
      'join',
      (args) => {
        const [separator, ...lists] = args.all();
        return lists
          .flatMap(list)
          .map(display)
          .join(String(separator ?? ''));
      },
    ],
    ['split', (args) => String(args.at(1)).split(String(args.at(0)))],
    ['concat', (args) => args.all().flatMap(list)],
    [
      'flatten',
      (args) => {
        const flat = (v: JsonValue): JsonValue[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
        return flat(args.at(0));
      },
    ],
    ['compact', (args) => list(args.at(0)).filter((v) => v !== null && v !== '')],
    ['distinct', (args) => [...new Map(list(args.at(0)).map((v) => [JSON.stringify(v), v])).values()]],
    [
      'merge',
      (args) => {
        const out: Record<string, JsonValue> = {};
        for (const value of args.recorded())
          if (isJsonObject(value)) for (const k of Object.keys(value)) setOwn(out, k, value[k] ?? null);
        return out;
      },
    ],
    [
      'lookup',
      (args) => {
        const [map, key, fallback] = args.all();
        return isJsonObject(map) && Object.prototype.hasOwnProperty.call(map, String(key))
          ? (map[String(key)] ?? null)
          : (fallback ?? null);
      },
    ],
    [
      'element',
      (args) => {
        const [items, index] = args.all();
        return Array.isArray(items) && items.length > 0
          ? (items[Number(index) % items.length] ?? null)
          : null;
      },
    ],
    [
      'length',
      (args) => {
        const value = args.at(0);
        return Array.isArray(value)
          ? value.length
          : isJsonObject(value)
            ? Object.keys(value).length
            : String(value ?? '').length;
      },
    ],
    [
      'keys',
      (args) => (isJsonObject(args.at(0)) ? Object.keys(args.at(0) as Record<string, JsonValue>).sort() : []),
    ],
    [
      'values',
      (args) => {
        const map = args.at(0);
        return isJsonObject(map)
          ? Object.keys(map)
              .sort()
              .map((k) => map[k] ?? null)
          : [];
      },
    ],
    [
      'contains',
      (args) => {
        const [items, value] = args.all();
        return Array.isArray(items) && items.some((v) => JSON.stringify(v) === JSON.stringify(value));
      },
    ],
    [
      'zipmap',
      (args) => {
        const [ks, vs] = args.all();
        const out: Record<string, JsonValue> = {};
        if (Array.isArray(ks) && Array.isArray(vs))
          ks.forEach((k, i) => setOwn(out, String(k), vs[i] ?? null));
        return out;
      },
    ],
    [
      'substr',
      (args) => {
        const [text, offset, length] = args.all();
        return String(text ?? '').substr(Number(offset), Number(length) < 0 ? undefined : Number(length));
      },
    ],
    ['basename', (args) => basenamePath(String(args.at(0)))],
    ['dirname', (args) => dirnamePath(String(args.at(0)))],
    ['abspath', (args, context) => joinPath(context.rootDir, String(args.at(0)))],
    ['max', (args) => Math.max(...args.all().map(Number))],
    ['min', (args) => Math.min(...args.all().map(Number))],
    ['base64encode', (args) => btoa(String.fromCharCode(...new TextEncoder().encode(String(args.at(0)))))],
    ['range', range],
  ],
);
