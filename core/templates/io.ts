// The injected file system as template loading uses it: reads cached per load, every failure a
// value (never an exception, whatever the injected reader does), parsed files kept with their lines.

import { LineMap } from '../diagnostics';
import { normalizePath } from './paths';
import { type SourceFile, readSourceFile } from './sourceFile';
import type { DirectoryEntry, FileReadResult, TemplateFileSystem } from './types';

export class TemplateIO {
  private readonly texts = new Map<string, Promise<FileReadResult>>();
  private readonly sources = new Map<string, Promise<SourceFile | FileReadResult>>();
  private readonly lineMaps = new Map<string, LineMap>();

  constructor(private readonly fileSystem: TemplateFileSystem) {}

  readText(path: string): Promise<FileReadResult> {
    const key = normalizePath(path);
    let pending = this.texts.get(key);
    if (!pending) {
      pending = (async (): Promise<FileReadResult> => {
        try {
          const result = await this.fileSystem.readFile(key);
          if (result.ok) this.lineMaps.set(key, new LineMap(result.text));
          return result;
        } catch (error) {
          return {
            ok: false,
            code: 'EREAD',
            message: error instanceof Error ? error.message : String(error),
          };
        }
      })();
      this.texts.set(key, pending);
    }
    return pending;
  }

  /** A JSON/YAML file parsed with ranges (CloudFormation short tags read as their long forms). */
  readSource(path: string): Promise<SourceFile | FileReadResult> {
    const key = normalizePath(path);
    let pending = this.sources.get(key);
    if (!pending) {
      pending = this.readText(key).then((result) => (result.ok ? readSourceFile(key, result.text) : result));
      this.sources.set(key, pending);
    }
    return pending;
  }

  async readDirectory(path: string): Promise<DirectoryEntry[] | undefined> {
    try {
      return await this.fileSystem.readDirectory(normalizePath(path));
    } catch {
      return undefined;
    }
  }

  /** The line table of a file read so far (to turn offsets into lines and columns). */
  lines = (path: string): LineMap | undefined => this.lineMaps.get(normalizePath(path));
}

export function isSourceFile(value: SourceFile | FileReadResult): value is SourceFile {
  return 'ast' in value;
}
