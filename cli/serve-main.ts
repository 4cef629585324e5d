// Development entry for `stepthrough serve` until cli/main.ts lists the command: runs serveCommand
// on this process's stdio (`node --import tsx cli/serve-main.ts serve`; the leading `serve` is
// optional, so it can stand in for the CLI as the pytest plugin calls it).

import { StepthroughError } from '../core';
import { serveCommand } from './commands/serve';
import type { CommandContext } from './context';
import { nodeFileAccess } from '../host';

const ctx: CommandContext = {
  positionals: process.argv[2] === 'serve' ? process.argv.slice(3) : process.argv.slice(2),
  values: {},
  stdout: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  color: false,
  files: nodeFileAccess(),
};

serveCommand(ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `stepthrough serve: ${error instanceof StepthroughError ? error.format() : String(error)}\n`,
    );
    process.exitCode = error instanceof StepthroughError ? 2 : 70;
  },
);
