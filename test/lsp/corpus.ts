// Finds the real-world definitions of ../shared/corpus (read in place, never copied) for the property test
// and the benchmark. Absent corpus → an empty list and the reason, so callers can skip and say why.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './client';

export const CORPUS_ROOT = join(REPO_ROOT, '..', 'shared', 'corpus');

export interface CorpusFile {
  /** Path relative to the corpus root, e.g. real-world/localstack/x.asl.json. */
  name: string;
  path: string;
  text: string;
  format: 'json' | 'yaml';
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(json|ya?ml)$/i.test(entry)) out.push(full);
  }
}

/** The definitions under corpus/<folder>, sorted by path; `missing` says why there are none. */
export function loadCorpus(folder: 'real-world' | 'invalid'): { files: CorpusFile[]; missing?: string } {
  const dir = join(CORPUS_ROOT, folder);
  if (!existsSync(dir)) return { files: [], missing: `the corpus folder ${dir} is absent` };
  const paths: string[] = [];
  walk(dir, paths);
  const files = paths.map((path) => ({
    name: relative(CORPUS_ROOT, path),
    path,
    text: readFileSync(path, 'utf8'),
    format: /\.ya?ml$/i.test(path) ? ('yaml' as const) : ('json' as const),
  }));
  return files.length > 0 ? { files } : { files, missing: `no definitions under ${dir}` };
}
