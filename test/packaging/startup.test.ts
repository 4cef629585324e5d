// Start-up: each command of the built CLI loads only what it uses. The build (scripts/build.mjs)
// splits the CLI into one chunk per command and loads jsonata, yaml, jsonc-parser and elkjs from
// dist/vendor/ on first use (JSONata: the patched copy in core/jsonata/vendor/); this test runs the built CLI with a preloaded hook that records every
// module file the process loaded, and maps each file to the sources and packages the build put in
// it. `--version`, `validate` and `run` must not load the language server, the debug adapter,
// elkjs or JSONata unless the machine needs it. (How fast that is lives in `npm run bench`.)

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { outputOf, REPO_ROOT, scratchDir } from './artifacts';

interface Loaded {
  /** Files of the build the process loaded, relative to the build folder. */
  files: string[];
  /** The sources and packages in those files. */
  inputs: string[];
  stdout: string;
}

const FORBIDDEN = {
  'the language server': /^server\/|node_modules\/(vscode-languageserver|vscode-jsonrpc)/,
  'the debug adapter': /^debug-adapter\/|node_modules\/@vscode\/debug/,
  'the graph': /^core\/graph\/|^webview\//,
  elkjs: /node_modules\/elkjs\//,
  // The patched copy core/jsonata imports (not its stand-in, 'lazy-package:...'), or the published one.
  JSONata: /^core\/jsonata\/vendor\/jsonata\.js$|node_modules\/jsonata\//,
  'the yaml library': /node_modules\/yaml\//,
  // What a run of a definition file never needs: the template readers (only a named template loads
  // them), the team's handler processes (only --handlers), the test runner, TestState, replay and
  // the editor's language features (only the IAM finding code of core/language/role.ts). The handler
  // host's start (host/handlers/start.ts) is a few lines that reach the host through import().
  'the template readers': /^core\/templates\/(load|cloudformation|terraform|serverless|cdk)\b/,
  'the handler host': /^host\/handlers\/(?!start\.ts$)/,
  'the test runner': /^core\/(testing|teststate|replay)\//,
  'the language features': /^core\/language\/(?!role\.ts$)/,
};
const HEAVY = ['the language server', 'the debug adapter', 'the graph', 'elkjs'] as const;
const NOT_FOR_A_DEFINITION_RUN = [
  'the template readers',
  'the handler host',
  'the test runner',
  'the language features',
] as const;

const RECORDER = `// Writes the module files this process loaded to $STEPTHROUGH_LOADED when it exits.
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.STEPTHROUGH_LOADED, JSON.stringify(Object.keys(require.cache))));
`;

void describe('what each command of the built CLI loads', () => {
  let dist: string;
  let scratch: string;
  let contents: Record<string, string[]>;

  before(() => {
    scratch = scratchDir('startup');
    dist = join(scratch, 'dist');
    const contentsFile = join(scratch, 'contents.json');
    const build = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'build.mjs'), '--dist', dist, '--no-types', '--contents', contentsFile],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    assert.equal(build.status, 0, outputOf(build));
    contents = JSON.parse(readFileSync(contentsFile, 'utf8')) as Record<string, string[]>;
    writeFileSync(join(scratch, 'record.cjs'), RECORDER);
    const machines: Record<string, unknown> = {
      'jsonpath.asl.json': {
        StartAt: 'Add',
        States: {
          Add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, 1)' }, Next: 'Done' },
          Done: { Type: 'Succeed' },
        },
      },
      'jsonata.asl.json': {
        QueryLanguage: 'JSONata',
        StartAt: 'Sum',
        States: { Sum: { Type: 'Pass', Output: '{% $sum([1, 2, 3]) %}', End: true } },
      },
    };
    for (const [name, machine] of Object.entries(machines)) {
      writeFileSync(join(scratch, name), JSON.stringify(machine, null, 2));
    }
    writeFileSync(
      join(scratch, 'simple.asl.yaml'),
      'StartAt: Hello\nStates:\n  Hello:\n    Type: Pass\n    Result:\n      greeting: hello\n    End: true\n',
    );
  });

  function load(args: string[], expectedStatus = 0, cache = join(scratch, 'compile-cache')): Loaded {
    const loadedFile = join(scratch, 'loaded.json');
    const result = spawnSync(
      process.execPath,
      ['-r', join(scratch, 'record.cjs'), join(dist, 'cli.js'), ...args],
      {
        cwd: scratch,
        encoding: 'utf8',
        env: {
          ...process.env,
          STEPTHROUGH_LOADED: loadedFile,
          NO_COLOR: '1',
          STEPTHROUGH_COMPILE_CACHE: cache,
        },
      },
    );
    assert.equal(result.status, expectedStatus, outputOf(result));
    const files = (JSON.parse(readFileSync(loadedFile, 'utf8')) as string[])
      .filter((file) => file.startsWith(dist))
      .map((file) => relative(dist, file));
    for (const file of files) assert.ok(contents[file], `${file} is not an output of the build`);
    return { files, inputs: files.flatMap((file) => contents[file] ?? []), stdout: result.stdout };
  }

  function assertNone(loaded: Loaded, what: readonly (keyof typeof FORBIDDEN)[]): void {
    for (const name of what) {
      const found = loaded.inputs.filter((input) => FORBIDDEN[name].test(input));
      assert.deepEqual(found, [], `loaded ${name}`);
    }
  }

  function vendors(loaded: Loaded): string[] {
    return loaded.files.filter((file) => file.startsWith('vendor/')).sort();
  }

  void it('--version loads the entry only: no command, no engine', () => {
    const loaded = load(['--version']);
    assert.match(loaded.stdout, /^stepthrough \d+\.\d+\.\d+/);
    assert.ok(loaded.files.includes('cli.js'));
    const commands = loaded.files.filter((file) =>
      /^cli\/(run|test|graph|serve|dap|validate|lsp)-/.test(file),
    );
    assert.deepEqual(commands, []);
    assert.deepEqual(vendors(loaded), []);
    assert.ok(
      !loaded.inputs.some((input) => input.startsWith('core/interpreter/')),
      'loaded the interpreter',
    );
  });

  void it('run of a JSONPath machine loads no language server, debug adapter, graph, elkjs or JSONata', () => {
    const loaded = load(['run', 'jsonpath.asl.json', '--input-json', '{"a": 41}', '--json']);
    assert.deepEqual((JSON.parse(loaded.stdout) as { output: unknown }).output, { sum: 42 });
    assert.ok(
      loaded.files.some((file) => /^cli\/run-/.test(file)),
      'the run chunk',
    );
    assertNone(loaded, [...HEAVY, 'JSONata', 'the yaml library', ...NOT_FOR_A_DEFINITION_RUN]);
    assert.deepEqual(vendors(loaded), []);
  });

  void it('run of a template machine loads the template readers (the check sees them)', () => {
    writeFileSync(
      join(scratch, 'template.yaml'),
      [
        'Resources:',
        '  Flow:',
        '    Type: AWS::StepFunctions::StateMachine',
        '    Properties:',
        '      Definition:',
        '        StartAt: Done',
        '        States:',
        '          Done: { Type: Pass, Result: templated, End: true }',
        '',
      ].join('\n'),
    );
    const loaded = load(['run', 'template.yaml#Flow', '--json']);
    assert.equal((JSON.parse(loaded.stdout) as { output: unknown }).output, 'templated');
    assert.ok(loaded.inputs.some((input) => FORBIDDEN['the template readers'].test(input)));
    assertNone(loaded, [...HEAVY, 'the handler host', 'the test runner']);
  });

  void it('the compile cache: the first start writes it, the next uses it unchanged, a damaged entry is rewritten', () => {
    const cache = join(scratch, 'compile-cache-check');
    const args = ['run', 'jsonpath.asl.json', '--input-json', '{"a": 41}', '--json'];
    const first = load(args, 0, cache);
    const folder = readdirSync(cache).map((name) => join(cache, name));
    assert.equal(folder.length, 1, 'one folder per Stepthrough and Node version');
    const entries = () =>
      new Map(
        readdirSync(folder[0] as string).map((name) => [
          name,
          statSync(join(folder[0] as string, name)).mtimeMs,
        ]),
      );
    const written = entries();
    const runChunk = [...written.keys()].find((name) => name.startsWith('run-'));
    assert.ok(runChunk, `the run chunk is cached: ${[...written.keys()].join(', ')}`);
    assert.equal(statSync(folder[0] as string).mode & 0o777, 0o700, 'private to the user');
    const second = load(args, 0, cache);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(entries(), written, 'a valid cache is used as it is, not rewritten');
    writeFileSync(join(folder[0] as string, runChunk), 'not V8 code');
    const third = load(args, 0, cache);
    assert.equal(third.stdout, first.stdout);
    assert.notEqual(readFileSync(join(folder[0] as string, runChunk), 'utf8'), 'not V8 code', 'rewritten');
    const off = load(args, 0, 'off');
    assert.equal(off.stdout, first.stdout);
  });

  void it('run of a JSONata machine loads JSONata, from its vendor file, and nothing else heavy', () => {
    const loaded = load(['run', 'jsonata.asl.json', '--json']);
    assert.equal((JSON.parse(loaded.stdout) as { output: unknown }).output, 6);
    assertNone(loaded, HEAVY);
    assert.deepEqual(vendors(loaded), ['vendor/jsonata.cjs']);
    assert.ok(
      loaded.inputs.some((input) => FORBIDDEN.JSONata.test(input)),
      'the check sees JSONata',
    );
  });

  void it('run of a YAML machine the fast parser reads loads no yaml library', () => {
    const loaded = load(['run', 'simple.asl.yaml', '--json']);
    assert.deepEqual((JSON.parse(loaded.stdout) as { output: unknown }).output, { greeting: 'hello' });
    assertNone(loaded, [...HEAVY, 'JSONata', 'the yaml library']);
  });

  void it('validate loads nothing heavy, and JSONata only for a JSONata machine', () => {
    const plain = load(['validate', 'jsonpath.asl.json', 'simple.asl.yaml']);
    assertNone(plain, [...HEAVY, 'JSONata', 'the yaml library']);
    const jsonata = load(['validate', 'jsonata.asl.json']);
    assertNone(jsonata, HEAVY);
    assert.deepEqual(vendors(jsonata), ['vendor/jsonata.cjs']);
  });

  void it('test loads no language server, debug adapter, graph or elkjs', () => {
    const loaded = load(['test', join(REPO_ROOT, 'examples', 'order')]);
    assert.match(loaded.stdout, /Cases: 11 passed/);
    assertNone(loaded, HEAVY);
  });

  void it('graph loads elkjs from its vendor file (the check sees lazy loads)', () => {
    const loaded = load(['graph', 'jsonpath.asl.json', '-o', join(scratch, 'graph.svg')]);
    assert.ok(vendors(loaded).includes('vendor/elk.cjs'));
    assert.ok(loaded.inputs.some((input) => FORBIDDEN.elkjs.test(input)));
    assertNone(loaded, ['the language server', 'the debug adapter', 'JSONata']);
  });
});
