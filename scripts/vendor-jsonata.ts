// Regenerates core/jsonata/vendor/jsonata.js: the published jsonata 2.0.6 (node_modules/jsonata/jsonata.js)
// with Stepthrough's patches (core/jsonata/vendor/patches.ts). Usage: node --import tsx scripts/vendor-jsonata.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyJsonataPatches } from '../core/jsonata/vendor/patches';

const root = join(__dirname, '..');
const published = readFileSync(join(root, 'node_modules/jsonata/jsonata.js'), 'utf8');
const version = (
  JSON.parse(readFileSync(join(root, 'node_modules/jsonata/package.json'), 'utf8')) as { version: string }
).version;
if (version !== '2.0.6') throw new Error(`expected jsonata 2.0.6 (the version AWS runs), found ${version}`);
writeFileSync(join(root, 'core/jsonata/vendor/jsonata.js'), applyJsonataPatches(published));
console.log('wrote core/jsonata/vendor/jsonata.js');
