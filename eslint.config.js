// ESLint, run by `npm test` before the unit tests and by `npm run lint`.
// Type-aware: every rule of typescript-eslint's strictTypeChecked set, with the few changes
// below, each with its reason. eslint-plugin-regexp's recommended set, plus
// no-super-linear-move: recommended only catches backtracking inside one match attempt,
// not a pattern such as /\n+$/ that the engine retries from every offset (O(n²) on a long
// run of line feeds).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'web/public/**', 'test/fixtures/**', 'test/artifacts/**', 'bench/results/**', 'cluster/lib/**', '.siptrail/**'],
  },
  {
    files: ['src/**/*.ts', 'cluster/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', 'web/src/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, regexp.configs.recommended],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.lint.json'], tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-move': ['error', { report: 'certain', ignoreSticky: true, ignorePartial: false }],
      // node:test's test()/describe()/it() return promises that the runner itself awaits and
      // reports; awaiting them by hand is what the rule would ask for, and is noise.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] }],
      // A number has one text form; `${n}` is what String(n) would give. Everything else the
      // strict setting refuses (undefined, null, objects, unions with them) stays refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // A callback written as an arrow shorthand, `() => rmSync(dir)`, `(c) => finish(c)`,
      // hands its value to a caller that discards it (the callback's type says void); what
      // the rule is for, `return voidCall()` in a block, a void value in an expression, stays.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `const { body, truncated: _, ...rest } = v` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // Test code: `rows[0]!.callId`, `found!.body` after the lookup it tests. A wrong guess
    // throws a TypeError that fails the test as an assertion would; a guard before each would
    // only repeat the assertion. Shipped code keeps the rule.
    files: ['**/*.test.ts', '**/*.test-helper.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The browser build: DOM types, no Node.
    files: ['web/src/**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./web/tsconfig.test.json'], tsconfigRootDir: root },
    },
  },
);
