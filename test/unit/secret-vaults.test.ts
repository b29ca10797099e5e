import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src-main/core/log';
import { EncryptedFileVault, SECRETS_FILE } from '../../src-main/core/secrets/encrypted-file-vault';
import { KeyringVault, openKeyringVault, type KeyringPort } from '../../src-main/core/secrets/keyring-vault';
import { safeStorageBackend, safeStorageRefusal } from '../../src-main/core/secrets/safe-storage-choice';
import { tempDir } from '../support/temp';
import { testCipher } from '../support/test-cipher';

function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  return { lines, log: (level, message, fields) => void lines.push({ level, message, ...(fields ? { fields } : {}) }) };
}

const SAFE = { store: 'safeStorage', backend: 'test AES-GCM', fallback: null } as const;
const SECRET = 'canary-vault-secret-3e9f';

/** The secret as bytes in every spelling a careless writer might leave it in. */
function spellings(secret: string): Buffer[] {
  return [Buffer.from(secret), Buffer.from(Buffer.from(secret).toString('base64')), Buffer.from(secret, 'utf16le')];
}

describe("the Electron host's vault: safeStorage ciphertexts in the data folder", () => {
  it('keeps a secret across restarts in an owner-only file that holds no trace of it', () => {
    const dataDir = tempDir();
    const key = randomBytes(32);
    const first = new EncryptedFileVault(dataDir, testCipher(key), SAFE, recordingLogger());
    first.set('settings/sip.password', SECRET);
    expect(first.get('settings/sip.password')).toBe(SECRET);

    const again = new EncryptedFileVault(dataDir, testCipher(key), SAFE, recordingLogger());
    expect(again.get('settings/sip.password')).toBe(SECRET);
    expect(again.get('settings/sync.token')).toBeNull();

    const file = path.join(dataDir, SECRETS_FILE);
    const raw = fs.readFileSync(file);
    for (const spelling of spellings(SECRET)) expect(raw.includes(spelling)).toBe(false);
    expect(JSON.parse(raw.toString('utf8'))).toEqual({ version: 1, secrets: { 'settings/sip.password': expect.any(String) } });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir)).toEqual([SECRETS_FILE]);

    again.delete('settings/sip.password');
    expect(new EncryptedFileVault(dataDir, testCipher(key), SAFE, recordingLogger()).get('settings/sip.password')).toBeNull();
  });

  it('does not write again for a secret it already holds (each encryption differs)', () => {
    const dataDir = tempDir();
    const vault = new EncryptedFileVault(dataDir, testCipher(), SAFE, recordingLogger());
    vault.set('a', SECRET);
    const before = fs.readFileSync(path.join(dataDir, SECRETS_FILE), 'utf8');
    vault.set('a', SECRET);
    expect(fs.readFileSync(path.join(dataDir, SECRETS_FILE), 'utf8')).toBe(before);
  });

  it("treats another user's ciphertext as missing and says so in the log, and survives a damaged file", () => {
    const dataDir = tempDir();
    new EncryptedFileVault(dataDir, testCipher(), SAFE, recordingLogger()).set('a', SECRET);
    const logger = recordingLogger();
    expect(new EncryptedFileVault(dataDir, testCipher(), SAFE, logger).get('a')).toBeNull();
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'a secret in the vault could not be decrypted by this user; it is ignored',
        fields: expect.objectContaining({ name: 'a' }),
      }),
    ]);

    fs.writeFileSync(path.join(dataDir, SECRETS_FILE), '{"version": 1, "secrets": ');
    const damaged = recordingLogger();
    const vault = new EncryptedFileVault(dataDir, testCipher(), SAFE, damaged);
    expect(vault.get('a')).toBeNull();
    expect(damaged.lines.map((l) => [l.level, l.message])).toEqual([
      ['error', 'the secrets file is damaged; its secrets are lost and will be asked for or set again'],
    ]);
    vault.set('b', SECRET);
    expect(vault.get('b')).toBe(SECRET);
  });

  it('refuses safeStorage where it protects nothing: unavailable, or Linux without a keyring (basic_text)', () => {
    expect(safeStorageRefusal({ available: true, platform: 'win32', linuxBackend: null })).toBeNull();
    expect(safeStorageRefusal({ available: true, platform: 'darwin', linuxBackend: null })).toBeNull();
    expect(safeStorageRefusal({ available: true, platform: 'linux', linuxBackend: 'gnome_libsecret' })).toBeNull();
    expect(safeStorageRefusal({ available: true, platform: 'linux', linuxBackend: 'basic_text' })).toMatch(/no keyring found .*basic_text/);
    expect(safeStorageRefusal({ available: false, platform: 'win32', linuxBackend: null })).toMatch(/safeStorage unavailable/);
    expect(safeStorageBackend({ available: true, platform: 'win32', linuxBackend: null })).toBe('DPAPI');
    expect(safeStorageBackend({ available: true, platform: 'linux', linuxBackend: 'kwallet5' })).toBe('kwallet5');
  });
});

/** A keyring that keeps entries in a map, as the OS's does per account (for what this machine lacks). */
function mapKeyring(): KeyringPort & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (account) => entries.get(account) ?? null,
    set: (account, value) => void entries.set(account, value),
    delete: (account) => void entries.delete(account),
  };
}

describe("the browser host's vault: the OS keyring, else memory", () => {
  it('falls back to memory on this machine, which has no Secret Service, and says why in the log', () => {
    const logger = recordingLogger();
    const vault = openKeyringVault(tempDir(), logger);
    // Where a keyring works (a desktop session), the same call gives it: then this test says so.
    if (vault.protection === 'os') return expect(vault.description?.store).toBe('keyring');
    expect(vault.description).toEqual({ store: 'memory', backend: null, fallback: expect.stringMatching(/^the OS keyring cannot be used here: /) });
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'secrets are kept in memory only, until Anlauf closes: the OS keyring cannot be used' }),
    ]);
    vault.set('a', SECRET);
    expect(vault.get('a')).toBe(SECRET);
  });

  it('uses a keyring that answers, and leaves no probe entry behind', () => {
    const keyring = mapKeyring();
    const vault = openKeyringVault(tempDir(), recordingLogger(), () => keyring);
    expect(vault.protection).toBe('os');
    expect(vault.description?.store).toBe('keyring');
    expect(keyring.entries.size).toBe(0);
  });

  it('falls back when the keyring keeps nothing it is given', () => {
    const forgetful: KeyringPort = { get: () => null, set: () => undefined, delete: () => undefined };
    expect(openKeyringVault(tempDir(), recordingLogger(), () => forgetful).description?.fallback).toMatch(/did not give back what was written/);
  });

  it('gives each data folder its own entries', () => {
    const keyring = mapKeyring();
    const one = new KeyringVault(keyring, tempDir());
    const other = new KeyringVault(keyring, tempDir());
    one.set('settings/sync.token', SECRET);
    expect(other.get('settings/sync.token')).toBeNull();
    expect(one.get('settings/sync.token')).toBe(SECRET);
    expect([...keyring.entries.keys()]).toEqual([expect.stringMatching(/^[0-9a-f]{12}\/settings\/sync\.token$/)]);
  });
});
