import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, ensurePrivateFile, openPrivateForWriting } from '../files/private-files';
import { errorForLog, type Logger } from '../log';
import type { SecretVault, VaultDescription } from '../platform/secret-vault';

/** The vault's file in the data folder: ciphertexts only, owner-only like the rest of the folder. */
export const SECRETS_FILE = 'secrets.json';

/**
 * What encrypts for the vault: Electron's safeStorage in the app (DPAPI, Keychain, libsecret),
 * AES-GCM with a test key in the tests. The key never passes through here.
 */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/**
 * Secrets kept across restarts as the OS's ciphertexts in one file (`secrets.json`: name →
 * base64), written whole through a temporary file and a rename, so a crash mid-write leaves the
 * old file or the new one, never half of either. Names are not secret (`settings/sip.password`);
 * values are decrypted only when asked for, so a file from another user or machine (a copied
 * profile: DPAPI and the Keychain refuse it) costs a log line per secret, not the start.
 */
export class EncryptedFileVault implements SecretVault {
  readonly protection = 'os' as const;
  private readonly sealed: Map<string, string>;
  private readonly file: string;

  constructor(
    private readonly dataDir: string,
    private readonly cipher: SecretCipher,
    readonly description: VaultDescription,
    private readonly logger: Logger,
  ) {
    this.file = path.join(dataDir, SECRETS_FILE);
    // Ciphertexts still tell who has which secret set: owner-only even when a copy loosened it.
    ensurePrivateFile(this.file, logger);
    this.sealed = new Map(Object.entries(this.read()));
  }

  get(name: string): string | null {
    const sealed = this.sealed.get(name);
    if (sealed === undefined) return null;
    try {
      return this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch (error) {
      // Another user's or machine's ciphertext: as if it were not there; whoever needs it says so.
      this.logger.log('warn', 'a secret in the vault could not be decrypted by this user; it is ignored', {
        file: this.file,
        name,
        error: errorForLog(error),
      });
      return null;
    }
  }

  set(name: string, value: string): void {
    // Each encryption differs (a fresh nonce): only the plain text tells that nothing changed.
    if (this.sealed.has(name) && this.get(name) === value) return;
    this.sealed.set(name, this.cipher.encrypt(value).toString('base64'));
    this.write();
  }

  delete(name: string): void {
    if (!this.sealed.delete(name)) return;
    this.write();
  }

  private read(): Record<string, string> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      return fileSchema.parse(JSON.parse(text)).secrets;
    } catch (error) {
      // Ciphertexts only: nothing to save from a damaged file. The next secret kept replaces it.
      this.logger.log('error', 'the secrets file is damaged; its secrets are lost and will be asked for or set again', {
        file: this.file,
        error: errorForLog(error),
      });
      return {};
    }
  }

  private write(): void {
    ensurePrivateDir(this.dataDir, this.logger);
    const tmp = `${this.file}.tmp`;
    const fd = openPrivateForWriting(tmp);
    try {
      fs.writeSync(fd, JSON.stringify({ version: 1, secrets: Object.fromEntries(this.sealed) }, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}
