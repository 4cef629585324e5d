// ESLint flat config: typescript-eslint with type information, plus the project's layering rules.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// Flat config does not merge a rule's options: a later block that sets `no-restricted-imports` for a
// file REPLACES every earlier block's options for it. So each block below builds its options with
// `restrictImports`, which always carries the restrictions that apply everywhere (UNPATCHED_JSONATA), plus
// the ones of the block's files (FILES_THROUGH_HOST outside core/ and host/; coreImports in core/).
// test/docs/eslintConfig.test.ts checks the resolved config of files in each folder.

/** Expressions run through core/jsonata (the patched copy, with its guards), never the published package. */
const UNPATCHED_JSONATA = {
  name: 'jsonata',
  message: 'Use core/jsonata: the published package reaches JavaScript prototypes and has no bounds.',
};

/** Invariant 15: outside core/ and host/, files are read and written through host/'s FileAccess. */
const FILES_THROUGH_HOST = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'Read and write files through the host (host/ FileAccess), which bounds every read.',
}));

/** The options of `no-restricted-imports`: the restrictions that apply everywhere plus `paths` and `patterns`. */
function restrictImports({ paths = [], patterns = [] } = {}) {
  return ['error', { paths: [UNPATCHED_JSONATA, ...paths], ...(patterns.length > 0 ? { patterns } : {}) }];
}

/**
 * core/ does no I/O and knows no editor or protocol (ARCHITECTURE.md, invariant 1): no Node built-in
 * module but the ones allowed with their reason (so no fs either), no vscode, LSP or DAP library, no
 * unpatched jsonata.
 */
function coreImports(allowedBuiltins, extraPatterns = []) {
  const allowed = new Set(allowedBuiltins);
  const builtins = [
    ...builtinModules.filter((name) => !allowed.has(`node:${name}`)),
    ...builtinModules.map((name) => `node:${name}`).filter((name) => !allowed.has(name)),
  ];
  const message = 'core/ imports no platform module but those ARCHITECTURE.md invariant 1 lists';
  return restrictImports({
    paths: [...builtins, 'vscode'].map((name) => ({ name, message })),
    patterns: [{ group: ['vscode-*', '@vscode/*'], message }, ...extraPatterns],
  });
}
/** Hashing (States.Hash, JSONata's $hash, task tokens): computation, no I/O; in CRYPTO_FILES only. */
const CRYPTO_FILES = ['core/hash.ts'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      '.tmp/**',
      '**/*.d.ts',
      // Generated from the published jsonata with core/jsonata/vendor/patches.ts.
      'core/jsonata/vendor/jsonata.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
              package: 'node:test',
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restrictImports(),
    },
  },
  {
    // Invariant 13 holds in JavaScript files too (scripts, examples, the test runners' examples).
    files: ['**/*.{js,mjs,cjs}'],
    rules: { 'no-restricted-imports': restrictImports() },
  },
  {
    // Invariant 15: file access is the host's (host/): the front ends read and write files through its
    // FileAccess, which bounds every read. Tests, scripts and benchmarks set up their own files.
    files: ['**/*.ts'],
    ignores: [
      'core/**',
      'host/**',
      '**/*.test.ts',
      'test/**',
      'scripts/**',
      'bench/**',
      'cli/serve/harness.ts',
      'test-runners/consumerProject.ts',
    ],
    rules: { 'no-restricted-imports': restrictImports({ paths: FILES_THROUGH_HOST }) },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/*.fixture.ts'],
    rules: { 'no-restricted-imports': coreImports([]) },
  },
  {
    // The JSONata guard reads V8's heap limit to stop a runaway expression (invariant 1's exception).
    files: ['core/jsonata/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/*.fixture.ts'],
    rules: { 'no-restricted-imports': coreImports(['node:v8']) },
  },
  {
    // ARCHITECTURE.md invariant 18: node:crypto for hashing, in these files only.
    files: CRYPTO_FILES,
    rules: { 'no-restricted-imports': coreImports(['node:crypto']) },
  },
  {
    // Core's only threads: the regex sandbox's workers (invariants 1 and 14).
    files: ['core/regex/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/*.fixture.ts'],
    rules: { 'no-restricted-imports': coreImports(['node:worker_threads']) },
  },
  {
    // ARCHITECTURE.md invariant 19: state handlers and query languages see the runtime through StateHost.
    files: ['core/interpreter/states/**/*.ts', 'core/interpreter/dataflow/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': coreImports(
        [],
        [
          {
            group: ['**/runtime', '**/threads', '**/services', '**/execute'],
            message: 'State handlers reach the runtime through StateHost (core/interpreter/host.ts).',
          },
        ],
      ),
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Example test files of test-runners/, run by Vitest and Jest in a consumer project (CommonJS too).
    files: ['test-runners/examples/**/*.{cjs,mjs}'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        __dirname: 'readonly',
        describe: 'readonly',
        test: 'readonly',
        expect: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test-runners/examples/**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // Handler code as teams write it (test fixtures, example apps): CommonJS modules with Node's globals.
    files: [
      'test/handlers/fixtures/**/*.js',
      'test/dap/fixtures/**/*.js',
      'test/e2e/workspace/**/*.js',
      'examples/**/*.js',
    ],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        exports: 'writable',
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
