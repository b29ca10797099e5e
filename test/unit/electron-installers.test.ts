import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID } from '../../src-main/core/platform/paths';
import { builderConfigProblems } from '../support/builder-config';
import { projectRoot } from '../support/paths';

const configText = fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8');
const config = parse(configText) as Record<string, any>;
const targets = (platform: string): string[] => (config[platform].target as (string | { target: string })[]).map((t) => (typeof t === 'string' ? t : t.target));

describe('electron-builder.yml against the schema of the installed electron-builder', () => {
  it('is valid', () => {
    expect(builderConfigProblems(configText)).toEqual([]);
  });

  it('names a misspelt key with its line, as electron-builder would refuse it only on the packaging machine', () => {
    const misspelt = configText.replace(/^ {2}perMachine: true\n(?=\s+oneClick: true)/m, '  perMachin: true\n');
    expect(misspelt).not.toBe(configText);
    const line = misspelt.split('\n').findIndex((text) => text.includes('perMachin:')) + 1;
    expect(builderConfigProblems(misspelt)).toEqual([`electron-builder.yml:${line}: msi.perMachin: unknown key (electron-builder would refuse it; misspelt?)`]);
  });

  it('reports every problem at once, each where it is', () => {
    const broken = configText
      .replace('  isRelocatable: false', '  isRelocateable: false')
      .replace('  notarize: true', '  notarize: "sometimes"')
      .replace(/^productName: Anlauf$/m, 'productName: Anlauf\nproductNmae: Anlauf');
    const lineOf = (needle: string) => broken.split('\n').findIndex((text) => text.includes(needle)) + 1;
    expect(builderConfigProblems(broken).sort()).toEqual(
      [
        `electron-builder.yml:${lineOf('productNmae')}: productNmae: unknown key (electron-builder would refuse it; misspelt?)`,
        `electron-builder.yml:${lineOf('isRelocateable')}: pkg.isRelocateable: unknown key (electron-builder would refuse it; misspelt?)`,
        `electron-builder.yml:${lineOf('notarize: "sometimes"')}: mac.notarize: must be boolean`,
      ].sort(),
    );
  });
});

describe('the installers IT deploys', () => {
  it('builds every format: NSIS and MSI, dmg and pkg, deb and AppImage', () => {
    expect(targets('win')).toEqual(['nsis', 'msi']);
    expect(targets('mac')).toEqual(expect.arrayContaining(['dmg', 'pkg']));
    expect(targets('linux')).toEqual(expect.arrayContaining(['deb', 'AppImage']));
  });

  it('installs per machine, silently, and starts nothing as the deploying account', () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.msi).toMatchObject({ perMachine: true, oneClick: true, runAfterFinish: false });
  });

  it('gives the MSI a fixed upgrade code, so a new version replaces the installed one', () => {
    expect(config.msi.upgradeCode).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('puts the pkg into /Applications only, closing a running Anlauf first', () => {
    expect(config.pkg).toMatchObject({ installLocation: '/Applications', isRelocatable: false, allowCurrentUserHome: false });
    expect(config.pkg.mustClose).toEqual([APP_ID]);
  });

  it('keeps every secret out of the file: signing comes from the environment', () => {
    const keys: string[] = [];
    const walk = (value: unknown) => {
      if (!value || typeof value !== 'object') return;
      for (const [key, inner] of Object.entries(value)) {
        keys.push(key);
        walk(inner);
      }
    };
    walk(config);
    expect(keys.filter((key) => /csc|password|certificate|identity|apple(Id|ApiKey)|token|secret/i.test(key))).toEqual([]);
    expect(config.mac.notarize).toBe(true);
  });
});
