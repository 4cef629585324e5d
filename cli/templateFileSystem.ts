// The file system template loading reads through, on Node's fs: the one function the host layer
// (bounded reads, symlink and device checks) will replace. Regular files only, at most 16 MiB each.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { DirectoryEntry, FileReadResult, TemplateFileSystem } from '../core/templates';

const MAX_TEMPLATE_BYTES = 16 * 1024 * 1024;

export function nodeTemplateFileSystem(): TemplateFileSystem {
  return {
    readFile(path: string): FileReadResult {
      try {
        const stat = statSync(path);
        if (stat.isDirectory()) return { ok: false, code: 'EISDIR', message: `'${path}' is a directory` };
        if (!stat.isFile()) return { ok: false, code: 'EREAD', message: `'${path}' is not a regular file` };
        if (stat.size > MAX_TEMPLATE_BYTES)
          return {
            ok: false,
            code: 'EREAD',
            message: `'${path}' is larger than ${MAX_TEMPLATE_BYTES} bytes`,
          };
        return { ok: true, text: readFileSync(path, 'utf8') };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'ENOENT' : 'EREAD';
        return { ok: false, code, message: (error as Error).message };
      }
    },
    readDirectory(path: string): DirectoryEntry[] | undefined {
      try {
        if (!statSync(path).isDirectory()) return undefined;
        return readdirSync(path, { withFileTypes: true }).flatMap((entry): DirectoryEntry[] => {
          if (entry.isDirectory()) return [{ name: entry.name, kind: 'directory' }];
          if (entry.isFile()) return [{ name: entry.name, kind: 'file' }];
          return [];
        });
      } catch {
        return undefined;
      }
    },
  };
}
