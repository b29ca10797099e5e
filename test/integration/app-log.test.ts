// The app log on disk: what support reads first. Real files in a temp data folder, under umask 000
// (the most permissive a launcher could set), so the modes are proven to be set by Anlauf.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppLog } from '../../src-main/core/diagnostics/app-log';
import { createFileLogger, LOG_DIR, LOG_FILE, logFiles } from '../../src-main/core/diagnostics/log-file';
import { startCli } from '../support/cli';
import { projectRoot } from '../support/paths';
import { tempDir } from '../support/temp';

const modeOf = (file: string) => `0${(fs.statSync(file).mode & 0o777).toString(8)}`;
const readAll = (dataDir: string) =>
  logFiles(path.join(dataDir, LOG_DIR))
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('');

let previousUmask = 0;
beforeAll(() => {
  previousUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(previousUmask);
});

describe('the app log file', () => {
  it('keeps JSON lines, rotates by size, and never takes more than its bound, keeping the newest records', async () => {
    const dataDir = tempDir();
    const logger = createFileLogger({ dataDir, limits: { maxBytes: 4096, files: 3 } });
    // About 200 KB, fifty times the bound of one file.
    for (let i = 0; i < 2000; i++) logger.log('info', 'a call rang', { n: i, padding: 'x'.repeat(40) });
    await logger.close();

    const files = logFiles(path.join(dataDir, LOG_DIR));
    // Exactly the files kept, in logrotate's names, and nothing else in the folder (no history file of the library's).
    expect(files.map((f) => path.basename(f))).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    expect(fs.readdirSync(path.join(dataDir, LOG_DIR)).sort()).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    for (const file of files) expect(fs.statSync(file).size).toBeLessThanOrEqual(4096);
    // The rotated files are nearly full: a file rotates once one more record (at most a quarter of a file this small) could pass the bound.
    for (const file of files.slice(1)) expect(fs.statSync(file).size).toBeGreaterThan(4096 * 0.75);
    const records = readAll(dataDir)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string; n: number; t: string });
    // Newest first across the files: the last record written is the current file's last.
    const newest = fs.readFileSync(files[0]!, 'utf8').trimEnd().split('\n').at(-1)!;
    expect(JSON.parse(newest)).toMatchObject({ level: 'info', message: 'a call rang', n: 1999 });
    expect(records.some((r) => r.n === 0)).toBe(false);
    expect(records.every((r) => typeof r.t === 'string')).toBe(true);
    // What is kept is the unbroken tail: oldest file first, no record lost or doubled in between.
    const oldestFirst = [...files]
      .reverse()
      .flatMap((file) => fs.readFileSync(file, 'utf8').trimEnd().split('\n'))
      .map((line) => (JSON.parse(line) as { n: number }).n);
    expect(oldestFirst).toEqual(Array.from({ length: oldestFirst.length }, (_, k) => 2000 - oldestFirst.length + k));
  });

  it('goes on from the files a previous run left: the current file is appended to', async () => {
    const dataDir = tempDir();
    const first = createFileLogger({ dataDir, limits: { maxBytes: 2048, files: 2 } });
    for (let i = 0; i < 10; i++) first.log('info', 'first run', { i });
    await first.close();
    const second = createFileLogger({ dataDir, limits: { maxBytes: 2048, files: 2 } });
    second.log('info', 'second run');
    await second.close();
    const current = fs.readFileSync(path.join(dataDir, LOG_DIR, LOG_FILE), 'utf8');
    expect(current).toContain('"first run"');
    expect(current.trimEnd().split('\n').at(-1)).toContain('"second run"');
  });

  it('has every record on disk once close() resolves, the one logged right before it too', async () => {
    const dataDir = tempDir();
    const logger = createFileLogger({ dataDir, limits: { maxBytes: 4096, files: 2 } });
    logger.log('info', 'opening');
    logger.log('error', 'the last word before close');
    await logger.close();
    const text = fs.readFileSync(path.join(dataDir, LOG_DIR, LOG_FILE), 'utf8');
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
    ).toEqual(['opening', 'the last word before close']);
    // After close, nothing more is written (and nothing throws).
    logger.log('info', 'after close');
    await logger.close();
    expect(fs.readFileSync(path.join(dataDir, LOG_DIR, LOG_FILE), 'utf8')).toBe(text);
  });

  it.each(['exit', 'throw', 'close-exit'])(
    'keeps the records logged right before the process ends (%s)',
    (how) => {
      const dataDir = tempDir();
      const writer = path.join(projectRoot, 'test', 'support', 'log-exit-writer.ts');
      const run = spawnSync(process.execPath, ['--import', 'tsx', writer, dataDir, how, '200'], { cwd: projectRoot, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(how === 'exit' ? 3 : how === 'throw' ? 1 : 0);
      const records = readAll(dataDir)
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { message: string; i?: number });
      // Every record, in order; one in flight at the end may be written twice, never lost.
      const seen = new Set(records.filter((r) => r.message === 'record before the end').map((r) => r.i));
      expect(seen.size).toBe(200);
      expect(records.at(-1)).toMatchObject({ level: 'error', message: 'the last record', how });
    },
    30_000,
  );

  it.skipIf(process.platform === 'win32')("is readable by the agent's account only, also when the file was there with looser modes", async () => {
    expect(process.umask()).toBe(0);
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, LOG_DIR), { mode: 0o777 });
    fs.writeFileSync(path.join(dataDir, LOG_DIR, LOG_FILE), '', { mode: 0o666 });
    const logger = createFileLogger({ dataDir, limits: { maxBytes: 2048, files: 2 } });
    for (let i = 0; i < 100; i++) logger.log('warn', 'the line is down', { i });
    await logger.close();
    expect(modeOf(path.join(dataDir, LOG_DIR))).toBe('0700');
    const files = logFiles(path.join(dataDir, LOG_DIR));
    expect(files.length).toBe(2);
    for (const file of files) expect(modeOf(file)).toBe('0600');
  });

  it('never holds a secret: configured values, secret-named fields, Authorization and Digest material are scrubbed', async () => {
    const dataDir = tempDir();
    const sipPassword = 'CANARY-sip-pw-4711';
    const syncToken = 'CANARY-sync-token-0815';
    const log = openAppLog(dataDir);
    log.useSecrets(() => [sipPassword, syncToken]);
    const stderr = process.stderr.write;
    let printed = '';
    process.stderr.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stderr.write;
    try {
      log.logger.log('error', `sync refused: token ${syncToken} is wrong`, { url: `https://backend.example/?token=${syncToken}` });
      log.logger.log('warn', 'registration failed', {
        password: 'CANARY-field-pw',
        nested: { credential: 'CANARY-turn-cred' },
        detail: `password was ${sipPassword}`,
      });
      log.logger.log('info', 'crm request', { header: 'Authorization: Bearer CANARY-crm-bearer-99', basic: 'Basic Q0FOQVJZOmNhbmFyeQ==' });
      log.logger.log('info', 'sip', {
        message:
          'REGISTER sip:x SIP/2.0\r\nAuthorization: Digest username="agent7", realm="x", nonce="CANARY-nonce", uri="sip:x", response="CANARY-response"\r\n',
      });
    } finally {
      process.stderr.write = stderr;
    }
    await log.close();
    const written = readAll(dataDir);
    expect(written.split('\n').filter(Boolean)).toHaveLength(4);
    for (const text of [written, printed]) {
      expect(text).not.toMatch(/CANARY/);
      expect(text).not.toMatch(/Q0FOQVJZ/);
      // What support needs stays: who, where, what happened.
      expect(text).toContain('username=\\"agent7\\"');
      expect(text).toContain('sync refused');
    }
  });

  it("is written by the browser host (`anlauf start --web`) next to stderr, with the settings' secrets scrubbed", async () => {
    const dataDir = tempDir();
    const config = path.join(dataDir, 'it.json');
    const password = 'CANARY-host-sip-pw-3141';
    // Nothing listens there: the line logs its status with the reason.
    fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: 'ws://127.0.0.1:9/', uri: `sip:${password}@example.org`, password } }));
    const host = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config]);
    expect(await host.stop()).toBe(0);
    const written = readAll(dataDir);
    expect(written).toContain('"message":"workstation ready"');
    expect(written).toContain('"message":"line status"');
    expect(written).not.toContain(password);
    expect(host.stderr()).not.toContain(password);
    expect(modeOf(path.join(dataDir, LOG_DIR, LOG_FILE))).toBe('0600');
  }, 30_000);
});
