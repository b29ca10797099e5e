import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../src-main/core/log';
import { MemoryVault } from '../../src-main/core/platform/secret-vault';
import { EncryptedFileVault } from '../../src-main/core/secrets/encrypted-file-vault';
import { LAST_GOOD_FILE } from '../../src-main/core/settings/last-good';
import type { Workstation } from '../../src-main/core/workstation';
import { tempDir } from '../support/temp';
import { testCipher } from '../support/test-cipher';
import { makeWorkstation } from '../support/workstation';

const open: Workstation[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.stop();
});

function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  return { lines, log: (level, message, fields) => void lines.push({ level, message, ...(fields ? { fields } : {}) }) };
}

describe('a bad central settings file does not stop the desk', () => {
  it('starts on the last good version after IT pushed a broken one, and tells the log and the agent', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ agent: { name: 'Jo' }, clients: [{ id: 'nord', name: 'Stadtwerke Nord', greeting: 'Hallo', colour: '#112233' }] }, null, 2),
    );
    const first = makeWorkstation({ dataDir, configFile: config });
    open.push(first.ws);
    expect(first.ws.snapshot().settingsFile.notices).toEqual([]);

    // The next push breaks the file: a trailing comma, as a hand edit leaves it.
    fs.writeFileSync(config, '{\n  "agent": { "name": "Jo" },\n  "clients": [],\n}\n');
    const logger = recordingLogger();
    const { ws } = makeWorkstation({ dataDir: path.join(dir, 'data'), configFile: config, logger });
    open.push(ws);
    expect(ws.snapshot().clients).toEqual([{ id: 'nord', name: 'Stadtwerke Nord', colour: '#112233' }]);
    expect(ws.snapshot().settingsFile.notices).toEqual([{ key: 'settings.lastGood', params: { file: 'anlauf.json', errors: 1 } }]);
    const said = logger.lines.filter((l) => l.level === 'error').map((l) => [l.message, l.fields?.line, l.fields?.key]);
    expect(said).toEqual([
      ['the settings file has errors; running on its last good version', undefined, undefined],
      ['settings file: not valid JSON: expected double-quoted property name (column 1); JSON allows no comma before a closing bracket', 4, null],
    ]);
  });

  it('tells the agent when the SIP account is incomplete and the training line answers instead', () => {
    const dir = tempDir();
    const config = path.join(dir, 'anlauf.yaml');
    fs.writeFileSync(config, 'sip:\n  uri: sip:agent7@example.org\n  password: secret-7\n');
    const logger = recordingLogger();
    const { ws } = makeWorkstation({ configFile: config, logger });
    open.push(ws);
    expect(ws.sipLine).toBeNull();
    expect(ws.snapshot().settingsFile.notices).toEqual([{ key: 'settings.sipIncomplete', params: {} }]);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: "settings file: the SIP account has uri but no websocketUrl, so it is not used: the agent's line is the training line",
      fields: { file: config, line: 2, key: 'sip.uri' },
    });
  });
});

describe("the last good copy keeps IT's secrets in the vault, not in the data folder", () => {
  const SECRETS = { sip: 'canary-lg-sip-51ac', turn: 'canary-lg-turn-0d7e', sync: 'canary-lg-sync-b2f9', crm: 'Bearer canary-lg-crm-66e1' };
  const goodFile = (deskUrl = 'https://sync.example.org') =>
    JSON.stringify({
      sip: {
        websocketUrl: 'wss://pbx.example.org/ws',
        uri: 'sip:agent7@example.org',
        password: SECRETS.sip,
        iceServers: [{ urls: 'turn:turn.example.org:3478', username: 'agent7', credential: SECRETS.turn }],
      },
      sync: { url: deskUrl, token: SECRETS.sync },
      crm: { byNumberUrl: 'https://crm.example.org/customers?phone={number}', auth: { header: 'Authorization', value: SECRETS.crm } },
    });

  function deskWithBrokenFile(vault: (dataDir: string) => EncryptedFileVault | MemoryVault) {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(config, goodFile());
    const first = makeWorkstation({ dataDir, configFile: config, vault: vault(dataDir) });
    open.push(first.ws);
    const copy = fs.readFileSync(path.join(dataDir, LAST_GOOD_FILE), 'utf8');
    fs.writeFileSync(config, goodFile().replace('"sync":', '"sync": ,'));
    const logger = recordingLogger();
    const { ws } = makeWorkstation({ dataDir, configFile: config, vault: vault(dataDir), logger });
    open.push(ws);
    return { ws, copy, logger, dataDir };
  }

  it('restores every secret from an OS vault when the desk falls back to the copy', () => {
    const key = randomBytes(32);
    const vault = (dataDir: string) =>
      new EncryptedFileVault(dataDir, testCipher(key), { store: 'safeStorage', backend: 'test', fallback: null }, recordingLogger());
    const { ws, copy } = deskWithBrokenFile(vault);
    for (const secret of Object.values(SECRETS)) expect(copy.includes(secret)).toBe(false);
    expect(JSON.parse(copy).secrets.map((ref: { path: unknown[] }) => ref.path.join('.'))).toEqual([
      'sip.password',
      'sip.iceServers.0.credential',
      'sync.token',
      'crm.auth.value',
    ]);
    const settings = ws.settings.get();
    expect(settings.sip.password).toBe(SECRETS.sip);
    expect(settings.sip.iceServers[0]?.credential).toBe(SECRETS.turn);
    expect(settings.sync.token).toBe(SECRETS.sync);
    expect(settings.crm.auth?.value).toBe(SECRETS.crm);
    expect(ws.snapshot().settingsFile.notices).toEqual([{ key: 'settings.lastGood', params: { file: 'anlauf.json', errors: 1 } }]);
  });

  it('runs without them when the vault kept them in memory only, and says so to the agent and in the log', () => {
    const { ws, copy, logger } = deskWithBrokenFile(() => new MemoryVault('no keyring here'));
    for (const secret of Object.values(SECRETS)) expect(copy.includes(secret)).toBe(false);
    expect(ws.settings.get().sip.password).toBeNull();
    expect(ws.settings.get().sync.token).toBeNull();
    // The rest of the last good version still runs.
    expect(ws.settings.get().sync.url).toBe('https://sync.example.org');
    expect(ws.snapshot().settingsFile.notices).toEqual([
      { key: 'settings.lastGood', params: { file: 'anlauf.json', errors: 1 } },
      { key: 'settings.lastGoodSecretsLost', params: { keys: 'sip.password, sip.iceServers.0.credential, sync.token, crm.auth.value' } },
    ]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'the last good version runs without its secrets: this computer kept them in memory only, and Anlauf restarted since',
      }),
    );
    expect(ws.snapshot().secrets).toEqual({ store: 'memory', notice: { key: 'secrets.memoryOnly', params: {} } });
  });

  it('moves the secrets out of a copy written before the vault, at the first start that reads it', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'anlauf.json');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(config, '{');
    const layer = JSON.parse(goodFile()) as Record<string, unknown>;
    fs.writeFileSync(path.join(dataDir, LAST_GOOD_FILE), JSON.stringify({ file: config, savedAt: 5, layer }));
    const key = randomBytes(32);
    const vault = () => new EncryptedFileVault(dataDir, testCipher(key), { store: 'safeStorage', backend: 'test', fallback: null }, recordingLogger());
    const { ws } = makeWorkstation({ dataDir, configFile: config, vault: vault() });
    open.push(ws);
    expect(ws.settings.get().sync.token).toBe(SECRETS.sync);
    const copy = fs.readFileSync(path.join(dataDir, LAST_GOOD_FILE), 'utf8');
    for (const secret of Object.values(SECRETS)) expect(copy.includes(secret)).toBe(false);
    expect(JSON.parse(copy).savedAt).toBe(5);
    const again = makeWorkstation({ dataDir, configFile: config, vault: vault() });
    open.push(again.ws);
    expect(again.ws.settings.get().crm.auth?.value).toBe(SECRETS.crm);
  });

  it('writes the copy only when the file or a secret changed, and drops the old secrets from the vault', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(config, goodFile());
    const key = randomBytes(32);
    const vault = () => new EncryptedFileVault(dataDir, testCipher(key), { store: 'safeStorage', backend: 'test', fallback: null }, recordingLogger());
    open.push(makeWorkstation({ dataDir, configFile: config, vault: vault() }).ws);
    const copy = path.join(dataDir, LAST_GOOD_FILE);
    const first = fs.readFileSync(copy, 'utf8');
    open.push(makeWorkstation({ dataDir, configFile: config, vault: vault() }).ws);
    expect(fs.readFileSync(copy, 'utf8')).toBe(first);
    // IT rotates the sync token only: the settings without secrets are the same, the copy is not.
    fs.writeFileSync(config, goodFile().replace(SECRETS.sync, 'canary-lg-sync-rotated'));
    open.push(makeWorkstation({ dataDir, configFile: config, vault: vault() }).ws);
    expect(fs.readFileSync(copy, 'utf8')).not.toBe(first);
    const names = Object.keys((JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { secrets: object }).secrets);
    expect(names).toHaveLength(4);
    fs.writeFileSync(config, '{');
    const fallback = makeWorkstation({ dataDir, configFile: config, vault: vault() });
    open.push(fallback.ws);
    expect(fallback.ws.settings.get().sync.token).toBe('canary-lg-sync-rotated');
  });
});
