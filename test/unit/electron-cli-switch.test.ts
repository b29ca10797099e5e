import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI_COMMANDS, launchRoute } from '../../src-main/electron/cli-switch';
import { projectRoot } from '../support/paths';

const exe = '/opt/Anlauf/anlauf';

describe('the packaged app runs an anlauf command instead of opening the window', () => {
  it('after --cli, with every later argument passed on as given', () => {
    expect(launchRoute([exe, '--cli', 'calllog', 'export', '--format', 'csv', '--output', 'C:\\Calls\\today.csv'], false)).toEqual({
      kind: 'cli',
      args: ['calllog', 'export', '--format', 'csv', '--output', 'C:\\Calls\\today.csv'],
    });
    // Nothing after it: the CLI prints its usage (and exits 2), no window opens.
    expect(launchRoute([exe, '--cli'], false)).toEqual({ kind: 'cli', args: [] });
  });

  it("by the command's name, for the deb's /usr/bin/anlauf, which is the binary itself", () => {
    expect(launchRoute([exe, 'sync', 'status', '--json'], false)).toEqual({ kind: 'cli', args: ['sync', 'status', '--json'] });
    expect(launchRoute([exe, '--version'], false)).toEqual({ kind: 'cli', args: ['--version'] });
    expect(launchRoute([exe, 'support', 'bundle'], false)).toEqual({ kind: 'cli', args: ['support', 'bundle'] });
  });

  it('skips the main script of a development run (electron dist/main/electron-main.cjs …)', () => {
    const dev = ['/work/node_modules/electron/dist/electron', '/work/dist/main/electron-main.cjs'];
    expect(launchRoute([...dev, '--cli', 'headset', 'list'], true)).toEqual({ kind: 'cli', args: ['headset', 'list'] });
    expect(launchRoute([...dev, '--data-dir=/tmp/d'], true)).toEqual({ kind: 'window' });
  });
});

describe('the packaged app opens the window', () => {
  it('when started by a launcher, a dial link or macOS', () => {
    expect(launchRoute([exe], false)).toEqual({ kind: 'window' });
    expect(launchRoute([exe, 'tel:+4940123456'], false)).toEqual({ kind: 'window' });
    expect(launchRoute([exe, '-psn_0_12345'], false)).toEqual({ kind: 'window' });
    expect(launchRoute([exe, '--data-dir=D:\\Anlauf', '--config', 'C:\\IT\\anlauf.yaml'], false)).toEqual({ kind: 'window' });
  });

  it('for `--cli start`: the shims always pass --cli, and start means the window (but start --web is the browser host)', () => {
    expect(launchRoute([exe, '--cli', 'start', '--config', 'C:\\IT\\anlauf.yaml'], false)).toEqual({ kind: 'window' });
    expect(launchRoute([exe, '--cli', 'start', '--web', '--port', '8080'], false)).toEqual({ kind: 'cli', args: ['start', '--web', '--port', '8080'] });
  });

  it('when --cli or a command name comes after another argument: a link cannot smuggle one in', () => {
    expect(launchRoute([exe, 'tel:+49', '--cli', 'calllog', 'export'], false)).toEqual({ kind: 'window' });
    expect(launchRoute([exe, '--data-dir=D', 'calllog'], false)).toEqual({ kind: 'window' });
  });
});

describe('the command names', () => {
  it('are the commands src-main/cli/main.ts answers, start aside', () => {
    const source = fs.readFileSync(path.join(projectRoot, 'src-main', 'cli', 'main.ts'), 'utf8');
    const body = source.slice(source.indexOf('export async function main('));
    const cases = [...body.matchAll(/^\s+case '([^']+)':/gm)].map((match) => match[1]!);
    expect(cases.length).toBeGreaterThan(5);
    // Short switches (-v, -h) are left to the window: Chromium and macOS pass such switches too.
    const expected = cases.filter((name) => name !== 'start' && !/^-\w$/.test(name));
    expect([...CLI_COMMANDS].sort()).toEqual(expected.sort());
  });

  it("reach the packaged app: its bundle loads the CLI's from the same folder, and electron-builder packs both", () => {
    const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as { files: unknown[] };
    expect(config.files).toContain('dist/**');
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
    expect(pkg.main).toBe('dist/main/electron-main.cjs');
    // The built bundles (the test run's global setup builds them): the Electron host names the
    // CLI's bundle, which answers when required rather than run, as cli-mode.ts calls it.
    expect(fs.readFileSync(path.join(projectRoot, pkg.main), 'utf8')).toMatch(/"dist", "main", "cli\.cjs"/);
    const version = execFileSync(process.execPath, ['-e', "require('./dist/main/cli.cjs').main(['--version']).then((code) => process.exit(code))"], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(version.trim()).toBe((JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
