// Runs the whole test suite with Node's test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [--unit] [extra files...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = [
  'core',
  'host',
  'cli',
  'server',
  'debug-adapter',
  'webview',
  'client',
  'test-runners',
  'mcp',
  'test',
];
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const explicit = args.filter((a) => !a.startsWith('--'));

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

let files = explicit.length > 0 ? explicit : roots.flatMap((r) => collect(r, []));
if (unitOnly) files = files.filter((f) => !f.startsWith('test'));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// The whole suite starts with the static checks CI must enforce: types, lint and formatting.
if (!unitOnly && explicit.length === 0) {
  for (const [label, args] of [
    ['tsc -b', ['node_modules/typescript/bin/tsc', '-b']],
    ['eslint', ['node_modules/eslint/bin/eslint.js', '.']],
    ['prettier --check', ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn']],
  ]) {
    const check = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
    if (check.status !== 0) {
      console.error(`${label} failed: fix it before the tests run (npm run format fixes formatting).`);
      process.exit(check.status ?? 1);
    }
  }
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: process.env,
});
let status = result.status ?? 1;
// The pytest plugin's suite (python/), unless only unit tests or explicit files were asked for.
if (!unitOnly && explicit.length === 0) {
  const python = spawnSync('bash', ['scripts/test-python.sh'], { stdio: 'inherit', env: process.env });
  if ((python.status ?? 1) !== 0) status = status || python.status || 1;
}
process.exit(status);
