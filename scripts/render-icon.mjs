// Renders the extension icon client/media/icon.svg to client/media/icon.png (256x256, transparent
// corners) in Debian's Chromium through playwright-core. Run it after changing the SVG and commit both.
// Usage: node scripts/render-icon.mjs

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'client', 'media', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page
    .locator('svg')
    .screenshot({ path: join(root, 'client', 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('render-icon: wrote client/media/icon.png');
