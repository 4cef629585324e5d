// The debugger's launch configurations naming hostile files (issue #20, finding 1): a definition,
// input, mocks, MockConfigFile, substitutions or role that is /dev/zero, a symlink to it, a FIFO or an
// oversized file, and test files that are or name such files. Through a real DAP client, against the
// adapter as shipped (bundled) under a memory cap: each launch fails with the reason, and the adapter
// keeps answering. Breakpoints set in a FIFO are unverified with the reason.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, describe, test } from 'node:test';
import { DapHarness } from '../dap/harness';
import { bundle, HANG_GUARD_MS, hostileFolder, MEMORY_CAP_KIB, POSIX, type HostileFolder } from './fixtures';

const skip = POSIX ? false : 'FIFOs, /dev/zero and ulimit are POSIX';

describe('debugger launch files', { skip, timeout: HANG_GUARD_MS }, () => {
  let folder: HostileFolder;
  let launcher: string;
  let dap: DapHarness | undefined;
  before(async () => {
    folder = hostileFolder();
    const script = await bundle('dap');
    launcher = join(folder.dir, 'dap.sh');
    // The harness preloads tsx through NODE_OPTIONS; the bundle runs without it, under the cap.
    writeFileSync(
      launcher,
      `unset NODE_OPTIONS\nulimit -v ${MEMORY_CAP_KIB}\nexec "${process.execPath}" "${script}"\n`,
    );
  });
  afterEach(async () => {
    await dap?.close();
    dap = undefined;
  });

  async function launchFails(args: Record<string, unknown>): Promise<string> {
    dap = await DapHarness.start(launcher);
    let message = '';
    await dap.launch({ cwd: folder.dir, ...args }).then(
      () => assert.fail('the launch should have failed'),
      (err: unknown) => {
        message = err instanceof Error ? err.message : String(err);
      },
    );
    // Still answering after the refusal.
    const threads = await dap.dc.threadsRequest();
    assert.ok(Array.isArray(threads.body.threads));
    await dap.close();
    dap = undefined;
    return message;
  }

  test('each hostile file a launch configuration names is refused with its reason', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { definition: '/dev/zero' },
        /The state machine file '\/dev\/zero' is a character device, not a regular file\./,
      ],
      [
        { definition: 'machine.asl.json', inputFile: 'pipe.json' },
        /The input file '.*pipe\.json' is a FIFO \(named pipe\), not a regular file\./,
      ],
      [
        { definition: 'machine.asl.json', mocks: 'zero.json' },
        /The mocks file '.*zero\.json' is a link to '\/dev\/zero', which is a character device/,
      ],
      [
        { definition: 'machine.asl.json', mockConfig: 'pipe.json', testCase: 'x' },
        /The mock config file '.*pipe\.json' is a FIFO/,
      ],
      [
        { definition: 'machine.asl.json', substitutions: '/dev/zero' },
        /The substitutions file '\/dev\/zero' is a character device/,
      ],
      [
        { definition: 'machine.asl.json', role: 'huge.json' },
        /The role policy file '.*huge\.json' is 10\.0 MB \(10485761 bytes\), over the 10 MB limit/,
      ],
      [
        { testFile: 'e-linked.sfn-test.yaml' },
        /e-linked\.sfn-test\.yaml:1:1: the test file is a link to '\/dev\/zero', which is a character device/,
      ],
      [
        { testFile: 'h-references.sfn-test.yaml', case: 'fixture' },
        /h-references\.sfn-test\.yaml:2:12: the input file "pipe\.json" .* is a FIFO \(named pipe\), not a regular file \(and 3 more problems\)/,
      ],
    ];
    for (const [args, expected] of cases)
      assert.match(await launchFails(args), expected, JSON.stringify(args));
  });

  test('breakpoints in a FIFO are unverified with the reason, and the session goes on', async () => {
    dap = await DapHarness.start(launcher);
    await dap.dc.initializeRequest({
      adapterID: 'stepthrough',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    const response = await dap.dc.setBreakpointsRequest({
      source: { path: folder.fifo },
      breakpoints: [{ line: 2 }],
    });
    const [breakpoint] = response.body.breakpoints;
    assert.equal(breakpoint?.verified, false);
    assert.match(breakpoint?.message ?? '', /is a FIFO \(named pipe\), not a regular file/);
    const threads = await dap.dc.threadsRequest();
    assert.ok(Array.isArray(threads.body.threads));
  });
});
