import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { joinSecrets, secretPathText, settingsSchema, splitSecrets, type SecretLeaf } from '../../contract';
import { ensurePrivateDir, openPrivateForWriting } from '../files/private-files';
import type { SecretVault } from '../platform/secret-vault';

/**
 * The last version of IT's settings file that was read without an error, kept in the data folder.
 * When IT pushes a broken file to 500 desks, each keeps working on what it had, says so, and
 * picks the file up again once it is fixed; only a desk that never read a good file refuses to
 * start. It holds the file's parsed settings without their secrets (the SIP password, TURN
 * credentials, the sync token, the CRM's header value): those go to the host's vault, and the
 * copy names where. With a vault that keeps nothing across restarts, a desk that falls back to
 * the copy runs without them, and says so.
 */
export const LAST_GOOD_FILE = 'settings-last-good.json';

const secretRefSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  /** The secret's name in the vault; new for every copy written, so a vault never hands back a stale one. */
  name: z.string(),
});

const lastGoodSchema = z.object({
  /** The settings file it came from: another file's last good version is never used. */
  file: z.string(),
  savedAt: z.number(),
  layer: z.record(z.string(), z.unknown()),
  /** Absent in copies written before secrets moved to the vault (those held them in `layer`). */
  secrets: z.array(secretRefSchema).default([]),
});

type Saved = z.output<typeof lastGoodSchema>;

export interface LastGood {
  file: string;
  savedAt: number;
  /** The settings as the file had them, with every secret the vault still had. */
  layer: Record<string, unknown>;
  /** The secrets the vault no longer had (a memory vault after a restart), as `sync.token`. */
  secretsLost: string[];
}

function readSaved(dataDir: string): Saved | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, LAST_GOOD_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    return lastGoodSchema.parse(JSON.parse(text));
  } catch {
    // Damaged (a disk full mid-write is prevented by the rename, not a bad disk): as if none.
    return null;
  }
}

/** `migrate`: a copy from before the vault is rewritten without its secrets (not by a read-only command). */
export function readLastGood(dataDir: string, file: string, vault: SecretVault, migrate = true): LastGood | null {
  let saved = readSaved(dataDir);
  if (!saved || saved.file !== file) return null;
  // A copy from before the vault holds its secrets in plain text: move them now, whatever comes next.
  if (migrate && splitSecrets(settingsSchema, saved.layer).secrets.length) saved = writeSaved(dataDir, saved.file, saved.layer, saved.savedAt, vault, saved);
  const found: SecretLeaf[] = [];
  const secretsLost: string[] = [];
  for (const ref of saved.secrets) {
    const value = attempt(() => vault.get(ref.name), null);
    if (value === null) secretsLost.push(secretPathText(ref.path));
    else found.push({ path: ref.path, value });
  }
  const layer = joinSecrets(saved.layer, found) as Record<string, unknown>;
  return { file: saved.file, savedAt: saved.savedAt, layer: withoutBrokenParents(layer, secretsLost), secretsLost };
}

/**
 * A lost secret that its setting requires (`crm.auth.value`) would make the whole copy invalid:
 * the setting around it goes instead (the CRM is asked without its header, and refuses, which the
 * customer card shows), so the rest of the last good version still runs.
 */
function withoutBrokenParents(layer: Record<string, unknown>, lost: readonly string[]): Record<string, unknown> {
  if (!lost.length) return layer;
  const checked = settingsSchema.safeParse(layer);
  if (checked.success) return layer;
  for (const issue of checked.error.issues) {
    if (!lost.includes(issue.path.join('.')) || issue.path.length < 2) continue;
    let parent: unknown = layer;
    for (const step of issue.path.slice(0, -2)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[step];
    if (parent && typeof parent === 'object') delete (parent as Record<PropertyKey, unknown>)[issue.path[issue.path.length - 2]!];
  }
  return layer;
}

/**
 * Keeps `layer` as the last good one. Writes only when it changed, so a start costs no write: the
 * settings without secrets are compared in the file, each secret in the vault. A vault that keeps
 * nothing across restarts cannot confirm a secret, so such a desk writes the copy at every start.
 */
export function saveLastGood(dataDir: string, file: string, layer: Record<string, unknown>, now: number, vault: SecretVault): void {
  const previous = readSaved(dataDir);
  const { rest, secrets } = splitSecrets(settingsSchema, layer);
  const unchanged =
    previous !== null &&
    previous.file === file &&
    JSON.stringify(previous.layer) === JSON.stringify(rest) &&
    previous.secrets.length === secrets.length &&
    secrets.every((secret, index) => {
      const ref = previous.secrets[index];
      return ref !== undefined && secretPathText(ref.path) === secretPathText(secret.path) && attempt(() => vault.get(ref.name), null) === secret.value;
    });
  if (!unchanged) writeSaved(dataDir, file, layer, now, vault, previous);
}

function writeSaved(dataDir: string, file: string, layer: Record<string, unknown>, now: number, vault: SecretVault, previous: Saved | null): Saved {
  const { rest, secrets } = splitSecrets(settingsSchema, layer);
  const copy = randomUUID();
  const refs = secrets.map((secret) => ({ path: secret.path, name: `settings-last-good/${copy}/${secretPathText(secret.path)}` }));
  // The vault first, so a copy on disk names secrets that were kept. A keyring that fails now
  // (locked, its service gone) costs those secrets in the copy (read back as lost), never the start.
  secrets.forEach((secret, index) => attempt(() => vault.set(refs[index]!.name, secret.value), undefined));
  const saved: Saved = { file, savedAt: now, layer: rest as Record<string, unknown>, secrets: refs };
  ensurePrivateDir(dataDir);
  const target = path.join(dataDir, LAST_GOOD_FILE);
  const tmp = `${target}.tmp`;
  const fd = openPrivateForWriting(tmp);
  try {
    fs.writeSync(fd, JSON.stringify(saved, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
  // The old copy's secrets go once the new copy is in place (a crash before leaves them unused, not lost).
  for (const ref of previous?.secrets ?? []) attempt(() => vault.delete(ref.name), undefined);
  return saved;
}

function attempt<T>(act: () => T, otherwise: T): T {
  try {
    return act();
  } catch {
    return otherwise;
  }
}
