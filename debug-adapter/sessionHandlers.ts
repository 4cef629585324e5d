// A debug session's handler host: the processes that run a launched test case's `handlers:` (the
// team's own code, host/handlers/start.ts). Started on first use and shared by every launch and
// restart of the session, closed with it; the handlers' output goes to the debug console.

import type { HandlerHost } from '../host/handlers';
import { describeError } from './files';
import type { SessionHandlers } from './launch';

export type StartHandlers = (onLine: (text: string) => void) => Promise<HandlerHost>;

export class SessionHandlerHost {
  private host: Promise<HandlerHost> | undefined;

  /** `output(text, category)`: the debug console. */
  constructor(
    private readonly start: StartHandlers,
    private readonly output: (text: string, category: 'stdout' | 'stderr') => void,
  ) {}

  /** The host as loadLaunch takes it: started on first use, one for the session. */
  readonly forLaunch: SessionHandlers = () =>
    (this.host ??= this.start((line) => this.output(`${line}\n`, 'stdout')));

  /** Stops the handler processes; a failure to stop them is said in the debug console. */
  close(): void {
    const host = this.host;
    this.host = undefined;
    host
      ?.then(
        (h) => h.close(),
        () => undefined, // it never started: its launch already failed with the reason
      )
      .catch((err: unknown) =>
        this.output(`Stopping the task handlers failed: ${describeError(err)}\n`, 'stderr'),
      );
  }
}
