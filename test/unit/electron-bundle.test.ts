import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';

// The main bundles are built by the test run's global setup (scripts/build.mjs --main-only).
const bundles = ['dist/main/electron-main.cjs', 'dist/main/cli.cjs'];

/** The bare package specifiers a CommonJS bundle require()s at run time. */
function requiredPackages(file: string): string[] {
  const code = fs.readFileSync(path.join(projectRoot, file), 'utf8');
  const specs = new Set<string>();
  for (const match of code.matchAll(/\brequire\("([^"]+)"\)/g)) specs.add(match[1]!);
  return [...specs].filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec) && spec !== 'electron' && !spec.startsWith('.'));
}

/** Whether Node would load the resolved file as an ES module (by extension, else the nearest package.json). */
function isEsm(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
  }
  return false;
}

describe('the bundled main', () => {
  for (const bundle of bundles) {
    it(`${bundle} require()s only packages that have a CommonJS entry`, () => {
      const resolveFrom = createRequire(path.join(projectRoot, bundle));
      const required = requiredPackages(bundle);
      // The bundle is real: it still loads the native modules from node_modules.
      expect(required).toContain('better-sqlite3');
      const esm = required.filter((spec) => isEsm(resolveFrom.resolve(spec)));
      expect(esm, 'ES-module-only packages must be bundled (scripts/build.mjs)').toEqual([]);
    });
  }

  it('runs a Desk in the Electron host as in the browser host, so agents can sign in on a shared desk', () => {
    // The desk's own file (who was signed in, for the restore after a restart) is in both mains.
    for (const bundle of bundles) expect(fs.readFileSync(path.join(projectRoot, bundle), 'utf8'), bundle).toContain('"signed-in.json"');
  });

  it('carries uuid inside, keeping its v7 ids', () => {
    const code = fs.readFileSync(path.join(projectRoot, 'dist/main/electron-main.cjs'), 'utf8');
    expect(code).not.toMatch(/require\("uuid"\)/);
    expect(code).toMatch(/node_modules\/uuid\/dist-node\/v7\.js/);
  });
});
