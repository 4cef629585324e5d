// The file access every front end receives (CLI, serve, debug adapter, language server, extension):
// a small interface, as vscode-mock-debug injects its FileAccessor, with one Node implementation
// (nodeFiles.ts). Every file read because a file, a setting or a request named it goes through it,
// so the rules live here once: a regular file (symlinks resolved first, then checked), under a size
// limit chosen by what the file is for, and nothing at all in an untrusted workspace.

/** What a file is read for: picks its size limit and how messages name it. */
export type FileKind =
  'definition' | 'template' | 'policy' | 'input' | 'mock' | 'substitutions' | 'test' | 'itemReader' | 'asset';

/** Size limits in bytes. */
export interface FileLimits {
  /** Definitions, templates, policies, inputs, mocks, substitutions, test files, assets. */
  maxBytes: number;
  /** ItemReader data (CSV, JSON, JSONL items of a Distributed Map), which may be large. */
  maxItemReaderBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<FileLimits> = Object.freeze({
  maxBytes: 10 * MiB,
  maxItemReaderBytes: 1024 * MiB,
});

/** The environment variable that raises (or lowers) the ItemReader limit, e.g. `2GB` or `500MB`. */
export const ITEM_READER_LIMIT_ENV = 'STEPTHROUGH_ITEM_READER_LIMIT';

export interface ReadRequest {
  kind: FileKind;
  /** How messages name the file ("state machine", "role policy"); defaults from the kind. */
  what?: string;
  /** The hint for a missing file: where relative paths resolve from. */
  missingHint?: string;
}

/** Text read in chunks: each `read()` is a fresh pass from the start; ending the loop early closes the file. */
export interface TextStream {
  read(): AsyncIterable<string>;
}

export type EntryType = 'file' | 'directory' | 'other';

export interface FileStat {
  type: EntryType;
  size: number;
  mtimeMs: number;
}

export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

/**
 * File access for front ends. Every method throws `FileAccessError` (core/errors.ts) with a code:
 * E_FILE_NOT_FOUND, E_NOT_A_FILE (a directory, device, FIFO or socket, also behind a symlink),
 * E_FILE_TOO_LARGE, E_UNTRUSTED_WORKSPACE, E_FILE_READ, E_FILE_WRITE.
 */
export interface FileAccess {
  /** False in an untrusted workspace: nothing is read, listed or written. */
  readonly trusted: boolean;
  /** The UTF-8 text of a regular file under the limit for `request.kind`. */
  readText(path: string, request: ReadRequest): string;
  /**
   * The UTF-8 text of a regular file in chunks, read as they are asked for (ItemReader data: core's
   * ItemReaderStream). The file is checked now, as `readText` checks it (so a refusal names it before
   * any run), and again at each read, which opens it afresh and counts the bytes it reads against the
   * limit for `request.kind` (a file that grew is refused mid-read, E_FILE_TOO_LARGE).
   */
  streamText(path: string, request: ReadRequest): TextStream;
  /** What is at `path` (symlinks followed), or undefined when nothing is (or it cannot be seen). */
  stat(path: string): FileStat | undefined;
  /** The entries of a directory. */
  list(directory: string): DirectoryEntry[];
  /** Writes `text`, creating missing parent directories. */
  writeText(path: string, text: string, what: string): void;
}

/** How messages name a file of each kind unless the caller says better. */
export const KIND_NAMES: Readonly<Record<FileKind, string>> = Object.freeze({
  definition: 'state machine',
  template: 'template',
  policy: 'role policy',
  input: 'input',
  mock: 'mocks',
  substitutions: 'substitutions',
  test: 'test',
  itemReader: 'ItemReader data',
  asset: 'installation',
});

export function limitFor(kind: FileKind, limits: FileLimits): number {
  return kind === 'itemReader' ? limits.maxItemReaderBytes : limits.maxBytes;
}

/** `12 MB`, `1 GB`, `800 KB`, `17 bytes`: sizes in messages (binary units, named as users say them). */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 * MiB, 'GB'],
    [MiB, 'MB'],
    [1024, 'KB'],
  ];
  for (const [unit, name] of units) {
    if (bytes >= unit) {
      const value = bytes / unit;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${name}`;
    }
  }
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Parses `2GB`, `500 MB`, `1.5G`, `1048576`; undefined when it is not a positive size. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i.exec(text);
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const scale =
    unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? 1024 * MiB : unit === 't' ? 1024 ** 4 : 1;
  const bytes = Math.floor(Number(match[1]) * scale);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
