// `stepthrough lsp --stdio`: the language server for any LSP editor (Neovim, Helix, Emacs, VS Code).

import { StepthroughError } from '../../core';
import { startLanguageServer } from '../../server/server';
import type { CommandContext } from '../context';

export const LSP_USAGE = `Usage: stepthrough lsp --stdio

Runs the Stepthrough language server over standard input and output: diagnostics as you type,
completion, hover, go to definition, references, rename, symbols, folding, JSON formatting and quick
fixes for Amazon States Language files (*.asl.json, *.asl.yaml, *.asl.yml, and JSON/YAML files whose
top level has StartAt and States; language ids asl and asl-yaml).

Options:
  --stdio                   talk LSP over stdin/stdout (required)
  --clientProcessId PID     the editor's process: the server exits when it does (editors pass it)

Initialization options: {"debounceMs": 200} sets the delay between the last edit and re-validation.
`;

/** Starts the server; the returned promise never settles: the server ends the process on "exit". */
export function lspCommand(ctx: CommandContext): Promise<number> {
  if (ctx.values['stdio'] !== true) {
    throw new StepthroughError('E_USAGE', 'needs --stdio: it talks LSP over standard input and output.', {
      hint: LSP_USAGE,
    });
  }
  if (ctx.positionals.length > 0) {
    throw new StepthroughError('E_USAGE', `takes no file arguments (got '${ctx.positionals[0] ?? ''}').`, {
      hint: LSP_USAGE,
    });
  }
  startLanguageServer('stdio');
  return new Promise<number>(() => undefined);
}
