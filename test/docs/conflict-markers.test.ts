// No committed text file holds a merge's conflict markers. A README once shipped with a `<<<<<<< HEAD`
// block that no other check noticed (Markdown, YAML and Python are not compiled); this reads every
// file git tracks and names each marker line.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const MARKER = /^(<{7} |>{7} |\|{7} )/;

/** `file:line` of each conflict marker line in `text`. */
export function conflictMarkers(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, index) => (MARKER.test(line) ? [`${file}:${index + 1}: ${line}`] : []));
}

test('the check finds a conflict block', () => {
  const text = ['a', '<<<<<<< HEAD', 'ours', '=======', 'theirs', '>>>>>>> main', 'b'].join('\n');
  assert.deepEqual(conflictMarkers('x.md', text), ['x.md:2: <<<<<<< HEAD', 'x.md:6: >>>>>>> main']);
});

test('no tracked file holds conflict markers', () => {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const files = listed.stdout.split('\0').filter((f) => f && !/\.(png|ico|gz|wasm|vsix|whl)$/.test(f));
  assert.ok(files.length > 100, `git lists the repository's files (${files.length})`);
  const found = files.flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return conflictMarkers(file, text);
  });
  assert.deepEqual(found, []);
});
