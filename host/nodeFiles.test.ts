// The Node file access: what it reads (regular files up to the limit of their kind), what it refuses
// and how it says so (device files, symlinks to them, FIFOs, directories, oversized files, untrusted
// workspaces), the ItemReader limit and its environment variable, and writes that create folders.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FileAccessError } from '../core';
import { DEFAULT_LIMITS, formatSize, nodeFileAccess, parseSize, type FileAccess } from '.';

const dir = mkdtempSync(join(tmpdir(), 'stepthrough-host-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A file of `size` bytes that takes no disk space. */
function sparse(name: string, size: number): string {
  const path = write(name, '');
  truncateSync(path, size);
  return path;
}

function refusal(
  files: FileAccess,
  path: string,
  kind: Parameters<FileAccess['readText']>[1]['kind'],
): FileAccessError {
  try {
    files.readText(path, { kind });
  } catch (error) {
    assert.ok(error instanceof FileAccessError, `not a FileAccessError: ${String(error)}`);
    return error;
  }
  assert.fail(`${path} was read`);
}

const files = nodeFileAccess({ env: {} });

describe('reading', () => {
  test('a regular file is read as UTF-8 text', () => {
    assert.equal(files.readText(write('a.json', '{"é": 1}'), { kind: 'input' }), '{"é": 1}');
  });

  test('a missing file: E_FILE_NOT_FOUND with the hint given', () => {
    const path = join(dir, 'missing.json');
    const error = refusal(files, path, 'definition');
    assert.equal(error.code, 'E_FILE_NOT_FOUND');
    assert.equal(error.reason, 'does not exist');
    assert.equal(error.message, `The state machine file '${path}' does not exist.`);
    assert.deepEqual(error.location, { file: path });
    assert.throws(
      () => files.readText(path, { kind: 'input', what: 'launch input', missingHint: 'relative to cwd' }),
      (e: unknown) =>
        e instanceof FileAccessError &&
        e.message === `The launch input file '${path}' does not exist.` &&
        e.hint === 'relative to cwd',
    );
  });

  test('a character device, a symlink to it, a FIFO and a directory are refused before any read', () => {
    const zero = refusal(files, '/dev/zero', 'policy');
    assert.equal(zero.code, 'E_NOT_A_FILE');
    assert.equal(zero.message, "The role policy file '/dev/zero' is a character device, not a regular file.");
    const link = join(dir, 'role.json');
    symlinkSync('/dev/zero', link);
    const linked = refusal(files, link, 'policy');
    assert.equal(linked.code, 'E_NOT_A_FILE');
    assert.equal(linked.reason, "is a link to '/dev/zero', which is a character device, not a regular file");
    const fifo = join(dir, 'input.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    // Opening a FIFO for reading would wait for a writer forever: the refusal proves it was not opened.
    const piped = refusal(files, fifo, 'input');
    assert.equal(piped.code, 'E_NOT_A_FILE');
    assert.equal(piped.reason, 'is a FIFO (named pipe), not a regular file');
    mkdirSync(join(dir, 'folder.json'));
    assert.equal(
      refusal(files, join(dir, 'folder.json'), 'mock').reason,
      'is a directory, not a regular file',
    );
  });

  test('the limit is inclusive: a file of exactly the limit is read, one byte more is refused', () => {
    const small = nodeFileAccess({ limits: { maxBytes: 10 }, env: {} });
    assert.equal(small.readText(write('ten.json', '0123456789'), { kind: 'input' }), '0123456789');
    const eleven = refusal(small, write('eleven.json', '01234567890'), 'input');
    assert.equal(eleven.code, 'E_FILE_TOO_LARGE');
    assert.equal(eleven.reason, 'is 11 bytes, over the 10 bytes limit for this kind of file');
  });

  test('the default limit is 10 MB for every kind but ItemReader data', () => {
    assert.equal(DEFAULT_LIMITS.maxBytes, 10 * 1024 * 1024);
    assert.equal(
      files.readText(sparse('at-limit.json', DEFAULT_LIMITS.maxBytes), { kind: 'test' }).length,
      DEFAULT_LIMITS.maxBytes,
    );
    const over = sparse('over-limit.json', DEFAULT_LIMITS.maxBytes + 1);
    for (const kind of [
      'definition',
      'template',
      'policy',
      'input',
      'mock',
      'substitutions',
      'test',
    ] as const) {
      const error = refusal(files, over, kind);
      assert.equal(error.code, 'E_FILE_TOO_LARGE', kind);
      assert.equal(error.reason, 'is 10.0 MB (10485761 bytes), over the 10 MB limit for this kind of file');
    }
    // ItemReader data has its own, larger limit.
    assert.equal(files.readText(over, { kind: 'itemReader' }).length, DEFAULT_LIMITS.maxBytes + 1);
  });

  test('the ItemReader limit: 1 GB by default, raised or lowered by STEPTHROUGH_ITEM_READER_LIMIT', () => {
    assert.equal(DEFAULT_LIMITS.maxItemReaderBytes, 1024 * 1024 * 1024);
    const items = write('items.csv', 'a,b\n1,2\n');
    const lowered = nodeFileAccess({ env: { STEPTHROUGH_ITEM_READER_LIMIT: '4' } });
    const error = refusal(lowered, items, 'itemReader');
    assert.equal(error.code, 'E_FILE_TOO_LARGE');
    assert.match(error.reason, /over the 4 bytes limit for ItemReader data/);
    assert.match(error.hint ?? '', /STEPTHROUGH_ITEM_READER_LIMIT=4GB/);
    // Other kinds keep their limit whatever the variable says.
    assert.equal(lowered.readText(items, { kind: 'input' }), 'a,b\n1,2\n');
    const raised = nodeFileAccess({ limits: { maxBytes: 4 }, env: { STEPTHROUGH_ITEM_READER_LIMIT: '2GB' } });
    assert.equal(raised.readText(items, { kind: 'itemReader' }), 'a,b\n1,2\n');
    assert.throws(
      () =>
        nodeFileAccess({ env: { STEPTHROUGH_ITEM_READER_LIMIT: 'lots' } }).readText(items, {
          kind: 'itemReader',
        }),
      /STEPTHROUGH_ITEM_READER_LIMIT must be a size such as 2GB or 500MB, got 'lots'/,
    );
  });

  // #20: ItemReader data is streamed under the same limit, counted on the bytes read: checked when the
  // stream is made (the refusal names the file before any run), and again as it is read (a file that grew
  // past the limit after the check is refused mid-read). UTF-8 split across chunks stays whole.
  test('streamText: chunks of the whole text, re-readable, the limit checked up front and on bytes read', async () => {
    const readAll = async (stream: { read(): AsyncIterable<string> }): Promise<string[]> => {
      const chunks: string[] = [];
      for await (const chunk of stream.read()) chunks.push(chunk);
      return chunks;
    };
    const text = `id,name\n${Array.from({ length: 40_000 }, (_, i) => `${i},naïve-€-${i}`).join('\n')}`;
    const big = write('stream.csv', text);
    const files = nodeFileAccess();
    const stream = files.streamText(big, { kind: 'itemReader' });
    const chunks = await readAll(stream);
    assert.ok(chunks.length > 5, `read in chunks (${chunks.length})`);
    assert.equal(chunks.join(''), text);
    assert.equal((await readAll(stream)).join(''), text, 'each read() is a fresh pass');

    const small = write('small.csv', 'a,b\n1,2\n');
    const lowered = nodeFileAccess({ env: { STEPTHROUGH_ITEM_READER_LIMIT: '20' } });
    const checked = lowered.streamText(small, { kind: 'itemReader' });
    assert.throws(
      () =>
        nodeFileAccess({ env: { STEPTHROUGH_ITEM_READER_LIMIT: '4' } }).streamText(small, {
          kind: 'itemReader',
        }),
      (e: unknown) =>
        e instanceof FileAccessError &&
        e.code === 'E_FILE_TOO_LARGE' &&
        /over the 4 bytes limit for ItemReader data/.test(e.reason),
    );
    // The file grows past the limit after the check: the read refuses it once the bytes read pass 20.
    writeFileSync(small, 'a,b\n' + '1,2\n'.repeat(20));
    await assert.rejects(readAll(checked), (e: unknown) => {
      assert.ok(e instanceof FileAccessError);
      assert.equal(e.code, 'E_FILE_TOO_LARGE');
      assert.match(e.message, /small\.csv/);
      assert.match(e.reason, /over 20 bytes \(it grew while read\)/);
      return true;
    });
    assert.throws(
      () => files.streamText(dir, { kind: 'itemReader' }),
      (e: unknown) => e instanceof FileAccessError && e.code === 'E_NOT_A_FILE',
    );
  });

  test('an untrusted workspace reads, lists, sees and writes nothing', () => {
    const untrusted = nodeFileAccess({ trusted: false });
    assert.equal(untrusted.trusted, false);
    const error = refusal(untrusted, write('trusted-only.json', '{}'), 'policy');
    assert.equal(error.code, 'E_UNTRUSTED_WORKSPACE');
    assert.equal(error.reason, 'is not read in an untrusted workspace');
    assert.equal(untrusted.stat(dir), undefined);
    assert.throws(() => untrusted.list(dir), { code: 'E_UNTRUSTED_WORKSPACE' });
    assert.throws(() => untrusted.writeText(join(dir, 'out.xml'), 'x', 'report'), {
      code: 'E_UNTRUSTED_WORKSPACE',
    });
  });
});

describe('listing, stat and writing', () => {
  test('stat names files, directories and the rest; list gives entries', () => {
    assert.equal(files.stat(dir)?.type, 'directory');
    assert.equal(files.stat(write('s.json', 'abc'))?.type, 'file');
    assert.equal(files.stat(write('s.json', 'abc'))?.size, 3);
    assert.equal(files.stat('/dev/zero')?.type, 'other');
    assert.equal(files.stat(join(dir, 'nothing')), undefined);
    const names = files.list(dir).map((e) => e.name);
    assert.ok(names.includes('s.json'));
    assert.throws(() => files.list(join(dir, 'nothing')), { code: 'E_FILE_NOT_FOUND' });
  });

  test('writes create missing folders; a file in the way is E_FILE_WRITE', () => {
    const report = join(dir, 'reports', 'nested', 'junit.xml');
    files.writeText(report, '<testsuites/>', 'report');
    assert.equal(readFileSync(report, 'utf8'), '<testsuites/>');
    const blocked = join(write('plain.txt', 'x'), 'junit.xml');
    assert.throws(
      () => files.writeText(blocked, '<testsuites/>', 'report'),
      (e: unknown) =>
        e instanceof FileAccessError &&
        e.code === 'E_FILE_WRITE' &&
        e.message ===
          `The report file '${blocked}' cannot be written (a file stands where a folder of its path should be).`,
    );
  });
});

test('sizes are parsed and shown in the units users write', () => {
  assert.equal(parseSize('2GB'), 2 * 1024 ** 3);
  assert.equal(parseSize('500 MB'), 500 * 1024 ** 2);
  assert.equal(parseSize('1.5g'), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1048576'), 1048576);
  for (const bad of ['', '0', '-1', 'lots', '5 parsecs', '1e3']) assert.equal(parseSize(bad), undefined, bad);
  assert.equal(formatSize(1), '1 byte');
  assert.equal(formatSize(1023), '1023 bytes');
  assert.equal(formatSize(1024), '1 KB');
  assert.equal(formatSize(10 * 1024 * 1024), '10 MB');
  assert.equal(formatSize(10 * 1024 * 1024 + 1), '10.0 MB');
  assert.equal(formatSize(1024 ** 3), '1 GB');
});
