import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../support/paths';

type Pkg = { name: string; dir: string; hasBindingGyp: boolean; prebuilds: string[] };
const require = createRequire(import.meta.url);
const native = require('../../scripts/native-modules.cjs') as {
  productionPackages(root: string): string[];
  describePackages(root: string, dirs: string[]): Pkg[];
  modulesToRebuild(packages: Pkg[], platform: string, arch: string): string[];
  stagingDir(projectDir: string, os: string, arch: string): string;
  osKey(platform: string): string;
};
const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('packaging native modules (scripts/electron-before-build.cjs)', () => {
  const packages = native.describePackages(projectRoot, native.productionPackages(projectRoot));
  const names = packages.map((pkg) => pkg.name);

  it('stages the run-time packages only', () => {
    expect(names).toEqual(expect.arrayContaining(['better-sqlite3', 'node-hid', 'bindings', 'jssip', 'uuid', 'ws', 'zod']));
    for (const dev of ['electron', 'electron-builder', 'vitest', 'esbuild', '@electron/rebuild', 'typescript']) expect(names, dev).not.toContain(dev);
  });

  it('rebuilds only better-sqlite3 for Electron on every target: node-hid ships N-API prebuilds', () => {
    for (const [platform, arch] of [
      ['win32', 'x64'],
      ['darwin', 'x64'],
      ['darwin', 'arm64'],
      ['linux', 'x64'],
    ] as const) {
      expect(native.modulesToRebuild(packages, platform, arch), `${platform}-${arch}`).toEqual(['better-sqlite3']);
    }
    // Where node-hid has no prebuild, it would be compiled too: the rule reads the packages.
    expect(native.modulesToRebuild(packages, 'freebsd', 'x64')).toEqual(['better-sqlite3', 'node-hid']);
    expect(native.modulesToRebuild(packages, 'linux', 'x64-musl')).toEqual(['better-sqlite3']);
  });

  it('is the hook electron-builder calls, and the yml packs the folder it stages', () => {
    expect(config.beforeBuild).toBe('scripts/electron-before-build.cjs');
    expect(typeof require(path.join(projectRoot, config.beforeBuild))).toBe('function');
    // electron-builder calls beforeBuild only while npmRebuild is on; the hook then returns false.
    expect(config.npmRebuild).toBe(true);
    const staged = (config.files as unknown[]).find((entry): entry is { from: string; to: string } => typeof entry === 'object');
    expect(staged).toEqual({
      from: path.relative(projectRoot, path.join(native.stagingDir(projectRoot, '${os}', '${arch}'), 'node_modules')),
      to: 'node_modules',
    });
    expect(['win32', 'darwin', 'linux'].map(native.osKey)).toEqual(['win', 'mac', 'linux']);
    expect(fs.readFileSync(path.join(projectRoot, '.gitignore'), 'utf8')).toMatch(/^\.electron-staging\/$/m);
  });
});
