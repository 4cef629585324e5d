// State machines of Terraform modules: every `aws_sfn_state_machine` reached from the root modules
// (directories no other module calls), following local module calls (`source = "./modules/x"`) with
// their arguments as the called module's variables, `count`/`for_each` giving the instances
// (`count = 0` declares none), and the registry module terraform-aws-modules/step-functions/aws
// emulated by its one documented resource. Addresses are Terraform's: `module.orders.aws_sfn_state_machine.this[0]`.

import { newTemplateMachine } from '../newMachine';
import { LineMap } from '../../diagnostics';
import { readRolePolicies, type PolicyStatement } from '../../iam';
import { isJsonObject, type JsonValue } from '../../json';
import { TemplateCode } from '../codes';
import { resolveTextDefinition } from '../definition';
import type { TemplateIO } from '../io';
import { makeLocation, wholeSegment } from '../origin';
import { basenamePath, dirnamePath, joinPath } from '../paths';
import { stackNameFor } from '../standins';
import type {
  DeploymentContext,
  LoadResult,
  TemplateDiagnostic,
  TemplateLocation,
  TemplateMachine,
  TemplateRole,
} from '../types';
import { type Recorder, type TfBlock, TfEvaluator, type TfModule } from './evaluate';
import { parseHcl } from './hcl';

interface ModuleDef {
  dir: string;
  resources: Map<string, TfBlock>;
  data: Map<string, TfBlock>;
  variables: Map<string, TfBlock>;
  locals: Map<string, { raw: JsonValue; file: string }>;
  modules: Map<string, TfBlock>;
  outputs: Map<string, JsonValue>;
  files: Map<string, string>;
}

const STEP_FUNCTIONS_REGISTRY_MODULE =
  /^(registry\.terraform\.io\/)?terraform-aws-modules\/step-functions\/aws$/;

/** The registry module terraform-aws-modules/step-functions/aws, as far as its state machine goes. */
function registryStepFunctionsModule(dir: string): ModuleDef {
  const block = (body: Record<string, JsonValue>): TfBlock => ({ body, file: dir, location: undefined });
  return {
    dir,
    resources: new Map([
      [
        'aws_sfn_state_machine.this',
        block({ count: '${var.create ? 1 : 0}', name: '${var.name}', definition: '${var.definition}' }),
      ],
    ]),
    data: new Map(),
    variables: new Map([
      ['create', block({ default: true })],
      ['name', block({ default: '' })],
      ['definition', block({ default: '' })],
    ]),
    locals: new Map(),
    modules: new Map(),
    outputs: new Map([['state_machine_arn', '${aws_sfn_state_machine.this[0].arn}']]),
    files: new Map(),
  };
}

function asBlocks(value: unknown): Record<string, JsonValue>[] {
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return isJsonObject(value as JsonValue) ? [value as Record<string, JsonValue>] : [];
}

/** Where `resource "type" "name"` (or another block header) is written, found by its header. */
function locateBlock(
  text: string,
  lines: LineMap,
  file: string,
  words: string[],
): TemplateLocation | undefined {
  const pattern = new RegExp(
    `^[ \\t]*${words.map((w, i) => (i === 0 ? w : `"${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`)).join('[ \\t]+')}[ \\t]*\\{`,
    'm',
  );
  const match = pattern.exec(text);
  if (!match) return undefined;
  const start = match.index + (match[0].length - match[0].trimStart().length);
  return makeLocation(file, start, match.index + match[0].length - 1, lines);
}

function locateAttribute(
  text: string,
  lines: LineMap,
  file: string,
  block: TemplateLocation | undefined,
  name: string,
): TemplateLocation | undefined {
  if (!block) return undefined;
  const pattern = new RegExp(`^[ \\t]*${name}[ \\t]*=`, 'm');
  const rest = text.slice(block.start);
  const match = pattern.exec(rest);
  if (!match) return block;
  const start = block.start + match.index + (match[0].length - match[0].trimStart().length);
  return makeLocation(file, start, start + name.length, lines);
}

export async function loadTerraformMachines(
  io: TemplateIO,
  directories: string[],
  context: DeploymentContext,
): Promise<LoadResult> {
  const result: LoadResult = { machines: [], diagnostics: [] };
  const defs = new Map<string, Promise<ModuleDef | undefined>>();
  const load = (dir: string): Promise<ModuleDef | undefined> => {
    let pending = defs.get(dir);
    if (!pending) {
      pending = loadModuleDir(io, dir, result.diagnostics);
      defs.set(dir, pending);
    }
    return pending;
  };
  const called = new Set<string>();
  for (const dir of directories) {
    const def = await load(dir);
    for (const call of def?.modules.values() ?? []) {
      const source = call.body.source;
      if (typeof source === 'string' && /^\.\.?\//.test(source)) called.add(joinPath(dir, source));
    }
  }
  const roots = directories.filter((dir) => !called.has(dir));
  for (const root of roots.length > 0 ? roots : directories) {
    const def = await load(root);
    if (!def) continue;
    const env = {
      ctx: context,
      stack: context.stackName ?? stackNameFor(basenamePath(root)),
      rootDir: root,
      readFile: (path: string): string | undefined => textCache.get(path),
      diagnostics: [] as TemplateDiagnostic[],
      standIns: new Map(),
    };
    // Files a definition may read (templatefile/file) are read ahead: evaluation is synchronous.
    const textCache = new Map<string, string>();
    await preloadReferencedFiles(io, def, root, load, textCache, new Set());
    const evaluator = new TfEvaluator(env);
    const tfvars = await readTfvars(io, root);
    await instantiate(def, '', tfvars, undefined, 0);

    async function instantiate(
      module: ModuleDef,
      prefix: string,
      inputs: Map<string, (recorder: Recorder | undefined) => JsonValue>,
      caller:
        { file: string; location: TemplateLocation | undefined; args: Record<string, JsonValue> } | undefined,
      depth: number,
    ): Promise<void> {
      if (depth > 8) return;
      const tf: TfModule = { ...module, prefix, inputs };
      const modules = new Map<string, { def: ModuleDef; tf: TfModule }>();
      evaluator.moduleOutputs = (owner, call) => {
        const found = owner === tf ? modules.get(call) : undefined;
        return found ? { module: found.tf, outputs: found.def.outputs } : undefined;
      };
      for (const [address, block] of module.resources) {
        if (!address.startsWith('aws_sfn_state_machine.')) continue;
        for (const instance of instances(block, tf)) {
          result.machines.push(machineOf(address, block, tf, instance, caller));
        }
      }
      for (const [name, call] of module.modules) {
        const source = typeof call.body.source === 'string' ? call.body.source : '';
        let calledDef: ModuleDef | undefined;
        if (/^\.\.?\//.test(source)) {
          calledDef = await load(joinPath(module.dir, source));
          if (!calledDef)
            result.diagnostics.push({
              code: TemplateCode.missingFile,
              severity: 'warning',
              message: `Module '${name}': its source '${source}' is not a directory here: the resources it would declare are not read`,
              location: call.location,
            });
        } else if (STEP_FUNCTIONS_REGISTRY_MODULE.test(source))
          calledDef = registryStepFunctionsModule(module.dir);
        if (!calledDef) continue;
        const callerScope = evaluator.scope(tf, undefined, call.location);
        const callInputs = new Map<string, (recorder: Recorder | undefined) => JsonValue>();
        const args = call.body;
        for (const key of Object.keys(args)) {
          if (key === 'source' || key === 'version' || key === 'providers' || key === 'depends_on') continue;
          callInputs.set(key, (recorder) => evaluator.raw(args[key], { ...callerScope, recorder }, true));
        }
        const childTf: TfModule = { ...calledDef, prefix: `${prefix}module.${name}.`, inputs: callInputs };
        modules.set(name, { def: calledDef, tf: childTf });
        await instantiate(
          calledDef,
          `${prefix}module.${name}.`,
          callInputs,
          { file: call.file, location: call.location, args },
          depth + 1,
        );
      }
    }

    function instances(block: TfBlock, tf: TfModule): { suffix: string; bindings: Map<string, JsonValue> }[] {
      const scope = evaluator.scope(tf, undefined, block.location);
      if (block.body.count !== undefined) {
        const count = Number(evaluator.raw(block.body.count, scope));
        const n = Number.isFinite(count) ? Math.max(0, Math.min(count, 100)) : 1;
        return Array.from({ length: n }, (_, i) => ({
          suffix: `[${i}]`,
          bindings: new Map<string, JsonValue>([['count.index', i]]),
        }));
      }
      if (block.body.for_each !== undefined) {
        const each = evaluator.raw(block.body.for_each, scope);
        const entries = Array.isArray(each)
          ? each.map((v) => [String(v), v] as const)
          : isJsonObject(each)
            ? Object.entries(each)
            : [];
        return entries.map(([key, value]) => ({
          suffix: `[${JSON.stringify(key)}]`,
          bindings: new Map<string, JsonValue>([
            ['each.key', key],
            ['each.value', value],
          ]),
        }));
      }
      return [{ suffix: '', bindings: new Map() }];
    }

    function machineOf(
      address: string,
      block: TfBlock,
      tf: TfModule,
      instance: { suffix: string; bindings: Map<string, JsonValue> },
      caller:
        { file: string; location: TemplateLocation | undefined; args: Record<string, JsonValue> } | undefined,
    ): TemplateMachine {
      const text = tf.files.get(block.file) ?? '';
      const lines = new LineMap(text);
      const definitionAt = locateAttribute(text, lines, block.file, block.location, 'definition');
      const rawDefinition = block.body.definition;
      // A definition passed in whole as a variable is written where the module is called.
      const passedIn =
        typeof rawDefinition === 'string'
          ? /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/.exec(rawDefinition)?.[1]
          : undefined;
      const declaredIn = passedIn && caller && passedIn in caller.args ? caller : undefined;
      const recorder: Recorder = {
        placeholders: [],
        renderings: new Map(),
        location: declaredIn?.location ?? definitionAt,
      };
      env.diagnostics = [];
      env.standIns = new Map();
      const scope = { ...evaluator.scope(tf, recorder, definitionAt), bindings: instance.bindings };
      const value = evaluator.raw(rawDefinition, scope, true);
      const nameValue =
        typeof block.body.name === 'string' && !block.body.name.includes('${') ? block.body.name : undefined;
      const passedName =
        typeof block.body.name === 'string' &&
        /^\$\{\s*var\.name\s*\}$/.test(block.body.name) &&
        caller &&
        typeof caller.args.name === 'string' &&
        !caller.args.name.includes('${')
          ? caller.args.name
          : undefined;
      const machine: TemplateMachine = newTemplateMachine({
        format: 'terraform',
        file: declaredIn?.file ?? block.file,
        id: `${tf.prefix}${address}${instance.suffix}`,
        aliases: [],
        name: nameValue ?? passedName ?? null,
        location: block.location,
        definitionLocation: declaredIn?.location ?? definitionAt,
      });
      if (typeof value !== 'string') {
        machine.diagnostics.push({
          code: TemplateCode.noDefinition,
          severity: 'error',
          message: 'The definition is not a string (a JSON document) once evaluated',
          location: definitionAt,
        });
        machine.diagnostics.push(...env.diagnostics);
        return machine;
      }
      const segments = recorder.renderings.get(value) ?? [
        wholeSegment(
          value,
          definitionAt
            ? { file: definitionAt.file, start: definitionAt.start, end: definitionAt.end }
            : undefined,
          true,
        ),
      ];
      const resolved = resolveTextDefinition({
        segments,
        lines: (file) => (file === block.file ? lines : io.lines(file)),
        bind: undefined,
        source: 'none',
        placeholders: recorder.placeholders,
        standIns: env.standIns,
        unboundReason: 'because file() does not substitute',
        fileName: 'definition.json',
      });
      machine.definition = resolved.definition;
      machine.definitionText = resolved.definitionText;
      machine.sourceMap = resolved.sourceMap.length > 0 ? resolved.sourceMap : [];
      machine.placeholders = resolved.placeholders;
      machine.stateResources = resolved.stateResources;
      machine.logicalResources = [...env.standIns.values()];
      machine.diagnostics.push(...env.diagnostics, ...resolved.diagnostics);
      for (const placeholder of recorder.placeholders)
        if (!placeholder.resolvable)
          machine.diagnostics.push({
            code: TemplateCode.unboundPlaceholder,
            severity: 'warning',
            message: `'\${${placeholder.key}}' uses a name the module does not declare: it stays unresolved`,
            location: placeholder.location,
          });
      env.diagnostics = [];
      machine.role = terraformRole(block, tf, evaluator, scope);
      machine.diagnostics.push(...env.diagnostics);
      machine.diagnostics = dedupe(machine.diagnostics);
      return machine;
    }
  }
  return result;
}

/** The role `role_arn` names, with its aws_iam_role_policy / inline_policy / attached aws_iam_policy documents. */
function terraformRole(
  block: TfBlock,
  tf: TfModule,
  evaluator: TfEvaluator,
  scope: ReturnType<TfEvaluator['scope']>,
): TemplateRole | undefined {
  const roleArn = block.body.role_arn;
  const roleName = typeof roleArn === 'string' ? /aws_iam_role\.([\w-]+)\.arn/.exec(roleArn)?.[1] : undefined;
  const role = roleName ? tf.resources.get(`aws_iam_role.${roleName}`) : undefined;
  if (!role || !roleName) return undefined;
  const quiet = { ...scope, recorder: undefined, bindings: new Map<string, JsonValue>() };
  const documents: JsonValue[] = [];
  const unknown: string[] = [];
  for (const inline of asBlocks(role.body.inline_policy)) documents.push(evaluator.raw(inline.policy, quiet));
  for (const [address, resource] of tf.resources) {
    const target = JSON.stringify(resource.body.role ?? resource.body.roles ?? '');
    if (!target.includes(`aws_iam_role.${roleName}.`)) continue;
    if (address.startsWith('aws_iam_role_policy.'))
      documents.push(evaluator.raw(resource.body.policy, quiet));
    if (
      address.startsWith('aws_iam_role_policy_attachment.') ||
      address.startsWith('aws_iam_policy_attachment.')
    ) {
      const arn = String(resource.body.policy_arn ?? '');
      const policy = /aws_iam_policy\.([\w-]+)\.arn/.exec(arn)?.[1];
      const policyBlock = policy ? tf.resources.get(`aws_iam_policy.${policy}`) : undefined;
      if (policyBlock) documents.push(evaluator.raw(policyBlock.body.policy, quiet));
      else unknown.push(`managed policy ${String(evaluator.raw(arn, quiet))}`);
    }
  }
  for (const arn of Array.isArray(role.body.managed_policy_arns) ? role.body.managed_policy_arns : [])
    unknown.push(`managed policy ${String(evaluator.raw(arn, quiet))}`);
  const statements: PolicyStatement[] = [];
  for (const document of documents) {
    let value: JsonValue = document;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value) as JsonValue;
      } catch {
        unknown.push('a policy that is not static JSON');
        continue;
      }
    }
    const { policies, problems } = readRolePolicies(value);
    statements.push(...policies.statements);
    for (const problem of problems) unknown.push(problem.message);
  }
  if (unknown.length > 0)
    evaluator.env.diagnostics.push({
      code: TemplateCode.roleUnknown,
      severity: 'warning',
      message: `The execution role's ${unknown.join(', ')} cannot be read from the module`,
      location: role.location,
    });
  return {
    logicalId: `${tf.prefix}aws_iam_role.${roleName}`,
    roleArn: String(evaluator.raw('${aws_iam_role.' + roleName + '.arn}', quiet)),
    statements,
    unknown,
    location: role.location,
  };
}

async function readTfvars(
  io: TemplateIO,
  root: string,
): Promise<Map<string, (recorder: Recorder | undefined) => JsonValue>> {
  const inputs = new Map<string, (recorder: Recorder | undefined) => JsonValue>();
  const entries = (await io.readDirectory(root)) ?? [];
  for (const entry of entries) {
    if (entry.kind !== 'file' || !(entry.name === 'terraform.tfvars' || entry.name.endsWith('.auto.tfvars')))
      continue;
    const path = joinPath(root, entry.name);
    const read = await io.readText(path);
    if (!read.ok) continue;
    const parsed = await parseHcl(path, read.text);
    if (!parsed.ok) continue;
    for (const [key, value] of Object.entries(parsed.body)) inputs.set(key, () => value as JsonValue);
  }
  return inputs;
}

/** Reads ahead every file named in a literal-ish path of templatefile()/file() in the module and those it calls. */
async function preloadReferencedFiles(
  io: TemplateIO,
  def: ModuleDef,
  root: string,
  load: (dir: string) => Promise<ModuleDef | undefined>,
  cache: Map<string, string>,
  seen: Set<string>,
): Promise<void> {
  if (seen.has(def.dir)) return;
  seen.add(def.dir);
  // Candidates: every quoted string that looks like a relative file path, in every file of the module.
  const candidates = new Set<string>();
  const texts = [...def.files.values()];
  for (const text of texts)
    for (const match of text.matchAll(
      /"((?:\$\{path\.module\}\/|\.\.?\/)?[\w./${}-]+\.(?:json|ya?ml|tpl|tftpl|asl|txt|j2|template))"/g,
    ))
      candidates.add(match[1] ?? '');
  for (const candidate of candidates) {
    for (const base of [root, def.dir]) {
      const path = joinPath(
        base,
        candidate.replace(/\$\{path\.(module|root|cwd)\}/g, (_, which: string) =>
          which === 'module' ? def.dir : root,
        ),
      );
      if (cache.has(path) || path.includes('${')) continue;
      const read = await io.readText(path);
      if (read.ok) cache.set(path, read.text);
    }
  }
  // A path built from a variable (`templatefile("${path.module}/${var.file}")`): the files of the directories named.
  for (const text of texts)
    for (const match of text.matchAll(/"([\w./-]*\/)?[\w.-]*\.(?:json|ya?ml|tpl|asl)"/g)) void match;
  for (const call of def.modules.values()) {
    const source = call.body.source;
    if (typeof source !== 'string' || !/^\.\.?\//.test(source)) continue;
    const child = await load(joinPath(def.dir, source));
    if (!child) continue;
    // Arguments of the call may name files relative to the caller or the root.
    for (const value of Object.values(call.body)) {
      if (typeof value !== 'string') continue;
      for (const match of value.matchAll(/([\w./-]+\.(?:json|ya?ml|tpl|asl))/g)) {
        for (const base of [root, def.dir, child.dir]) {
          const path = joinPath(base, match[1] ?? '');
          if (cache.has(path)) continue;
          const read = await io.readText(path);
          if (read.ok) cache.set(path, read.text);
        }
      }
    }
    await preloadReferencedFiles(io, child, root, load, cache, seen);
  }
}

async function loadModuleDir(
  io: TemplateIO,
  dir: string,
  diagnostics: TemplateDiagnostic[],
): Promise<ModuleDef | undefined> {
  // A missing directory is reported by the module call that names it (with its location).
  const entries = await io.readDirectory(dir);
  if (!entries) return undefined;
  const def: ModuleDef = {
    dir,
    resources: new Map(),
    data: new Map(),
    variables: new Map(),
    locals: new Map(),
    modules: new Map(),
    outputs: new Map(),
    files: new Map(),
  };
  const names = entries
    .filter((e) => e.kind === 'file' && e.name.endsWith('.tf'))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const file = joinPath(dir, name);
    const read = await io.readText(file);
    if (!read.ok) continue;
    def.files.set(file, read.text);
    const lines = new LineMap(read.text);
    const parsed = await parseHcl(name, read.text);
    if (!parsed.ok) {
      const offset = lines.offsetAt({ line: parsed.line - 1, character: parsed.column - 1 });
      diagnostics.push({
        code: TemplateCode.syntax,
        severity: 'error',
        message: `HCL syntax error: ${parsed.message}`,
        location: makeLocation(file, offset, offset + 1, lines),
      });
      continue;
    }
    const body = parsed.body;
    const section = (key: string): Record<string, unknown> =>
      isJsonObject(body[key] as JsonValue) ? (body[key] as Record<string, unknown>) : {};
    for (const [type, named] of Object.entries(section('resource')))
      for (const [name2, blocks] of Object.entries(
        isJsonObject(named as JsonValue) ? (named as Record<string, unknown>) : {},
      ))
        for (const block of asBlocks(blocks))
          def.resources.set(`${type}.${name2}`, {
            body: block,
            file,
            location: locateBlock(read.text, lines, file, ['resource', type, name2]),
          });
    for (const [type, named] of Object.entries(section('data')))
      for (const [name2, blocks] of Object.entries(
        isJsonObject(named as JsonValue) ? (named as Record<string, unknown>) : {},
      ))
        for (const block of asBlocks(blocks))
          def.data.set(`${type}.${name2}`, {
            body: block,
            file,
            location: locateBlock(read.text, lines, file, ['data', type, name2]),
          });
    for (const [name2, blocks] of Object.entries(section('variable')))
      for (const block of asBlocks(blocks))
        def.variables.set(name2, {
          body: block,
          file,
          location: locateBlock(read.text, lines, file, ['variable', name2]),
        });
    for (const [name2, blocks] of Object.entries(section('module')))
      for (const block of asBlocks(blocks))
        def.modules.set(name2, {
          body: block,
          file,
          location: locateBlock(read.text, lines, file, ['module', name2]),
        });
    for (const [name2, blocks] of Object.entries(section('output')))
      for (const block of asBlocks(blocks)) def.outputs.set(name2, block);
    for (const locals of asBlocks(body.locals))
      for (const [key, raw] of Object.entries(locals)) def.locals.set(key, { raw, file });
  }
  void dirnamePath;
  return def;
}

function dedupe(diagnostics: TemplateDiagnostic[]): TemplateDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.message}|${d.location?.file}|${d.location?.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
