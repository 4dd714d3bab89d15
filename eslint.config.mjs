// One linter for the whole tree: typescript-eslint with type information, sorted imports,
// and the Nx module boundaries read from the tags in each project.json.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'libs/*/dist/**', 'node_modules/**', '.data/**', '.run/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { '@nx': nx, 'simple-import-sort': simpleImportSort },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      // `const { secret: _secret, ...rest } = x` is how a key is dropped from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // The policies pass on whatever the wrapped call threw, Error or not: rejecting with a caught
      // value is forwarding it, not inventing a non-Error reason.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingUnknown: true, allowThrowingAny: true },
      ],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      // `key in object` walks the prototype: with a key a caller chose, `'constructor' in {}` is
      // true. Own keys are asked with Object.hasOwn (or kept in a Map), never with `in`.
      'no-restricted-syntax': [
        'error',
        {
          // A literal key (`'dependencies' in config`) is the code's own question, not a caller's.
          selector: "BinaryExpression[operator='in'][left.type!='Literal']",
          message: 'Use Object.hasOwn(object, key) or a Map: `in` finds Object.prototype members too.',
        },
      ],
      // A lib is used through its public entries, `@shop/<lib>` (and the subpath entries its
      // package declares, such as `@shop/resilience/nest`); its folders are its own business.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // @shop/platform/tracing: main.ts imports it first, before the public entry loads
              // what the tracing SDK must patch (http, kafkajs, mysql2, ioredis).
              group: ['@shop/*/*', '!@shop/resilience/nest', '!@shop/platform/tracing'],
              message:
                'Import a lib through its public entry, @shop/<lib> (or @shop/resilience/nest, @shop/platform/tracing).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benches read JSON answers (fetch, supertest, Kafka payloads) as `any` and assert on
    // them with jest: the type-safety rules for `any` would only add casts that prove nothing there.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**/*.ts',
      '**/test/**/*.ts',
      '**/testing/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      // Tests may also use a lib's test support, `@shop/<lib>/testing`, and nothing else deep.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@shop/*/*', '!@shop/*/testing', '!@shop/resilience/nest'],
              message: 'Import a lib through @shop/<lib>, or its test support through @shop/<lib>/testing.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // `expect(mock.method).toHaveBeenCalled()` is how jest asserts on a method, not a lost `this`.
      '@typescript-eslint/unbound-method': 'off',
      // A spec may load every controller file to check its metadata.
      '@typescript-eslint/no-require-imports': 'off',
      // Benches and test children answer their parent in async message handlers; a rejection there
      // crashes the child, which the parent sees.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS files (jest's config, the write-behind test's worker child) load with require().
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Static files an app serves to browsers (copied into dist/ by tools/build/copy-assets.mjs):
    // ES modules, loaded by the page with <script type="module">.
    files: ['apps/**/assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  prettier,
);
