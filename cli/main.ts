// The `stepthrough` command line: parses arguments, runs a command, maps outcomes to exit codes
// (0 success, 1 failed run or failed checks, 2 bad usage or unreadable input).
// Start-up: each command is imported only when it is asked for (a separate chunk of the bundle, see
// scripts/build.mjs), so `--version`, `run` and `validate` never load the language server, the
// debug adapter or the graph layout.

import { parseArgs } from 'node:util';
import {
  DefinitionError,
  diagnosticJson,
  formatDefinitionDiagnostic,
  StepthroughError,
} from '../core/errors';
import { closestMatch } from '../core/validate/suggest';
import { version } from '../package.json';
import type { CommandContext } from './context';
import { nodeFileAccess } from '../host/nodeFiles';
import { lineWriter } from './output';
import { enableCompileCache } from '../host/compileCache';
import { join } from 'node:path';

const USAGE = `stepthrough — run, test and debug AWS Step Functions state machines locally

Usage: stepthrough <command> [options]

Commands:
  run <file>        execute a state machine with mocked tasks and print the trace
  validate <files>  check definitions: schema, references, paths, JSONata, variables (--role for IAM)
  lsp --stdio       the language server, for any LSP editor
  test [paths]      run the cases of *.sfn-test.yaml files (coverage, JUnit/TAP/JSON reports)
  test-state REQ    run one state as AWS's TestState API does (request file or - for stdin)
  import-history H  turn an execution recorded on AWS into a test case that replays it (--definition)
  graph <file>      draw the state machine as SVG or HTML (optionally with a run's path)
  list [paths]      the state machines in SAM/CloudFormation/CDK/serverless/Terraform templates
  dap               speak the Debug Adapter Protocol on stdin/stdout (for editors)
  serve             JSON-lines engine over stdio (used by the pytest plugin)
  mcp               Model Context Protocol server over stdio (tools for AI assistants)
  api               the AWS Step Functions API on localhost (a drop-in for Step Functions Local)
  help [command]    show help

Run 'stepthrough help run' for a command's options.
`;

const commandOptions = {
  input: { type: 'string' },
  'input-json': { type: 'string' },
  mocks: { type: 'string' },
  handlers: { type: 'string' },
  'mock-config': { type: 'string' },
  'test-case': { type: 'string' },
  'state-machine': { type: 'string' },
  definition: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  substitutions: { type: 'string' },
  seed: { type: 'string' },
  'start-time': { type: 'string' },
  'execution-name': { type: 'string' },
  'max-transitions': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'item-reader': { type: 'string', multiple: true },
  machines: { type: 'string' },
  'no-validate': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  reporter: { type: 'string', multiple: true },
  filter: { type: 'string' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  coverage: { type: 'boolean' },
  'coverage-min': { type: 'string' },
  'coverage-format': { type: 'string' },
  'coverage-output': { type: 'string' },
  role: { type: 'string' },
  stdio: { type: 'boolean' },
  clientProcessId: { type: 'string' },
  format: { type: 'string' },
  theme: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  time: { type: 'string' },
  'lambda-endpoint': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Command {
  run: (ctx: CommandContext) => Promise<number>;
  usage: string;
}

/** Each command's module, imported on first use. */
const commands: Record<string, () => Promise<Command>> = {
  run: async () => {
    const { runCommand, RUN_USAGE } = await import('./commands/run.js');
    return { run: runCommand, usage: RUN_USAGE };
  },
  test: async () => {
    const { testCommand, TEST_USAGE } = await import('./commands/test.js');
    return { run: testCommand, usage: TEST_USAGE };
  },
  graph: async () => {
    const { graphCommand, GRAPH_USAGE } = await import('./commands/graph.js');
    return { run: graphCommand, usage: GRAPH_USAGE };
  },
  serve: async () => {
    const { serveCommand, SERVE_USAGE } = await import('./commands/serve.js');
    return { run: (ctx) => serveCommand(ctx), usage: SERVE_USAGE };
  },
  dap: async () => {
    const { dapCommand, DAP_USAGE } = await import('./commands/dap.js');
    return { run: dapCommand, usage: DAP_USAGE };
  },
  validate: async () => {
    const { validateCommand, VALIDATE_USAGE } = await import('./commands/validate.js');
    return { run: validateCommand, usage: VALIDATE_USAGE };
  },
  lsp: async () => {
    const { lspCommand, LSP_USAGE } = await import('./commands/lsp.js');
    return { run: lspCommand, usage: LSP_USAGE };
  },
  'test-state': async () => {
    const { testStateCommand, TEST_STATE_USAGE } = await import('./commands/test-state.js');
    return { run: testStateCommand, usage: TEST_STATE_USAGE };
  },
  list: async () => {
    const { listCommand, LIST_USAGE } = await import('./commands/list.js');
    return { run: listCommand, usage: LIST_USAGE };
  },
  mcp: async () => {
    const { mcpCommand, MCP_USAGE } = await import('./commands/mcp.js');
    return { run: mcpCommand, usage: MCP_USAGE };
  },
  'import-history': async () => {
    const { importHistoryCommand, IMPORT_HISTORY_USAGE } = await import('./commands/import-history.js');
    return { run: importHistoryCommand, usage: IMPORT_HISTORY_USAGE };
  },
  api: async () => {
    const { apiCommand, API_USAGE } = await import('./commands/api.js');
    return { run: apiCommand, usage: API_USAGE };
  },
};

/**
 * A machine AWS would reject: its diagnostics as `validate` prints them (stderr), or with --json one
 * `{status: "INVALID", diagnostics}` object on stdout. Exit code 2.
 */
function refuse(
  command: string,
  error: DefinitionError,
  json: boolean,
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  if (json) {
    out(JSON.stringify({ status: 'INVALID', diagnostics: error.diagnostics.map(diagnosticJson) }));
    return 2;
  }
  for (const d of error.diagnostics) err(formatDefinitionDiagnostic(d));
  const count = error.diagnostics.length;
  err(
    error.code === 'E_PARSE'
      ? `stepthrough ${command}: the state machine cannot be parsed; nothing ran.`
      : `stepthrough ${command}: AWS would reject this state machine (${count} error${count === 1 ? '' : 's'}); nothing ran. Fix it, or run it anyway with --no-validate.`,
  );
  return 2;
}

const OPTION_NAMES = Object.keys(commandOptions).map((option) => `--${option}`);

/**
 * The options a command takes are the ones its usage names (plus --help and --no-color, which every
 * command takes): an option of another command is refused rather than ignored, so that, say,
 * `test --no-validate` cannot look as if it ran what AWS would reject.
 */
function optionsOf(usage: string): Set<string> {
  const options = new Set(['help', 'no-color']);
  for (const match of usage.matchAll(/--([a-zA-Z][a-zA-Z-]*)/g)) options.add(match[1] as string);
  return options;
}

/** What to use instead, where another command's option has a counterpart here. */
const COUNTERPARTS: Record<string, Record<string, string>> = {
  test: { 'no-validate': 'a test file runs its cases anyway with `validate: false`' },
};

/** The first option given that `command` does not take, as an error line; undefined when all are its own. */
function foreignOption(command: string, usage: string, given: Record<string, unknown>): string | undefined {
  const own = optionsOf(usage);
  const foreign = Object.keys(given).find((option) => !own.has(option));
  if (foreign === undefined) return undefined;
  const instead = COUNTERPARTS[command]?.[foreign];
  return `stepthrough ${command}: --${foreign} is not an option of ${command}${instead ? ` (${instead})` : ''}.\n  hint: 'stepthrough help ${command}' lists its options.`;
}

/** Node's message for a bad argument, with "did you mean" for a mistyped option. */
function argumentError(message: string): string {
  const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (unknown === undefined) return message;
  const near = closestMatch(unknown, OPTION_NAMES);
  return `unknown option ${unknown}${near ? ` (did you mean ${near}?)` : ''}.`;
}

/** `beforeCommand` runs once a command is known, before its chunk loads (the program's compile cache). */
export async function main(argv: string[], options: { beforeCommand?: () => void } = {}): Promise<number> {
  const out = lineWriter(process.stdout, 'stdout');
  const err = lineWriter(process.stderr, 'stderr');
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] ? commands[rest[0]] : undefined;
    out(topic ? (await topic()).usage : USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    out(`stepthrough ${version}`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    err(`stepthrough: unknown command '${name}'.\n\n${USAGE}`);
    return 2;
  }
  options.beforeCommand?.();
  const command = await load();
  try {
    const parsed = parseArgs({ args: rest, options: commandOptions, allowPositionals: true, strict: true });
    if (parsed.values.help) {
      out(command.usage);
      return 0;
    }
    const foreign = foreignOption(name, command.usage, parsed.values);
    if (foreign !== undefined) {
      err(foreign);
      return 2;
    }
    const ctx: CommandContext = {
      positionals: parsed.positionals,
      values: parsed.values as CommandContext['values'],
      stdout: out,
      stderr: err,
      color: !parsed.values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
      files: nodeFileAccess(),
    };
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof DefinitionError) return refuse(name, e, rest.includes('--json'), out, err);
    if (e instanceof StepthroughError) {
      err(`stepthrough ${name}: ${e.format()}`);
      return 2;
    }
    if (
      e instanceof TypeError &&
      'code' in e &&
      String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')
    ) {
      err(
        `stepthrough ${name}: ${argumentError(e.message)}\n  hint: 'stepthrough help ${name}' lists its options.`,
      );
      return 2;
    }
    err(
      `stepthrough ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report this as a bug.`,
    );
    return 70;
  }
}

/** Runs the command line of this process and sets its exit code. */
export function runAsProgram(): void {
  // The command chunks sit in cli/ beside the bundle's entry (dist/cli.js); under tsx there are none.
  const beforeCommand = (): void => void enableCompileCache(join(__dirname, 'cli'), version);
  main(process.argv.slice(2), { beforeCommand }).then(
    (code) => {
      // A failed write to stdout (not a vanished reader) has already set 2.
      process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
    },
    (e: unknown) => {
      process.stderr.write(`stepthrough: internal error: ${String(e)}\n`);
      process.exitCode = 70;
    },
  );
}

// Run when this file is the program: the bundle's entry (dist/cli.js) or, in development, under tsx.
// The command table's import() calls must stay in this entry module: esbuild then splits each
// command into a chunk of its own and tree-shakes the code they share (see scripts/build.mjs).
if (require.main?.filename === __filename) runAsProgram();
