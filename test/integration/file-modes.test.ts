/**
 * Nobody but the agent's own account may read what the workstation keeps (docs/it-admin.md): the
 * data folder is 0700 and every file in it 0600. The whole file runs under umask 000, the most
 * permissive a launcher could set, so the modes are proven to be set by Anlauf, not by luck.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel, Logger } from '../../src-main/core/log';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { runCli } from '../support/cli';
import { tempDir } from '../support/temp';
import { upload } from '../support/uploads';
import { flush, makeWorkstation } from '../support/workstation';

const modeOf = (file: string) => `0${(fs.statSync(file).mode & 0o777).toString(8)}`;

let previousUmask = 0;
beforeAll(() => {
  previousUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(previousUmask);
});

function recordingLogger(): Logger & { records: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] } {
  const records: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
  return { records, log: (level, message, fields) => records.push({ level, message, ...(fields ? { fields } : {}) }) };
}

describe.skipIf(process.platform === 'win32')('file modes of the data folder', () => {
  it('keeps the folder, database, settings, import copies and exports to the owner after a start, an import and an export', async () => {
    expect(process.umask()).toBe(0);
    const dataDir = path.join(tempDir(), 'Anlauf');
    const { ws, clock } = makeWorkstation({ dataDir });
    await ws.start();
    const callId = ws.training.placeTrainingCall({ remoteNumber: '+49 40 111', remoteName: 'Erika Müller' });
    clock.advance(1000);
    await ws.phone.answer(callId);
    ws.settings.update({ agent: { name: 'Anna' } });

    // The upload's copy exists only while the import runs: look at it from the progress snapshots.
    const seen = new Map<string, string>();
    const off = ws.onState((snapshot) => {
      if (!snapshot.customerImport) return;
      const folder = path.join(dataDir, 'uploads');
      seen.set('uploads/', modeOf(folder));
      for (const name of fs.readdirSync(folder)) seen.set(`uploads/${name}`, modeOf(path.join(folder, name)));
    });
    const rows = ['Kundennummer;Name;Telefon', ...Array.from({ length: 500 }, (_, i) => `K-${i};Kunde ${i};030 ${5_000_000 + i}`)];
    // As the window sends it: in pieces, into the data folder, then imported from there.
    const api = new Dispatcher(ws);
    const uploadId = await upload(api, 'customers', 'kunden.csv', Buffer.from(rows.join('\r\n')));
    const answer = await api.handle('customers:import', { uploadId, client: null });
    if (!answer.ok) throw new Error(answer.error.message);
    const imported = answer.result as { imported: number };
    await flush();
    off();
    expect(imported.imported).toBe(500);
    expect(seen.size).toBeGreaterThan(1); // the folder and the upload's file
    expect(new Set(seen.values())).toEqual(new Set(['0700', '0600']));
    expect(seen.get('uploads/')).toBe('0700');

    // The CLI inherits the umask, as from any shell.
    const exported = path.join(tempDir(), 'calls.csv');
    const cli = await runCli(['calllog', 'export', '--format', 'csv', '--data-dir', dataDir, '--output', exported]);
    expect(cli.code).toBe(0);

    expect({
      folder: modeOf(dataDir),
      database: modeOf(path.join(dataDir, 'anlauf.sqlite')),
      wal: modeOf(path.join(dataDir, 'anlauf.sqlite-wal')),
      shm: modeOf(path.join(dataDir, 'anlauf.sqlite-shm')),
      settings: modeOf(path.join(dataDir, 'user-settings.json')),
      uploads: modeOf(path.join(dataDir, 'uploads')),
      export: modeOf(exported),
    }).toEqual({ folder: '0700', database: '0600', wal: '0600', shm: '0600', settings: '0600', uploads: '0700', export: '0600' });
    await ws.stop();
  });

  it('an export written over an existing file others could read becomes private', async () => {
    const { ws, dataDir } = makeWorkstation();
    await ws.start();
    await ws.stop();
    const exported = path.join(tempDir(), 'calls.json');
    fs.writeFileSync(exported, 'old');
    fs.chmodSync(exported, 0o644);
    const cli = await runCli(['calllog', 'export', '--format', 'json', '--data-dir', dataDir, '--output', exported]);
    expect(cli.code).toBe(0);
    expect(modeOf(exported)).toBe('0600');
    expect(JSON.parse(fs.readFileSync(exported, 'utf8'))).toEqual([]);
  });

  it('an export into a pipe (as into /dev/stdout) leaves the pipe as it was', async () => {
    const { ws, dataDir } = makeWorkstation();
    await ws.start();
    await ws.stop();
    const fifo = path.join(tempDir(), 'export.pipe');
    execFileSync('mkfifo', ['-m', '644', fifo]);
    const chunks: Buffer[] = [];
    const reading = new Promise<void>((resolve, reject) =>
      fs
        .createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', resolve)
        .on('error', reject),
    );
    const cli = await runCli(['calllog', 'export', '--format', 'json', '--data-dir', dataDir, '--output', fifo]);
    await reading;
    expect(cli.code).toBe(0);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toEqual([]);
    expect(modeOf(fifo)).toBe('0644');
  });

  it('leaves a shared sticky folder (as /tmp) open for its other users, says so, and still keeps its own files private', async () => {
    const shared = tempDir();
    fs.chmodSync(shared, 0o1777);
    const logger = recordingLogger();
    const { ws } = makeWorkstation({ dataDir: shared, logger });
    await ws.start();
    await ws.stop();
    expect(fs.statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(modeOf(path.join(shared, 'anlauf.sqlite'))).toBe('0600');
    expect(logger.records.filter((r) => r.level === 'error').map((r) => r.message)).toEqual([expect.stringMatching(/is a shared folder \(like \/tmp\)/)]);
  });

  it('tightens a data folder that others could read, and logs that it did', async () => {
    const { ws: first, dataDir } = makeWorkstation();
    await first.start();
    first.settings.update({ agent: { name: 'Anna' } });
    await first.stop();
    // As an older Anlauf, or a copy with `cp -r` under umask 000, left them.
    fs.chmodSync(dataDir, 0o755);
    for (const name of ['anlauf.sqlite', 'user-settings.json']) fs.chmodSync(path.join(dataDir, name), 0o644);

    const logger = recordingLogger();
    const { ws } = makeWorkstation({ dataDir, logger });
    await ws.start();
    expect([modeOf(dataDir), modeOf(path.join(dataDir, 'anlauf.sqlite')), modeOf(path.join(dataDir, 'user-settings.json'))]).toEqual(['0700', '0600', '0600']);
    const warnings = logger.records.filter((r) => r.level === 'warn' && /readable by other users/.test(r.message));
    expect(warnings.map((w) => [w.fields?.path, w.fields?.was])).toEqual(
      expect.arrayContaining([
        [dataDir, '0755'],
        [path.join(dataDir, 'anlauf.sqlite'), '0644'],
        [path.join(dataDir, 'user-settings.json'), '0644'],
      ]),
    );
    await ws.stop();

    // Once private, a restart has nothing to report.
    const quiet = recordingLogger();
    const { ws: again } = makeWorkstation({ dataDir, logger: quiet });
    await again.start();
    await again.stop();
    expect(quiet.records.filter((r) => /readable by other users/.test(r.message))).toEqual([]);
  });
});
