// `stepthrough serve` (the pytest plugin's engine) meeting hostile files (issue #20, finding 1): one
// long-lived server, run as shipped under a memory cap, gets requests naming a device file, a symlink
// to it, a FIFO and an oversized file as the definition, mocks, role, or test file; each is answered
// with a typed error naming the file and the reason, and the next request still runs normally.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bundle, HANG_GUARD_MS, hostileFolder, POSIX, type HostileFolder } from './fixtures';
import { ServeProcess, type Message } from './serveProcess';

const skip = POSIX ? false : 'FIFOs, /dev/zero and ulimit are POSIX';

function errorOf(response: Message): { code: string; message: string; location?: { file?: string } } {
  assert.equal(response.ok, false, JSON.stringify(response));
  return response.error as { code: string; message: string; location?: { file?: string } };
}

describe('serve and the files a request names', { skip, timeout: HANG_GUARD_MS }, () => {
  let folder: HostileFolder;
  let server: ServeProcess;
  before(async () => {
    folder = hostileFolder();
    server = new ServeProcess(await bundle('cli'));
  });
  after(async () => {
    if (server.child.exitCode === null) assert.equal(await server.close(), 0);
  });

  const mocks = { kind: 'inline', value: { Charge: [{ Return: { Payload: { charged: true } } }] } };

  test('each hostile definition, mocks and role file is refused with a typed error; the server goes on', async () => {
    const f = folder;
    const cases: [Message & { id: number }, string, RegExp][] = [
      [
        { id: 1, type: 'execute', definition: { file: '/dev/zero' } },
        'E_NOT_A_FILE',
        /^The state machine file '\/dev\/zero' is a character device, not a regular file\.$/,
      ],
      [
        { id: 2, type: 'execute', definition: { file: f.zeroLink } },
        'E_NOT_A_FILE',
        /is a link to '\/dev\/zero', which is a character device, not a regular file\.$/,
      ],
      [
        { id: 3, type: 'testState', state: 'Charge', definition: { file: f.fifo } },
        'E_NOT_A_FILE',
        /is a FIFO \(named pipe\), not a regular file\.$/,
      ],
      [
        { id: 4, type: 'execute', definition: { file: f.huge } },
        'E_FILE_TOO_LARGE',
        /is 10\.0 MB \(10485761 bytes\), over the 10 MB limit for this kind of file\.$/,
      ],
      [
        { id: 5, type: 'execute', definition: { file: f.machine }, mocks: { kind: 'file', file: f.fifo } },
        'E_NOT_A_FILE',
        /^The mocks file '.*pipe\.json' is a FIFO/,
      ],
      [
        {
          id: 6,
          type: 'execute',
          definition: { file: f.machine },
          mocks,
          role: { files: [f.role, '/dev/zero'] },
        },
        'E_NOT_A_FILE',
        /^The role file '\/dev\/zero' is a character device/,
      ],
    ];
    const responses = await Promise.all(cases.map(([request]) => server.request(request)));
    responses.forEach((response, index) => {
      const [request, code, message] = cases[index] ?? [{ id: 0 }, '', /./];
      const error = errorOf(response);
      assert.equal(error.code, code, `request ${request.id}`);
      assert.match(error.message, message, `request ${request.id}`);
      assert.ok(error.location?.file, `request ${request.id} names the file`);
    });
  });

  test('test files that are, or name, hostile files list their problems at the naming key', async () => {
    const f = folder;
    const linked = await server.request({
      id: 10,
      type: 'listTestFile',
      file: f.path('e-linked.sfn-test.yaml'),
    });
    assert.equal(linked.ok, true);
    assert.deepEqual((linked.result as { problems: unknown[] }).problems, [
      {
        file: f.path('e-linked.sfn-test.yaml'),
        line: 1,
        column: 1,
        message: "the test file is a link to '/dev/zero', which is a character device, not a regular file",
      },
    ]);
    const fifo = await server.request({ id: 11, type: 'runTestFile', file: f.path('g-fifo.sfn-test.yaml') });
    assert.match(JSON.stringify(fifo.result), /the test file is a FIFO \(named pipe\), not a regular file/);
    const references = await server.request({
      id: 12,
      type: 'runTestFile',
      file: f.path('h-references.sfn-test.yaml'),
    });
    const problems = (references.result as { problems: { line: number; column: number; message: string }[] })
      .problems;
    assert.deepEqual(
      problems.map((p) => `${p.line}:${p.column} ${p.message.replace(/ \(.*?\) is /, ' is ')}`),
      [
        '2:12 the input file "pipe.json" is a FIFO (named pipe), not a regular file',
        `3:13 the mock config file "zero.json" is a link to '/dev/zero', which is a character device, not a regular file`,
        '5:11 the fixture file "/dev/zero" is a character device, not a regular file',
        '12:23 the mock result file "huge.json" is 10.0 MB (10485761 bytes), over the 10 MB limit for this kind of file',
      ],
    );
  });

  test('after all that, a normal request runs as before', async () => {
    const response = await server.request({
      id: 20,
      type: 'execute',
      definition: { file: folder.machine },
      input: { order: 1 },
      mocks,
    });
    assert.equal(response.ok, true, JSON.stringify(response));
    assert.equal((response.result as { status: string }).status, 'SUCCEEDED');
    assert.deepEqual((response.result as { output: unknown }).output, { charged: true });
    assert.equal(server.stderr, '');
  });
});
