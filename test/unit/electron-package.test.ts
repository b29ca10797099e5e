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
