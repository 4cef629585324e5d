// The `stepthrough` command line: parses arguments, runs a command, maps outcomes to exit codes
// (0 success, 1 failed run or failed checks, 2 bad usage or unreadable input).

import { parseArgs } from 'node:util';
import { DefinitionError, diagnosticJson, formatDefinitionDiagnostic, StepthroughError } from '../core';
import { closestMatch } from '../core/validate/suggest';
import { dapCommand, DAP_USAGE } from './commands/dap';
import { graphCommand, GRAPH_USAGE } from './commands/graph';
import { listCommand, LIST_USAGE } from './commands/list';
import { lspCommand, LSP_USAGE } from './commands/lsp';
import { mcpCommand, MCP_USAGE } from './commands/mcp';
import { validateCommand, VALIDATE_USAGE } from './commands/validate';
import { runCommand, RUN_USAGE } from './commands/run';
import { serveCommand, SERVE_USAGE } from './commands/serve';
import { testCommand, TEST_USAGE } from './commands/test';
import { testStateCommand, TEST_STATE_USAGE } from './commands/test-state';
import type { CommandContext } from './context';
import { nodeFileAccess } from '../host';
import { lineWriter } from './output';

const USAGE = `stepthrough — run, test and debug AWS Step Functions state machines locally

Usage: stepthrough <command> [options]

Commands:
  run <file>        execute a state machine with mocked tasks and print the trace
  validate <files>  check definitions: schema, references, paths, JSONata, variables (--role for IAM)
  lsp --stdio       the language server, for any LSP editor
  test [paths]      run the cases of *.sfn-test.yaml files (coverage, JUnit/TAP/JSON reports)
  test-state REQ    run one state as AWS's TestState API does (request file or - for stdin)
  graph <file>      draw the state machine as SVG or HTML (optionally with a run's path)
  list [paths]      the state machines in SAM/CloudFormation/CDK/serverless/Terraform templates
  dap               speak the Debug Adapter Protocol on stdin/stdout (for editors)
  serve             JSON-lines engine over stdio (used by the pytest plugin)
  mcp               Model Context Protocol server over stdio (tools for AI assistants)
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
  substitutions: { type: 'string' },
  seed: { type: 'string' },
  'start-time': { type: 'string' },
  'execution-name': { type: 'string' },
  'max-transitions': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'item-reader': { type: 'string', multiple: true },
  'no-validate': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  reporter: { type: 'string' },
  filter: { type: 'string' },
  coverage: { type: 'boolean' },
  'coverage-min': { type: 'string' },
  role: { type: 'string' },
  stdio: { type: 'boolean' },
  clientProcessId: { type: 'string' },
  format: { type: 'string' },
  theme: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const commands: Record<string, { run: (ctx: CommandContext) => Promise<number>; usage: string }> = {
  run: { run: runCommand, usage: RUN_USAGE },
  test: { run: testCommand, usage: TEST_USAGE },
  'test-state': { run: testStateCommand, usage: TEST_STATE_USAGE },
  graph: { run: graphCommand, usage: GRAPH_USAGE },
  serve: { run: (ctx) => serveCommand(ctx), usage: SERVE_USAGE },
  dap: { run: dapCommand, usage: DAP_USAGE },
  validate: { run: validateCommand, usage: VALIDATE_USAGE },
  lsp: { run: lspCommand, usage: LSP_USAGE },
  list: { run: listCommand, usage: LIST_USAGE },
  mcp: { run: mcpCommand, usage: MCP_USAGE },
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

/** Node's message for a bad argument, with "did you mean" for a mistyped option. */
function argumentError(message: string): string {
  const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  if (unknown === undefined) return message;
  const near = closestMatch(unknown, OPTION_NAMES);
  return `unknown option ${unknown}${near ? ` (did you mean ${near}?)` : ''}.`;
}

export async function main(argv: string[]): Promise<number> {
  const out = lineWriter(process.stdout, 'stdout');
  const err = lineWriter(process.stderr, 'stderr');
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] ? commands[rest[0]] : undefined;
    out(topic ? topic.usage : USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    out('stepthrough 0.1.0');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    err(`stepthrough: unknown command '${name}'.\n\n${USAGE}`);
    return 2;
  }
  try {
    const parsed = parseArgs({ args: rest, options: commandOptions, allowPositionals: true, strict: true });
    if (parsed.values.help) {
      out(command.usage);
      return 0;
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

if (require.main === module) {
  main(process.argv.slice(2)).then(
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
