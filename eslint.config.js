// ESLint for every TypeScript and JavaScript file in the repository (`npm run lint`). Prettier owns the
// layout (`npm run format`), so the rules here are about meaning, plus max-len for what Prettier cannot
// wrap: strings, template literals and comments. The rules are ESLint's and typescript-eslint's
// recommended sets and the choices of eslint-config-oclif (through xo) that fit this code. Type-aware
// rules are left out: they made a run three times slower and found nothing to fix.
import js from '@eslint/js'
import {defineConfig} from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Prettier's printWidth (.prettierrc.json). */
const MAX_LINE_LENGTH = 150

export default defineConfig(
  {
    // Build output and generated manifests; .gitignore keeps them out of git, this keeps them out of ESLint.
    ignores: ['**/dist/', '**/oclif.manifest.json', 'coverage/', '.bench/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // A regular expression cannot be wrapped without turning it into a string; everything else can.
      'max-len': ['error', {code: MAX_LINE_LENGTH, tabWidth: 2, ignoreRegExpLiterals: true}],
      // The output and terminal code matches escape sequences and control characters on purpose
      // (JSON escapes, ANSI colours, Python's line boundaries), always written as \u escapes.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true}],

      // eslint-config-oclif's (xo's) rules that fit this code.
      'array-callback-return': 'error',
      'default-param-last': 'error',
      eqeqeq: 'error',
      'no-constructor-return': 'error',
      'no-else-return': ['error', {allowElseIf: false}],
      'no-extend-native': 'error',
      'no-lone-blocks': 'error',
      'no-lonely-if': 'error',
      'no-new-func': 'error',
      'no-new-wrappers': 'error',
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-throw-literal': 'error',
      'no-unneeded-ternary': 'error',
      'no-useless-computed-key': 'error',
      'no-useless-concat': 'error',
      'no-useless-rename': 'error',
      'no-useless-return': 'error',
      'object-shorthand': ['error', 'always'],
      'operator-assignment': 'error',
      'prefer-arrow-callback': ['error', {allowNamedFunctions: true}],
      'prefer-exponentiation-operator': 'error',
      'prefer-numeric-literals': 'error',
      'prefer-object-has-own': 'error',
      'prefer-object-spread': 'error',
      'prefer-promise-reject-errors': ['error', {allowEmptyReject: true}],
      'prefer-regex-literals': 'error',
      yoda: 'error',
      '@typescript-eslint/array-type': 'error',
      '@typescript-eslint/consistent-type-definitions': 'error',
      '@typescript-eslint/prefer-for-of': 'error',
      '@typescript-eslint/prefer-function-type': 'error',
    },
  },
  {
    // The entry points are CommonJS (bin/package.json says so): a command the fast path answers never
    // starts Node's ES module loader.
    files: ['bin/**/*.js'],
    languageOptions: {sourceType: 'commonjs', globals: {...globals.node, ...globals.commonjs}},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
)
