// ESLint flat config: typescript-eslint with type information, plus the project's layering rules.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * core/ does no I/O and knows no editor or protocol (ARCHITECTURE.md, invariant 1): no Node built-in
 * module but the ones named here with their reason, no vscode, LSP or DAP library.
 */
function coreImports(allowedBuiltins) {
  const allowed = new Set(allowedBuiltins);
  return [
    'error',
    {
      paths: [
        ...builtinModules.filter((name) => !allowed.has(`node:${name}`)),
        ...builtinModules.map((name) => `node:${name}`).filter((name) => !allowed.has(name)),
        'vscode',
      ].map((name) => ({
        name,
        message: 'core/ imports no platform module: see ARCHITECTURE.md invariant 1',
      })),
      patterns: ['vscode-*', '@vscode/*'],
    },
  ];
}
/** Hashing (States.Hash, JSONata's $hash, execution ids): pure computation, no I/O. */
const CORE_BUILTINS = ['node:crypto'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.tmp/**', '**/*.d.ts'] },
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
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/*.fixture.ts'],
    rules: { 'no-restricted-imports': coreImports(CORE_BUILTINS) },
  },
  {
    // The JSONata guard reads V8's heap limit to stop a runaway expression (invariant 1's exception).
    files: ['core/jsonata/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/*.fixture.ts'],
    rules: { 'no-restricted-imports': coreImports([...CORE_BUILTINS, 'node:v8']) },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
