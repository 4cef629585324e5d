// Template loading (core/templates) reads through a `TemplateFileSystem`; this adapts the host's
// `FileAccess` to it, so the files a template names (DefinitionUri, ${file()} includes, templatefile(),
// Terraform modules) get the same checks as every other read: a regular file, under the template limit,
// nothing in an untrusted workspace. Refusals become the loader's read results, which it reports as
// located diagnostics.

import { FileAccessError } from '../core/errors';
import type { DirectoryEntry, FileReadResult, TemplateFileSystem } from '../core/templates';
import type { FileAccess } from './files';

export function templateFileSystem(files: FileAccess): TemplateFileSystem {
  return {
    readFile(path: string): FileReadResult {
      try {
        return { ok: true, text: files.readText(path, { kind: 'template', what: 'template file' }) };
      } catch (error) {
        if (!(error instanceof FileAccessError)) throw error;
        if (error.code === 'E_FILE_NOT_FOUND') return { ok: false, code: 'ENOENT', message: error.message };
        if (error.code === 'E_NOT_A_FILE' && files.stat(path)?.type === 'directory')
          return { ok: false, code: 'EISDIR', message: error.message };
        return { ok: false, code: 'EREAD', message: error.message };
      }
    },
    readDirectory(path: string): DirectoryEntry[] | undefined {
      if (files.stat(path)?.type !== 'directory') return undefined;
      try {
        return files
          .list(path)
          .map((entry) => ({ name: entry.name, kind: entry.directory ? 'directory' : 'file' }));
      } catch (error) {
        if (error instanceof FileAccessError) return undefined;
        throw error;
      }
    },
  };
}
