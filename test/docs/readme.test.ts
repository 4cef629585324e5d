// The README's first example, checked: its first command (the bundled order workflow) prints exactly
// the trace the README shows after it. The command is run as written, from the CLI's sources.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

/** The fenced blocks of a Markdown text, in order, with their language. */
function fencedBlocks(markdown: string): { lang: string; body: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

test("the README's first example prints the trace the README shows", () => {
  const blocks = fencedBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const command = blocks[0];
  assert.equal(command?.lang, 'sh');
  const run = /node dist\/cli\.js (run .*)$/m.exec(command?.body ?? '')?.[1];
  assert.ok(run, 'the first command runs `node dist/cli.js run ...`');
  const shown = blocks.find((b, i) => i > 0 && b.lang === 'text');
  assert.ok(shown, 'a text block after the command shows its output');
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...run.split(/\s+/)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, shown.body);
  // What the example is about: each Map iteration reports its own line's reservation.
  assert.match(shown.body, /ReserveStock \[0\] {3}✓ ReserveLine result .*"sku":"book-1"/);
  assert.match(shown.body, /ReserveStock \[1\] {3}✓ ReserveLine result .*"sku":"pen-3"/);
});

test("the README's whole-app example prints what the README shows (but durations)", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = fencedBlocks(readme);
  const index = blocks.findIndex(
    (b) => b.lang === 'sh' && /^stepthrough test examples\/order-app --coverage$/m.test(b.body),
  );
  assert.ok(index > 0, 'the README runs `stepthrough test examples/order-app --coverage`');
  const shown = blocks[index + 1];
  assert.equal(shown?.lang, 'text', 'a text block after the command shows its output');
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', 'test', 'examples/order-app', '--coverage'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  assert.equal(run.status, 0, run.stdout + run.stderr);
  // Durations are the machine's; everything else is what the README shows.
  const timeless = (text: string): string =>
    text.replace(/\(\d+ ms\)/g, '(N ms)').replace(/Time: \d+ ms/, 'Time: N ms');
  assert.equal(timeless(run.stdout), timeless(shown.body));
  // What the example is about: the child machine's coverage under its own name, every case passing.
  assert.match(shown.body, /template\.yaml#ShipmentFlow {2}states 3\/3/);
  assert.match(shown.body, /Cases: 10 passed, 10 total/);
});

test("the README's whole-app run prints the trace the README shows, the child execution under its Task", () => {
  const blocks = fencedBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  const index = blocks.findIndex(
    (b) =>
      b.lang === 'sh' &&
      /^stepthrough run examples\/order-app\/template\.yaml#OrderFlow --handlers auto .*\n$/.test(b.body),
  );
  assert.ok(index > 0, 'the README runs the order app');
  const args = (blocks[index]?.body ?? '').trim().split(/\s+/).slice(1);
  const shown = blocks[index + 1];
  assert.equal(shown?.lang, 'text');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal(run.stdout, shown.body);
  // The child ran with its own role (the parent's grants no dynamodb:PutItem on the shipments table).
  assert.match(shown.body, /ShipOrder \[child 0\] {3}✓ CreateShipment result \{\}/);
});
