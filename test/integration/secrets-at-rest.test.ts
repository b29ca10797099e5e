// Issue 16: "A secret never appears in a snapshot, log, export, support bundle or `policy show`."
// A real workstation with a distinctive value in every secret setting runs a realistic session
// (the line registers with real Kamailio, a CRM lookup, the sync backend first refusing with the
// token echoed, then taking the records), and every output is searched for every value: raw,
// base64 and UTF-16. Uses the built `anlauf` command (node scripts/build.mjs --quiet first).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { secretPaths, settingsSchema } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { openAppLog } from '../../src-main/core/diagnostics/app-log';
import { settingsSecrets } from '../../src-main/core/recorder/sip-redact';
import { EncryptedFileVault } from '../../src-main/core/secrets/encrypted-file-vault';
import { Workstation } from '../../src-main/core/workstation';
import { runCli } from '../support/cli';
import { CrmServer } from '../support/crm-server';
import { FormEndpoint } from '../support/form-endpoint';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { SyncServer } from '../support/sync-server';
import { resourcesDir, tempDir } from '../support/temp';
import { testCipher } from '../support/test-cipher';
import { flush } from '../support/workstation';
import { waitFor } from '../support/wrtc-media';

/** Every secret setting, with a value nothing else in the session could contain. */
const CANARY = {
  'sip.password': 'canary-rest-sip-4c1e9a',
  'sip.iceServers[].credential': 'canary-rest-turn-7b20d3',
  'sync.token': 'canary-rest-sync-e58f11',
  'crm.auth.value': 'canary-rest-crm-90aa6c',
  'clients[].forms.auth.value': 'canary-rest-forms-3d7f02',
};

/** The forms a secret could take in bytes: as written, base64 (also inside JSON), UTF-16 (Windows). */
function forms(secret: string): Buffer[] {
  return [Buffer.from(secret), Buffer.from(Buffer.from(secret).toString('base64')), Buffer.from(secret, 'utf16le'), Buffer.from(secret, 'utf16le').swap16()];
}

/** Which canaries `bytes` holds, in any form; a zip's entries are searched unpacked. */
function found(bytes: Uint8Array, where: string): string[] {
  const buffer = Buffer.from(bytes);
  const hits = Object.entries(CANARY)
    .filter(([, secret]) => forms(secret).some((form) => buffer.includes(form)))
    .map(([name]) => `${where}: ${name}`);
  if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    for (const [entry, content] of Object.entries(unzipSync(buffer))) hits.push(...found(content, `${where} › ${entry}`));
  return hits;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

let kamailio: Kamailio;
const sync = new SyncServer();
const crm = new CrmServer();
const formEndpoint = new FormEndpoint();
beforeAll(async () => {
  kamailio = await startKamailio({ users: { agent7: CANARY['sip.password'] } });
  sync.token = CANARY['sync.token'];
  await sync.listen();
  crm.token = CANARY['crm.auth.value'];
  crm.customers = [{ crmId: 'c-17', number: '4711', fullName: 'Erika Müller', phones: ['+494030124477'] }];
  await crm.start();
  formEndpoint.token = `Bearer ${CANARY['clients[].forms.auth.value']}`;
  await formEndpoint.listen();
}, 30_000);
afterAll(async () => {
  await kamailio?.stop();
  await sync.close();
  await crm.stop();
  await formEndpoint.close();
});

describe('secrets at rest and in every output', () => {
  it('are in no snapshot, log, export, support bundle, command output or file of the data folder', async () => {
    expect(secretPaths(settingsSchema).sort(), 'a new secret setting needs its canary here').toEqual(Object.keys(CANARY).sort());
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(
      config,
      JSON.stringify(
        {
          sip: {
            websocketUrl: kamailio.wsUrl,
            uri: kamailio.uri('agent7'),
            password: CANARY['sip.password'],
            iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'agent7', credential: CANARY['sip.iceServers[].credential'] }],
          },
          sync: { url: sync.url, token: CANARY['sync.token'] },
          clients: [
            {
              id: 'stadtwerke-nord',
              name: 'Stadtwerke Nord',
              greeting: 'Stadtwerke Nord.',
              colour: '#004488',
              forms: { url: `${formEndpoint.url}/api/forms/{form}`, auth: { header: 'Authorization', value: formEndpoint.token }, timeoutMs: 2_000 },
            },
          ],
          crm: {
            byNumberUrl: `${crm.url}/api/customers?phone={number}`,
            auth: { header: 'Authorization', value: `Bearer ${CANARY['crm.auth.value']}` },
            timeoutMs: 2_000,
            mapping: {
              id: 'data.customers[].crmId',
              customerNumber: 'data.customers[].number',
              name: 'data.customers[].fullName',
              email: 'data.customers[].mail',
              postcode: 'data.customers[].address.zip',
              city: 'data.customers[].address.town',
              phones: 'data.customers[].phones[]',
            },
          },
        },
        null,
        2,
      ),
    );
    // The Electron host's vault (safeStorage), with a test key: its file is in the data folder too.
    const key = randomBytes(32);
    const openVault = () =>
      new EncryptedFileVault(dataDir, testCipher(key), { store: 'safeStorage', backend: 'test', fallback: null }, { log: () => undefined });
    const vault = openVault();
    const appLog = openAppLog(dataDir, { stderr: false });
    const ws = new Workstation({
      dataDir,
      configFile: config,
      host: 'web',
      appVersion: 'test',
      resourcesDir,
      logger: appLog.logger,
      clock: systemClock,
      vault,
    });
    appLog.useSecrets(() => settingsSecrets(ws.settings.get()));
    const dispatcher = new Dispatcher(ws);
    const sent: unknown[] = [];
    const off = dispatcher.subscribe((event, payload) => sent.push({ event, payload }));
    const call = async (command: string, payload: unknown = {}) => {
      const result = await dispatcher.handle(command, payload);
      sent.push({ command, result });
      return result as { ok: boolean; result?: unknown };
    };
    // The backend's first answer refuses the token and repeats it, as some do.
    sync.faults = [{ kind: 'status', status: 401, body: `invalid token Bearer ${CANARY['sync.token']}` }];
    await ws.start();
    await waitFor('registered', () => ws.snapshot().line.status === 'registered', 8_000);

    const placed = await call('training:placeCall', { remoteNumber: '+49 40 3012 4477', ivr: {} });
    const callId = (placed.result as { callId: string }).callId;
    await expect.poll(() => ws.snapshot().contexts[callId]?.customer.customers[0]?.name ?? null, { timeout: 5_000 }).toBe('Erika Müller');
    await call('phone:answer', { callId });
    await call('phone:hangup', { callId });
    // A form the client's system refuses, repeating the credentials in its reason: kept, shown and exported refused.
    formEndpoint.faults = [{ kind: 'status', status: 422, body: `not accepted with ${formEndpoint.token}` }];
    const form = {
      id: 'form-secret-check',
      revision: 1,
      callId,
      formId: 'fault-report',
      formVersion: null,
      title: 'Fault report',
      kind: 'fault' as const,
      clientId: 'stadtwerke-nord',
      language: 'en',
      agentId: null,
      submittedAt: Date.now(),
      fields: [{ id: 'what', label: 'What is not working?', type: 'text' as const, value: 'power' }],
    };
    ws.formSubmissions.submit(form);
    await expect.poll(() => ws.formSubmissions.get(form.id)?.status, { timeout: 5_000 }).toBe('refused');
    await flush();
    await call('sync:now');
    await expect.poll(() => sync.requests.some((r) => r.status === 401), { timeout: 5_000 }).toBe(true);
    await call('sync:now');
    await expect.poll(() => sync.stored.size, { timeout: 5_000 }).toBeGreaterThan(0);
    await call('app:snapshot');
    await call('callLog:list', { limit: 10 });
    await call('callLog:export', { format: 'json' });
    const bundle = await call('support:bundle', {});
    expect(bundle.ok).toBe(true);
    off();
    await ws.stop();
    await appLog.close();

    // The command line on the same data folder, as IT and support run it.
    const cli = async (...args: string[]) => {
      const result = await runCli(args, { ANLAUF_DATA_DIR: dataDir });
      return `${result.stdout}\n${result.stderr}`;
    };
    const bundleFile = path.join(dir, 'bundle.zip');
    /** Every output besides the data folder, by name; `policy show` lists every setting with its source. */
    const OUTPUTS: { name: string; bytes: () => Promise<Uint8Array> }[] = [
      { name: 'what the Dispatcher sent (snapshots, events, answers)', bytes: async () => Buffer.from(JSON.stringify(sent)) },
      {
        name: 'the support bundle the Settings button made',
        bytes: async () => Buffer.from((bundle.result as { contentBase64: string }).contentBase64, 'base64'),
      },
      { name: 'anlauf calllog export --format json', bytes: async () => Buffer.from(await cli('calllog', 'export', '--format', 'json')) },
      { name: 'anlauf calllog export --format csv', bytes: async () => Buffer.from(await cli('calllog', 'export', '--format', 'csv')) },
      { name: 'anlauf sync status --json', bytes: async () => Buffer.from(await cli('sync', 'status', '--json')) },
      { name: 'anlauf settings validate', bytes: async () => Buffer.from(await cli('settings', 'validate', config)) },
      {
        name: 'anlauf support-bundle',
        bytes: async () => {
          await cli('support-bundle', '--config', config, '--out', bundleFile);
          return fs.readFileSync(bundleFile);
        },
      },
      { name: 'anlauf policy show', bytes: async () => Buffer.from(await cli('policy', 'show', '--config', config)) },
      { name: 'anlauf policy show --json', bytes: async () => Buffer.from(await cli('policy', 'show', '--json', '--config', config)) },
    ];
    const hits: string[] = [];
    for (const output of OUTPUTS) hits.push(...found(await output.bytes(), output.name));
    // Every file the session and the commands left in the data folder: settings, the last good
    // copy, the vault, the database and its WAL, logs, recordings, reports, crash files.
    const files = filesUnder(dataDir);
    expect(files.map((file) => path.relative(dataDir, file))).toEqual(
      expect.arrayContaining([
        'anlauf.sqlite',
        'settings-last-good.json',
        'secrets.json',
        expect.stringMatching(/^logs\//),
        expect.stringMatching(/^reports\/.*\.zip$/),
      ]),
    );
    for (const file of files) hits.push(...found(fs.readFileSync(file), path.relative(dataDir, file)));
    expect(hits).toEqual([]);

    // The session was real: each secret was used, and the backend's echo reached the desk.
    expect(sync.requests.some((r) => r.status === 401)).toBe(true);
    expect(crm.requests.some((r) => r.auth === `Bearer ${CANARY['crm.auth.value']}`)).toBe(true);
    expect(formEndpoint.requests.map((r) => [r.auth === formEndpoint.token, r.answered])).toEqual([[true, 422]]);
    // The last good copy's secrets are in the vault, which gives them back to the key's holder.
    const refs = (JSON.parse(fs.readFileSync(path.join(dataDir, 'settings-last-good.json'), 'utf8')) as { secrets: { name: string }[] }).secrets;
    expect(refs.map((ref) => openVault().get(ref.name)).sort()).toEqual(
      [
        CANARY['sip.password'],
        CANARY['sip.iceServers[].credential'],
        CANARY['sync.token'],
        `Bearer ${CANARY['crm.auth.value']}`,
        `Bearer ${CANARY['clients[].forms.auth.value']}`,
      ].sort(),
    );
  }, 60_000);
});
