// ESLint flat config: typescript-eslint with type information, plus the project's layering rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Expressions run through core/jsonata (the patched copy, with its guards), never the published package. */
const UNPATCHED_JSONATA = {
  name: 'jsonata',
  message: 'Use core/jsonata: the published package reaches JavaScript prototypes and has no bounds.',
};

/** What core never imports (I/O is injected). */
const CORE_FORBIDDEN = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'vscode',
  'child_process',
  'node:child_process',
  UNPATCHED_JSONATA,
];
/** Threads: only core/regex starts them. */
const WORKER_THREADS = [
  { name: 'worker_threads', message: 'Only core/regex starts a thread (ARCHITECTURE.md).' },
  { name: 'node:worker_threads', message: 'Only core/regex starts a thread (ARCHITECTURE.md).' },
];

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
      'no-restricted-imports': ['error', { paths: [UNPATCHED_JSONATA] }],
    },
  },
  {
    // Invariant 13: file access is the host's (host/): the front ends read and write files through its
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
            name,
            message: 'Read and write files through the host (host/ FileAccess), which bounds every read.',
          })),
        },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [...CORE_FORBIDDEN, ...WORKER_THREADS], patterns: ['vscode-*', '@vscode/*'] },
      ],
    },
  },
  {
    // Core's only threads: the regex sandbox's workers (ARCHITECTURE.md).
    files: ['core/regex/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: CORE_FORBIDDEN, patterns: ['vscode-*', '@vscode/*'] }],
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
    files: ['test/handlers/fixtures/**/*.js', 'examples/**/*.js'],
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
