// Starts a handler host (host/handlers: the team's code run as Tasks) for a surface that needs one,
// loading the host's code only then (start-up: ARCHITECTURE.md invariant 27). Each line the handlers
// print comes to `onLine` as `[key] text`, for the surface's own output: stderr for the CLI and
// `serve`, the test run's output in the Test Explorer, the debug console in the debugger.

import type { HandlerHost, HandlerHostOptions } from './host';

export async function startHandlerHost(onLine: (text: string) => void): Promise<HandlerHost> {
  const { HandlerHost } = await import('./index.js');
  return new HandlerHost(handlerHostOptions(onLine));
}

/** The host's options for a surface that prints each handler line as `[key] text` to `onLine`. */
export function handlerHostOptions(onLine: (text: string) => void): HandlerHostOptions {
  return { onOutput: (line) => onLine(`[${line.key}] ${line.text}`) };
}
