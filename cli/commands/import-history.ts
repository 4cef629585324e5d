// `stepthrough import-history HISTORY.json --definition MACHINE [--out FILE]`: an execution recorded on
// AWS (what `aws stepfunctions get-execution-history --output json` prints) becomes a test case that
// replays it (core/replay). What cannot be reproduced is written as comments in the file and said on
// stderr.

import { basename, dirname, relative, resolve, sep } from 'node:path';
import {
  importHistory,
  loadRunnableDefinition,
  readExecutionHistory,
  replayTestFile,
  StepthroughError,
} from '../../core';
import type { CommandContext } from '../context';

export const IMPORT_HISTORY_USAGE = `Usage: stepthrough import-history HISTORY.json --definition MACHINE [--out case.sfn-test.yaml]
                                   [--name NAME] [--no-validate]

Turns an execution recorded on AWS into a test case that replays it locally. HISTORY.json is what
\`aws stepfunctions get-execution-history --execution-arn ARN --output json\` prints (pages may be
concatenated, or given as a JSON array of pages); MACHINE is the definition that ran.

The case holds the execution's input, a mock for each Task with the results AWS recorded (errors and
causes included; keyed with "when" on the recorded request where Map iterations or Parallel branches
call a Task in any order) and the recorded status, output or error and cause, and top-level path.
Run it with \`stepthrough test\`; edit the machine and run it again to see what the change does.

What the history cannot give (a history read with includeExecutionData false, cut-off payloads,
recorder placeholders such as <uuid:1>, calls that cannot be told apart) is listed in comments at the
top of the file and as warnings on stderr; a result that was not recorded fails its call with
Stepthrough.NotRecorded rather than returning a guess.

Options:
  --definition FILE   the state machine that ran (JSON or YAML)
  --out, -o FILE      write the test file there (default: print it on stdout)
  --name NAME         the case's name (default: "replay of HISTORY.json")
  --no-validate       write "validate: false" (a machine AWS would reject as written)

Exit code: 0 the case was written (warnings or not), 2 bad usage or an unreadable history.
`;

/** The machine's path as the test file names it: relative to the file's folder, `./` first. */
function machineReference(machineFile: string, outFile: string | undefined): string {
  const from = outFile === undefined ? process.cwd() : dirname(resolve(outFile));
  const rel = relative(from, resolve(machineFile)).split(sep).join('/');
  return rel.startsWith('.') || rel.startsWith('/') ? rel : `./${rel}`;
}

export function importHistoryCommand(ctx: CommandContext): Promise<number> {
  const [historyFile, ...extra] = ctx.positionals;
  const definitionFile = ctx.values.definition;
  if (historyFile === undefined || extra.length > 0 || typeof definitionFile !== 'string') {
    throw new StepthroughError(
      'E_USAGE',
      historyFile === undefined || extra.length > 0
        ? 'import-history takes one history file.'
        : 'import-history needs --definition: the state machine that ran.',
      {
        hint: 'stepthrough import-history history.json --definition machine.asl.json --out machine.sfn-test.yaml',
      },
    );
  }
  const historyText = ctx.files.readText(historyFile, { kind: 'input', what: 'execution history' });
  let events;
  try {
    events = readExecutionHistory(historyText);
  } catch (err) {
    if (err instanceof StepthroughError) {
      throw new StepthroughError(err.code, err.message, { hint: err.hint, location: { file: historyFile } });
    }
    throw err;
  }
  const definitionText = ctx.files.readText(definitionFile, { kind: 'definition' });
  // The machine ran on AWS; whether the replay should refuse it is the test file's `validate`.
  const definition = loadRunnableDefinition(definitionText, definitionFile, { validate: false });
  const replay = importHistory(events, definition);
  const given = ctx.values.out ?? ctx.values.output;
  const out = typeof given === 'string' ? given : undefined;
  const name = typeof ctx.values.name === 'string' ? ctx.values.name : `replay of ${basename(historyFile)}`;
  const text = replayTestFile(replay, {
    stateMachine: machineReference(definitionFile, out),
    name,
    source: basename(historyFile),
    validate: ctx.values['no-validate'] === true ? false : undefined,
  });
  for (const note of replay.notes) ctx.stderr(`stepthrough import-history: warning: ${note.message}`);
  if (out === undefined) ctx.stdout(text);
  else {
    ctx.files.writeText(out, text, 'test file');
    const mocked = Object.keys(replay.mocks).length;
    ctx.stderr(
      `stepthrough import-history: wrote ${out} (${replay.events} events, ${mocked} Task${mocked === 1 ? '' : 's'} mocked, ${replay.notes.length} note${replay.notes.length === 1 ? '' : 's'}).`,
    );
  }
  return Promise.resolve(0);
}
