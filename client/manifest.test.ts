// Checks the extension manifest against the code and the rules VS Code and vsce apply: the command ids
// the code registers, the debugger type, breakpoints in both ASL languages, activation events, and an
// engines.vscode that @types/vscode does not outrun (vsce refuses that; code-server 4.100.3 is 1.100.3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEBUG_TYPE } from '../debug-adapter/protocol';
import { COMMANDS } from './commandIds';

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
  contributes: {
    languages: { id: string; extensions: string[] }[];
    breakpoints: { language: string }[];
    debuggers: { type: string; languages: string[]; initialConfigurations: { type: string }[] }[];
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    menus: Record<string, { command: string }[]>;
  };
}

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(__dirname, 'extension-manifest.json'), 'utf8')) as Manifest;
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  devDependencies?: Record<string, string>;
};

function minor(range: string): number {
  const match = /^[~^]?1\.(\d+)/.exec(range);
  assert.ok(match, `'${range}' is not a 1.x version range`);
  return Number(match[1]);
}

test('the manifest contributes exactly the commands the extension registers', () => {
  const declared: string[] = manifest.contributes.commands.map((c) => c.command).sort();
  const registered: string[] = Object.values(COMMANDS);
  assert.deepEqual(declared, registered.sort());
  for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
    for (const entry of entries)
      assert.ok(declared.includes(entry.command), `${menu} names unknown ${entry.command}`);
  }
});

test('the debugger is the adapter type, for both ASL languages, with breakpoints allowed in them and in templates (YAML, JSON)', () => {
  const languages = manifest.contributes.languages.map((l) => l.id).sort();
  assert.deepEqual(languages, ['asl', 'asl-yaml']);
  const [debuggerContribution] = manifest.contributes.debuggers;
  assert.equal(debuggerContribution?.type, DEBUG_TYPE);
  assert.deepEqual(debuggerContribution?.languages.sort(), languages);
  assert.ok(debuggerContribution?.initialConfigurations.every((c) => c.type === DEBUG_TYPE));
  assert.deepEqual(
    manifest.contributes.breakpoints.map((b) => b.language).sort(),
    [...languages, 'json', 'yaml'].sort(),
  );
  assert.deepEqual(manifest.contributes.languages.find((l) => l.id === 'asl')?.extensions, ['.asl.json']);
});

test('the extension activates on ASL files, test files and debugging, never on startup', () => {
  const events = manifest.activationEvents;
  for (const expected of ['onLanguage:asl', 'onLanguage:asl-yaml', 'onDebugResolve:stepthrough']) {
    assert.ok(events.includes(expected), `missing activation event ${expected}`);
  }
  assert.ok(events.some((e) => e.startsWith('workspaceContains:') && e.includes('.sfn-test.')));
  assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
  assert.equal(manifest.main, './dist/extension.js');
});

test('untrusted workspaces get limited support and the role setting is restricted', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
    'stepthrough.rolePolicyFile',
  ]);
  for (const setting of ['rolePolicyFile', 'detectStateMachines', 'trace.server']) {
    assert.ok(
      `stepthrough.${setting}` in manifest.contributes.configuration.properties,
      `missing setting ${setting}`,
    );
  }
});

test('engines.vscode accepts VS Code 1.100 and @types/vscode is not newer', () => {
  assert.equal(minor(manifest.engines.vscode), 100);
  const types = rootPackage.devDependencies?.['@types/vscode'];
  if (types === undefined) return;
  assert.ok(
    minor(types) <= minor(manifest.engines.vscode),
    `@types/vscode ${types} is newer than engines ${manifest.engines.vscode}`,
  );
});
