// The third-party notice for what the bundles carry: every npm package esbuild put into an output
// (from its metafiles), with its version, license and license text. The npm package, the wheel and
// the .vsix ship it beside the bundles.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** License texts for packages that declare a license but ship no license file (scripts/licenses/<SPDX>.txt). */
const TEXTS = join(dirname(fileURLToPath(import.meta.url)), 'licenses');

/** Copies of third-party code kept in this repository -> the package folder they were made from. */
const VENDORED = { 'core/jsonata/vendor/jsonata.js': 'node_modules/jsonata' };

/** Package folders (relative to `root`) of every node_modules or vendored input of the given metafiles. */
function bundledPackageDirs(metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const output of Object.values(metafile.outputs)) {
      for (const input of Object.keys(output.inputs)) {
        const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (match?.[1]) dirs.add(match[1]);
        if (Object.hasOwn(VENDORED, input)) dirs.add(VENDORED[input]);
      }
    }
  }
  return [...dirs];
}

function licenseText(dir) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
  return file ? readFileSync(join(dir, file), 'utf8').trim() : undefined;
}

/** Markdown listing each bundled package with its license text; throws when one has none. */
export function thirdPartyLicenses(metafiles, root) {
  const packages = new Map();
  for (const dir of bundledPackageDirs(metafiles)) {
    const manifestPath = join(root, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const key = `${manifest.name}@${manifest.version}`;
    if (packages.has(key)) continue;
    const license = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type;
    const fallback = license ? join(TEXTS, `${license}.txt`) : undefined;
    const text =
      licenseText(join(root, dir)) ??
      (fallback && existsSync(fallback) ? readFileSync(fallback, 'utf8').trim() : undefined);
    if (!license || !text) throw new Error(`licenses: ${key} (${dir}) has no license file or field`);
    const repository =
      typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
    const source = manifest.homepage ?? repository?.replace(/^git\+/, '').replace(/^git:/, 'https:');
    packages.set(key, { name: manifest.name, version: manifest.version, license, text, source });
  }
  const sorted = [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
  const parts = [
    '# Third-party software in this package',
    '',
    'The bundled files include the following packages, under their own licenses.',
    '',
    ...sorted.map((p) => `- ${p.name} ${p.version} (${p.license})`),
  ];
  for (const p of sorted) {
    parts.push(
      '',
      `## ${p.name} ${p.version}`,
      '',
      `License: ${p.license}${p.source ? ` · source: ${p.source}` : ''}`,
    );
    parts.push('', '```text', p.text, '```');
  }
  return `${parts.join('\n')}\n`;
}
