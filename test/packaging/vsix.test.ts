// The .vsix as the Visual Studio Marketplace and Open VSX take it: its manifest (icon, display name,
// description, categories, keywords, engines.vscode, the getting-started walkthrough, validation
// only in untrusted workspaces) and its file list (what `vsce ls` would list: the bundles, static
// files, documents; no node_modules, no sources, no maps; under 8 MB), every file the manifest, the
// walkthrough and the Marketplace README refer to present in the package. The end-to-end test
// (test/e2e) installs the same .vsix into code-server.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { artifact, VERSION } from './artifacts';
import { ZipArchive } from './zip';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { image?: string; markdown?: string; altText?: string };
  completionEvents?: string[];
}

interface ExtensionManifest {
  name: string;
  displayName: string;
  description: string;
  version: string;
  publisher: string;
  license: string;
  icon: string;
  categories: string[];
  keywords: string[];
  engines: { vscode: string };
  main: string;
  capabilities: { untrustedWorkspaces: { supported: string | boolean; description: string } };
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; title: string; steps: WalkthroughStep[] }[];
  };
}

const PREFIX = 'extension/';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(data: Buffer): { width: number; height: number } {
  assert.equal(data.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

void describe('the .vsix', () => {
  let vsix: ZipArchive;
  let manifest: ExtensionManifest;
  let files: string[];

  before(() => {
    vsix = new ZipArchive(artifact('vsix'));
    manifest = JSON.parse(vsix.text(`${PREFIX}package.json`)) as ExtensionManifest;
    files = vsix.names.filter((name) => name.startsWith(PREFIX)).map((name) => name.slice(PREFIX.length));
  });

  const has = (file: string): boolean => files.includes(file.replace(/^\.\//, ''));
  /** vsce stores README.md, CHANGELOG.md and LICENSE as readme.md, changelog.md and LICENSE.txt. */
  const documentName = (stem: string): string | undefined =>
    files.find((file) => new RegExp(`^${stem}(\\.(md|txt))?$`, 'i').test(file));

  void it('is under 8 MB and holds only what the extension runs and shows', () => {
    assert.ok(statSync(vsix.path).size < 8 * 1024 * 1024, `${statSync(vsix.path).size} bytes`);
    const allowed = [
      /^package\.json$/,
      /^readme\.md$/i,
      /^changelog\.md$/i,
      /^LICENSE(\.txt)?$/,
      /^THIRD_PARTY_LICENSES\.md$/,
      /^dist\/(extension|server|webview)\.js$/,
      // The handler workers the Test Explorer and the debugger start for a test file's `handlers:`.
      /^dist\/(handler-worker\.js|lambda_worker\.py)$/,
      /^dist\/vendor\/hcl2json\/(lib\/index\.cjs|main\.wasm\.gz)$/,
      /^syntaxes\/[\w-]+\.tmLanguage\.json$/,
      /^language-configuration\/[\w-]+\.json$/,
      /^media\/(icon\.png|graph\.svg|graph\.css|debugger\.png)$/,
      /^walkthrough\/[\w-]+\.md$/,
    ];
    const stray = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
    assert.deepEqual(stray, [], 'files that do not belong in the .vsix');
    assert.ok(!vsix.names.some((name) => name.includes('node_modules/')));
    for (const needed of ['LICENSE', 'CHANGELOG', 'README'])
      assert.ok(documentName(needed), `${needed} is missing`);
    for (const needed of [
      'THIRD_PARTY_LICENSES.md',
      'dist/extension.js',
      'dist/handler-worker.js',
      'dist/lambda_worker.py',
    ])
      assert.ok(has(needed), `${needed} is missing`);
    assert.match(vsix.text(`${PREFIX}${documentName('LICENSE') ?? ''}`), /^MIT License/);
    const outside = vsix.names.filter((name) => !name.startsWith(PREFIX));
    assert.deepEqual(outside.sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  });

  void it('has the Marketplace fields: icon, names, categories, keywords, engine, license', () => {
    assert.equal(manifest.version, VERSION);
    assert.equal(manifest.license, 'MIT');
    assert.match(manifest.displayName, /Stepthrough/);
    assert.ok(manifest.description.length > 40);
    assert.deepEqual([...manifest.categories].sort(), [
      'Debuggers',
      'Linters',
      'Programming Languages',
      'Testing',
    ]);
    assert.ok(
      manifest.keywords.length >= 5 && manifest.keywords.length <= 30,
      'vsce allows up to 30 keywords',
    );
    assert.match(manifest.engines.vscode, /^\^1\.100\./, 'code-server 4.100.3 is VS Code 1.100 (e2e-notes)');
    assert.ok(has(manifest.icon), `the icon ${manifest.icon} is in the package`);
    const icon = pngSize(vsix.read(`${PREFIX}${manifest.icon}`));
    assert.ok(
      icon.width >= 128 && icon.width === icon.height,
      `a square icon of at least 128 px: ${JSON.stringify(icon)}`,
    );
    assert.ok(has(manifest.main.replace(/^\.\//, '')));
    assert.match(vsix.text('extension.vsixmanifest'), /<Icon>extension\/media\/icon\.png<\/Icon>/);
  });

  void it('declares validation only for untrusted workspaces', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.match(untrusted.description, /only validates/);
    assert.match(untrusted.description, /runs nothing/);
  });

  void it('has a getting-started walkthrough: open, validate, debug with F5, run tests, open the graph', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.ok(walkthrough);
    const titles = walkthrough.steps.map((step) => step.title);
    assert.deepEqual(titles, [
      'Open a state machine',
      'Validate as you type',
      'Debug with F5',
      'Run tests',
      'Open the graph',
    ]);
    const commands = new Set([
      ...manifest.contributes.commands.map((c) => c.command),
      'workbench.action.quickOpen',
      'workbench.actions.view.problems',
      'workbench.view.testing.focus',
    ]);
    for (const step of walkthrough.steps) {
      const media = step.media.image ?? step.media.markdown;
      assert.ok(media && has(media), `step ${step.id}: its media ${media} is in the package`);
      if (step.media.image) assert.ok(step.media.altText, `step ${step.id}: an image needs altText`);
      const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? '');
      assert.ok(links.length > 0, `step ${step.id} has a button`);
      for (const command of links)
        assert.ok(commands.has(command), `step ${step.id} links to unknown ${command}`);
      assert.ok((step.completionEvents ?? []).length > 0, `step ${step.id} can complete`);
    }
  });

  void it('has a Marketplace README whose images are files in the package', () => {
    const readme = vsix.text(`${PREFIX}${documentName('README') ?? 'README.md'}`);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)].map(
      (m) => m[1] ?? m[2] ?? '',
    );
    assert.ok(images.length > 0, 'the README shows the extension');
    for (const image of images) {
      assert.ok(!/^[a-z]+:/i.test(image), `${image}: a file in the package, not a URL`);
      assert.ok(has(image), `${image} is not in the package`);
    }
    assert.match(
      vsix.text(`${PREFIX}${documentName('CHANGELOG') ?? 'CHANGELOG.md'}`),
      new RegExp(`## \\[${VERSION.replace(/\./g, '\\.')}\\]`),
    );
  });
});
