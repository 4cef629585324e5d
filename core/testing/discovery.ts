// Finds test files: `*.sfn-test.yaml|yml|json` under directories, files named directly, and glob
// patterns (`*`, `**`, `?`, `{a,b}`), skipping node_modules and hidden directories. Directory
// listing is injected so this runs anywhere (the CLI gives Node's fs).

export const TEST_FILE_PATTERN = /\.sfn-test\.(ya?ml|json)$/i;

export interface DirectoryEntry {
  name: string;
  directory: boolean;
}

export interface DiscoveryIO {
  /** Entries of a directory; throws when it cannot be listed. */
  readDirectory(path: string): DirectoryEntry[];
  /** 'file', 'directory' or undefined when nothing is there. */
  kind(path: string): 'file' | 'directory' | undefined;
  /** Joins path segments with the platform's separator. */
  join(...parts: string[]): string;
}

export interface DiscoveryResult {
  files: string[];
  /** Arguments that matched nothing. */
  unmatched: string[];
}

const SKIPPED_DIRECTORIES = new Set(['node_modules']);

export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** A glob as a RegExp over '/'-separated paths: `**` any number of directories, `*` within one. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  const text = glob.replace(/\\/g, '/');
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '*') {
      if (text.charAt(i + 1) === '*') {
        const slash = text.charAt(i + 2) === '/';
        out += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function walk(io: DiscoveryIO, dir: string, out: string[]): void {
  let entries: DirectoryEntry[];
  try {
    entries = io.readDirectory(dir);
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = dir === '.' ? entry.name : io.join(dir, entry.name);
    if (entry.directory) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) walk(io, full, out);
    } else out.push(full);
  }
}

/** The directory a glob can start walking from: its segments before the first wildcard. */
function globRoot(glob: string): string {
  const segments = glob.replace(/\\/g, '/').split('/');
  const fixed: string[] = [];
  for (const segment of segments) {
    if (isGlob(segment)) break;
    fixed.push(segment);
  }
  if (fixed.length === segments.length) fixed.pop();
  return fixed.length === 0 ? '.' : fixed.join('/') || '/';
}

/**
 * The test files the arguments name: a file is taken as given; a directory contributes its test
 * files; a glob the matching files (test files only unless the pattern names an extension). With
 * no arguments, the current directory.
 */
export function discoverTestFiles(args: string[], io: DiscoveryIO): DiscoveryResult {
  const found: string[] = [];
  const unmatched: string[] = [];
  for (const arg of args.length === 0 ? ['.'] : args) {
    const before = found.length;
    const kind = isGlob(arg) ? undefined : io.kind(arg);
    if (kind === 'file') found.push(arg);
    else if (kind === 'directory') {
      const files: string[] = [];
      walk(io, arg, files);
      found.push(...files.filter((f) => TEST_FILE_PATTERN.test(f)));
    } else if (isGlob(arg)) {
      const root = globRoot(arg);
      const regex = globToRegExp(arg.replace(/^\.\//, ''));
      const files: string[] = [];
      if (io.kind(root) === 'directory') walk(io, root, files);
      const wantsAny = /\.[A-Za-z0-9]+$/.test(arg);
      for (const file of files) {
        const normal = file.replace(/\\/g, '/').replace(/^\.\//, '');
        if (regex.test(normal) && (wantsAny || TEST_FILE_PATTERN.test(normal))) found.push(file);
      }
    }
    if (found.length === before) unmatched.push(arg);
  }
  return { files: [...new Set(found)], unmatched };
}
