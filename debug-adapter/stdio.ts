// Runs the Stepthrough debug adapter over stdin/stdout (for `stepthrough dap` and any DAP client).
// Resolves once the client disconnects or stdin closes; nothing else may write to stdout meanwhile.

import { nodeFileAccess } from '../host';
import { startHandlerHost } from '../host/handlers/start';
import { StepthroughDebugSession } from './session';

export function runDebugAdapterOnStdio(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const session = new StepthroughDebugSession(nodeFileAccess(), startHandlerHost);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      session.dispose();
      input.removeListener('end', finish);
      if (input === process.stdin) process.stdin.destroy();
      resolve();
    };
    session.onShutdown = finish;
    input.on('end', finish);
    session.start(input, output);
  });
}
