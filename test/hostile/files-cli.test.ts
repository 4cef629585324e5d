// The CLI as a process meeting hostile files (issue #20, finding 1): `run` with each flag naming a
// device file, a symlink to it, a FIFO or an oversized file; `validate`, `graph`; `stepthrough test`
// on a folder whose test files name such files in every place a test file can (stateMachine, role,
// inputFile, mockConfig, fixtures, returnFile, itemReader) or are such files. Each process runs as
// shipped (bundled) under a memory cap and is awaited until it exits: a clean refusal, exit 2, the
// reason placed where the naming file names it. The ItemReader limit can be raised through the
// environment.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bundle, HANG_GUARD_MS, hostileFolder, POSIX, runCapped, type HostileFolder } from './fixtures';

const skip = POSIX ? false : 'FIFOs, /dev/zero and ulimit are POSIX';
const NOT_A_FILE_HINT = '  hint: Stepthrough reads only regular files: name the file itself.';

describe('the CLI and the files it is told to read', { skip, timeout: HANG_GUARD_MS }, () => {
  let folder: HostileFolder;
  let cli: string;
  before(async () => {
    folder = hostileFolder();
    cli = await bundle('cli');
  });

  test('run, validate and graph refuse each hostile file they are named, exit 2, no stack', async () => {
    const f = folder;
    const cases: [string[], string][] = [
      [
        ['run', '/dev/zero'],
        "stepthrough run: /dev/zero: The state machine file '/dev/zero' is a character device, not a regular file.",
      ],
      [
        ['run', f.machine, '--input', f.fifo],
        `stepthrough run: ${f.fifo}: The input file '${f.fifo}' is a FIFO (named pipe), not a regular file.`,
      ],
      [
        ['run', f.machine, '--mocks', f.zeroLink],
        `stepthrough run: ${f.zeroLink}: The mocks file '${f.zeroLink}' is a link to '/dev/zero', which is a character device, not a regular file.`,
      ],
      [
        ['run', f.machine, '--mock-config', f.huge, '--test-case', 'x'],
        `stepthrough run: ${f.huge}: The mock config file '${f.huge}' is 10.0 MB (10485761 bytes), over the 10 MB limit for this kind of file.`,
      ],
      [
        ['run', f.machine, '--substitutions', '/dev/zero'],
        "stepthrough run: /dev/zero: The substitutions file '/dev/zero' is a character device, not a regular file.",
      ],
      [
        ['validate', f.machine, '--role', f.zeroLink],
        `stepthrough validate: ${f.zeroLink}: The role file '${f.zeroLink}' is a link to '/dev/zero', which is a character device, not a regular file.`,
      ],
      [
        ['graph', f.machine, '--input', f.fifo],
        `stepthrough graph: ${f.fifo}: The input file '${f.fifo}' is a FIFO (named pipe), not a regular file.`,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runCapped(cli, args)));
    results.forEach((result, index) => {
      const [args, expected] = cases[index] ?? [[], ''];
      const label = args.join(' ');
      assert.equal(result.code, 2, `${label}\n${result.stderr}`);
      assert.equal(result.stdout, '', label);
      const [first, second] = result.stderr.split('\n');
      assert.equal(first, expected, label);
      if (!args.includes('--mock-config')) assert.equal(second, NOT_A_FILE_HINT, label);
    });
    // validate names each unreadable file on its own line and goes on with the others.
    const validate = await runCapped(cli, ['validate', f.fifo, f.machine]);
    assert.equal(validate.code, 2);
    assert.match(
      validate.stderr,
      new RegExp(
        `^${f.fifo}: The state machine file '.*' is a FIFO \\(named pipe\\), not a regular file\\.$`,
        'm',
      ),
    );
    assert.match(validate.stderr, /0 errors, 0 warnings, 1 unreadable file in 2 files/);
  });

  test('stepthrough test reports every hostile reference where the test file names it, and runs the rest', async () => {
    const result = await runCapped(cli, ['test', '.', '--no-color'], { cwd: folder.dir });
    assert.equal(result.code, 2, result.stderr);
    const out = result.stdout;
    const dir = folder.dir;
    const expected = [
      `a-device.sfn-test.yaml:2:7: the role file "/dev/zero" (/dev/zero) is a character device, not a regular file`,
      `b-link.sfn-test.yaml:2:7: the role file "zero.json" (${dir}/zero.json) is a link to '/dev/zero', which is a character device, not a regular file`,
      `c-fifo.sfn-test.yaml:2:7: the role file "pipe.json" (${dir}/pipe.json) is a FIFO (named pipe), not a regular file`,
      `d-huge.sfn-test.yaml:2:7: the role file "huge.json" (${dir}/huge.json) is 10.0 MB (10485761 bytes), over the 10 MB limit for this kind of file`,
      `e-linked.sfn-test.yaml:1:1: the test file is a link to '/dev/zero', which is a character device, not a regular file`,
      `f-machine.sfn-test.yaml:1:15: the state machine file "zero.json" (${dir}/zero.json) is a link to '/dev/zero', which is a character device, not a regular file`,
      `g-fifo.sfn-test.yaml:1:1: the test file is a FIFO (named pipe), not a regular file`,
      `h-references.sfn-test.yaml:2:12: the input file "pipe.json" (${dir}/pipe.json) is a FIFO (named pipe), not a regular file`,
      `h-references.sfn-test.yaml:3:13: the mock config file "zero.json" (${dir}/zero.json) is a link to '/dev/zero', which is a character device, not a regular file`,
      `h-references.sfn-test.yaml:5:11: the fixture file "/dev/zero" (/dev/zero) is a character device, not a regular file`,
      `h-references.sfn-test.yaml:12:23: the mock result file "huge.json" (${dir}/huge.json) is 10.0 MB (10485761 bytes), over the 10 MB limit for this kind of file`,
      `i-items.sfn-test.yaml:4:11: the itemReader file "pipe.json" (${dir}/pipe.json) is a FIFO (named pipe), not a regular file`,
      `i-items.sfn-test.yaml:9:15: the itemReader file "zero.json" (${dir}/zero.json) is a link to '/dev/zero', which is a character device, not a regular file`,
    ];
    const problems = out
      .split('\n')
      .filter((line) => line.startsWith('  ✗ ') && line.includes('.sfn-test.yaml:'))
      .map((line) => line.slice(4));
    assert.deepEqual(problems, expected);
    // The good test file still ran (its case passes: the role refuses the Task as AWS would).
    assert.match(out, /z-role\.sfn-test\.yaml\n {2}✓ charges/);
    assert.match(out, /Files: 10 files \(9 with problems\)/);
  });

  test('ItemReader data is read up to its own limit, which STEPTHROUGH_ITEM_READER_LIMIT sets', async () => {
    const testFile = join(folder.dir, 'items-ok.sfn-test.yaml');
    writeFileSync(
      testFile,
      [
        'stateMachine: map.asl.json',
        'cases:',
        '  - name: three items',
        '    itemReader:',
        '      Items:',
        '        file: items.csv',
        '    expect:',
        '      output: [{sku: book, qty: "1"}, {sku: pen, qty: "2"}, {sku: ink, qty: "3"}]',
        '',
      ].join('\n'),
    );
    const ok = await runCapped(cli, ['test', testFile, '--no-color']);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const lowered = await runCapped(cli, ['test', testFile, '--no-color'], {
      env: { STEPTHROUGH_ITEM_READER_LIMIT: '16' },
    });
    assert.equal(lowered.code, 2, lowered.stdout);
    assert.match(
      lowered.stdout,
      /items-ok\.sfn-test\.yaml:6:15: the itemReader file "items\.csv" \(.*items\.csv\) is 27 bytes, over the 16 bytes limit for ItemReader data \(Set STEPTHROUGH_ITEM_READER_LIMIT \(e\.g\. STEPTHROUGH_ITEM_READER_LIMIT=4GB\) to read larger ItemReader data\)$/m,
    );
    const raised = await runCapped(cli, ['test', testFile, '--no-color'], {
      env: { STEPTHROUGH_ITEM_READER_LIMIT: '1KB' },
    });
    assert.equal(raised.code, 0, raised.stdout);
  });
});
