// Keeps the server alive whatever a request hits: every handler runs through `guarded`, which turns an
// exception into a logged error and an empty answer; stray exceptions and rejections are logged too.
import type { Connection } from 'vscode-languageserver/node';

export interface ErrorLog {
  error(message: string): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Wraps a handler: an exception (or rejection) becomes `fallback`, and the error is logged with the handler's name. */
export function guarded<P extends unknown[], R>(
  log: ErrorLog,
  name: string,
  fallback: R,
  handler: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P): Promise<R> => {
    try {
      return await handler(...args);
    } catch (error) {
      log.error(`stepthrough: ${name} failed: ${describe(error)}`);
      return fallback;
    }
  };
}

/** Same for notification handlers, which answer nothing. */
export function guardedNotification<P extends unknown[]>(
  log: ErrorLog,
  name: string,
  handler: (...args: P) => void,
): (...args: P) => void {
  return (...args: P): void => {
    try {
      handler(...args);
    } catch (error) {
      log.error(`stepthrough: ${name} failed: ${describe(error)}`);
    }
  };
}

/** Logs what escapes every handler instead of letting the process die. */
export function installProcessGuards(connection: Connection): void {
  process.on('uncaughtException', (error) => {
    connection.console.error(`stepthrough: uncaught exception: ${describe(error)}`);
  });
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`stepthrough: unhandled rejection: ${describe(reason)}`);
  });
}
