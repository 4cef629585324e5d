// The language server opening a folder from an untrusted repository (issue #20, finding 1): test files
// beside the open machine whose `role` is /dev/zero, a symlink to it, a FIFO or an oversized file, a
// test file that is itself a link to /dev/zero or a FIFO, and one naming /dev/zero as its machine. The
// server runs as shipped (bundled) under a memory cap, through a real LSP client over stdio: it must
// warn about each refused file, still take the role of the one good test file, and keep answering.
// With workspace trust off it reads none of them. Each test ends when the server answers (an event);
// the hang guard only turns a server blocked on a FIFO into a failure.

import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspTestClient } from '../lsp/client';
import { bundle, HANG_GUARD_MS, hostileFolder, MEMORY_CAP_KIB, POSIX, type HostileFolder } from './fixtures';

const skip = POSIX ? false : 'FIFOs, /dev/zero and ulimit are POSIX';

describe('the language server and the files a test file names', { skip, timeout: HANG_GUARD_MS }, () => {
  let folder: HostileFolder;
  let server: string;
  const clients: LspTestClient[] = [];
  before(async () => {
    folder = hostileFolder();
    server = await bundle('server');
  });
  after(async () => {
    for (const client of clients) if (client.alive) await client.stop();
  });

  async function start(options: Record<string, unknown>): Promise<LspTestClient> {
    const client = await LspTestClient.start({ debounceMs: 0, ...options }, undefined, {
      bundle: server,
      memoryCapKiB: MEMORY_CAP_KIB,
      rootUri: pathToFileURL(folder.dir).href,
    });
    clients.push(client);
    return client;
  }

  async function openMachine(client: LspTestClient): Promise<string[]> {
    const uri = pathToFileURL(folder.machine).href;
    const { readFileSync } = await import('node:fs');
    const published = await client.open(uri, readFileSync(folder.machine, 'utf8'));
    return published.diagnostics.map((d) => `${String(d.code)} ${d.message}`);
  }

  test('refuses each hostile file with its reason, uses the good role and keeps answering', async () => {
    const client = await start({});
    const diagnostics = await openMachine(client);
    // The one readable role (z-role.sfn-test.yaml) is used: the Task's lambda:InvokeFunction is not granted.
    assert.equal(diagnostics.length, 1, diagnostics.join('\n'));
    assert.match(
      diagnostics[0] ?? '',
      /^IAM001 .*lambda:InvokeFunction.*\(the role declared in z-role\.sfn-test\.yaml\)$/,
    );
    const warnings = client.warnings.join('\n');
    const expected: [string, RegExp][] = [
      [
        'a-device',
        /a-device\.sfn-test\.yaml has problems \(2:7 the role file "\/dev\/zero" \(\/dev\/zero\) is a character device, not a regular file\)/,
      ],
      [
        'b-link',
        /b-link\.sfn-test\.yaml has problems \(2:7 the role file "zero\.json" \(.*zero\.json\) is a link to '\/dev\/zero', which is a character device, not a regular file\)/,
      ],
      [
        'c-fifo',
        /c-fifo\.sfn-test\.yaml has problems \(2:7 the role file "pipe\.json" \(.*pipe\.json\) is a FIFO \(named pipe\), not a regular file\)/,
      ],
      [
        'd-huge',
        /d-huge\.sfn-test\.yaml has problems \(2:7 the role file "huge\.json" \(.*huge\.json\) is 10\.0 MB \(10485761 bytes\), over the 10 MB limit for this kind of file\)/,
      ],
      [
        'e-linked',
        /The test file '.*e-linked\.sfn-test\.yaml' is a link to '\/dev\/zero', which is a character device, not a regular file\. It is not used for role checks\./,
      ],
      [
        'g-fifo',
        /The test file '.*g-fifo\.sfn-test\.yaml' is a FIFO \(named pipe\), not a regular file\. It is not used for role checks\./,
      ],
    ];
    for (const [name, pattern] of expected) assert.match(warnings, pattern, name);
    // f-machine names /dev/zero as its machine: compared as a path, never read, never reported.
    assert.doesNotMatch(warnings, /f-machine/);
    assert.deepEqual(client.errors, []);
    // Still answering, and still alive.
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', {
      textDocument: { uri: pathToFileURL(folder.machine).href },
    });
    assert.equal(symbols.length, 1);
    assert.ok(client.alive);
    assert.equal(await client.stop(), 0);
  });

  test('in an untrusted workspace no referenced file is read: no role from test files, no role setting', async () => {
    const client = await start({ workspaceTrusted: false, rolePolicy: folder.role });
    const diagnostics = await openMachine(client);
    // Trusted, the role setting alone gives the IAM001 warning (see above); untrusted, nothing is read.
    assert.deepEqual(diagnostics, []);
    const warnings = client.warnings.join('\n');
    assert.match(
      warnings,
      /The role policy file '.*s3-only-role\.json' is not read in an untrusted workspace\. Role checks are off\./,
    );
    assert.doesNotMatch(warnings, /sfn-test/);
    assert.equal(await client.stop(), 0);
  });

  test('trusted, the same role setting is read (the control for the untrusted case)', async () => {
    const client = await start({ rolePolicy: folder.role });
    const diagnostics = await openMachine(client);
    assert.equal(diagnostics.length, 1, diagnostics.join('\n'));
    assert.match(diagnostics[0] ?? '', /^IAM001 .*lambda:InvokeFunction/);
    assert.equal(await client.stop(), 0);
  });
});
