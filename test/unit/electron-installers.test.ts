import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, PRODUCT_NAME } from '../../src-main/core/platform/paths';
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

describe('the anlauf commands on an installed desk', () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-shims-'));
  afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('Windows: anlauf.cmd beside Anlauf.exe runs it with --cli and hands back its exit code', () => {
    const shipped = (config.win.extraFiles as { from: string; to: string }[]).find((entry) => entry.to === 'anlauf.cmd');
    expect(shipped?.from).toBe('build/cli/anlauf.cmd');
    const script = fs.readFileSync(path.join(projectRoot, shipped!.from), 'utf8');
    // cmd.exe reads batch files line by line and needs CRLF to do it reliably.
    expect(script.split('\r\n').at(-1)).toBe('');
    expect(script.replace(/\r\n/g, '')).not.toContain('\n');
    const commands = script.split('\r\n').filter((line) => line && !/^(rem |@echo off|setlocal)/i.test(line));
    expect(commands).toEqual([`"%~dp0${PRODUCT_NAME}.exe" --cli %*`, 'exit /b %ERRORLEVEL%']);
  });

  it("Linux deb: /usr/bin/anlauf is electron-builder's link to the binary itself, which runs commands by their name", () => {
    expect(config.linux.executableName).toBe('anlauf');
    // electron-builder's default after-install script makes the link; ours keeps it unchanged in front
    // of its own part (test/unit/electron-installer-folders.test.ts).
    const afterInstall = fs.readFileSync(path.join(projectRoot, config.deb.afterInstall), 'utf8');
    expect(afterInstall).toContain("update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}'");
  });

  it('macOS pkg: the postinstall script writes /usr/local/bin/anlauf, which passes every argument on', () => {
    const postinstall = path.join(projectRoot, config.directories.buildResources, config.pkg.scripts, 'postinstall');
    expect(fs.statSync(postinstall).mode & 0o111, 'the installer runs only executable scripts').toBe(0o111);
    // As the installer calls it: package, install location, target volume.
    const applications = path.join(temp, 'Applications');
    const binary = path.join(applications, `${PRODUCT_NAME}.app`, 'Contents', 'MacOS', PRODUCT_NAME);
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    fs.writeFileSync(binary, '#!/bin/sh\nfor arg in "$@"; do printf "%s\\n" "$arg"; done\nexit 3\n', { mode: 0o755 });
    execFileSync(postinstall, ['/tmp/Anlauf.pkg', applications, `${temp}/`]);
    const shim = path.join(temp, 'usr', 'local', 'bin', 'anlauf');
    expect(fs.statSync(shim).mode & 0o777).toBe(0o755);
    let output = '';
    let status = 0;
    try {
      execFileSync(shim, ['calllog', 'export', '--output', 'calls of today.csv'], { encoding: 'utf8' });
    } catch (error) {
      ({ stdout: output, status } = error as { stdout: string; status: number });
    }
    expect(output.split('\n')).toEqual(['--cli', 'calllog', 'export', '--output', 'calls of today.csv', '']);
    expect(status).toBe(3);
  });
});
