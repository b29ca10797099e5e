/**
 * The app as it ships, with npm's production dependency set only: a copy of the built app
 * (dist/, bin/, resources/, package.json, package-lock.json) gets `npm ci --omit=dev
 * --ignore-scripts`, then loads every package its main bundles require and runs real commands.
 * A run-time import that resolves only to a dev dependency (Electron, the test and build tools)
 * works in the checkout and fails on every desk; here it fails the test. better-sqlite3's binary
 * comes from the checkout (--ignore-scripts builds nothing), as the packaging hook rebuilds it.
 * Heavy (vitest.heavy.mts): it installs some 70 packages, from npm's cache or the registry.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';

const nativeModules = createRequire(import.meta.url)('../../scripts/native-modules.cjs') as { productionPackages(root: string): string[] };
const BUNDLES = ['dist/main/cli.cjs', 'dist/main/electron-main.cjs'];
/** What the packaged app must never carry (devDependencies of package.json). */
const DEV_ONLY = ['electron', 'electron-builder', 'vitest', 'esbuild', 'vite', 'png2icons', '@playwright/test', 'tsx'];

/** The packages a CommonJS bundle loads at run time: its require("…") and import("…") of bare names. */
function runtimeSpecifiers(bundle: string): string[] {
  const code = fs.readFileSync(bundle, 'utf8');
  const specs = new Set<string>();
  for (const match of code.matchAll(/\b(?:require|import)\("([^"]+)"\)/g)) specs.add(match[1]!);
  // 'electron' is the Electron binary's own module, never a package in node_modules.
  return [...specs].filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec) && !spec.startsWith('.') && spec !== 'electron').sort();
}

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { status: number | null; stdout: string; stderr: string };
    return { code: failed.status, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the production dependency set, dev dependencies pruned', () => {
  let app: string;
  const data = () => path.join(app, 'data');

  beforeAll(() => {
    for (const file of [...BUNDLES, 'dist/renderer/index.html'])
      if (!fs.existsSync(path.join(projectRoot, file))) throw new Error(`${file} is missing: run \`node scripts/build.mjs\` first`);
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-prod-'));
    for (const item of ['package.json', 'package-lock.json', '.npmrc', 'dist', 'bin', 'resources'])
      fs.cpSync(path.join(projectRoot, item), path.join(app, item), { recursive: true });
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: app,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const binary = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(path.join(app, binary)), { recursive: true });
    fs.copyFileSync(path.join(projectRoot, binary), path.join(app, binary));
  }, 300_000);
  afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

  it('holds no dev dependency', () => {
    for (const name of DEV_ONLY) expect(fs.existsSync(path.join(app, 'node_modules', name)), name).toBe(false);
  });

  it('holds every package the packaging hook stages into the app (scripts/native-modules.cjs)', () => {
    // The hook decides the packaged node_modules by its own walk; npm is the second opinion.
    const missing = nativeModules.productionPackages(projectRoot).filter((dir) => !fs.existsSync(path.join(app, dir, 'package.json')));
    expect(missing).toEqual([]);
  });

  for (const bundle of BUNDLES) {
    it(`loads every package ${bundle} requires`, () => {
      const specs = runtimeSpecifiers(path.join(app, bundle));
      expect(specs).toEqual(expect.arrayContaining(['better-sqlite3', 'node-hid', 'ws']));
      // Required from the bundle's own folder in a fresh Node, as the app would.
      const script = `const r = require('node:module').createRequire(${JSON.stringify(path.join(app, bundle))});
        const failed = [];
        for (const spec of ${JSON.stringify(specs)}) { try { r(spec); } catch (error) { failed.push(spec + ': ' + error.message.split('\\n')[0]); } }
        process.stdout.write(JSON.stringify(failed));`;
      const result = run(app, ['-e', script]);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout), 'packages the bundle cannot load with dev dependencies pruned').toEqual([]);
    });
  }

  it('runs the anlauf commands: the version, a customer import and search (SQLite), the headsets (node-hid)', () => {
    expect(run(app, ['bin/anlauf.cjs', '--version']).stdout.trim()).toBe(
      (JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')) as { version: string }).version,
    );
    const csv = path.join(projectRoot, 'test', 'fixtures', 'customers', 'utf8-bom-semicolon.csv');
    const imported = run(app, ['bin/anlauf.cjs', 'customers', 'import', csv, '--data-dir', data()]);
    expect(imported.stderr + imported.stdout).toMatch(/Imported [1-9]\d* customers/);
    expect(imported.code).toBe(0);
    const found = run(app, ['bin/anlauf.cjs', 'customers', 'find', 'a', '--data-dir', data()]);
    expect(found.code).toBe(0);
    expect(found.stdout.trim().split('\n').length).toBeGreaterThan(0);
    const headsets = run(app, ['bin/anlauf.cjs', 'headset', 'list', '--json']);
    expect(headsets.stderr).not.toMatch(/Cannot find module/);
    expect(headsets.code).toBe(0);
  });

  it('serves the workstation to the browser: the whole core starts and stops', async () => {
    const child = spawn(process.execPath, ['bin/anlauf.cjs', 'start', '--web', '--port', '0', '--data-dir', data()], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no ready line in 30 s; stderr:\n${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Anlauf is ready at (\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`anlauf start exited with ${code}; stderr:\n${stderr}`)));
    });
    try {
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('anlauf-bridge.js');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/Cannot find module|ERR_REQUIRE_ESM/);
  }, 60_000);
});
