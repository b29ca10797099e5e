import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, PRODUCT_NAME } from '../../src-main/core/platform/paths';
import { projectRoot } from '../support/paths';

/** electron-builder.yml as electron-builder reads it. */
const config = parse(fs.readFileSync(path.join(projectRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
/** The installed electron-builder's schema of that file (it refuses unknown keys). */
const schema = JSON.parse(fs.readFileSync(path.join(projectRoot, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('names the app as the code does (the Windows AppUserModelID is the appId)', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
  });

  it('re-signs ad hoc after flipping the fuses, a key the installed electron-builder knows', () => {
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true);
    expect(schema.definitions.FuseOptionsV1.properties).toHaveProperty('resetAdHocDarwinSignature');
  });

  it('tells macOS why Anlauf reaches the local network and the microphone', () => {
    expect(config.mac.extendInfo.NSLocalNetworkUsageDescription).toMatch(/local network/);
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
  });
});

describe('the Windows installer registers Anlauf for call links', () => {
  const include = config.nsis.include as string;
  const script = fs.readFileSync(path.join(projectRoot, include), 'utf8');
  /** The body of one `!macro NAME … !macroend`, without comments. */
  const macro = (name: string): string => {
    const match = new RegExp(`^!macro ${name}\\b[^\\n]*\\n([\\s\\S]*?)^!macroend`, 'm').exec(script);
    if (!match) throw new Error(`${include} has no macro ${name}`);
    return match[1]!.replace(/^\s*;.*$/gm, '');
  };
  const defines = Object.fromEntries([...script.matchAll(/^!define (\w+) "([^"]*)"/gm)].map((m) => [m[1]!, m[2]!]));

  it('is the include electron-builder.yml names, in the build resources folder', () => {
    expect(path.dirname(include)).toBe(config.directories.buildResources);
    expect(fs.existsSync(path.join(projectRoot, include))).toBe(true);
  });

  it('registers tel, callto, sip and sips under the ProgID derived from the appId', () => {
    expect(defines.ANLAUF_PROGID).toBe('${APP_ID}.link');
    expect(defines.ANLAUF_CAPABILITIES).toBe('Software\\${PRODUCT_NAME}\\Capabilities');
    const install = macro('customInstall');
    const schemes = [...install.matchAll(/!insertmacro anlaufAddScheme "(\w+)"/g)].map((m) => m[1]);
    expect(schemes).toEqual(['tel', 'callto', 'sip', 'sips']);
    // Every one of them the yml's `protocols` lists (those serve macOS and Linux).
    expect(schemes.sort()).toEqual((config.protocols as { schemes: string[] }[]).flatMap((p) => p.schemes).sort());
    expect(macro('anlaufAddScheme')).toContain('WriteRegStr SHELL_CONTEXT "${ANLAUF_CAPABILITIES}\\URLAssociations" "${SCHEME}" "${ANLAUF_PROGID}"');
    expect(install).toContain('WriteRegStr SHELL_CONTEXT "Software\\Classes\\${ANLAUF_PROGID}\\shell\\open\\command" "" \'"$appExe" "%1"\'');
    expect(install).toContain('WriteRegStr SHELL_CONTEXT "Software\\RegisteredApplications" "${PRODUCT_NAME}" "${ANLAUF_CAPABILITIES}"');
  });

  it('removes all of it on uninstall, but not during an update, and only scheme keys it created', () => {
    const uninstall = macro('customUnInstall');
    expect(uninstall).toMatch(/\$\{ifNot\} \$\{isUpdated\}/);
    expect(uninstall).toContain('DeleteRegValue SHELL_CONTEXT "Software\\RegisteredApplications" "${PRODUCT_NAME}"');
    expect(uninstall).toContain('DeleteRegKey SHELL_CONTEXT "${ANLAUF_CAPABILITIES}"');
    expect(uninstall).toContain('DeleteRegKey SHELL_CONTEXT "Software\\Classes\\${ANLAUF_PROGID}"');
    expect([...uninstall.matchAll(/!insertmacro anlaufRemoveScheme "(\w+)"/g)].map((m) => m[1])).toEqual(['tel', 'callto', 'sip', 'sips']);
    expect(macro('anlaufRemoveScheme')).toMatch(/ReadRegStr \$0 SHELL_CONTEXT "Software\\Classes\\\$\{SCHEME\}" "CreatedBy"\s+\$\{if\} \$0 == "\$\{APP_ID\}"/);
    // A key the installer writes that the uninstaller does not remove would outlive Anlauf.
    for (const key of new Set([...macro('customInstall').matchAll(/WriteRegStr SHELL_CONTEXT "([^"]+)"/g)].map((m) => m[1]!))) {
      const removedBy = ['${ANLAUF_CAPABILITIES}', 'Software\\Classes\\${ANLAUF_PROGID}', 'Software\\RegisteredApplications'].find((root) =>
        key.startsWith(root),
      );
      expect(removedBy, key).toBeDefined();
    }
  });
});
