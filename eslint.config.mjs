// Lint, including the layering rules of docs/architecture.md:
//   contract  ← core ← api ← (electron | web | cli)      renderer → contract (types only)
// `electron` may be imported only in src-main/electron/.
import tseslint from 'typescript-eslint';

const electronOnlyInAdapter = {
  name: 'electron',
  message: 'Only src-main/electron/ may import electron (docs/architecture.md).',
};

const restrict = (paths, patterns) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

const rendererBoundary = [
  {
    group: ['**/src-main/**', '!**/src-main/contract', '!**/src-main/contract/**', '!**/src-main/shared', '!**/src-main/shared/**'],
    message: "The renderer talks to main only through window.anlauf; it may import the contract's types and the shared pure code.",
  },
  {
    group: ['**/src-main/contract', '**/src-main/contract/**'],
    allowTypeImports: true,
    message: 'Import only types from the contract (import type …).',
  },
];
const nodeInRenderer = { group: ['node:*', 'better-sqlite3', 'node-hid', 'jssip', 'ws'], message: 'The renderer runs sandboxed: no Node modules.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.electron-staging/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/lint/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      ...restrict([electronOnlyInAdapter], []),
    },
  },
  {
    files: ['src-main/contract/**'],
    rules: restrict(
      [electronOnlyInAdapter],
      [
        {
          group: ['../core/**', '../api/**', '../web/**', '../electron/**', '../cli/**', '**/src-renderer/**', 'react', 'react-dom'],
          message: 'The contract depends on nothing but zod.',
        },
      ],
    ),
  },
  {
    files: ['src-main/core/**'],
    rules: restrict(
      [electronOnlyInAdapter],
      [
        {
          group: ['**/api/**', '**/web/**', '**/electron/**', '**/cli/**', '../api', '../web', '../cli'],
          message: 'The core may not import hosts or adapters.',
        },
        { group: ['**/src-renderer/**', 'react', 'react-dom', 'zustand'], message: 'The core never imports the renderer.' },
      ],
    ),
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**'],
    rules: restrict([electronOnlyInAdapter], [...rendererBoundary, nodeInRenderer]),
  },
  {
    // Renderer tests run in Node and may read fixtures; the boundary to main still holds.
    files: ['src-renderer/**/*.test.{ts,tsx}'],
    rules: restrict([electronOnlyInAdapter], rendererBoundary),
  },
  {
    // Tests poke at wire messages whose shape is the thing under test.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.{mjs,cjs}'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
