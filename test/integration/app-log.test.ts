// The app log on disk: what support reads first. Real files in a temp data folder, under umask 000
// (the most permissive a launcher could set), so the modes are proven to be set by Anlauf.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppLog } from '../../src-main/core/diagnostics/app-log';
import { createFileLogger, LOG_DIR, LOG_FILE, logFiles } from '../../src-main/core/diagnostics/log-file';
import { startCli } from '../support/cli';
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
  it('keeps JSON lines, rotates by size, and never takes more than its bound, keeping the newest records', () => {
    const dataDir = tempDir();
    const logger = createFileLogger({ dataDir, limits: { maxBytes: 4096, files: 3 } });
    for (let i = 0; i < 2000; i++) logger.log('info', 'a call rang', { n: i, padding: 'x'.repeat(40) });
    logger.close();

    const files = logFiles(path.join(dataDir, LOG_DIR));
    expect(files.map((f) => path.basename(f))).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`]);
    for (const file of files) expect(fs.statSync(file).size).toBeLessThanOrEqual(4096);
    const records = readAll(dataDir)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string; n: number; t: string });
    // Newest first across the files: the last record written is the current file's last.
    const newest = fs.readFileSync(files[0]!, 'utf8').trimEnd().split('\n').at(-1)!;
    expect(JSON.parse(newest)).toMatchObject({ level: 'info', message: 'a call rang', n: 1999 });
    expect(records.some((r) => r.n === 0)).toBe(false);
    expect(records.every((r) => typeof r.t === 'string')).toBe(true);
  });

  it.skipIf(process.platform === 'win32')("is readable by the agent's account only, also when the file was there with looser modes", () => {
    expect(process.umask()).toBe(0);
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, LOG_DIR), { mode: 0o777 });
    fs.writeFileSync(path.join(dataDir, LOG_DIR, LOG_FILE), '', { mode: 0o666 });
    const logger = createFileLogger({ dataDir, limits: { maxBytes: 2048, files: 2 } });
    for (let i = 0; i < 100; i++) logger.log('warn', 'the line is down', { i });
    logger.close();
    expect(modeOf(path.join(dataDir, LOG_DIR))).toBe('0700');
    const files = logFiles(path.join(dataDir, LOG_DIR));
    expect(files.length).toBe(2);
    for (const file of files) expect(modeOf(file)).toBe('0600');
  });

  it('never holds a secret: configured values, secret-named fields, Authorization and Digest material are scrubbed', () => {
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
      log.close();
    }
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
