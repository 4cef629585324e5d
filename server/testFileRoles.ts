// The role a state machine's test files declare (`*.sfn-test.yaml|yml|json` in its folder, naming it in
// `stateMachine`), for the role check when no rolePolicy setting is configured. A test file is read again
// when it or a role file it names changes on disk, or when the client reports a test file changed.
// Every read goes through the host's file access: bounded, and nothing at all in an untrusted workspace.
import { dirname, join, resolve } from 'node:path';
import { readTestFileRole, type TestFileIO, type TestFileRole } from '../core/testing';
import { FileAccessError, testFileIO, type FileAccess } from '../host';
import type { RoleLog } from './role';

export const TEST_FILE_PATTERN = /\.sfn-test\.(ya?ml|json)$/i;

interface CachedRead {
  /** The test file and the role files it names, with their stamps when it was read. */
  files: { file: string; stamp: string }[];
  found: TestFileRole | undefined;
}

export class TestFileRoles {
  private readonly cache = new Map<string, CachedRead>();
  /** Test file names per folder, with the folder's stamp (adding or removing a file changes it). */
  private readonly listings = new Map<string, { stamp: string; names: string[] }>();
  private readonly io: TestFileIO;

  constructor(
    private readonly log: RoleLog,
    private readonly files: FileAccess,
  ) {
    this.io = testFileIO(files);
  }

  /** Modification time and size, or '' for a file that cannot be seen (the stamp changes when it appears). */
  private stampOf(file: string): string {
    const stat = this.files.stat(file);
    return stat ? `${stat.mtimeMs}:${stat.size}` : '';
  }

  /** Forgets what was read (a test file or a role file it names changed). */
  invalidate(): void {
    this.cache.clear();
    this.listings.clear();
  }

  /** The first test file, by name, beside `machineFile` that names it and declares a readable role. */
  forMachine(machineFile: string): TestFileRole | undefined {
    // An untrusted workspace declares no role: its test files (and the files they name) are not read.
    if (!this.files.trusted) return undefined;
    const folder = dirname(machineFile);
    const names = this.testFilesIn(folder);
    const target = resolve(machineFile);
    for (const name of names) {
      const found = this.read(join(folder, name));
      if (found?.role && resolve(found.machineFile) === target) return found;
    }
    return undefined;
  }

  /** The test files in `folder`, listed again only when the folder changed. */
  private testFilesIn(folder: string): string[] {
    const stamp = this.stampOf(folder);
    const known = this.listings.get(folder);
    if (known?.stamp === stamp) return known.names;
    let names: string[];
    try {
      names = this.files
        .list(folder)
        .filter((entry) => !entry.directory && TEST_FILE_PATTERN.test(entry.name))
        .map((entry) => entry.name)
        .sort();
    } catch {
      names = []; // the folder is gone or unreadable: there are no test files to take a role from
    }
    this.listings.set(folder, { stamp, names });
    return names;
  }

  private read(file: string): TestFileRole | undefined {
    const cached = this.cache.get(file);
    if (cached?.files.every(({ file: read, stamp }) => this.stampOf(read) === stamp)) return cached.found;
    const stamp = this.stampOf(file);
    let refused: FileAccessError | undefined;
    const found = readTestFileRole(file, {
      ...this.io,
      readFile: (path, kind) => {
        try {
          return this.io.readFile(path, kind);
        } catch (error) {
          if (path === file && error instanceof FileAccessError) refused = error;
          throw error;
        }
      },
    });
    // A test file that vanished declares nothing; one the host refused (a device, a FIFO, too big) is said.
    if (refused && refused.code !== 'E_FILE_NOT_FOUND')
      this.log.warn(`stepthrough: ${refused.message} It is not used for role checks.`);
    if (found && found.problems.length > 0) {
      const first = found.problems[0];
      this.log.warn(
        `stepthrough: the test file ${file} has problems (${first ? `${first.line}:${first.column} ${first.message}` : ''}); its role is not used for role checks`,
      );
    }
    const roleFiles = (found?.roleFiles ?? []).map((roleFile) => ({
      file: roleFile,
      stamp: this.stampOf(roleFile),
    }));
    this.cache.set(file, { files: [{ file, stamp }, ...roleFiles], found });
    return found;
  }
}
