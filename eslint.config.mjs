// Lint, including the layering rules of docs/architecture.md:
//   shared ← contract ← core ← api ← (electron | web | cli)      renderer → shared, contract (types only)
// `electron` may be imported only in src-main/electron/. Inside the core, its folders form layers
// too (coreLayers below).
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
// The shared layer runs in every runtime (main, renderer, tests), like VS Code's base/common:
// nothing but other shared files and the contract's types. Its words come in as arguments.
const sharedBoundary = [
  { regex: '^[^.]', message: 'src-main/shared/ is pure: no packages, no Node modules (node:*, zod, react, …).' },
  {
    group: [
      '**/core',
      '**/core/**',
      '**/api',
      '**/api/**',
      '**/web',
      '**/web/**',
      '**/electron',
      '**/electron/**',
      '**/cli',
      '**/cli/**',
      '**/src-renderer/**',
    ],
    message: 'src-main/shared/ imports only other shared files (and types from the contract).',
  },
  { group: ['**/contract', '**/contract/**'], allowTypeImports: true, message: 'Import only types from the contract (import type …).' },
];
// What lint can see of a runtime: the globals of the DOM and of Node.
const runtimeGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'HTMLElement',
  'process',
  'Buffer',
  'require',
  '__dirname',
];
const nodeInRenderer = { group: ['node:*', 'better-sqlite3', 'node-hid', 'jssip', 'ws'], message: 'The renderer runs sandboxed: no Node modules.' };

const coreBoundary = [
  {
    group: ['**/api/**', '**/web/**', '**/electron/**', '**/cli/**', '../api', '../web', '../cli'],
    message: 'The core may not import hosts or adapters.',
  },
  { group: ['**/src-renderer/**', 'react', 'react-dom', 'zustand'], message: 'The core never imports the renderer.' },
];

// A host runs a Desk, whose Workstation changes at every sign-in (none while nobody is signed in):
// a host that held one Workstation would keep talking to a stopped one after the next sign-in.
const hostsRunADesk = {
  group: ['**/core/workstation'],
  message: "A host runs a Desk: it reaches the signed-in agent's Workstation only through IDeskHost (core/desk/desk-host.ts).",
};

/**
 * The core's folders, top layer first. A folder may import the folders of the layers below its
 * own, never one of its own layer or above: so no two folders import each other. The files at
 * the core's root (clock, errors, events, log, …) are below every folder; workstation.ts wires
 * them all and is above every folder. A new folder gets its place here (test/unit/layering.test.ts
 * refuses a folder missing from the list).
 */
export const coreLayers = [
  // Who works at the desk: starts and stops the signed-in agent's Workstation, so it alone sits above it.
  ['desk'],
  // Above the work it waits for (calls, wrap-ups, the outbox), which it learns of through a port.
  ['updates'],
  ['wrapup'],
  ['outbound'],
  ['calls'],
  ['customers', 'topics'],
  // Client forms: written beside the scripts and checked with their machinery.
  ['forms'],
  ['scripts', 'settings'],
  ['clients'],
  // Colleagues' presence and the agent's own: over the SIP line's event channel (phone/).
  ['agent', 'diagnostics', 'colleagues'],
  // demo/: the demo set a desk with nothing real configured runs on (read by the Workstation only).
  ['queues', 'recorder', 'training', 'demo'],
  ['headset', 'phone', 'sync'],
  ['media', 'store', 'secrets'],
  ['files', 'platform'],
];

const coreLayerRules = coreLayers.flatMap((layer, index) => {
  const above = coreLayers.slice(0, index + 1).flat();
  const below = coreLayers.slice(index + 1).flat();
  return layer.map((folder) => {
    // A file may reach its own folder through `..` (from a subfolder): only other folders count.
    const refused = [...(folder === 'desk' ? [] : ['workstation$']), ...above.filter((other) => other !== folder).map((other) => `${other}(/|$)`)];
    return {
      files: [`src-main/core/${folder}/**`],
      rules: restrict(
        [electronOnlyInAdapter],
        [
          ...coreBoundary,
          // The top layer (the desk) may import every other folder: nothing to refuse.
          ...(refused.length
            ? [
                {
                  // Matches the import text: `../x` and, from a subfolder, `../../x`.
                  regex: `^(\\.\\./)+(${refused.join('|')})`,
                  message: `core/${folder}/ may import only the core folders below its layer (${below.join(', ') || 'none'}) and the core's root files; the order is coreLayers in eslint.config.mjs.`,
                },
              ]
            : []),
        ],
      ),
    };
  });
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.electron-staging/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/lint/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Plain JavaScript (build scripts, the bin shim) has no types to check against.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An `async` method that implements a promise-returning port keeps a throw a rejection;
      // dropping `async` to please this rule would turn it into a synchronous throw.
      '@typescript-eslint/require-await': 'off',
      // Script answers and YAML values are unions that include objects; the code turns them into
      // text on purpose after handling the object cases, which this rule cannot follow.
      '@typescript-eslint/no-base-to-string': 'off',
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
    rules: restrict([electronOnlyInAdapter], coreBoundary),
  },
  ...coreLayerRules,
  {
    files: ['src-main/shared/**'],
    rules: {
      ...restrict([electronOnlyInAdapter], sharedBoundary),
      'no-restricted-globals': ['error', ...runtimeGlobals.map((name) => ({ name, message: 'src-main/shared/ runs in every runtime: no DOM, no Node.' }))],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: restrict([], [hostsRunADesk]),
  },
  {
    files: ['src-main/web/**', 'src-main/cli/**'],
    rules: restrict([electronOnlyInAdapter], [hostsRunADesk]),
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
    // The renderer tests' stand-in for main (src-renderer/test/) builds window.anlauf from the
    // contract's command table, as the hosts do. It runs in Node under vitest and is never part of
    // the page, so it may import the contract's values; the rest of main stays out.
    files: ['src-renderer/test/**'],
    rules: restrict([electronOnlyInAdapter], [rendererBoundary[0], nodeInRenderer]),
  },
  {
    // An error in a log record keeps its stack: errorForLog (core/log.ts) is the one way to write it.
    files: ['src-main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='error'] > CallExpression[callee.name='String']",
          message: 'Log an error with errorForLog(error) from core/log.ts: String(error) loses its stack.',
        },
      ],
    },
  },
  {
    // Tests poke at wire messages whose shape is the thing under test.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests and fakes read untyped wire data and pass methods to expect(); promises stay checked.
    files: ['test/**/*.{ts,tsx}', '**/*.test.{ts,tsx}', 'src-renderer/test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Disagrees with tsc on a `let` narrowed inside a loop: its fixes broke the typecheck.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.{mjs,cjs}'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
