// Path arithmetic on the caller's paths without the platform's path module (core runs in any host):
// '/'-joined, '\' read as '/', '.' and '..' folded, a leading '/' or drive letter kept.

export function normalizePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const root = /^([A-Za-z]:)?\//.exec(slashed)?.[0] ?? '';
  const parts: string[] = [];
  for (const part of slashed.slice(root.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || root === '') parts.push(part);
  }
  const joined = parts.join('/');
  return root + joined || (root === '' ? '.' : root);
}

export function isAbsolutePath(path: string): boolean {
  return /^([A-Za-z]:)?[\\/]/.test(path);
}

export function joinPath(base: string, relative: string): string {
  if (isAbsolutePath(relative)) return normalizePath(relative);
  return normalizePath(base === '' || base === '.' ? relative : `${base}/${relative}`);
}

export function dirnamePath(path: string): string {
  const normal = normalizePath(path);
  const index = normal.lastIndexOf('/');
  if (index < 0) return '.';
  if (index === 0) return '/';
  if (index === 2 && /^[A-Za-z]:/.test(normal)) return normal.slice(0, 3);
  return normal.slice(0, index);
}

export function basenamePath(path: string): string {
  const normal = normalizePath(path);
  return normal.slice(normal.lastIndexOf('/') + 1);
}

/** `to` relative to the directory `from` ('/'-joined), or `to` itself when they share no root. */
export function relativePath(from: string, to: string): string {
  const a = normalizePath(from).split('/');
  const b = normalizePath(to).split('/');
  if (a[0] !== b[0] && (isAbsolutePath(from) || isAbsolutePath(to))) return normalizePath(to);
  if (from === '.' || from === '') return normalizePath(to);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.slice(common).map(() => '..');
  return [...up, ...b.slice(common)].join('/') || '.';
}
