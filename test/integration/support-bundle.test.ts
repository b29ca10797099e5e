// "Create support bundle", from the window (the Dispatcher's support:bundle, as both hosts call it)
// and from the command line: one zip that Debian's unzip opens, holding what support asks for, and
// not one byte of a secret. Real parts: a workstation on a temp folder with its real app log, a SIP
// line pointed at a port where nothing listens (so the line has a history), real SQLite, the real
// bundled `anlauf` command, /usr/bin/unzip.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { openAppLog } from '../../src-main/core/diagnostics/app-log';
import { LOG_DIR, LOG_FILE } from '../../src-main/core/diagnostics/log-file';
import { settingsSecrets } from '../../src-main/core/recorder/sip-redact';
import { runCli } from '../support/cli';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';
import { waitFor } from '../support/wrtc-media';

const CANARIES = {
  sipPassword: 'CANARY-sip-password-7311',
  turnCredential: 'CANARY-turn-credential-5521',
  syncToken: 'CANARY-sync-token-9043',
  crmAuth: 'Bearer CANARY-crm-auth-6677',
};
const canaryPattern = /CANARY-(sip-password|turn-credential|sync-token|crm-auth)/;

let previousUmask = 0;
beforeAll(() => {
  previousUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(previousUmask);
});

/** What Debian's unzip makes of the file: the names, and every entry's text. */
function unzip(file: string): { names: string[]; text: (name: string) => string; all: string } {
  execFileSync('unzip', ['-tq', file]); // throws unless every entry's CRC checks out
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  const text = (name: string) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { names, text, all: names.map(text).join('\n') };
}

function expectNoSecret(file: string, contents: string): void {
  const bytes = fs.readFileSync(file);
  for (const secret of Object.values(CANARIES)) {
    expect(bytes.includes(Buffer.from(secret)), `${secret} in the zip's bytes`).toBe(false);
    expect(contents.includes(secret), `${secret} in an entry`).toBe(false);
  }
  expect(contents).not.toMatch(canaryPattern);
}

describe('the support bundle', () => {
  it("from the window: one zip in reports/ with versions, settings without secrets, line history, devices, sync, database check, logs and the last calls' recorders", async () => {
    const dataDir = tempDir();
    const config = path.join(dataDir, 'it.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        // Nothing listens there: the line goes unreachable, which its history must show.
        sip: {
          websocketUrl: 'ws://127.0.0.1:9/',
          uri: 'sip:agent7@example.org',
          password: CANARIES.sipPassword,
          iceServers: [{ urls: 'turn:turn.example.org', username: 'desk', credential: CANARIES.turnCredential }],
        },
        sync: { url: 'http://127.0.0.1:9/sync', token: CANARIES.syncToken },
        crm: { byNumberUrl: 'http://127.0.0.1:9/crm?n={number}', auth: { header: 'Authorization', value: CANARIES.crmAuth } },
      }),
    );
    // A log file from before: written when the secret was not yet known to the logger.
    fs.mkdirSync(path.join(dataDir, LOG_DIR), { recursive: true });
    fs.writeFileSync(
      path.join(dataDir, LOG_DIR, `${LOG_FILE}.1`),
      `${JSON.stringify({ t: '2026-01-01T00:00:00Z', level: 'info', message: `old line with ${CANARIES.syncToken}` })}\n`,
    );
    const appLog = openAppLog(dataDir, { stderr: false });
    const { ws, clock } = makeWorkstation({ dataDir, configFile: config, logger: appLog.logger });
    appLog.useSecrets(() => settingsSecrets(ws.settings.get()));
    await ws.start();
    // The line tries to register and fails: 'line status' records in the log.
    await waitFor('the line unreachable', () => ws.snapshot().line.status === 'unreachable', 10_000);
    // Code that logs what it should not: the log scrubs it.
    ws.logger.log('error', 'backend said', {
      body: `token ${CANARIES.syncToken} refused`,
      password: CANARIES.sipPassword,
      header: `Authorization: ${CANARIES.crmAuth}`,
    });

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = ws.training.placeTrainingCall({ remoteNumber: `+49 40 11${i}`, remoteName: 'Erika Mustermann' });
      clock.advance(1000);
      await ws.phone.answer(id);
      clock.advance(30_000);
      await ws.phone.hangup(id);
      ws.wrapUp.recordDisposition(id, { code: 'solved', note: 'Kundin wollte kündigen' });
      ids.push(id);
      await flush();
    }

    const result = await new Dispatcher(ws).handle('support:bundle', { calls: 2 });
    await ws.stop();
    await appLog.close();
    expect(result.ok).toBe(true);
    const bundle = (result as { ok: true; result: { path: string; filename: string; bytes: number; contentBase64: string } }).result;
    expect(path.dirname(bundle.path)).toBe(path.join(dataDir, 'reports'));
    expect(bundle.filename).toMatch(/^anlauf-support-.*\.zip$/);
    expect(`0${(fs.statSync(bundle.path).mode & 0o777).toString(8)}`).toBe('0600');
    // The browser host's download is the same file.
    expect(Buffer.from(bundle.contentBase64, 'base64').equals(fs.readFileSync(bundle.path))).toBe(true);
    expect(bundle.bytes).toBe(fs.statSync(bundle.path).size);

    const zip = unzip(bundle.path);
    expect(zip.names).toEqual(
      expect.arrayContaining([
        'about.json',
        'settings.json',
        'line.json',
        'devices.json',
        'sync.json',
        'database.json',
        'shift-checks.json',
        'calls.json',
        `logs/${LOG_FILE}`,
        `logs/${LOG_FILE}.1`,
        'manifest.json',
      ]),
    );
    const json = (name: string) => JSON.parse(zip.text(name));
    expect(json('about.json')).toMatchObject({
      app: { version: '0.0.0-test', host: 'web' },
      versions: { node: process.versions.node },
      os: { platform: process.platform },
    });
    const settings = json('settings.json');
    expect(settings.effective.sip).toMatchObject({ passwordSet: true, uri: 'sip:agent7@example.org', iceServers: [{ credentialSet: true }] });
    expect(settings.effective.sync).toMatchObject({ tokenSet: true });
    expect(settings.origins).toMatchObject({ settingsFile: config, fromFile: expect.arrayContaining(['sip.websocketUrl', 'sip.password', 'sync.token']) });
    const line = json('line.json');
    expect(line.now.line).toMatchObject({ kind: 'sip', status: 'unreachable' });
    expect(line.history).toEqual(expect.arrayContaining([expect.objectContaining({ message: 'line status', status: 'unreachable' })]));
    expect(json('database.json').integrity).toEqual({ ok: true, result: ['ok'] });
    expect(json('sync.json').outbox).toMatchObject({ quarantined: 0 });
    expect(json('devices.json')).toHaveProperty('audio');
    // The last two calls, newest first, each with its flight recorder; no customer, no note.
    const calls = json('calls.json');
    expect(calls.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const recorded = json(`calls/${ids[2]}.json`);
    expect(recorded.call).toMatchObject({ id: ids[2], endCause: 'completed' });
    expect(recorded.recorder.entries.length).toBeGreaterThan(0);
    expect(zip.all).not.toContain('Kundin wollte kündigen');
    expect(zip.all).not.toContain('Erika Mustermann');
    expect(zip.text(`logs/${LOG_FILE}`)).toContain('backend said');
    expectNoSecret(bundle.path, zip.all);
  }, 30_000);

  it('from the command line: `anlauf support-bundle --out FILE --calls N` writes the zip while the desk is closed, and without a secret', async () => {
    const dataDir = tempDir();
    const config = path.join(dataDir, 'it.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        sip: { websocketUrl: 'ws://127.0.0.1:9/', uri: 'sip:agent7@example.org', password: CANARIES.sipPassword },
        sync: { url: 'http://127.0.0.1:9/sync', token: CANARIES.syncToken },
      }),
    );
    const appLog = openAppLog(dataDir, { stderr: false });
    const { ws, clock } = makeWorkstation({ dataDir, configFile: config, logger: appLog.logger });
    appLog.useSecrets(() => settingsSecrets(ws.settings.get()));
    await ws.start();
    await waitFor('the line unreachable', () => ws.snapshot().line.status === 'unreachable', 10_000);
    const id = ws.training.placeTrainingCall({ remoteNumber: '+49 40 111' });
    clock.advance(1000);
    await ws.phone.answer(id);
    await ws.phone.hangup(id);
    await ws.stop();
    await appLog.close();

    const out = path.join(tempDir(), 'for-support.zip');
    const run = await runCli(['support-bundle', '--out', out, '--calls', '1', '--data-dir', dataDir, '--config', config]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const zip = unzip(out);
    expect(zip.names).toEqual(
      expect.arrayContaining(['about.json', 'settings.json', 'line.json', 'calls.json', `calls/${id}.json`, `logs/${LOG_FILE}`, 'manifest.json']),
    );
    expect(JSON.parse(zip.text('about.json')).app).toEqual({ version: expect.any(String), host: 'cli' });
    expect(JSON.parse(zip.text('line.json')).history).toEqual(
      expect.arrayContaining([expect.objectContaining({ message: 'line status', status: 'unreachable' })]),
    );
    expectNoSecret(out, zip.all);
    // The caller's number only with the agent's opt-in, in issue 16's spelling of the command.
    expect(zip.all).not.toContain('+49 40 111');
    expect(JSON.parse(zip.text('manifest.json')).customerData).toBe('left out');
    const optedOut = path.join(tempDir(), 'with-customers.zip');
    const opted = await runCli([
      'support',
      'bundle',
      '--output',
      optedOut,
      '--include-customer-data',
      '--calls',
      '1',
      '--data-dir',
      dataDir,
      '--config',
      config,
    ]);
    expect(opted.code, opted.stderr).toBe(0);
    const withCustomers = unzip(optedOut);
    expect(JSON.parse(withCustomers.text('calls.json'))[0]).toMatchObject({ id, remoteNumber: '+49 40 111' });
    expect(JSON.parse(withCustomers.text('manifest.json')).customerData).toBe('included');
    expect(JSON.parse(withCustomers.text('headsets.json'))).toBeDefined();
    expectNoSecret(optedOut, withCustomers.all);

    // A settings file that no longer reads is when support is needed most: the bundle says why.
    fs.writeFileSync(config, '{ "sip": { "password": ');
    const broken = await runCli(['support-bundle', '--data-dir', dataDir, '--config', config]);
    expect(broken.code).toBe(0);
    const written = broken.stdout.trim();
    expect(path.dirname(written)).toBe(path.join(dataDir, 'reports'));
    // This desk read a good version before, so it runs on that one (issue 16): the bundle says so, and why.
    const origins = JSON.parse(unzip(written).text('settings.json')).origins;
    expect(origins.settingsFile).toMatch(/it\.json/);
    expect(origins.settingsFileStatus.lastGood.errors[0].problem).toMatch(/not valid JSON/);
  }, 60_000);

  it('from the command line on a desk whose app never started (its settings file stops the start): the zip names the settings error, and says there is no call log yet', async () => {
    const dataDir = path.join(tempDir(), 'never-started');
    const config = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(config, JSON.stringify({ sip: { password: CANARIES.sipPassword }, shiftCheck: { mode: 'requred' } }));
    const start = await runCli(['start', '--web', '--data-dir', dataDir, '--config', config]);
    expect(start.code).toBe(1);
    expect(fs.existsSync(path.join(dataDir, 'anlauf.sqlite'))).toBe(false);

    const run = await runCli(['support-bundle', '--data-dir', dataDir, '--config', config]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const zip = unzip(run.stdout.trim());
    expect(JSON.parse(zip.text('settings.json')).origins.error).toMatch(/shiftCheck\.mode/);
    expect(JSON.parse(zip.text('database.json'))).toMatch(/no call log/);
    expect(JSON.parse(zip.text('calls.json'))).toEqual([]);
    expectNoSecret(run.stdout.trim(), zip.all);
  }, 60_000);
});
