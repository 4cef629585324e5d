// Entry point that speaks DAP over stdio: `node --import tsx debug-adapter/main.ts` (used by the
// tests until `stepthrough dap` is wired into the CLI, which calls the same function).

import { runDebugAdapterOnStdio } from './stdio';

runDebugAdapterOnStdio().then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    process.stderr.write(
      `stepthrough dap: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 70;
  },
);
