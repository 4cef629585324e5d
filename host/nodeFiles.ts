// The Node implementation of FileAccess: the one place the product reads a file a user, a setting or
// a request named. A read checks what the path is (symlinks resolved, then checked) before opening it,
// opens without blocking (a FIFO swapped in after the check cannot hang the process), checks the open
// file again, and reads at most one byte past the limit, so a device file, a pipe or a huge or growing
// file costs a refusal, never the process.

import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { FileAccessError, StepthroughError, type FileAccessErrorCode } from '../core/errors';
import {
  DEFAULT_LIMITS,
  formatSize,
  ITEM_READER_LIMIT_ENV,
  KIND_NAMES,
  limitFor,
  parseSize,
  type DirectoryEntry,
  type FileAccess,
  type FileLimits,
  type FileStat,
  type ReadRequest,
  type TextStream,
} from './files';

export interface NodeFileAccessOptions {
  /** False in an untrusted workspace: every read, listing and write is refused. Default true. */
  trusted?: boolean;
  /** Limits to use instead of the defaults (and of the environment's ItemReader limit). */
  limits?: Partial<FileLimits>;
  /** Where STEPTHROUGH_ITEM_READER_LIMIT is read from (default process.env), at each ItemReader read. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_MISSING_HINT = 'Check the path; relative paths are resolved from the current directory.';
const NOT_A_FILE_HINT = 'Stepthrough reads only regular files: name the file itself.';
const UNTRUSTED_HINT =
  'Trust the workspace (Workspaces: Manage Workspace Trust) to let Stepthrough read the files it names.';
/** Opening never waits for a writer (FIFOs); absent on Windows, where FIFOs are not files. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function typeOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "is a link to '/dev/zero', which is" or "is": what the path resolves to, for messages. */
function resolvedPrefix(path: string): string {
  try {
    if (!lstatSync(path).isSymbolicLink()) return 'is';
    return `is a link to '${realpathSync(path)}', which is`;
  } catch {
    return 'is';
  }
}

function readError(
  code: FileAccessErrorCode,
  path: string,
  subject: string,
  error: unknown,
): FileAccessError {
  const errno = errnoOf(error);
  const detail =
    errno === 'EACCES' || errno === 'EPERM'
      ? 'permission denied'
      : errno === 'ELOOP'
        ? 'its symbolic links loop'
        : error instanceof Error
          ? error.message
          : String(error);
  return new FileAccessError(code, path, subject, `cannot be read (${detail})`, { cause: error });
}

/** "12.5 MB (13107200 bytes)": the rounded size, and the exact one when rounding hides it. */
function sizeOf(bytes: number): string {
  const rounded = formatSize(bytes);
  return rounded.endsWith('bytes') || rounded.endsWith('byte') ? rounded : `${rounded} (${bytes} bytes)`;
}

/** Only ItemReader data has a limit the user can raise; the others' limit is far above any real file. */
function sizeLimitHint(kind: ReadRequest['kind']): { hint?: string } {
  return kind === 'itemReader'
    ? {
        hint: `Set ${ITEM_READER_LIMIT_ENV} (e.g. ${ITEM_READER_LIMIT_ENV}=4GB) to read larger ItemReader data.`,
      }
    : {};
}

export class NodeFileAccess implements FileAccess {
  readonly trusted: boolean;
  private readonly limits: Partial<FileLimits>;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: NodeFileAccessOptions = {}) {
    this.trusted = options.trusted ?? true;
    this.limits = options.limits ?? {};
    this.env = options.env ?? process.env;
  }

  /** The limits in force: given ones, else the environment's ItemReader limit, else the defaults. */
  currentLimits(): FileLimits {
    const env = this.env[ITEM_READER_LIMIT_ENV];
    let fromEnv: number | undefined;
    if (env !== undefined && env.trim() !== '') {
      fromEnv = parseSize(env);
      if (fromEnv === undefined) {
        throw new StepthroughError(
          'E_USAGE',
          `${ITEM_READER_LIMIT_ENV} must be a size such as 2GB or 500MB, got '${env}'.`,
        );
      }
    }
    return {
      maxBytes: this.limits.maxBytes ?? DEFAULT_LIMITS.maxBytes,
      maxItemReaderBytes: this.limits.maxItemReaderBytes ?? fromEnv ?? DEFAULT_LIMITS.maxItemReaderBytes,
    };
  }

  readText(path: string, request: ReadRequest): string {
    const { subject, limit, tooLarge } = this.checked(path, request);
    let fd: number;
    try {
      fd = openSync(path, OPEN_FLAGS);
    } catch (error) {
      throw readError('E_FILE_READ', path, subject, error);
    }
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile()) throw replaced(path, subject, opened);
      const bytes = readUpTo(fd, Math.min(opened.size, limit) + 1, limit + 1);
      if (bytes.length > limit) throw tooLarge(`over ${formatSize(limit)} (it grew while read)`);
      try {
        return bytes.toString('utf8');
      } catch (error) {
        // Past what one JavaScript string holds (about 512 MB in Node.js 20).
        throw new FileAccessError(
          'E_FILE_TOO_LARGE',
          path,
          subject,
          `is ${formatSize(bytes.length)}, more than one JavaScript string holds`,
          { hint: 'Split the data into smaller files.', cause: error },
        );
      }
    } catch (error) {
      if (error instanceof FileAccessError) throw error;
      throw readError('E_FILE_READ', path, subject, error);
    } finally {
      closeSync(fd);
    }
  }

  streamText(path: string, request: ReadRequest): TextStream {
    const { subject, limit, tooLarge } = this.checked(path, request);
    return {
      read: () => streamChunks(path, subject, limit, tooLarge),
    };
  }

  /** The checks before any read: trusted, present, a regular file, within its kind's limit. */
  private checked(
    path: string,
    request: ReadRequest,
  ): { subject: string; limit: number; tooLarge: (size: string) => FileAccessError } {
    const subject = `${request.what ?? KIND_NAMES[request.kind]} file`;
    if (!this.trusted) {
      throw new FileAccessError(
        'E_UNTRUSTED_WORKSPACE',
        path,
        subject,
        'is not read in an untrusted workspace',
        {
          hint: UNTRUSTED_HINT,
        },
      );
    }
    const limit = limitFor(request.kind, this.currentLimits());
    const tooLarge = (size: string): FileAccessError =>
      new FileAccessError(
        'E_FILE_TOO_LARGE',
        path,
        subject,
        `is ${size}, over the ${formatSize(limit)} limit for ${request.kind === 'itemReader' ? 'ItemReader data' : 'this kind of file'}`,
        sizeLimitHint(request.kind),
      );
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT' || errno === 'ENOTDIR') {
        throw new FileAccessError('E_FILE_NOT_FOUND', path, subject, 'does not exist', {
          hint: request.missingHint ?? DEFAULT_MISSING_HINT,
          cause: error,
        });
      }
      throw readError('E_FILE_READ', path, subject, error);
    }
    if (!stats.isFile()) {
      throw new FileAccessError(
        'E_NOT_A_FILE',
        path,
        subject,
        `${resolvedPrefix(path)} ${typeOf(stats)}, not a regular file`,
        { hint: NOT_A_FILE_HINT },
      );
    }
    if (stats.size > limit) throw tooLarge(sizeOf(stats.size));
    return { subject, limit, tooLarge };
  }

  stat(path: string): FileStat | undefined {
    if (!this.trusted) return undefined;
    try {
      const stats = statSync(path);
      const type = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
      return { type, size: stats.size, mtimeMs: stats.mtimeMs };
    } catch {
      return undefined;
    }
  }

  list(directory: string): DirectoryEntry[] {
    if (!this.trusted) {
      throw new FileAccessError(
        'E_UNTRUSTED_WORKSPACE',
        directory,
        'folder',
        'is not listed in an untrusted workspace',
        {
          hint: UNTRUSTED_HINT,
        },
      );
    }
    try {
      return readdirSync(directory, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        directory: entry.isDirectory(),
      }));
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT') {
        throw new FileAccessError('E_FILE_NOT_FOUND', directory, 'folder', 'does not exist', {
          cause: error,
        });
      }
      throw readError('E_FILE_READ', directory, 'folder', error);
    }
  }

  writeText(path: string, text: string, what: string): void {
    const subject = `${what} file`;
    if (!this.trusted) {
      throw new FileAccessError(
        'E_UNTRUSTED_WORKSPACE',
        path,
        subject,
        'is not written in an untrusted workspace',
        {
          hint: UNTRUSTED_HINT,
        },
      );
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, 'utf8');
    } catch (error) {
      const errno = errnoOf(error);
      const detail =
        errno === 'EACCES' || errno === 'EPERM'
          ? 'permission denied'
          : errno === 'EISDIR'
            ? 'it is a directory'
            : errno === 'ENOTDIR' || errno === 'EEXIST'
              ? 'a file stands where a folder of its path should be'
              : error instanceof Error
                ? error.message
                : String(error);
      throw new FileAccessError('E_FILE_WRITE', path, subject, `cannot be written (${detail})`, {
        hint: 'Choose a path you can write to.',
        cause: error,
      });
    }
  }
}

/** A file replaced (by a FIFO, a directory...) between the check and the open. */
function replaced(path: string, subject: string, opened: Stats): FileAccessError {
  return new FileAccessError('E_NOT_A_FILE', path, subject, `is ${typeOf(opened)}, not a regular file`, {
    hint: NOT_A_FILE_HINT,
  });
}

/** Bytes read per chunk of a streamed file. */
const STREAM_CHUNK = 64 * 1024;

/**
 * One pass over a file in UTF-8 text chunks (a character split between two reads is kept whole), the
 * bytes counted against `limit` as they are read; the file is closed when the pass ends or is left.
 */
async function* streamChunks(
  path: string,
  subject: string,
  limit: number,
  tooLarge: (size: string) => FileAccessError,
): AsyncGenerator<string> {
  let file: FileHandle;
  try {
    file = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw readError('E_FILE_READ', path, subject, error);
  }
  try {
    const opened = await file.stat();
    if (!opened.isFile()) throw replaced(path, subject, opened);
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(STREAM_CHUNK);
    let total = 0;
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await file.read(buffer, 0, STREAM_CHUNK, null));
      } catch (error) {
        throw readError('E_FILE_READ', path, subject, error);
      }
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw tooLarge(`over ${formatSize(limit)} (it grew while read)`);
      const text = decoder.write(buffer.subarray(0, bytesRead));
      if (text !== '') yield text;
    }
    const rest = decoder.end();
    if (rest !== '') yield rest;
  } finally {
    await file.close();
  }
}

/**
 * Reads from `fd` until end of file or `max` bytes, starting with a buffer of `expected` bytes (the
 * size the file said it had, plus one to see its end in the same buffer), doubling it if the file grew.
 */
function readUpTo(fd: number, expected: number, max: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(expected, max));
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (buffer.length >= max) return buffer;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, max));
      buffer.copy(bigger, 0, 0, total);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, total, buffer.length - total, null);
    if (read === 0) return buffer.subarray(0, total);
    total += read;
  }
}

/** The file access of a trusted process (CLI, serve, debug adapter): default limits, the environment's ItemReader limit. */
export function nodeFileAccess(options: NodeFileAccessOptions = {}): NodeFileAccess {
  return new NodeFileAccess(options);
}
