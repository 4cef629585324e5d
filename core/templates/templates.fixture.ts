// Helpers of the template tests: templates held in memory as a TemplateFileSystem, loading them, and
// the line a source-map entry points at.

import assert from 'node:assert/strict';
import { loadStateMachines, locateInTemplate, type TemplateFileSystem, type TemplateMachine } from './index';

export function memoryFs(files: Record<string, string>): TemplateFileSystem {
  return {
    readFile: (path) =>
      path in files
        ? { ok: true, text: files[path] as string }
        : { ok: false, code: 'ENOENT', message: `no ${path}` },
    readDirectory: (path) => {
      const prefix = `${path}/`;
      const names = new Map<string, 'file' | 'directory'>();
      for (const file of Object.keys(files)) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
      }
      return names.size === 0 ? undefined : [...names].map(([name, kind]) => ({ name, kind }));
    },
  };
}

export async function load(
  files: Record<string, string>,
  path: string,
): ReturnType<typeof loadStateMachines> {
  return loadStateMachines(path, { fileSystem: memoryFs(files) });
}

export async function only(files: Record<string, string>, path: string): Promise<TemplateMachine> {
  const result = await load(files, path);
  assert.equal(result.machines.length, 1, JSON.stringify(result.diagnostics));
  return result.machines[0] as TemplateMachine;
}

/** 1-based line of a source-map entry. */
export function lineOf(machine: TemplateMachine, path: (string | number)[]): number | undefined {
  const location = locateInTemplate(machine, path);
  return location ? location.range.start.line + 1 : undefined;
}
