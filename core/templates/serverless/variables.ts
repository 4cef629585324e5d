// Serverless Framework variables: `${self:a.b}`, `${opt:stage, 'dev'}`, `${sls:stage}`, `${aws:region}`,
// `${env:X, fallback}`, `${file(x.yml)}` and `${file(x.yml):a.b}`, nested ones resolved innermost
// first. A value that exists only outside the files (env, ssm, cf, s3, param) takes its fallback when
// it has one, else a stand-in, and is reported. CloudFormation's own `${AWS::Region}` (inside Fn::Sub)
// is not a serverless variable and is left alone.

import { isJsonObject, type JsonValue } from '../../json';
import { astToValue } from '../../parse';
import { findPlaceholders } from '../placeholders';
import type { DeploymentContext } from '../types';

/** Sources the framework resolves; anything else in `${...}` belongs to CloudFormation. */
const SOURCE = /^\s*(self:|opt:|sls:|env:|aws:|cf:|cf\.[\w-]+:|ssm:|s3:|param:|file\(|strToBool\(|git:)/;

export function isServerlessVariable(key: string): boolean {
  return SOURCE.test(key);
}

export interface VariableContext {
  /** The whole configuration as written (includes not yet inlined), for self: lookups. */
  config: () => JsonValue;
  context: DeploymentContext;
  /** Reads `file(path)` relative to the service directory, parsed; undefined when missing. */
  readFile: (path: string) => JsonValue | undefined;
  /** Called for each value that could not be known from the files. */
  unresolved: (key: string, why: string) => void;
}

export interface ResolvedVariable {
  value: JsonValue;
  /** False when the value is a stand-in or fallback for something only known outside the files. */
  known: boolean;
}

function splitFallback(key: string): { address: string; fallbacks: string[] } {
  // Split on commas outside quotes and parentheses.
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < key.length; i++) {
    const ch = key[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(key.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(key.slice(start));
  return { address: (parts[0] ?? '').trim(), fallbacks: parts.slice(1).map((p) => p.trim()) };
}

function lookup(value: JsonValue | undefined, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = value;
  for (const step of path.split('.').filter((s) => s !== '')) {
    if (Array.isArray(node) && /^\d+$/.test(step)) node = node[Number(step)];
    else if (isJsonObject(node) && Object.prototype.hasOwnProperty.call(node, step)) node = node[step];
    else return undefined;
  }
  return node;
}

export class ServerlessResolver {
  private depth = 0;

  constructor(private readonly vars: VariableContext) {}

  private stage(): string {
    const config = this.vars.config();
    const provider = isJsonObject(config) && isJsonObject(config.provider) ? config.provider : {};
    if (this.vars.context.stage) return this.vars.context.stage;
    const declared = provider.stage;
    if (typeof declared === 'string' && !declared.includes('${')) return declared;
    if (typeof declared === 'string') {
      const inner = findPlaceholders(declared)[0];
      const fallback = inner ? splitFallback(inner.key).fallbacks[0] : undefined;
      if (fallback && /^['"]/.test(fallback)) return fallback.slice(1, -1);
    }
    return 'dev';
  }

  private region(): string {
    const config = this.vars.config();
    const provider = isJsonObject(config) && isJsonObject(config.provider) ? config.provider : {};
    return typeof provider.region === 'string' && !provider.region.includes('${')
      ? provider.region
      : this.vars.context.region;
  }

  /** The value of one variable (the text between `${` and `}`), or undefined when it has none. */
  resolve(key: string): ResolvedVariable | undefined {
    if (++this.depth > 32) {
      this.depth--;
      return undefined;
    }
    try {
      // Inner variables first: ${self:custom.${opt:stage}}.
      const inner = findPlaceholders(key);
      if (inner.length > 0) key = this.interpolate(key).text;
      const { address, fallbacks } = splitFallback(key);
      const direct = this.source(address);
      if (direct !== undefined) return direct;
      for (const fallback of fallbacks) {
        if (/^'.*'$|^".*"$/.test(fallback)) return { value: fallback.slice(1, -1), known: true };
        if (/^-?\d+(\.\d+)?$/.test(fallback)) return { value: Number(fallback), known: true };
        if (fallback === 'true' || fallback === 'false') return { value: fallback === 'true', known: true };
        if (fallback === 'null') return { value: null, known: true };
        const chained = this.source(fallback);
        if (chained !== undefined) return chained;
      }
      return undefined;
    } finally {
      this.depth--;
    }
  }

  private source(address: string): ResolvedVariable | undefined {
    const config = this.vars.config();
    if (address.startsWith('self:')) {
      const path = address.slice(5);
      if (path === 'provider.stage') return { value: this.stage(), known: true };
      if (path === 'provider.region') return { value: this.region(), known: true };
      const found = lookup(config, path);
      if (found === undefined) return undefined;
      return { value: this.deep(found), known: true };
    }
    if (address === 'opt:stage' || address === 'sls:stage') return { value: this.stage(), known: true };
    if (address === 'opt:region') return { value: this.region(), known: true };
    if (address === 'aws:region') return { value: this.region(), known: true };
    if (address === 'aws:accountId') return { value: this.vars.context.accountId, known: true };
    if (address === 'sls:instanceId') return { value: '0000000000', known: true };
    const file = /^file\(\s*([^)]+?)\s*\)(?::(.*))?$/.exec(address);
    if (file) {
      const content = this.vars.readFile((file[1] ?? '').replace(/^['"]|['"]$/g, ''));
      if (content === undefined) return undefined;
      const picked = file[2] ? lookup(content, file[2].trim()) : content;
      return picked === undefined ? undefined : { value: this.deep(picked), known: true };
    }
    return undefined;
  }

  /** Variables inside an included value, resolved where they stand. */
  deep(value: JsonValue, depth = 0): JsonValue {
    if (depth > 64) return value;
    if (typeof value === 'string') return this.interpolate(value).value;
    if (Array.isArray(value)) return value.map((item) => this.deep(item, depth + 1));
    if (isJsonObject(value)) {
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(value))
        Object.defineProperty(out, key, {
          value: this.deep(value[key] as JsonValue, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
    return value;
  }

  /**
   * A string with its serverless variables resolved: a whole-value variable gives its value (an
   * object, a number...), partial ones are spliced in as text. Unknown ones stay as written, reported.
   */
  interpolate(text: string): { value: JsonValue; text: string } {
    const matches = findPlaceholders(text).filter((m) => !m.escaped && isServerlessVariable(m.key));
    if (matches.length === 0) return { value: text, text };
    let out = '';
    let cursor = 0;
    for (const match of matches) {
      const resolved = this.resolve(match.key);
      if (!resolved) this.vars.unresolved(match.key, 'nothing in the files gives it a value');
      const value = resolved?.value ?? text.slice(match.start, match.end);
      if (matches.length === 1 && match.start === 0 && match.end === text.length)
        return { value, text: stringify(value) };
      out += text.slice(cursor, match.start) + stringify(value);
      cursor = match.end;
    }
    out += text.slice(cursor);
    return { value: out, text: out };
  }
}

function stringify(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Whether the framework can give `${key}` a value from the files (the corpus's resolvability rule). */
export function isResolvableVariable(key: string, resolver: ServerlessResolver): boolean {
  const { address, fallbacks } = splitFallback(key);
  if (fallbacks.some((f) => /^'.*'$|^".*"$|^-?\d/.test(f))) return true;
  if (/^(opt:stage|opt:region|sls:|aws:region|aws:accountId)/.test(address)) return true;
  if (/^(env:|ssm:|cf:|cf\.|s3:|param:|opt:)/.test(address)) return false;
  return resolver.resolve(key) !== undefined;
}

export { astToValue };
