// Core's test-runner I/O over FileAccess: test files and the files they name (read bounded, each
// with the limit of its kind; a reference resolves against the naming file's folder), and test
// discovery's directory walk.

import { dirname, join, resolve } from 'node:path';
import type { DiscoveryIO, TestFileIO, TestFileReadKind } from '../core/testing';
import type { FileAccess, FileKind } from './files';

const KINDS: Readonly<Record<TestFileReadKind, FileKind>> = {
  test: 'test',
  definition: 'definition',
  template: 'template',
  policy: 'policy',
  input: 'input',
  mock: 'mock',
  substitutions: 'substitutions',
  itemReader: 'itemReader',
};

export function testFileIO(files: FileAccess): TestFileIO {
  return {
    readFile: (path, kind) => files.readText(path, { kind: KINDS[kind] }),
    streamFile: (path, kind) => files.streamText(path, { kind: KINDS[kind] }),
    resolve: (from, rel) => resolve(dirname(from), rel),
  };
}

export function discoveryIO(files: FileAccess): DiscoveryIO {
  return {
    readDirectory: (path) => files.list(path),
    kind: (path) => {
      const type = files.stat(path)?.type;
      // Anything that is not a directory is offered as a file: the loader then says why it is not one.
      return type === undefined ? undefined : type === 'directory' ? 'directory' : 'file';
    },
    join,
  };
}
