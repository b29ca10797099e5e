import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { joinSecrets, SCRUBBED, scrubSecrets, secretPaths, settingsSchema, snapshotSchema, splitSecrets } from '../../src-main/contract';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';

/** Every secret setting, with a value no other part of the test could make up. */
const CANARY = {
  sipPassword: 'canary-sip-password-7f3a',
  turnCredential: 'canary-turn-credential-91bd',
  syncToken: 'canary-sync-token-c04e',
  crmValue: 'Bearer canary-crm-value-5d21',
  formsValue: 'Bearer canary-forms-value-8e60',
};

interface JsonSchema {
  secret?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

/** Every leaf of the settings' JSON schema, with whether it carries the secret mark. */
function leaves(schema: JsonSchema, prefix = ''): { path: string; marked: boolean }[] {
  const variants = [schema, ...(schema.anyOf ?? [])];
  const object = variants.find((v) => v.properties);
  const list = variants.find((v) => v.items);
  if (object) return Object.entries(object.properties!).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
  if (list?.items) return leaves(list.items, `${prefix}[]`);
  return [{ path: prefix, marked: variants.some((v) => v.secret === true) }];
}

const LOOKS_SECRET = /(pass(word)?|secret|token|credential|api.?key|private|auth\.value)$/i;

describe('secret settings', () => {
  it('are all marked, so no secret setting reaches the renderers unnoticed', () => {
    const all = leaves(z.toJSONSchema(settingsSchema, { io: 'input' }) as JsonSchema);
    const unmarked = all.filter((leaf) => LOOKS_SECRET.test(leaf.path) && !leaf.marked).map((leaf) => leaf.path);
    expect(unmarked, 'settings named like a secret need .meta(SECRET) (src-main/contract/secrets.ts)').toEqual([]);
    expect(secretPaths(settingsSchema).sort()).toEqual([
      'clients[].forms.auth.value',
      'crm.auth.value',
      'sip.iceServers[].credential',
      'sip.password',
      'sync.token',
    ]);
    // The test below sets each of them: a new secret setting must get its canary there too.
    expect(secretPaths(settingsSchema)).toHaveLength(Object.keys(CANARY).length);
  });

  it('can be taken out of a settings file layer and put back, at any depth and in lists', () => {
    const layer = {
      sip: {
        uri: 'sip:agent7@example.org',
        password: CANARY.sipPassword,
        iceServers: [{ urls: 'stun:stun.example.org' }, { urls: 'turn:turn.example.org', username: 'a', credential: CANARY.turnCredential }],
      },
      sync: { url: 'https://sync.example.org', token: null },
      crm: { auth: { header: 'Authorization', value: CANARY.crmValue } },
      clients: [{ id: 'a', forms: { url: 'https://a.example/forms/{form}', auth: { header: 'X-Api-Key', value: CANARY.formsValue } } }],
    };
    const { rest, secrets } = splitSecrets(settingsSchema, layer);
    expect(secrets).toEqual([
      { path: ['sip', 'password'], value: CANARY.sipPassword },
      { path: ['sip', 'iceServers', 1, 'credential'], value: CANARY.turnCredential },
      { path: ['crm', 'auth', 'value'], value: CANARY.crmValue },
      { path: ['clients', 0, 'forms', 'auth', 'value'], value: CANARY.formsValue },
    ]);
    const text = JSON.stringify(rest);
    for (const value of Object.values(CANARY)) expect(text.includes(value)).toBe(false);
    // A null token is no secret: it stays, as the file wrote it.
    expect(rest).toMatchObject({ sync: { token: null }, crm: { auth: { header: 'Authorization' } } });
    expect(joinSecrets(rest, secrets)).toEqual(layer);
  });

  it('are blanked in any text, but short ones are left in numbers', () => {
    const payload = { sync: { error: 'HTTP 401: invalid token canary-sync-token-c04e' }, list: ['x canary-sync-token-c04e y'], n: 3, pin: '+49 40 1234 5678' };
    expect(scrubSecrets(payload, [CANARY.syncToken, '1234'])).toEqual({
      sync: { error: `HTTP 401: invalid token ${SCRUBBED}` },
      list: [`x ${SCRUBBED} y`],
      n: 3,
      pin: '+49 40 1234 5678',
    });
    expect(scrubSecrets(payload, [])).toBe(payload);
  });
});

describe('what the renderers get', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A real HTTP server that refuses every request and repeats the credentials it was sent. */
  async function echoingServer(status: number): Promise<string> {
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(status, { 'Content-Type': 'text/plain' });
        response.end(`refused: ${request.headers.authorization ?? 'no credentials'}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  async function deadPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('never carry a secret: not in any snapshot, event or answer, not even echoed by a backend', async () => {
    const sync = await echoingServer(401);
    const crm = await echoingServer(500);
    const dir = tempDir();
    const configFile = path.join(dir, 'anlauf.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        sip: {
          websocketUrl: `ws://127.0.0.1:${await deadPort()}`,
          uri: 'sip:agent7@example.invalid',
          password: CANARY.sipPassword,
          iceServers: [
            { urls: 'turn:turn.example.invalid:3478', username: 'agent7', credential: CANARY.turnCredential },
            { urls: 'stun:stun.example.invalid' },
          ],
        },
        sync: { url: sync, token: CANARY.syncToken },
        crm: { byNumberUrl: `${crm}/customers?phone={number}`, auth: { header: 'Authorization', value: CANARY.crmValue }, timeoutMs: 2_000 },
      }),
    );
    const { ws } = makeWorkstation({ configFile });
    const dispatcher = new Dispatcher(ws);
    const sent: unknown[] = [];
    const off = dispatcher.subscribe((event, payload) => sent.push({ event, payload }));
    const call = async (command: string, payload: unknown = {}) => {
      const result = await dispatcher.handle(command, payload);
      sent.push({ command, result });
      return result;
    };
    await ws.start();

    // A call on the training line: the CRM is asked (and echoes its credential in its error),
    // the call is logged, and the sync backend is asked (and echoes the token in its 401).
    const placed = await call('training:placeCall', { remoteNumber: '+49 40 3012 4477', ivr: {} });
    expect(placed).toMatchObject({ ok: true });
    const callId = (placed as { result: { callId: string } }).result.callId;
    await expect.poll(() => ws.snapshot().contexts[callId]?.customer.problem ?? '', { timeout: 5_000 }).toContain('HTTP 500');
    await call('phone:answer', { callId });
    await call('phone:hangup', { callId });
    await flush();
    await call('sync:now');
    await expect.poll(() => ws.sync.view().error ?? '', { timeout: 5_000 }).toContain('401');
    await call('settings:update', { ui: { language: 'de' } });
    await call('app:snapshot');
    await call('callLog:list', { limit: 10 });
    await call('callLog:get', { id: callId });
    await call('callLog:export', { format: 'json' });
    await call('sync:quarantine');
    await call('no:such-command');
    await flush();
    off();

    // Main itself keeps the CRM's echo (the Dispatcher blanks it on the way out). The sync
    // backend's echo is blanked by the sync worker as it reads the reply: it would otherwise be
    // kept in the database as the records' last error (secrets-at-rest.test.ts).
    expect(ws.sync.view().error).toContain(`refused: Bearer ${SCRUBBED}`);
    const text = JSON.stringify(sent);
    for (const [name, value] of Object.entries(CANARY)) expect(text.includes(value), name).toBe(false);
    // The echoes were there, and were blanked.
    expect(text).toContain(`refused: Bearer ${SCRUBBED}`);
    expect(text).toContain(`refused: ${SCRUBBED}`);

    // The settings view has none of them by itself: the Dispatcher's scrubbing is the net, not the guard.
    const view = JSON.stringify(ws.snapshot().settings);
    for (const [name, value] of Object.entries(CANARY)) expect(view.includes(value), `settings view: ${name}`).toBe(false);

    // The agent's view still says which secrets are set, in the contract's shape.
    const snapshot = snapshotSchema.parse(ws.snapshot());
    expect(snapshot.settings.sip).toMatchObject({ passwordSet: true });
    expect(snapshot.settings.sip.iceServers).toEqual([
      { urls: 'turn:turn.example.invalid:3478', username: 'agent7', credentialSet: true },
      { urls: 'stun:stun.example.invalid', credentialSet: false },
    ]);
    expect(snapshot.settings.sync.tokenSet).toBe(true);
    expect(snapshot.settings.crm.auth).toEqual({ header: 'Authorization', valueSet: true });
    await ws.stop();
  });
});
