// Whether a process is still there, for tests proving handler processes do not outlive their host.
// A killed process whose parent is gone stays a zombie until init reaps it: that counts as gone.

import { readFileSync } from 'node:fs';

export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ...: the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once the process has ended; rejects if it is still running after `limitMs` (a SIGKILL takes far less). */
export async function ended(pid: number, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  while (running(pid)) {
    if (Date.now() > until) throw new Error(`process ${pid} is still running`);
    await new Promise<void>((done) => setTimeout(done, 10));
  }
}
