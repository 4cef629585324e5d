// Turns a `stepthrough` launch configuration into what a run needs: the definition and where its states
// are written (a definition file, or a template's machine, `template.yaml#OrderFlow`: debug-adapter/source.ts;
// for breakpoints and stack frames) and the execute() options (input, mocks, role, clock), and the child
// machines a Task may start (`machines`, each with its own source: the debugger steps into them). Every
// problem becomes a StepthroughError the session shows to the user.

import { basename } from 'node:path';
import {
  createTaskAuthorizer,
  importHistory,
  readExecutionHistory,
  replayMocks,
  loadRunnableDefinition,
  readRolePolicies,
  mockConfigFile,
  parseDocument,
  simpleMocks,
  splitSelector,
  StepthroughError,
  type ExecuteOptions,
  type JsonObject,
  type JsonValue,
  type MockSource,
  type PolicyStatement,
  type ReplayCase,
  type TemplateMachine,
} from '../core';
import { isJsonObject } from '../core/json';
import { unsupportedTaskHandlers, type TaskHandlerProvider } from '../core/handlers';
import { isMockSource, type TaskHandler } from '../core/mocks';
import { readHandlersOption } from '../host/handlersOption';
import { autoHandlersOf } from '../host/templateRun';
import type { FileAccess } from '../host';
import { readDataFile, readDefinitionText, resolvePath } from './files';
import type { StepthroughLaunchArguments } from './protocol';
import { type DebuggedSource, definitionFileSource, templateDebuggedSource } from './source';
import { loadTestCase } from './testCase';
import { stateMachineNameOf } from '../core/model';
import { isTemplateReference, loadRunMachine, machineFiles, templateRoleOf } from '../host/machineSource';

export interface LoadedLaunch {
  /** Absolute path of the file the debugged states are written in (the definition file, or the template). */
  definitionFile: string;
  /** The definition's model and where its states are written. */
  source: DebuggedSource;
  /** The child machines a `states:startExecution` Task may start, by `machines` key, and where they are written. */
  children: ReadonlyMap<string, DebuggedSource>;
  definition: JsonObject;
  /** Fresh options for each run (no observer yet): a role check counts calls, so runs never share one. */
  createOptions(): ExecuteOptions;
  stopOnEntry: boolean;
  noDebug: boolean;
  /** Shown in the debug console when the run starts. */
  title: string;
  /** Things the user should know that do not stop the launch. */
  warnings: string[];
}

/** Where the states a thread runs are written: a child machine's (by `machines` key), else the debugged machine's. */
export function sourceOf(launch: LoadedLaunch, machine: string | undefined): DebuggedSource {
  return (machine === undefined ? undefined : launch.children.get(machine)) ?? launch.source;
}

/** The debugged machine's source, then its child machines'. */
export function allSources(launch: LoadedLaunch): DebuggedSource[] {
  return [launch.source, ...launch.children.values()];
}

function usage(message: string, hint?: string): StepthroughError {
  return new StepthroughError('E_USAGE', `Launch configuration: ${message}`, { hint });
}

function optionalString(
  args: StepthroughLaunchArguments,
  key: keyof StepthroughLaunchArguments,
): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw usage(`"${key}" must be a non-empty string.`);
  return value;
}

/**
 * Reads and parses the definition; parse errors carry the file, line and column. A machine AWS would
 * reject throws DefinitionError with its diagnostics (unless `validate` is false): the run does not start.
 * A template's machine (`template.yaml#OrderFlow`, or a template with one machine) is read by
 * host/machineSource.ts, the CLI's loader; its warnings join the launch's.
 */
async function loadDefinition(
  files: FileAccess,
  file: string,
  validate: boolean,
  warnings: string[] = [],
): Promise<{ source: DebuggedSource; definition: JsonObject; machine?: TemplateMachine }> {
  const kind = files.stat(file)?.type;
  const template =
    splitSelector(file).selector !== undefined ||
    ((kind === 'file' || kind === 'directory') && isTemplateReference(files, file));
  if (template) {
    const run = await loadRunMachine(files, file, { validate, warn: (line) => warnings.push(line) });
    if (run.template)
      return {
        source: templateDebuggedSource(files, run.template),
        definition: run.definition,
        machine: run.template,
      };
  }
  return loadDefinitionFile(file, readDefinitionText(files, file), validate);
}

function loadDefinitionFile(
  file: string,
  text: string,
  validate: boolean,
): { source: DebuggedSource; definition: JsonObject } {
  const definition = loadRunnableDefinition(text, file, { validate });
  if (typeof definition.StartAt !== 'string' || !isJsonObject(definition.States)) {
    throw new StepthroughError(
      'E_INVALID_DEFINITION',
      `'${file}' is not a state machine: it needs "StartAt" and "States".`,
      { location: { file }, hint: '`stepthrough validate` lists every problem.' },
    );
  }
  return { source: definitionFileSource(file, parseDocument(text, { fileName: file })), definition };
}

/** Each child machine read like the debugged one: its definition (for the run) and its source (for the debugger). */
async function loadChildren(
  files: FileAccess,
  machineFiles: Record<string, string>,
  validate: boolean,
): Promise<{ definitions: Record<string, JsonObject>; sources: Map<string, DebuggedSource> }> {
  const definitions: Record<string, JsonObject> = {};
  const sources = new Map<string, DebuggedSource>();
  for (const [key, file] of Object.entries(machineFiles)) {
    const { source, definition } = await loadDefinition(files, file, validate);
    Object.defineProperty(definitions, key, {
      value: definition,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    sources.set(key, source);
  }
  return { definitions, sources };
}

function loadMockOption(
  files: FileAccess,
  spec: string | Record<string, unknown>,
  baseDir: string,
  what: string,
): { value: unknown; origin: string | undefined } {
  if (typeof spec === 'string') {
    const file = resolvePath(spec, baseDir);
    return { value: readDataFile(files, file, 'mock', what), origin: file };
  }
  if (!isJsonObject(spec as JsonValue)) throw usage(`"${what}" must be an object or a file path.`);
  return { value: spec, origin: undefined };
}

function loadMocks(
  files: FileAccess,
  args: StepthroughLaunchArguments,
  baseDir: string,
  smName: string,
): MockSource | undefined {
  if (args.mocks !== undefined && args.mockConfig !== undefined) {
    throw usage('give either "mocks" or "mockConfig", not both.');
  }
  if (args.mocks !== undefined) {
    const { value, origin } = loadMockOption(files, args.mocks, baseDir, 'mocks');
    return simpleMocks(value, origin);
  }
  if (args.mockConfig !== undefined) {
    const testCase = optionalString(args, 'testCase');
    if (testCase === undefined) {
      throw usage('"mockConfig" needs "testCase" (the TestCases entry to use).');
    }
    const { value, origin } = loadMockOption(files, args.mockConfig, baseDir, 'mock config');
    return mockConfigFile(value, optionalString(args, 'stateMachine') ?? smName, testCase, origin);
  }
  return undefined;
}

function loadInput(files: FileAccess, args: StepthroughLaunchArguments, baseDir: string): JsonValue {
  if (args.input !== undefined && args.inputFile !== undefined) {
    throw usage('give either "input" or "inputFile", not both.');
  }
  const inputFile = optionalString(args, 'inputFile');
  if (inputFile !== undefined) return readDataFile(files, resolvePath(inputFile, baseDir), 'input', 'input');
  return args.input === undefined ? {} : args.input;
}

function loadSubstitutions(
  files: FileAccess,
  spec: StepthroughLaunchArguments['substitutions'],
  baseDir: string,
): Record<string, JsonValue> | undefined {
  if (spec === undefined) return undefined;
  const value =
    typeof spec === 'string'
      ? readDataFile(files, resolvePath(spec, baseDir), 'substitutions', 'substitutions')
      : spec;
  if (!isJsonObject(value as JsonValue)) throw usage('"substitutions" must be an object or a file path.');
  return value as Record<string, JsonValue>;
}

/** The role's policy statements from a file (an ARN gives the role's name but no policy). */
function loadRole(
  files: FileAccess,
  role: string,
  baseDir: string,
): { roleArn?: string; statements?: PolicyStatement[] } {
  if (role.startsWith('arn:')) return { roleArn: role };
  const file = resolvePath(role, baseDir);
  const { policies, problems } = readRolePolicies(readDataFile(files, file, 'policy', 'role policy'));
  const [problem] = problems;
  if (problem) {
    throw new StepthroughError(
      'E_USAGE',
      `The role policy file '${file}' has a problem: ${problem.message}`,
      {
        location: { file },
        hint: 'Give an IAM policy document, a list of them, or {"Policies": [{PolicyName, PolicyDocument}]}.',
      },
    );
  }
  return policies.roleArn === undefined
    ? { statements: policies.statements }
    : { roleArn: policies.roleArn, statements: policies.statements };
}

function applyClock(args: StepthroughLaunchArguments, options: ExecuteOptions): void {
  if (args.seed !== undefined) {
    if (!Number.isInteger(args.seed)) throw usage('"seed" must be an integer.');
    options.seed = args.seed;
  }
  if (args.maxTransitions !== undefined) {
    if (
      !Number.isInteger(args.maxTransitions) ||
      args.maxTransitions < 1 ||
      args.maxTransitions > 1_000_000
    ) {
      throw usage('"maxTransitions" must be an integer from 1 to 1,000,000 (a bound on history events).');
    }
    options.maxTransitions = args.maxTransitions;
  }
  const startTime = optionalString(args, 'startTime');
  if (startTime !== undefined) {
    if (!Number.isFinite(Date.parse(startTime))) throw usage(`"startTime" '${startTime}' is not ISO-8601.`);
    options.startTime = startTime;
  }
  const executionName = optionalString(args, 'executionName');
  if (executionName !== undefined) options.executionName = executionName;
}

function withoutRoleCheck(options: ExecuteOptions): ExecuteOptions {
  const copy = { ...options };
  delete copy.authorizeTask;
  return copy;
}

/** A recorded execution and the machine that ran it, as a replay (core/replay: input and mocks). */
function loadReplay(files: FileAccess, historyFile: string, definitionFile: string): ReplayCase {
  let events;
  try {
    events = readExecutionHistory(files.readText(historyFile, { kind: 'input', what: 'execution history' }));
  } catch (err) {
    if (!(err instanceof StepthroughError) || err.location !== undefined) throw err;
    throw new StepthroughError(err.code, err.message, { hint: err.hint, location: { file: historyFile } });
  }
  const definition = loadRunnableDefinition(readDefinitionText(files, definitionFile), definitionFile, {
    validate: false,
  });
  return importHistory(events, definition);
}

/**
 * What runs a test case's `handlers:` (the team's code) for a debug session: host/handlers' HandlerHost,
 * started on first use and injected (the adapter itself runs no code of the team's).
 */
export type SessionHandlers = () => Promise<TaskHandlerProvider>;

/** The launch's `handlers`, started in the session's handler host (a mock for the same key wins). */
async function launchHandlers(
  files: FileAccess,
  value: unknown,
  cwd: string,
  machine: TemplateMachine | undefined,
  options: ExecuteOptions,
  handlers: SessionHandlers | undefined,
): Promise<Record<string, TaskHandler>> {
  if (typeof value !== 'string' && !isJsonObject(value as JsonValue))
    throw usage('"handlers" must be "auto", a map of Task states to handlers, or a file holding that map.');
  if (!handlers) throw usage('"handlers" needs a handler host, which this debugger cannot start.');
  const read = readHandlersOption(files, value as string | JsonValue, cwd);
  const { handlers: map, unsupported } =
    read === 'auto' ? autoHandlersOf(machine, '"handlers": "auto"') : { handlers: read, unsupported: [] };
  const mocks = isMockSource(options.mocks) ? options.mocks : undefined;
  return {
    ...unsupportedTaskHandlers(unsupported, mocks),
    ...(await (await handlers()).forRun({ handlers: map })),
  };
}

/** Loads everything a launch configuration names. Rejects with a StepthroughError for any problem. */
export async function loadLaunch(
  files: FileAccess,
  raw: unknown,
  defaultCwd: string = process.cwd(),
  handlers?: SessionHandlers,
): Promise<LoadedLaunch> {
  if (!isJsonObject(raw as JsonValue)) throw usage('expected an object.');
  const args = raw as StepthroughLaunchArguments;
  const cwd = optionalString(args, 'cwd') ?? defaultCwd;
  const warnings: string[] = [];
  let options: ExecuteOptions = {};
  let createBase: (() => ExecuteOptions) | undefined;
  let definitionFile: string;
  let title: string;
  /** A test file's `validate: false` opts its cases out, as `stepthrough test` does. */
  let validateCase = true;
  /** The child machines' files, by key: the launch's `machines`, or the test file's. */
  let childFiles: Record<string, string> = {};
  const testFile = optionalString(args, 'testFile');
  if (testFile !== undefined) {
    const file = resolvePath(testFile, cwd);
    const testCase = await loadTestCase(files, file, args.case);
    definitionFile = testCase.stateMachineFile;
    validateCase = testCase.validate;
    title = `${basename(file)} › ${testCase.caseName}`;
    createBase = testCase.createOptions;
    if (testCase.runsHandlers) {
      if (!handlers)
        throw new StepthroughError(
          'E_USAGE',
          `the case "${testCase.caseName}" runs handlers, which this debugger cannot start`,
          { hint: 'Run it with `stepthrough test`, or debug it in VS Code or with `stepthrough dap`.' },
        );
      // Started once per launch: each run (a restart too) calls the same handler processes.
      const layerHandlers = await testCase.layerHandlers(await handlers());
      const plain = testCase.createOptions;
      createBase = () => (layerHandlers ? { ...plain(), layerHandlers } : plain());
    }
    options = createBase();
    childFiles = testCase.machineFiles;
  } else {
    const definition = optionalString(args, 'definition');
    if (definition === undefined) {
      throw usage(
        'say which state machine to debug with "definition" (or "testFile" + "case").',
        'In VS Code, "definition": "${file}" debugs the open file.',
      );
    }
    definitionFile = resolvePath(definition, cwd);
    title = basename(definitionFile);
    options.input = loadInput(files, args, cwd);
    options.mocks = loadMocks(files, args, cwd, stateMachineNameOf(definitionFile));
    options.stateMachineName = stateMachineNameOf(definitionFile);
    const history = optionalString(args, 'history');
    if (history !== undefined) {
      const replay = loadReplay(files, resolvePath(history, cwd), definitionFile);
      title = `${basename(history)} › ${title}`;
      if (args.input === undefined && args.inputFile === undefined) options.input = replay.input;
      if (options.mocks === undefined) options.mocks = simpleMocks(replayMocks(replay), history);
      if (replay.context.startTime !== undefined && args.startTime === undefined)
        options.startTime = replay.context.startTime;
      if (replay.context.roleArn !== undefined) options.roleArn = replay.context.roleArn;
      if (replay.context.accountId !== undefined) options.accountId = replay.context.accountId;
      if (replay.context.region !== undefined) options.region = replay.context.region;
      for (const note of replay.notes) warnings.push(`Replay of ${basename(history)}: ${note.message}`);
    }
  }
  if (args.validate !== undefined && typeof args.validate !== 'boolean') {
    throw usage('"validate" must be true or false.');
  }
  const validate = args.validate !== false && validateCase;
  const { source, definition, machine } = await loadDefinition(files, definitionFile, validate, warnings);
  if (args.machines !== undefined) {
    if (typeof args.machines !== 'string' && !isJsonObject(args.machines as JsonValue))
      throw usage('"machines" must be an object or a file path.');
    childFiles = machineFiles(files, args.machines, cwd);
  }
  const children = await loadChildren(files, childFiles, validate);
  if (args.machines !== undefined) options.machines = children.definitions;
  if (machine) {
    // A template's machine: its name, and mocks keyed by the logical IDs its Tasks call (core/mocks/keys.ts).
    if (testFile === undefined) options.stateMachineName = machine.name ?? machine.id;
    options.logicalIds = machine.stateResources;
  }
  if (args.handlers !== undefined) {
    if (testFile !== undefined)
      throw usage('"handlers" is for a "definition": a test file\'s case runs its own handlers.');
    options.taskHandlers = await launchHandlers(files, args.handlers, cwd, machine, options, handlers);
  }
  const substitutions = loadSubstitutions(files, args.substitutions, cwd);
  if (substitutions) options.substitutions = { ...options.substitutions, ...substitutions };
  const roleArg = optionalString(args, 'role');
  // Without "role", a template machine's own role when the template spells out all its grants.
  const own = roleArg === undefined ? templateRoleOf(machine) : undefined;
  if (own?.skipped !== undefined) warnings.push(own.skipped);
  const role =
    roleArg !== undefined ? loadRole(files, roleArg, cwd) : own?.skipped === undefined ? own : undefined;
  if (role?.roleArn !== undefined) options.roleArn = role.roleArn;
  applyClock(args, options);
  if (args.stopOnEntry !== undefined && typeof args.stopOnEntry !== 'boolean') {
    throw usage('"stopOnEntry" must be true or false.');
  }
  const fixed = options;
  const base = createBase;
  const createOptions = (): ExecuteOptions => {
    // The test case's own role check (fresh per run), unless the launch configuration gives a role.
    const run: ExecuteOptions = base ? { ...base(), ...withoutRoleCheck(fixed) } : { ...fixed };
    // Checked when the file was loaded (or opted out of there).
    run.validate = false;
    // A callback Task or an Activity nothing scripts waits for the user's answer (Send Task Success / Failure).
    run.outsideAnswers = true;
    if (role?.statements) {
      run.authorizeTask = createTaskAuthorizer(role.statements, {
        roleArn: run.roleArn,
        region: run.region,
        accountId: run.accountId,
      });
    }
    return run;
  };
  return {
    definitionFile: source.file,
    source,
    children: children.sources,
    definition,
    createOptions,
    stopOnEntry: args.stopOnEntry === true,
    noDebug: args.noDebug === true,
    title,
    warnings,
  };
}
