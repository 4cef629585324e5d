// A worker thread of `stepthrough test --workers N`: loads the suite's test files itself (loaded
// specs hold functions, so they cannot be sent), runs the cases it was assigned, and posts the
// result back. The main thread merges the parts (core/testing/merge.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { loadTestFileWithTemplate, runLoadedFiles } from '../../core/testing';
import { HandlerHost } from '../../host/handlers';
import { handlerHostOptions } from '../../host/handlers/start';
import { nodeFileAccess } from '../../host/nodeFiles';
import { testFileIO } from '../../host/testFiles';
import type { WorkerAssignment, WorkerMessage } from './protocol';

async function run(assignment: WorkerAssignment): Promise<WorkerMessage> {
  const chosen = new Set(assignment.cases.map((c) => `${c.file}\u0000${c.caseIndex}`));
  // The main thread's FileAccess cannot cross to a thread: each worker reads through its own.
  const io = testFileIO(nodeFileAccess({ trusted: assignment.trusted }));
  const loaded = await Promise.all(assignment.files.map((file) => loadTestFileWithTemplate(file, io)));
  // Cases' handlers run in child processes of this thread's own host, all stopped before it reports.
  // Loaded at once (a worker runs only for cases; its development loader, tsx's CommonJS hook, has no import()).
  const handlers = new HandlerHost(handlerHostOptions((line) => process.stderr.write(`${line}\n`)));
  try {
    const suite = await runLoadedFiles(loaded, {
      select: (spec, caseIndex) => chosen.has(`${spec.file}\u0000${caseIndex}`),
      concurrency: assignment.concurrency,
      handlers,
    });
    return { type: 'done', suite };
  } finally {
    await handlers.close();
  }
}

const assignment = workerData as WorkerAssignment;
if (parentPort && assignment?.type === 'assignment') {
  const port = parentPort;
  run(assignment).then(
    (message) => port.postMessage(message),
    (error: unknown) =>
      port.postMessage({
        type: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies WorkerMessage),
  );
}
