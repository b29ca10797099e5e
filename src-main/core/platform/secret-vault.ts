import { said, type Snapshot } from '../../contract';
/**
 * Where the workstation keeps a secret it must remember between starts (the signed-in agent's
 * SIP password, the secrets of the last good settings file). Each host gives the strongest it has:
 * Electron's `safeStorage` (DPAPI, Keychain, libsecret), the OS keyring in the browser host, and
 * where neither exists, memory for this session only: then `protection` is `memory`, and whoever
 * relies on a secret surviving a restart says so to the agent and in the log.
 */
export interface SecretVault {
  /** `os`: encrypted by the operating system and kept across restarts; `memory`: lost at exit. */
  readonly protection: 'os' | 'memory';
  /** Which store it is, for the log and support (never a secret); a test's vault may leave it out. */
  readonly description?: VaultDescription;
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/**
 * What support sees of a vault: `safeStorage` (Electron), `keyring` (the browser host and the
 * command line) or `memory`; the OS's own backend where it says (`gnome_libsecret`, `kwallet5`…);
 * and, for `memory`, why the host's store could not be used.
 */
export interface VaultDescription {
  store: 'safeStorage' | 'keyring' | 'memory';
  backend: string | null;
  fallback: string | null;
}

/** The vault of last resort: nothing is written anywhere, nothing survives the process. */
export class MemoryVault implements SecretVault {
  readonly protection = 'memory' as const;
  readonly description: VaultDescription;
  private readonly secrets = new Map<string, string>();

  /** `fallback`: why the host's own store was not used (null: none was asked for, as in tests). */
  constructor(fallback: string | null = null) {
    this.description = { store: 'memory', backend: null, fallback };
  }

  get(name: string): string | null {
    return this.secrets.get(name) ?? null;
  }

  set(name: string, value: string): void {
    this.secrets.set(name, value);
  }

  delete(name: string): void {
    this.secrets.delete(name);
  }
}

/** The snapshot's `secrets`: which store keeps them, and the agent told when it is memory only. */
export function secretsView(vault: SecretVault): Snapshot['secrets'] {
  return {
    store: vault.description?.store ?? (vault.protection === 'memory' ? 'memory' : 'keyring'),
    notice: vault.protection === 'memory' ? said('secrets.memoryOnly', {}) : null,
  };
}
