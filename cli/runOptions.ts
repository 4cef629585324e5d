// What `run` (and `graph --input`) read to run a machine, with the same names, shapes and meanings
// as a test file's keys: the definition (refused when AWS would reject it, unless --no-validate),
// input (any JSON), mocks (keyed by the one rule of core/mocks/keys.ts), role, item-reader data and
// substitutions. Every problem is a StepthroughError naming the file.

// Imports name core's modules, not its index: this file is in `run`'s bundle chunk (start-up time).
import { StepthroughError } from '../core/errors';
import { createTaskAuthorizer, readRolePolicies } from '../core/iam';
import { walkStates } from '../core/model';
import type { ExecuteOptions } from '../core/interpreter';
import { isJsonObject, type JsonObject, type JsonValue } from '../core/json';
import { isMockConfigFile, mockConfigFile, simpleMocks, type MockSource } from '../core/mocks';
import { unknownMockKeys, type LogicalIds } from '../core/mocks/keys';
import type { TemplateMachine } from '../core/templates';
import { loadRunnableDefinition } from '../core/validate/beforeRun';
import { readDataFile } from '../host/dataFiles';
import type { TextStream } from '../host/files';
import { parseJsonArgument } from './arguments';
import { machineFiles, templateRoleOf } from '../host/machineSource';
import type { CommandContext } from './context';

function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' ? value : undefined;
}

function listOption(ctx: CommandContext, name: string): string[] {
  const value = ctx.values[name];
  if (value === undefined || typeof value === 'boolean') return [];
  return typeof value === 'string' ? [value] : value;
}

/** The state machine file, parsed; refused (DefinitionError) when AWS would reject it, unless --no-validate. */
export function loadMachine(ctx: CommandContext, file: string): JsonObject {
  return loadRunnableDefinition(ctx.files.readText(file, { kind: 'definition' }), file, {
    validate: ctx.values['no-validate'] !== true,
  });
}

/** --input FILE or --input-json TEXT: any JSON value (AWS accepts any), `{}` when neither is given. */
export function loadInput(ctx: CommandContext): JsonValue {
  const file = stringOption(ctx, 'input');
  const json = stringOption(ctx, 'input-json');
  if (file !== undefined && json !== undefined)
    throw new StepthroughError('E_USAGE', 'Give either --input or --input-json, not both.');
  if (file !== undefined) return readDataFile(ctx.files, file, { kind: 'input' });
  if (json !== undefined) return parseJsonArgument(json, '--input-json');
  return {};
}

/** --mocks FILE (the simple form, keys checked against the machine) or --mock-config FILE --test-case NAME. */
export function loadMocks(
  ctx: CommandContext,
  definition: JsonObject,
  smName: string,
  logicalIds?: LogicalIds,
): MockSource | undefined {
  const mocks = stringOption(ctx, 'mocks');
  const config = stringOption(ctx, 'mock-config');
  if (mocks !== undefined && config !== undefined)
    throw new StepthroughError('E_USAGE', 'Give either --mocks or --mock-config, not both.');
  if (mocks !== undefined) {
    const spec = readDataFile(ctx.files, mocks, { kind: 'mock' });
    if (isMockConfigFile(spec)) {
      throw new StepthroughError('E_USAGE', `'${mocks}' is an AWS MockConfigFile, not simple-form mocks.`, {
        hint: `Give it as --mock-config ${mocks} --test-case NAME.`,
        location: { file: mocks },
      });
    }
    if (isJsonObject(spec)) {
      const [unknown] = unknownMockKeys(Object.keys(spec), definition, logicalIds);
      if (unknown !== undefined) {
        throw new StepthroughError('E_UNKNOWN_STATE', `The mocks file has a ${unknown.message}.`, {
          location: { file: mocks },
          hint:
            unknown.suggestion !== undefined
              ? `Did you mean "${unknown.suggestion}"?`
              : 'Key mocks by state name (or the function or activity a Task calls).',
        });
      }
    }
    return simpleMocks(spec, mocks);
  }
  if (config !== undefined) {
    const testCase = stringOption(ctx, 'test-case');
    if (testCase === undefined)
      throw new StepthroughError(
        'E_USAGE',
        '--mock-config needs --test-case NAME (the TestCases entry to use).',
      );
    const spec = readDataFile(ctx.files, config, { kind: 'mock', what: 'mock config' });
    const machines = isJsonObject(spec) ? spec.StateMachines : undefined;
    const own =
      isJsonObject(machines) && Object.prototype.hasOwnProperty.call(machines, smName) ? smName : undefined;
    return mockConfigFile(spec, stringOption(ctx, 'state-machine') ?? own, testCase, config);
  }
  return undefined;
}

/**
 * --role FILE: the execution role's policy; Task calls it does not allow fail as on AWS. Without it,
 * a template machine's own role (its Role's inline policies, SAM's Policies) when the template spells
 * out all its grants.
 */
export function applyRole(ctx: CommandContext, options: ExecuteOptions, template?: TemplateMachine): void {
  const file = stringOption(ctx, 'role');
  if (file === undefined) {
    const role = templateRoleOf(template);
    if (role?.skipped !== undefined) ctx.stderr(`stepthrough: warning: ${role.skipped}`);
    if (role === undefined || role.skipped !== undefined) return;
    if (role.roleArn !== undefined) options.roleArn = role.roleArn;
    options.authorizeTask = createTaskAuthorizer(role.statements, {
      roleArn: options.roleArn,
      region: options.region,
      accountId: options.accountId,
    });
    return;
  }
  const { policies, problems } = readRolePolicies(readDataFile(ctx.files, file, { kind: 'policy' }));
  const [problem] = problems;
  if (problem) {
    const where = problem.path.length > 0 ? ` at ${problem.path.join('.')}` : '';
    throw new StepthroughError(
      'E_INVALID_INPUT',
      `The role file is not a valid IAM policy${where}: ${problem.message}`,
      {
        location: { file },
        hint: 'Give a policy document {"Version": "2012-10-17", "Statement": [...]}, a list of them, or a role with "Policies".',
      },
    );
  }
  if (policies.roleArn !== undefined) options.roleArn = policies.roleArn;
  options.authorizeTask = createTaskAuthorizer(policies.statements, {
    roleArn: options.roleArn,
    region: options.region,
    accountId: options.accountId,
  });
}

/**
 * --item-reader STATE=FILE (repeatable): the items a Distributed Map's ItemReader would read (JSON, JSON
 * lines or CSV text), streamed as the Map reads them; the file is checked now.
 */
export function loadItemReader(ctx: CommandContext, definition: JsonObject): Record<string, TextStream> {
  const out: Record<string, TextStream> = {};
  const types = new Map(walkStates(definition).map((v) => [v.name, v.definition.Type]));
  for (const spec of listOption(ctx, 'item-reader')) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1) {
      throw new StepthroughError('E_USAGE', `--item-reader takes STATE=FILE, got '${spec}'.`, {
        hint: 'E.g. --item-reader ProcessOrders=orders.csv',
      });
    }
    const state = spec.slice(0, at);
    const type = types.get(state);
    if (type !== 'Map') {
      throw new StepthroughError(
        'E_UNKNOWN_STATE',
        type === undefined
          ? `--item-reader names state "${state}", which the state machine does not have.`
          : `--item-reader names "${state}", a ${String(type)} state (only a Map reads items).`,
      );
    }
    out[state] = ctx.files.streamText(spec.slice(at + 1), { kind: 'itemReader' });
  }
  return out;
}

/** --substitutions FILE: values for ${Placeholders}, an object. */
export function loadSubstitutions(ctx: CommandContext): Record<string, JsonValue> | undefined {
  const file = stringOption(ctx, 'substitutions');
  if (file === undefined) return undefined;
  const value = readDataFile(ctx.files, file, { kind: 'substitutions' });
  if (!isJsonObject(value)) {
    throw new StepthroughError(
      'E_USAGE',
      'The substitutions file must hold an object of placeholder values.',
      {
        location: { file },
        hint: 'Write e.g. {"TableName": "orders"} to fill ${TableName}.',
      },
    );
  }
  return value;
}

/**
 * --machines FILE: the state machines a `states:startExecution` Task may start, as a test file's
 * `machines:` (a JSON/YAML map of the name at the end of the StateMachineArn, or the whole ARN, to a
 * definition file relative to FILE). Each is refused like the machine itself when AWS would reject it.
 */
export function loadMachines(ctx: CommandContext): Record<string, JsonObject> | undefined {
  const file = stringOption(ctx, 'machines');
  if (file === undefined) return undefined;
  const machines: Record<string, JsonObject> = {};
  for (const [key, path] of Object.entries(machineFiles(ctx.files, file, process.cwd())))
    Object.defineProperty(machines, key, {
      value: loadMachine(ctx, path),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return machines;
}
