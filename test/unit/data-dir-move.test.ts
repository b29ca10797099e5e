import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moveRoamingDataDir, MOVE_REPORT_FILE } from '../../src-main/core/platform/data-dir-move';
import { defaultDataDir } from '../../src-main/core/platform/paths';
import { DATABASE_FILE, openDatabase } from '../../src-main/core/store/database';
import { tempDir } from '../support/temp';

const AT = Date.UTC(2026, 11, 3, 9, 30);

/** A Windows profile's two app-data folders, in temp dirs (paths.ts takes env and platform). */
function profile(roamingRoot = tempDir()) {
  const env = { APPDATA: roamingRoot, LOCALAPPDATA: tempDir() };
  return { env, roaming: path.join(env.APPDATA, 'Anlauf'), local: path.join(env.LOCALAPPDATA, 'Anlauf') };
}

/**
 * A call log as a running app leaves it: calls still in the -wal (not checkpointed), copied as a
 * crash or a sign-out would leave them. Returns the call ids.
 */
function callLogIn(folder: string, count: number, prefix = 'call'): string[] {
  const scratch = tempDir();
  const db = openDatabase(path.join(scratch, DATABASE_FILE), { appVersion: 'old' });
  db.pragma('wal_autocheckpoint = 0');
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const insert = db.prepare("INSERT INTO calls (id, line, direction, remote_number, ring_at, updated_at) VALUES (?, 'sip', 'inbound', '+4940', 1, 1)");
  for (const id of ids) insert.run(id);
  fs.mkdirSync(folder, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(path.join(scratch, DATABASE_FILE + suffix), path.join(folder, DATABASE_FILE + suffix));
  db.close();
  return ids;
}

function callsIn(folder: string): string[] {
  const db = openDatabase(path.join(folder, DATABASE_FILE), { appVersion: 'new' });
  try {
    return (db.prepare('SELECT id FROM calls ORDER BY id').pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
}

describe('the Windows data folder is local app data, not roaming', () => {
  it('defaults to %LOCALAPPDATA%\\Anlauf on Windows and leaves macOS and Linux where they were', () => {
    expect(defaultDataDir({ APPDATA: 'R', LOCALAPPDATA: 'L' }, 'win32')).toBe(path.join('L', 'Anlauf'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe(path.join('/x', 'Anlauf'));
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Anlauf$/);
  });

  it('moves an earlier version’s roaming data there at first start: the call log with its -wal, settings, logs', () => {
    const { env, roaming, local } = profile();
    const ids = callLogIn(roaming, 25);
    fs.writeFileSync(path.join(roaming, 'user-settings.json'), '{"ui":{"language":"de"}}');
    fs.mkdirSync(path.join(roaming, 'logs'));
    fs.writeFileSync(path.join(roaming, 'logs', 'anlauf.log'), 'old log\n');

    const move = moveRoamingDataDir(env, 'win32', AT);
    expect(move).toMatchObject({ from: roaming, to: local, keptAside: [], failed: [] });
    expect(move?.moved.sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`, 'logs', 'user-settings.json']);
    expect(fs.existsSync(roaming)).toBe(false);
    expect(callsIn(local)).toEqual(ids.sort());
    expect(fs.readFileSync(path.join(local, 'user-settings.json'), 'utf8')).toContain('"de"');
    expect(fs.readFileSync(path.join(local, 'logs', 'anlauf.log'), 'utf8')).toBe('old log\n');
    // What it did stays on record in the new folder.
    expect(JSON.parse(fs.readFileSync(path.join(local, MOVE_REPORT_FILE), 'utf8'))).toMatchObject({ from: roaming, to: local, at: AT });
    // Moved, not copied and forgotten: the next start finds nothing to do.
    expect(moveRoamingDataDir(env, 'win32', AT + 1)).toBeNull();
  });

  it('never overwrites what the new folder already has; the older copy is kept aside, nothing is lost', () => {
    const { env, roaming, local } = profile();
    const oldCalls = callLogIn(roaming, 3, 'old');
    const newCalls = callLogIn(local, 2, 'new');
    fs.writeFileSync(path.join(roaming, 'user-settings.json'), '{"old":true}');
    fs.writeFileSync(path.join(local, 'user-settings.json'), '{"new":true}');
    fs.writeFileSync(path.join(roaming, 'settings-last-good.json'), '{}');

    const move = moveRoamingDataDir(env, 'win32', AT);
    expect(move?.moved).toEqual(['settings-last-good.json']);
    expect(move?.keptAside.sort()).toEqual([DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`, 'user-settings.json']);
    expect(move?.asideIn).toBe(path.join(local, 'roaming-2026-12-03T09-30-00-000Z'));
    expect(callsIn(local)).toEqual(newCalls.sort());
    expect(fs.readFileSync(path.join(local, 'user-settings.json'), 'utf8')).toBe('{"new":true}');
    // The old database is whole beside it, -wal included: IT can still open it.
    expect(callsIn(move!.asideIn!)).toEqual(oldCalls.sort());
    expect(fs.readFileSync(path.join(move!.asideIn!, 'user-settings.json'), 'utf8')).toBe('{"old":true}');
  });

  it('resumes an interrupted move: the database follows the companions that went ahead', () => {
    const { env, roaming, local } = profile();
    const ids = callLogIn(roaming, 10);
    // Interrupted after the -wal and -shm moved, before the database did.
    fs.mkdirSync(local, { recursive: true });
    for (const suffix of ['-wal', '-shm']) fs.renameSync(path.join(roaming, DATABASE_FILE + suffix), path.join(local, DATABASE_FILE + suffix));

    const move = moveRoamingDataDir(env, 'win32', AT);
    expect(move).toMatchObject({ moved: [DATABASE_FILE], keptAside: [], failed: [] });
    expect(callsIn(local)).toEqual(ids.sort());
  });

  it('moves across volumes (a redirected roaming folder) by copy and delete, and drops a half copy left by an interruption', () => {
    // /dev/shm is another file system here: rename fails with EXDEV, as from a share to C:.
    if (!fs.existsSync('/dev/shm')) return;
    const roamingRoot = fs.mkdtempSync('/dev/shm/anlauf-roaming-');
    try {
      const { env, roaming, local } = profile(roamingRoot);
      const ids = callLogIn(roaming, 5);
      fs.mkdirSync(path.join(roaming, 'logs'));
      fs.writeFileSync(path.join(roaming, 'logs', 'anlauf.log'), 'old log\n');
      fs.mkdirSync(path.join(local, 'logs.moving'), { recursive: true });
      fs.writeFileSync(path.join(local, 'logs.moving', 'half'), 'x');

      const move = moveRoamingDataDir(env, 'win32', AT);
      expect(move).toMatchObject({ keptAside: [], failed: [] });
      expect(callsIn(local)).toEqual(ids.sort());
      expect(fs.readdirSync(path.join(local, 'logs'))).toEqual(['anlauf.log']);
      expect(fs.existsSync(path.join(local, 'logs.moving'))).toBe(false);
      expect(fs.existsSync(roaming)).toBe(false);
    } finally {
      fs.rmSync(roamingRoot, { recursive: true, force: true });
    }
  });

  it('does nothing off Windows or when there is no roaming folder', () => {
    const { env } = profile();
    expect(moveRoamingDataDir(env, 'linux', AT)).toBeNull();
    expect(moveRoamingDataDir(env, 'win32', AT)).toBeNull();
  });
});
