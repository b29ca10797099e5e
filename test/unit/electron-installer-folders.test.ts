/**
 * The installers create the machine-wide folder of the shared customer directory, writable for the
 * desk's agents (docs/admin.md, "Where data lives"). The deb's and the pkg's scripts are shell and
 * run here for real, against a temporary root.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { machineDirectoryFolder } from '../../src-main/core/customers/directory-file';
import { PRODUCT_NAME } from '../../src-main/core/platform/paths';
import { projectRoot } from '../support/paths';

const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const builderLib = path.join(projectRoot, 'node_modules', 'app-builder-lib');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'anlauf-installer-folders-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
let rootCount = 0;
const newRoot = (): string => fs.mkdtempSync(path.join(temp, `root-${++rootCount}-`));

const modeOf = (file: string) => fs.statSync(file).mode & 0o7777;
const groupLines = (root: string, name: string) =>
  fs
    .readFileSync(path.join(root, 'etc', 'group'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith(`${name}:`));

describe('deb: the after-install script creates /var/lib/anlauf for the agents', () => {
  const template = fs.readFileSync(path.join(projectRoot, config.deb.afterInstall), 'utf8');
  const START = '# >>> Anlauf: the machine-wide customer directory';
  const END = '# <<< Anlauf';

  /** The script as electron-builder writes it into the package (FpmTarget's writeConfigFile). */
  const rendered = (): string => {
    const macros: Record<string, string> = { executable: 'anlauf', sanitizedProductName: PRODUCT_NAME, productFilename: PRODUCT_NAME, ...config.linux };
    return template.replace(/\${([a-zA-Z]+)}/g, (_match, name: string) => {
      const value = macros[name];
      if (value === undefined) throw new Error(`Macro ${name} is not defined`);
      return value;
    });
  };
  /** Our part of it, run as dpkg runs a chrootless install: DPKG_ROOT names the root. */
  const postinst = (root: string): string => {
    const script = rendered();
    const ours = script.slice(script.indexOf(START), script.indexOf(END) + END.length);
    return execFileSync('bash', ['-c', ours, 'postinst', 'configure'], { env: { ...process.env, DPKG_ROOT: root }, encoding: 'utf8' });
  };
  /** A root with an /etc/group as a fresh Debian has (no anlauf group). */
  const debianRoot = (): string => {
    const root = newRoot();
    fs.mkdirSync(path.join(root, 'etc'));
    fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nstaff:x:50:\nusers:x:100:\nagent:x:1000:\n');
    fs.writeFileSync(path.join(root, 'etc', 'gshadow'), 'root:*::\nstaff:*::\nusers:*::\nagent:!::\n');
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nagent:x:1000:1000::/home/agent:/bin/bash\n');
    return root;
  };

  it("keeps electron-builder's own after-install script unchanged in front of ours (the /usr/bin/anlauf link, the sandbox)", () => {
    const defaultScript = fs.readFileSync(path.join(builderLib, 'templates', 'linux', 'after-install.tpl'), 'utf8');
    expect(template.indexOf(START)).toBeGreaterThan(0);
    expect(template.slice(0, template.indexOf(START)).trimEnd()).toBe(defaultScript.trimEnd());
    expect(template.trimEnd().endsWith(END)).toBe(true);
    // electron-builder fills ${name} macros and refuses unknown ones: ours must pass.
    expect(() => rendered()).not.toThrow();
  });

  it('creates the folder the app uses: root-owned, group anlauf (a new system group), setgid, mode 2775', () => {
    const root = debianRoot();
    const output = postinst(root);
    const folder = path.join(root, machineDirectoryFolder({}, 'linux'));
    expect(folder).toBe(path.join(root, 'var', 'lib', 'anlauf'));
    const [group] = groupLines(root, 'anlauf');
    expect(group).toBeDefined();
    const gid = Number(group!.split(':')[2]);
    expect(gid, 'a system group').toBeLessThan(1000);
    expect(modeOf(folder)).toBe(0o2775);
    expect(fs.statSync(folder).uid).toBe(0);
    expect(fs.statSync(folder).gid).toBe(gid);
    expect(output).toContain('adduser AGENT anlauf');
    // setgid: a file an agent's Anlauf makes inside belongs to the group, so every agent can write it.
    fs.writeFileSync(path.join(folder, 'customers.sqlite'), '');
    expect(fs.statSync(path.join(folder, 'customers.sqlite')).gid).toBe(gid);
  });

  it('changes nothing when run again (an upgrade, a reinstall): one group, the same folder, no message', () => {
    const root = debianRoot();
    postinst(root);
    const folder = path.join(root, 'var', 'lib', 'anlauf');
    fs.writeFileSync(path.join(folder, 'customers.sqlite'), 'the customers');
    const before = fs.statSync(folder);
    expect(postinst(root)).toBe('');
    expect(groupLines(root, 'anlauf')).toHaveLength(1);
    expect(fs.statSync(folder)).toMatchObject({ mode: before.mode, uid: before.uid, gid: before.gid });
    expect(fs.readFileSync(path.join(folder, 'customers.sqlite'), 'utf8')).toBe('the customers');
  });

  it('leaves a folder IT made (its group, its mode) and the data in it as they are, and makes no group then', () => {
    const root = debianRoot();
    const folder = path.join(root, 'var', 'lib', 'anlauf');
    fs.mkdirSync(folder, { recursive: true });
    fs.chownSync(folder, 0, 100);
    fs.chmodSync(folder, 0o2770);
    fs.writeFileSync(path.join(folder, 'customers.sqlite'), 'the customers', { mode: 0o660 });
    postinst(root);
    expect(modeOf(folder)).toBe(0o2770);
    expect(fs.statSync(folder).gid).toBe(100);
    expect(fs.readFileSync(path.join(folder, 'customers.sqlite'), 'utf8')).toBe('the customers');
    expect(groupLines(root, 'anlauf')).toEqual([]);
  });

  it('lets two agents in the group share the directory the app opens there, and gives it no one outside the group', () => {
    const root = debianRoot();
    postinst(root);
    const folder = path.join(root, 'var', 'lib', 'anlauf');
    const gid = Number(groupLines(root, 'anlauf')[0]!.split(':')[2]);
    // The agents' processes must reach the folder through the test's private temp folders.
    for (let dir = folder; dir !== os.tmpdir() && dir !== '/'; dir = path.dirname(dir)) fs.chmodSync(dir, fs.statSync(dir).mode | 0o755);
    fs.chmodSync(temp, 0o755);
    const script = path.join(temp, 'agent-opens-directory.mts');
    fs.writeFileSync(
      script,
      [
        `import { openDirectoryFile } from ${JSON.stringify(path.join(projectRoot, 'src-main', 'core', 'customers', 'directory-file.ts'))};`,
        "const { db, location } = openDirectoryFile({ folder: process.argv[2], appVersion: '1.0.0' });",
        "if (db && location.access === 'readwrite') db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`agent ${process.getuid()}`, 'here');",
        'const agents = db ? db.prepare("SELECT key FROM meta WHERE key LIKE \'agent %\' ORDER BY key").pluck().all() : [];',
        'db?.close();',
        'console.log(JSON.stringify({ access: location.access, agents }));',
      ].join('\n'),
    );
    // As an agent's own process: their uid, their own primary group, and the groups they are in.
    const asAgent = (uid: number, groups: number[]) =>
      JSON.parse(
        execFileSync(
          'setpriv',
          [
            `--reuid=${uid}`,
            `--regid=${uid}`,
            groups.length ? `--groups=${groups.join(',')}` : '--clear-groups',
            process.execPath,
            '--import',
            'tsx',
            script,
            folder,
          ],
          {
            cwd: projectRoot,
            encoding: 'utf8',
            env: { ...process.env, HOME: folder },
          },
        ),
      ) as { access: string; agents: string[] };
    expect(asAgent(61001, [gid])).toEqual({ access: 'readwrite', agents: ['agent 61001'] });
    // The second agent writes the file the first one made: it is the group's.
    expect(asAgent(61002, [gid])).toEqual({ access: 'readwrite', agents: ['agent 61001', 'agent 61002'] });
    expect(fs.statSync(path.join(folder, 'customers.sqlite'))).toMatchObject({ uid: 61001, gid });
    // Outside the group: never written (read-only at best).
    expect(['readonly', 'unreachable']).toContain(asAgent(61003, []).access);
    expect(asAgent(61002, [gid]).agents).toEqual(['agent 61001', 'agent 61002']);
  }, 60_000);

  it('uses an anlauf group IT made beforehand', () => {
    const root = debianRoot();
    fs.appendFileSync(path.join(root, 'etc', 'group'), 'anlauf:x:4242:agent\n');
    expect(postinst(root)).toBe('');
    expect(fs.statSync(path.join(root, 'var', 'lib', 'anlauf')).gid).toBe(4242);
    expect(groupLines(root, 'anlauf')).toEqual(['anlauf:x:4242:agent']);
  });
});

describe('macOS pkg: the postinstall script creates /Library/Application Support/Anlauf for the agents', () => {
  const postinstallScript = path.join(projectRoot, config.directories.buildResources, config.pkg.scripts, 'postinstall');
  // As the installer calls it: package, install location, target volume.
  const postinstall = (volume: string) =>
    execFileSync(postinstallScript, ['/tmp/Anlauf.pkg', path.join(volume, 'Applications'), `${volume}/`], { encoding: 'utf8' });
  // staff: every account of a Mac is in it (gid 20 there; Debian has a staff group too).
  const staff = Number(execFileSync('getent', ['group', 'staff'], { encoding: 'utf8' }).split(':')[2]);

  it('creates the folder the app uses: root-owned, group staff, mode 2775', () => {
    const volume = newRoot();
    postinstall(volume);
    const folder = path.join(volume, machineDirectoryFolder({}, 'darwin'));
    expect(folder).toBe(path.join(volume, 'Library', 'Application Support', 'Anlauf'));
    expect(modeOf(folder)).toBe(0o2775);
    expect(fs.statSync(folder)).toMatchObject({ uid: 0, gid: staff });
  });

  it('changes nothing when run again, and leaves a folder IT made, with its data, as it is', () => {
    const volume = newRoot();
    postinstall(volume);
    const folder = path.join(volume, 'Library', 'Application Support', 'Anlauf');
    fs.writeFileSync(path.join(folder, 'customers.sqlite'), 'the customers');
    postinstall(volume);
    expect(modeOf(folder)).toBe(0o2775);
    expect(fs.readFileSync(path.join(folder, 'customers.sqlite'), 'utf8')).toBe('the customers');

    fs.chmodSync(folder, 0o770);
    fs.chownSync(folder, 0, 0);
    postinstall(volume);
    expect(modeOf(folder)).toBe(0o770);
    expect(fs.statSync(folder).gid).toBe(0);
    expect(fs.readFileSync(path.join(folder, 'customers.sqlite'), 'utf8')).toBe('the customers');
  });
});
