import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { csvField, EXPORT_COLUMNS } from '../../src-main/core/store/call-log-export';
import { runCli, startCli, type RunningHost } from '../support/cli';
import { tempDir } from '../support/temp';
import { makeWorkstation } from '../support/workstation';

const running: RunningHost[] = [];
afterEach(async () => {
  for (const host of running.splice(0)) await host.stop();
});

// Forces "no Electron binary here" whatever the machine has, so the fallback is what is tested.
const noElectron = () => ({ ELECTRON_OVERRIDE_DIST_PATH: tempDir('no-electron-') });

describe('anlauf command line', () => {
  it('prints its version', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('says what is wrong with a bad call, on stderr, with a non-zero exit', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('anlauf: unknown command "frobnicate"');
    expect(unknown.stdout).toBe('');
    const badPort = await runCli(['start', '--web', '--port', 'ninety']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be 0..65535');
    const badFormat = await runCli(['calllog', 'export', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be csv or json');
  });

  it('refuses to start with a broken settings file and names its line and field', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(config, '{\n  "training": {\n    "ringTimeoutSeconds": "long"\n  }\n}\n');
    const result = await runCli(['start', '--web', '--port', '0', '--data-dir', dir, '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/anlauf\.json:3: training\.ringTimeoutSeconds: /);
    expect(result.stdout).not.toContain('ready');
  });

  it('falls back to the browser host in one line when Electron is missing, and prints one ready line', async () => {
    const dataDir = tempDir();
    const host = await startCli(['--port', '0', '--data-dir', dataDir], noElectron());
    running.push(host);
    expect(host.stdoutLines).toEqual([`Anlauf is ready at ${host.url}`]);
    const notices = host
      .stderr()
      .split('\n')
      .filter((line) => !line.startsWith('{') && line.trim());
    expect(notices).toEqual(['The Electron binary is not installed here, so Anlauf is served to the browser instead.']);
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(await host.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'anlauf.sqlite'))).toBe(true);
  });

  it('takes the data folder and the settings file from the environment', async () => {
    const dataDir = tempDir();
    const config = path.join(tempDir(), 'anlauf.yaml');
    fs.writeFileSync(config, 'ui:\n  language: en\n');
    const host = await startCli(['--web'], { ANLAUF_DATA_DIR: dataDir, ANLAUF_CONFIG: config });
    running.push(host);
    const socketUrl = `ws://127.0.0.1:${host.port}/ws?token=${host.token}`;
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(socketUrl, { origin: `http://127.0.0.1:${host.port}` });
    const snapshot = await new Promise<any>((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'request', seq: 1, command: 'app:snapshot', payload: {} })));
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === 'response') resolve(message.result);
      });
      socket.on('error', reject);
    });
    socket.close();
    expect(snapshot.settings.ui.language).toBe('en');
    expect(snapshot.app).toEqual({ version: pkg.version, host: 'web' });
    expect(fs.existsSync(path.join(dataDir, 'anlauf.sqlite'))).toBe(true);
  });

  it('exports the call log as CSV and JSON while the app keeps the same folder open', async () => {
    const { ws, clock, dataDir } = makeWorkstation();
    await ws.start();
    const answeredId = ws.training.placeTrainingCall({
      remoteNumber: '+49 40 111',
      remoteName: 'Müller, "Hans"',
      ivr: { client: 'Stadtwerke Nord', concern: '=SUM(A1)' },
    });
    clock.advance(3000);
    await ws.phone.answer(answeredId);
    clock.advance(120_000);
    await ws.phone.hangup(answeredId);
    ws.wrapUp.recordDisposition(answeredId, { code: 'solved' });
    const missedId = ws.training.placeTrainingCall({ remoteNumber: '+43 1 222' });
    clock.advance(ws.settings.get().training.ringTimeoutSeconds * 1000);
    ws.training.placeTrainingCall({ remoteNumber: '+41 44 333' }); // still ringing while we export

    const json = await runCli(['calllog', 'export', '--format', 'json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout);
    expect(entries.map((e: any) => e.remoteNumber)).toEqual(['+41 44 333', '+43 1 222', '+49 40 111']);
    expect(entries[1]).toMatchObject({ id: missedId, endCause: 'missed', answerAt: null });
    expect(entries[2]).toMatchObject({ id: answeredId, endCause: 'completed', client: 'Stadtwerke Nord' });

    const csv = await runCli(['calllog', 'export', '--format', 'csv'], { ANLAUF_DATA_DIR: dataDir });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines).toHaveLength(4);
    const answeredLine = lines.find((line) => line.startsWith(`"${answeredId}"`))!;
    expect(answeredLine).toContain('"Müller, ""Hans"""');
    expect(answeredLine).toContain(`,"'=SUM(A1)",`);
    expect(answeredLine).toContain(`,"'+49 40 111",`);
    expect(answeredLine).toContain(',120,"completed","agent"');

    const out = path.join(tempDir(), 'log.csv');
    const toFile = await runCli(['calllog', 'export', '--format', 'csv', '--data-dir', dataDir, '--output', out]);
    expect(toFile.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(csv.stdout);
    await ws.stop();
  });

  it('refuses to export from a folder without a call log, or from a newer one', async () => {
    const empty = tempDir();
    const none = await runCli(['calllog', 'export', '--format', 'json', '--data-dir', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`There is no call log in ${empty}`);
    expect(fs.readdirSync(empty)).toEqual([]);

    const { ws, dataDir } = makeWorkstation();
    await ws.start();
    await ws.stop();
    const raw = new BetterSqlite3(path.join(dataDir, 'anlauf.sqlite'));
    raw.pragma('user_version = 99');
    raw.close();
    const newer = await runCli(['calllog', 'export', '--format', 'json', '--data-dir', dataDir]);
    expect(newer.code).toBe(1);
    expect(newer.stderr).toContain('was written by a newer Anlauf');
    expect(newer.stdout).toBe('');
    const start = await runCli(['start', '--web', '--data-dir', dataDir]);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('was written by a newer Anlauf');
  });
});

describe('CSV fields', () => {
  it('quotes every text, and defuses every formula start where a cell could begin', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=1+2')).toBe(`"'=1+2"`);
    expect(csvField('@cmd')).toBe(`"'@cmd"`);
    expect(csvField('-2+3+cmd|')).toBe(`"'-2+3+cmd|"`);
    // Excel reads a leading + as a formula too; the apostrophe keeps the number as text.
    expect(csvField('+49 (40) 123 456')).toBe(`"'+49 (40) 123 456"`);
    expect(csvField('x;=1+1')).toBe(`"x;'=1+1"`);
    expect(csvField('a, @b')).toBe(`"a, '@b"`);
    expect(csvField('a;"=b"')).toBe(`"a;""'=b"""`);
    expect(csvField('a|-b\tc\r\n+d')).toBe(`"a|'-b\tc\r\n'+d"`);
    expect(csvField('x-y=z')).toBe('"x-y=z"');
  });
});
