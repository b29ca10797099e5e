// Builds everything the hosts run: the main-side bundles (esbuild), the browser bridge and the
// renderer (vite). `--main-only` skips the renderer for quick CLI runs; `--quiet` prints nothing.
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const say = (text) => quiet || process.stderr.write(text + '\n');

// Packages the main bundles load from node_modules at run time (native modules must be; the rest
// keeps the bundles small and their stacks readable). uuid is bundled instead: v14 is ESM-only,
// and the Electron main is a CommonJS file loaded from app.asar, where a require() of an ES
// module is not something to rely on. test/unit/bundle.test.ts checks every require() left.
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const BUNDLED_PACKAGES = ['uuid'];
const runtimePackages = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((name) => !BUNDLED_PACKAGES.includes(name));

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const started = Date.now();
await Promise.all([
  esbuild({ ...node, entryPoints: ['src-main/cli/main.ts'], outfile: 'dist/main/cli.cjs', external: runtimePackages }),
  esbuild({ ...node, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/main/electron-main.cjs', external: runtimePackages }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  esbuild({ ...node, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] }),
  esbuild({ ...node, entryPoints: ['src-main/electron/media-preload.ts'], outfile: 'dist/main/media-preload.cjs', external: ['electron'] }),
  esbuild({
    ...node,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    // The page parses the bridge before anything else on every load (a reload mid-call too): small is fast.
    minify: true,
    entryPoints: ['src-main/web/bridge.ts'],
    outfile: 'dist/web/anlauf-bridge.js',
  }),
]);
say(`main bundles built in ${Date.now() - started} ms`);

if (!args.has('--main-only')) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.mts'), logLevel: quiet ? 'silent' : 'warn' });
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    throw new Error('the renderer build wrote no dist/renderer/index.html');
  }
  say(`renderer built in ${Date.now() - started} ms`);
}
