// The vendored jsonata is the published 2.0.6 with exactly the patches of vendor/patches.ts: nothing else
// changed by hand, and every patch still applies (regenerate with scripts/vendor-jsonata.ts).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyJsonataPatches, JSONATA_PATCHES } from './vendor/patches';

const root = join(__dirname, '..', '..');

test('the published package is jsonata 2.0.6, the version AWS Step Functions runs', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules/jsonata/package.json'), 'utf8')) as {
    version: string;
  };
  assert.equal(manifest.version, '2.0.6');
});

test('core/jsonata/vendor/jsonata.js is the published file with the listed patches, byte for byte', () => {
  const published = readFileSync(join(root, 'node_modules/jsonata/jsonata.js'), 'utf8');
  const vendored = readFileSync(join(__dirname, 'vendor', 'jsonata.js'), 'utf8');
  assert.ok(JSONATA_PATCHES.length > 0);
  assert.ok(
    vendored === applyJsonataPatches(published),
    'regenerate: node --import tsx scripts/vendor-jsonata.ts',
  );
});

test('a patch that no longer matches is reported, not skipped', () => {
  assert.throws(() => applyJsonataPatches('not jsonata'), /expected 1 match\(es\), found 0/);
});
