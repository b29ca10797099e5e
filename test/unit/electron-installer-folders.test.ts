/**
 * The installers create the machine-wide folder of the shared customer directory, writable for the
 * desk's agents (docs/it-admin.md, "Where data lives"). The deb's and the pkg's scripts are shell and
 * run here for real, against a temporary root; the NSIS script and the MSI's WiX project cannot be
 * built without Windows, so their text is checked: the NSIS script's commands, and the WiX project
 * as electron-builder renders it from its own template, with our hook's additions, parsed as XML.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { machineDirectoryFolder } from '../../src-main/core/customers/directory-file';
import { APP_ID, PRODUCT_NAME } from '../../src-main/core/platform/paths';
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
    // As an agent's own process (setpriv: the tests run as root, as CI does): their uid, their own
    // primary group, and the groups they are in.
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
            env: { ...process.env, HOME: os.tmpdir() },
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

describe('Windows NSIS: the installer creates %ProgramData%\\Anlauf with modify rights for Users', () => {
  const script = fs.readFileSync(path.join(projectRoot, config.nsis.include), 'utf8');
  const macro = (name: string) => {
    const match = new RegExp(`^!macro ${name}\\b[^\\n]*\\n([\\s\\S]*?)^!macroend`, 'm').exec(script);
    expect(match, `!macro ${name}`).not.toBeNull();
    return match![1]!;
  };
  const commands = (body: string) =>
    body
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith(';'));

  it('does it at every install and update, in the folder the app uses, by the SID that every Windows language knows', () => {
    expect(commands(macro('customInstall'))).toContain('!insertmacro anlaufCreateDirectoryFolder');
    const body = commands(macro('anlaufCreateDirectoryFolder'));
    // $0 is %ProgramData%, or C:\ProgramData without it: the app's own rule.
    expect(body).toContain('ReadEnvStr $0 "ProgramData"');
    expect(body).toContain('StrCpy $0 "C:\\ProgramData"');
    expect(machineDirectoryFolder({}, 'win32')).toBe(`C:\\ProgramData\\${PRODUCT_NAME}`);
    expect(machineDirectoryFolder({ ProgramData: 'D:\\Data' }, 'win32')).toBe(`D:\\Data\\${PRODUCT_NAME}`);
    expect(body).toContain('CreateDirectory "$0\\${PRODUCT_NAME}"');
    // Users (S-1-5-32-545; "Benutzer" on a German Windows): modify, inherited by files and folders.
    expect(body).toContain(`nsExec::ExecToLog '"$SYSDIR\\icacls.exe" "$0\\\${PRODUCT_NAME}" /grant *S-1-5-32-545:(OI)(CI)M'`);
  });

  it('leaves the folder and its data on uninstall', () => {
    const uninstall = commands(macro('customUnInstall')).join('\n');
    expect(uninstall).not.toMatch(/RMDir|ProgramData|icacls|anlaufCreateDirectoryFolder/i);
  });
});

describe('Windows MSI: scripts/msi-project-created.cjs adds the folder and the links to the WiX project', () => {
  const require = createRequire(import.meta.url);
  const hookFile = path.join(projectRoot, config.msiProjectCreated);
  type Hook = ((file: string) => Promise<void>) & { addAnlaufComponents(text: string): string };
  const hook = () => require(hookFile) as Hook;
  const ejs = createRequire(path.join(builderLib, 'package.json'))('ejs') as { compile(text: string): (data: object) => string };

  /** project.wxs as electron-builder's MsiTarget renders it from its template, for our yml's msi options. */
  const project = (): string => {
    const template = fs
      .readFileSync(path.join(builderLib, 'templates', 'msi', 'template.xml'), 'utf8')
      .replace(/{{/g, '<%')
      .replace(/}}/g, '%>')
      .replace(/\${([^}]+)}/g, '<%=$1%>');
    return ejs.compile(template)({
      isPerMachine: true,
      isAssisted: false,
      isRunAfterFinish: false,
      isCreateDesktopShortcut: true,
      isCreateStartMenuShortcut: true,
      menuCategory: null,
      productName: PRODUCT_NAME,
      upgradeCode: config.msi.upgradeCode,
      version: '1.2.3.0',
      manufacturer: PRODUCT_NAME,
      compressionLevel: 'high',
      iconPath: null,
      iconId: 'AnlaufIcon.exe',
      programFilesId: 'ProgramFiles64Folder',
      installationDirectoryWixName: PRODUCT_NAME,
      dirs: '',
      files: [
        '<Component>\n        <File Name="Anlauf.exe" Source="$(var.appDir)\\Anlauf.exe" ReadOnly="yes" KeyPath="yes" Id="mainExecutable"/>\n      </Component>',
        '<Component>\n        <File Name="anlauf.cmd" Source="$(var.appDir)\\anlauf.cmd" ReadOnly="yes" KeyPath="yes" Id="anlauf.cmd_f"/>\n      </Component>',
      ].join('\n      '),
    });
  };
  const built = async (): Promise<string> => {
    const file = path.join(newRoot(), 'project.wxs');
    fs.writeFileSync(file, project());
    await hook()(file);
    return fs.readFileSync(file, 'utf8');
  };
  const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const xml = (text: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).Wix.Product as Record<string, any>;
  /** Every registry value the components write: root\key, name ('' for the default value), value. */
  const registry = (component: Record<string, any>): string[][] =>
    asArray(component.RegistryKey).flatMap((key: Record<string, any>) =>
      asArray(key.RegistryValue).map((value: { Name?: string; Value: string }) => [`${key.Root}\\${key.Key}`, value.Name ?? '', value.Value]),
    );

  it('is the hook electron-builder.yml names, and leaves a well-formed WiX project', async () => {
    expect(config.msiProjectCreated).toBe('scripts/msi-project-created.cjs');
    const text = await built();
    expect(XMLValidator.validate(text)).toBe(true);
    const product = xml(text);
    expect(asArray(product.Feature.ComponentGroupRef).map((ref: { Id: string }) => ref.Id)).toEqual(['ProductComponents', 'AnlaufComponents']);
    const components = asArray(asArray(product.ComponentGroup).find((group: { Id: string }) => group.Id === 'AnlaufComponents')?.Component);
    const guids = components.map((component: { Guid: string }) => component.Guid);
    for (const guid of guids) expect(guid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(new Set(guids).size).toBe(guids.length);
    // Run twice (a second hook, a rebuilt project): nothing is added again.
    expect(hook().addAnlaufComponents(text)).toBe(text);
  });

  it('creates %ProgramData%\\Anlauf with modify rights for Users (by SID), and keeps it on uninstall', async () => {
    const product = xml(await built());
    const target = product.Directory;
    expect(target.Id).toBe('TARGETDIR');
    const commonAppData = asArray(target.Directory).find((dir: { Id: string }) => dir.Id === 'CommonAppDataFolder');
    expect(commonAppData?.Directory).toMatchObject({ Id: 'AnlaufDirectoryFolder', Name: path.win32.basename(machineDirectoryFolder({}, 'win32')) });
    const group = asArray(product.ComponentGroup).find((g: { Id: string }) => g.Id === 'AnlaufComponents');
    const folder = asArray(group.Component).find((component: { Directory: string }) => component.Directory === 'AnlaufDirectoryFolder');
    expect(folder.Permanent).toBe('yes');
    const sddl = folder.CreateFolder.PermissionEx.Sddl as string;
    // BU = BUILTIN\Users; 0x1301bf = modify; OICI = inherited by files and subfolders.
    expect(sddl).toContain('(A;OICI;0x1301bf;;;BU)');
    expect(sddl).toContain('(A;OICI;FA;;;SY)');
    expect(sddl).toContain('(A;OICI;FA;;;BA)');
  });

  it('registers tel:, callto:, sip: and sips: links the way the NSIS installer does', async () => {
    const product = xml(await built());
    const group = asArray(product.ComponentGroup).find((g: { Id: string }) => g.Id === 'AnlaufComponents');
    const components = asArray(group.Component) as Record<string, any>[];
    const progId = `${APP_ID}.link`;
    const exe = '[#mainExecutable]';
    const capabilities = `Software\\${PRODUCT_NAME}\\Capabilities`;
    const links = components.find((component) => component.Id === 'AnlaufLinks')!;
    expect(registry(links)).toEqual([
      [`HKLM\\Software\\Classes\\${progId}`, '', `${PRODUCT_NAME} call link`],
      [`HKLM\\Software\\Classes\\${progId}`, 'URL Protocol', ''],
      [`HKLM\\Software\\Classes\\${progId}\\DefaultIcon`, '', `${exe},0`],
      [`HKLM\\Software\\Classes\\${progId}\\Application`, 'ApplicationName', PRODUCT_NAME],
      [`HKLM\\Software\\Classes\\${progId}\\Application`, 'ApplicationIcon', `${exe},0`],
      [`HKLM\\Software\\Classes\\${progId}\\Application`, 'AppUserModelId', APP_ID],
      [`HKLM\\Software\\Classes\\${progId}\\shell\\open\\command`, '', `"${exe}" "%1"`],
      [`HKLM\\${capabilities}`, 'ApplicationName', PRODUCT_NAME],
      [`HKLM\\${capabilities}`, 'ApplicationDescription', 'Call-center agent workstation: phone calls from tel:, callto:, sip: and sips: links'],
      [`HKLM\\${capabilities}`, 'ApplicationIcon', `${exe},0`],
      ...['tel', 'callto', 'sip', 'sips'].map((scheme) => [`HKLM\\${capabilities}\\URLAssociations`, scheme, progId]),
      ['HKLM\\Software\\RegisteredApplications', PRODUCT_NAME, capabilities],
    ]);
    // A scheme's own key only where no handler has it, or where it is the one Anlauf wrote.
    const searches = asArray(product.Property) as Record<string, any>[];
    for (const [scheme, description] of [
      ['tel', 'Telephone'],
      ['callto', 'CallTo'],
      ['sip', 'SIP'],
      ['sips', 'SIP (secure)'],
    ] as const) {
      const component = components.find((c) => c.Id === `AnlaufScheme${scheme.toUpperCase()}`)!;
      const command = searches.find((p) => p.Id === `ANLAUF_${scheme.toUpperCase()}_COMMAND`)!.RegistrySearch;
      const owner = searches.find((p) => p.Id === `ANLAUF_${scheme.toUpperCase()}_OWNER`)!.RegistrySearch;
      expect(command).toMatchObject({ Root: 'HKCR', Key: `${scheme}\\shell\\open\\command` });
      expect(owner).toMatchObject({ Root: 'HKCR', Key: scheme, Name: 'CreatedBy' });
      expect(component.Condition).toBe(`NOT ANLAUF_${scheme.toUpperCase()}_COMMAND OR ANLAUF_${scheme.toUpperCase()}_OWNER = "${APP_ID}"`);
      expect(registry(component)).toEqual([
        [`HKLM\\Software\\Classes\\${scheme}`, '', `URL:${description}`],
        [`HKLM\\Software\\Classes\\${scheme}`, 'URL Protocol', ''],
        [`HKLM\\Software\\Classes\\${scheme}`, 'CreatedBy', APP_ID],
        [`HKLM\\Software\\Classes\\${scheme}\\shell\\open\\command`, '', `"${exe}" "%1"`],
      ]);
    }
  });

  it('writes the same registry values as the NSIS installer (build/installer.nsh)', async () => {
    const nsis = fs.readFileSync(path.join(projectRoot, config.nsis.include), 'utf8');
    const defines: Record<string, string> = {
      APP_ID,
      PRODUCT_NAME,
      ANLAUF_PROGID: `${APP_ID}.link`,
      ANLAUF_CAPABILITIES: `Software\\${PRODUCT_NAME}\\Capabilities`,
    };
    const expand = (text: string, vars: Record<string, string>) =>
      text.replace(/\$\{(\w+)\}/g, (match, name: string) => vars[name] ?? defines[name] ?? match).replace(/\$appExe/g, '[#mainExecutable]');
    const body = (name: string): string => new RegExp(`^!macro ${name}\\b[^\\n]*\\n([\\s\\S]*?)^!macroend`, 'm').exec(nsis)![1]!;
    const writes = (text: string, vars: Record<string, string> = {}) =>
      [...text.matchAll(/^\s*WriteRegStr SHELL_CONTEXT "([^"]*)" "([^"]*)" (?:"([^"]*)"|'([^']*)')\s*$/gm)].map((m) => [
        `HKLM\\${expand(m[1]!, vars)}`,
        expand(m[2]!, vars),
        expand(m[3] ?? m[4]!, vars),
      ]);
    const install = body('customInstall');
    const fromNsis = [
      ...writes(install),
      ...[...install.matchAll(/!insertmacro anlaufAddScheme "(\w+)" "([^"]*)"/g)].flatMap((m) =>
        writes(body('anlaufAddScheme'), { SCHEME: m[1]!, DESCRIPTION: m[2]! }),
      ),
    ];
    const product = xml(await built());
    const group = asArray(product.ComponentGroup).find((g: { Id: string }) => g.Id === 'AnlaufComponents');
    const fromMsi = (asArray(group.Component) as Record<string, any>[]).flatMap((component) => registry(component));
    const key = (row: string[]) => row.join('|');
    expect(fromMsi.map(key).sort()).toEqual(fromNsis.map(key).sort());
    expect(fromNsis.length).toBeGreaterThan(20);
  });

  it("fails the build when electron-builder's template no longer has the places it adds to", () => {
    expect(() => hook().addAnlaufComponents(project().replace('<ComponentGroupRef Id="ProductComponents"/>', ''))).toThrow(/MSI template changed/);
  });
});
