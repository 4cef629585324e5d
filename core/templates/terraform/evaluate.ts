// Evaluates HCL expressions of a Terraform module statically: variables (module-call arguments, then
// tfvars, then defaults), locals, path.module, count/each, the functions definitions are built with
// (templatefile, file, jsonencode, format, replace, merge, lookup, ...), data sources whose value is
// known (caller identity, region, partition, template_file, aws_iam_policy_document), and resource
// attributes as stand-ins (the functions are in functions.ts, value semantics in values.ts). While a definition is evaluated, each `${...}` it writes is recorded as a
// placeholder, with whether the module binds it.

import { isJsonObject, type JsonValue } from '../../json';
import { TemplateCode } from '../codes';
import { type Segment, wholeSegment } from '../origin';
import { joinPath } from '../paths';
import type {
  DeploymentContext,
  LogicalResourceValue,
  TemplateDiagnostic,
  TemplateLocation,
  TemplatePlaceholder,
} from '../types';
import { type Expr, ParseFailure, type TemplatePart, parseExpression, parseTemplate } from './expression';
import { TERRAFORM_FUNCTIONS, type CallArguments } from './functions';
import { rootNames } from './references';
import { policyDocument, resourceValue } from './resources';
import { mapTemplateSegments } from './templateSegments';
import { binary, setOwn, truthy } from './values';

/** One block of a module, as hcl2json gives it, with the file it is in. */
export interface TfBlock {
  body: Record<string, JsonValue>;
  file: string;
  location: TemplateLocation | undefined;
}

export interface TfModule {
  dir: string;
  /** `module.a.module.b.` for resources inside called modules; '' at the root. */
  prefix: string;
  resources: Map<string, TfBlock>;
  data: Map<string, TfBlock>;
  variables: Map<string, TfBlock>;
  locals: Map<string, { raw: JsonValue; file: string }>;
  modules: Map<string, TfBlock>;
  /** Values given by the calling module (evaluated in its scope, recording placeholders when the reader does) or tfvars. */
  inputs: Map<string, (recorder: Recorder | undefined) => JsonValue>;
  files: Map<string, string>;
}

export interface Recorder {
  placeholders: TemplatePlaceholder[];
  /** Rendered texts (templatefile, file, heredocs) and the pieces they came from. */
  renderings: Map<string, Segment[]>;
  location: TemplateLocation | undefined;
}

export interface TfEnv {
  ctx: DeploymentContext;
  stack: string;
  rootDir: string;
  readFile: (path: string) => string | undefined;
  diagnostics: TemplateDiagnostic[];
  standIns: Map<string, LogicalResourceValue>;
}

export interface Scope {
  module: TfModule;
  env: TfEnv;
  bindings: Map<string, JsonValue>;
  recorder: Recorder | undefined;
  depth: number;
  /** Where the expression being evaluated is written, for diagnostics. */
  at: TemplateLocation | undefined;
  /** Set when a missing value only changes a stand-in (a resource's name): noted here, not reported. */
  soft?: { missing: boolean };
}

const MAX_DEPTH = 64;

export class TfEvaluator {
  constructor(readonly env: TfEnv) {}

  scope(module: TfModule, recorder?: Recorder, at?: TemplateLocation): Scope {
    return { module, env: this.env, bindings: new Map(), recorder, depth: 0, at };
  }

  report(scope: Scope, code: string, severity: TemplateDiagnostic['severity'], message: string): void {
    const key = `${code}|${message}`;
    if (this.env.diagnostics.some((d) => `${d.code}|${d.message}` === key)) return;
    this.env.diagnostics.push({ code, severity, message, location: scope.at });
  }

  /** A value as hcl2json gives it: strings are templates (`${...}` expressions, `$${` escapes), the rest JSON. */
  raw(raw: JsonValue | undefined, scope: Scope, definitionText = false): JsonValue {
    if (raw === undefined) return null;
    if (scope.depth > MAX_DEPTH) return null;
    if (typeof raw === 'string') {
      const parts = parseTemplate(raw, false);
      if (parts instanceof ParseFailure) {
        this.report(
          scope,
          TemplateCode.badExpression,
          'error',
          `Cannot read the expression '${raw.slice(0, 60)}': ${parts.message}`,
        );
        return raw;
      }
      const only = parts.length === 1 ? parts[0] : undefined;
      if (only?.kind === 'interp') return this.expr(only.expr, scope);
      return this.render(parts, { ...scope, recorder: definitionText ? scope.recorder : undefined }, 'hcl');
    }
    if (Array.isArray(raw)) return raw.map((item) => this.raw(item, scope, definitionText));
    if (isJsonObject(raw)) {
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(raw)) setOwn(out, key, this.raw(raw[key], scope, definitionText));
      return out;
    }
    return raw;
  }

  /** Renders template parts; with a recorder, each interpolation is recorded as a placeholder. */
  render(
    parts: TemplatePart[],
    scope: Scope,
    kind: 'hcl' | 'templatefile',
    vars?: Set<string>,
    segments?: Segment[],
  ): string {
    let out = '';
    for (const part of parts) {
      if (part.kind === 'text') {
        out += part.text;
        segments?.push({ text: part.text, source: undefined, mapping: { kind: 'whole' } });
      } else if (part.kind === 'interp') {
        const value = this.expr(part.expr, {
          ...scope,
          recorder: kind === 'hcl' ? scope.recorder : undefined,
        });
        const text = typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);
        if (scope.recorder) {
          const roots = rootNames(part.expr);
          const resolvable =
            kind === 'templatefile'
              ? roots.every((r) => vars?.has(r))
              : roots.every((r) => this.declared(scope, r));
          scope.recorder.placeholders.push({
            key: part.source,
            source: 'terraform',
            resolvable,
            value: text,
            location: scope.recorder.location,
          });
        }
        out += text;
        segments?.push(wholeSegment(text, undefined, true));
      } else if (part.kind === 'if') {
        const chosen = truthy(this.expr(part.test, scope)) ? part.then : part.else;
        out += this.render(chosen, scope, kind, vars, segments);
      } else {
        const collection = this.expr(part.collection, scope);
        const entries = Array.isArray(collection)
          ? collection.map((v, i) => [i, v] as const)
          : isJsonObject(collection)
            ? Object.entries(collection)
            : [];
        for (const [key, value] of entries) {
          const bindings = new Map(scope.bindings);
          bindings.set(part.valueVar, value);
          if (part.keyVar) bindings.set(part.keyVar, key);
          out += this.render(part.body, { ...scope, bindings }, kind, vars, segments);
        }
      }
    }
    return out;
  }

  /** Whether a root name (`var.x`, `aws_lambda_function.f`, `local.y`...) is declared in the module. */
  private declared(scope: Scope, root: string): boolean {
    const [head, name, third] = root.split('.');
    const module = scope.module;
    if (scope.bindings.has(head ?? '')) return true;
    switch (head) {
      case 'var':
        return module.variables.has(name ?? '');
      case 'local':
        return module.locals.has(name ?? '');
      case 'module':
        return module.modules.has(name ?? '');
      case 'data':
        return module.data.has(`${name}.${third}`);
      case 'path':
      case 'count':
      case 'each':
      case 'self':
      case 'terraform':
        return true;
      default:
        return module.resources.has(`${head}.${name}`);
    }
  }

  expr(expr: Expr, scope: Scope): JsonValue {
    if (scope.depth > MAX_DEPTH) return null;
    const inner: Scope = { ...scope, depth: scope.depth + 1 };
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'template':
        return this.render(expr.parts, inner, 'hcl');
      case 'tuple':
        return expr.items.map((item) => this.expr(item, inner));
      case 'object': {
        const out: Record<string, JsonValue> = {};
        for (const entry of expr.entries) {
          const key = this.expr(entry.key, { ...inner, recorder: undefined });
          setOwn(out, typeof key === 'string' ? key : JSON.stringify(key), this.expr(entry.value, inner));
        }
        return out;
      }
      case 'conditional':
        return truthy(this.expr(expr.test, { ...inner, recorder: undefined }))
          ? this.expr(expr.then, inner)
          : this.expr(expr.else, inner);
      case 'unary': {
        const value = this.expr(expr.operand, inner);
        return expr.op === '!' ? !truthy(value) : -Number(value);
      }
      case 'binary':
        return binary(expr.op, this.expr(expr.left, inner), this.expr(expr.right, inner));
      case 'call':
        return this.call(expr, inner);
      case 'for':
        return this.forExpr(expr, inner);
      case 'splat': {
        const target = this.expr(expr.target, inner);
        return Array.isArray(target) ? target : target === null ? [] : [target];
      }
      case 'variable':
      case 'attr':
      case 'index':
        return this.reference(expr, inner);
    }
  }

  private forExpr(expr: Extract<Expr, { kind: 'for' }>, scope: Scope): JsonValue {
    const collection = this.expr(expr.collection, { ...scope, recorder: undefined });
    const entries = Array.isArray(collection)
      ? collection.map((v, i) => [i, v] as const)
      : isJsonObject(collection)
        ? Object.entries(collection)
        : [];
    const list: JsonValue[] = [];
    const object: Record<string, JsonValue> = {};
    for (const [key, value] of entries) {
      const bindings = new Map(scope.bindings);
      bindings.set(expr.valueVar, value);
      if (expr.keyVar) bindings.set(expr.keyVar, key);
      const inner = { ...scope, bindings };
      if (expr.cond && !truthy(this.expr(expr.cond, inner))) continue;
      if (expr.object && expr.keyExpr)
        setOwn(object, String(this.expr(expr.keyExpr, inner)), this.expr(expr.valueExpr, inner));
      else list.push(this.expr(expr.valueExpr, inner));
    }
    return expr.object ? object : list;
  }

  /** A reference: the path of names and indexes from a root name. */
  private reference(expr: Expr, scope: Scope): JsonValue {
    const steps: (string | number | Expr)[] = [];
    let node: Expr = expr;
    while (node.kind === 'attr' || node.kind === 'index') {
      steps.unshift(node.kind === 'attr' ? node.name : node.index);
      node = node.target;
    }
    if (node.kind !== 'variable') {
      // An attribute or index of a computed value: `jsondecode(x).a`, `[1,2][0]`.
      return this.walk(this.expr(node, scope), steps, scope);
    }
    const head = node.name;
    const key = (step: string | number | Expr): string | number => {
      if (typeof step !== 'object') return step;
      const value = this.expr(step, { ...scope, recorder: undefined });
      return typeof value === 'number' ? value : String(value);
    };
    if (scope.bindings.has(head)) return this.walk(scope.bindings.get(head) ?? null, steps, scope);
    const module = scope.module;
    const name = steps.length > 0 ? key(steps[0] as string | number | Expr) : undefined;
    const rest = steps.slice(1);
    switch (head) {
      case 'var': {
        const input = module.inputs.get(String(name));
        if (input) return this.walk(input(scope.recorder), rest, scope);
        const variable = module.variables.get(String(name));
        if (variable && 'default' in variable.body)
          return this.walk(this.raw(variable.body.default, { ...scope, recorder: undefined }), rest, scope);
        if (scope.soft) {
          scope.soft.missing = true;
          return `var.${String(name)}`;
        }
        if (variable && module.prefix === '') {
          // A root module's variable is given when Terraform runs (-var, TF_VAR_, a prompt): its name stands in.
          this.env.diagnostics.push({
            code: TemplateCode.rootVariable,
            severity: 'warning',
            message: `Variable '${String(name)}' has no default: Terraform asks for it at plan time; 'var.${String(name)}' stands in (give it a value in terraform.tfvars)`,
            location: variable.location,
          });
          return `var.${String(name)}`;
        }
        this.env.diagnostics.push({
          code: TemplateCode.variableWithoutValue,
          severity: 'error',
          message: variable
            ? `Variable '${String(name)}' has no default and no value (no module argument, no .tfvars): give it one`
            : `'var.${String(name)}' is not declared in ${module.dir}`,
          location: variable?.location ?? scope.at,
        });
        return `var.${String(name)}`;
      }
      case 'local': {
        const local = module.locals.get(String(name));
        if (!local) {
          this.report(
            scope,
            TemplateCode.unknownReference,
            'error',
            `'local.${String(name)}' is not declared in ${module.dir}`,
          );
          return null;
        }
        return this.walk(this.raw(local.raw, scope, true), rest, scope);
      }
      case 'path': {
        if (name === 'module') return module.dir;
        return this.env.rootDir;
      }
      case 'count':
      case 'each':
        return this.walk(scope.bindings.get(`${head}.${String(name)}`) ?? null, rest, scope);
      case 'module': {
        const output = String(key(rest[0] ?? ''));
        return this.moduleOutput(module, String(name), output, scope);
      }
      case 'data':
        return this.dataValue(String(name), String(key(rest[0] ?? '')), rest.slice(1), scope);
      case 'terraform':
        return name === 'workspace' ? 'default' : null;
      default:
        return resourceValue(this, head, String(name), rest, scope);
    }
  }

  private walk(value: JsonValue, steps: (string | number | Expr)[], scope: Scope): JsonValue {
    let current: JsonValue = value;
    for (const step of steps) {
      const key = typeof step === 'object' ? this.expr(step, { ...scope, recorder: undefined }) : step;
      if (Array.isArray(current)) current = current[Number(key)] ?? null;
      else if (isJsonObject(current))
        current = Object.prototype.hasOwnProperty.call(current, String(key))
          ? (current[String(key)] ?? null)
          : null;
      else return current;
    }
    return current;
  }

  /** A module's output: evaluated in the called module when it is loaded, else a stand-in. */
  moduleOutputs: (
    module: TfModule,
    call: string,
  ) => { module: TfModule; outputs: Map<string, JsonValue> } | undefined = () => undefined;

  private moduleOutput(module: TfModule, call: string, output: string, scope: Scope): JsonValue {
    const called = this.moduleOutputs(module, call);
    const raw = called?.outputs.get(output);
    if (called && raw !== undefined) {
      const value = isJsonObject(raw) && 'value' in raw ? raw.value : raw;
      return this.raw(value, { ...scope, module: called.module, bindings: new Map(), recorder: undefined });
    }
    const value = `${module.prefix}module.${call}.${output}`;
    this.record(value, `module.${call}`, undefined, output);
    return value;
  }

  private dataValue(type: string, name: string, steps: (string | number | Expr)[], scope: Scope): JsonValue {
    const attribute = String(typeof steps[0] === 'object' ? '' : (steps[0] ?? ''));
    const ctx = this.env.ctx;
    if (type === 'aws_caller_identity')
      return attribute === 'account_id' ? ctx.accountId : `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
    if (type === 'aws_region') return ctx.region;
    if (type === 'aws_partition') return attribute === 'dns_suffix' ? 'amazonaws.com' : ctx.partition;
    const block = scope.module.data.get(`${type}.${name}`);
    if (type === 'template_file' && block) {
      const template = this.raw(block.body.template, { ...scope, recorder: undefined });
      const varsRaw = block.body.vars;
      const vars = isJsonObject(this.raw(varsRaw ?? {}, { ...scope, recorder: undefined }))
        ? (this.raw(varsRaw ?? {}, { ...scope, recorder: undefined }) as Record<string, JsonValue>)
        : {};
      return this.renderTemplateText(String(template ?? ''), vars, scope, undefined);
    }
    if (type === 'aws_iam_policy_document' && block)
      return JSON.stringify(policyDocument(this, block, scope));
    const value = `data.${type}.${name}.${attribute}`;
    this.report(
      scope,
      TemplateCode.unresolvable,
      'warning',
      `data.${type}.${name} is only known when Terraform runs: '${value}' stands in for it`,
    );
    return value;
  }

  /** Notes that `value` stands in for a resource's attribute (a placeholder's value names what it stands for). */
  record(value: string, logicalId: string, type: string | undefined, attribute: string): void {
    if (!this.env.standIns.has(value))
      this.env.standIns.set(value, { value, logicalId, resourceType: type, attribute });
  }

  /** A template file's text rendered with `vars` (templatefile / template_file), recording its interpolations. */
  renderTemplateText(
    text: string,
    vars: Record<string, JsonValue>,
    scope: Scope,
    file: string | undefined,
  ): string {
    const parts = parseTemplate(text, false);
    if (parts instanceof ParseFailure) {
      this.report(
        scope,
        TemplateCode.badExpression,
        'error',
        `Cannot read the template${file ? ` ${file}` : ''}: ${parts.message}`,
      );
      return text;
    }
    const bindings = new Map<string, JsonValue>(Object.entries(vars));
    const templateScope: Scope = {
      ...scope,
      bindings,
      module: {
        ...scope.module,
        variables: new Map(),
        locals: new Map(),
        resources: new Map(),
        data: new Map(),
        modules: new Map(),
        inputs: new Map(),
      },
    };
    const segments: Segment[] = [];
    const rendered = this.render(parts, templateScope, 'templatefile', new Set(Object.keys(vars)), segments);
    if (scope.recorder && file !== undefined)
      scope.recorder.renderings.set(rendered, mapTemplateSegments(parts, segments, file));
    return rendered;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): JsonValue {
    const name = expr.name.replace(/^provider::[^:]+::/, '');
    const quiet = { ...scope, recorder: undefined };
    const args: CallArguments = {
      at: (i, recorded = false) => {
        const a = expr.args[i];
        return a ? this.expr(a, recorded ? scope : quiet) : null;
      },
      all: () => {
        const values = expr.args.map((a) => this.expr(a, quiet));
        if (expr.expand && Array.isArray(values[values.length - 1]))
          return [...values.slice(0, -1), ...(values[values.length - 1] as JsonValue[])];
        return values;
      },
      recorded: () => expr.args.map((a) => this.expr(a, scope)),
    };
    switch (name) {
      case 'templatefile': {
        const path = this.resolvePath(String(args.at(0)), scope);
        const text = this.readFile(path, scope);
        if (text === undefined) return '';
        const vars = args.at(1);
        return this.renderTemplateText(text, isJsonObject(vars) ? vars : {}, scope, path);
      }
      case 'file': {
        const path = this.resolvePath(String(args.at(0)), scope);
        const text = this.readFile(path, scope);
        if (text === undefined) return '';
        // file() substitutes nothing: its `${...}` are listed (never bound) when the text is bound and parsed.
        if (scope.recorder)
          scope.recorder.renderings.set(text, [
            { text, source: { file: path, start: 0, end: text.length }, mapping: { kind: 'exact' } },
          ]);
        return text;
      }
      case 'fileexists':
        return this.env.readFile(this.resolvePath(String(args.at(0)), scope)) !== undefined;
    }
    const evaluate = TERRAFORM_FUNCTIONS.get(name);
    if (evaluate)
      return evaluate(args, {
        rootDir: this.env.rootDir,
        badArgument: (message) => this.report(scope, TemplateCode.badExpression, 'error', message),
      });
    this.report(
      scope,
      TemplateCode.unresolvable,
      'warning',
      `The function ${name}() is not evaluated here: its value is left out`,
    );
    return null;
  }

  /** A path as Terraform reads it: relative to the working directory (the root module). */
  private resolvePath(path: string, scope: Scope): string {
    void scope;
    return joinPath(this.env.rootDir, path);
  }

  private readFile(path: string, scope: Scope): string | undefined {
    const text = this.env.readFile(path);
    if (text === undefined)
      this.env.diagnostics.push({
        code: TemplateCode.missingFile,
        severity: 'error',
        message: `The file '${path}' read by the definition does not exist or cannot be read`,
        location: scope.at,
      });
    return text;
  }
}

export { parseExpression, rootNames };
