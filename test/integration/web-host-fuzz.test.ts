import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandNames, commands, type CommandName, type Snapshot } from '../../src-main/contract';
import { startCli, type RunningHost } from '../support/cli';
import { FarEnd, type FarCall } from '../support/far-end';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { tempDir } from '../support/temp';
import { closed, openSocket, rawRequest, WireClient } from '../support/web-host';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// The real `anlauf start` in browser-host mode, in its own process, with a real call on it
// (a Kamailio, a far end calling, the page's media end on wrtc attached over the socket), fed
// thousands of generated requests: malformed HTTP on raw TCP, upgrades with every wrong part, and
// every contract command with malformed, oversized and type-confused payloads. After each batch
// the process is alive, the call is still up, and nothing the page could see has changed.

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const NO_ELECTRON = { ELECTRON_OVERRIDE_DIST_PATH: tempDir('no-electron-') };

let kamailio: Kamailio;
let customer: FarEnd;
let cli: RunningHost;
let media: WrtcMediaEnd;
let mediaSocket: WebSocket;
let farCall: FarCall;
let callId: string;
let sent = 0;

/** Attaches a wrtc media end to the host over the socket, as the page's bridge does. */
async function attachMedia(port: number, token: string): Promise<void> {
  media = createWrtcMediaEnd(660);
  mediaSocket = await openSocket(port, token);
  const socket = mediaSocket;
  media.channel.onEvent((event) => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ type: 'media-event', event })));
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.type !== 'media-request') return;
    media.channel.request(message.request).then(
      (result) => socket.send(JSON.stringify({ type: 'media-reply', reply: { seq: message.seq, ok: true, result } })),
      (error: Error) =>
        socket.send(JSON.stringify({ type: 'media-reply', reply: { seq: message.seq, ok: false, error: { name: error.name, message: error.message } } })),
    );
  });
  socket.send(JSON.stringify({ type: 'media-hello', capabilities: media.channel.capabilities }));
}

async function withClient<T>(run: (client: WireClient) => Promise<T>): Promise<T> {
  const socket = await openSocket(cli.port, cli.token);
  try {
    return await run(new WireClient(socket));
  } finally {
    socket.close();
    await closed(socket);
  }
}

/** What the page could see, without the clocks. */
async function observable() {
  return withClient(async (client) => {
    const s = (await client.ok('app:snapshot')) as Snapshot;
    const log = await client.ok('callLog:list', { limit: 50 });
    return {
      line: s.line.status,
      agent: { state: s.agent.state, chosen: s.agent.chosen, reason: s.agent.reason },
      calls: s.calls.map((c) => ({ id: c.id, state: c.state, hold: c.hold, muted: c.muted, remoteNumber: c.remoteNumber })),
      settings: s.settings,
      training: s.training,
      wrapUps: s.wrapUps,
      callbacks: s.callbacks,
      callLists: s.callLists,
      preview: s.preview,
      loadedScripts: s.loadedScripts,
      scripts: s.scripts,
      customerImport: s.customerImport,
      link: s.link,
      headsets: s.headsets,
      log: log.entries.map((e: any) => ({ ...e, answerAt: e.answerAt === null ? null : 'set' })),
      total: log.total,
    };
  });
}

let baseline: Awaited<ReturnType<typeof observable>>;

/** The process lives, the call is up on both ends, and nothing observable changed. */
async function stillTheSame(): Promise<void> {
  expect(cli.child.exitCode).toBeNull();
  expect(cli.child.signalCode).toBeNull();
  expect(farCall.state).toBe('confirmed');
  expect(await observable()).toEqual(baseline);
  expect(cli.stderr()).not.toMatch(/uncaught exception|unhandled promise rejection|failed to answer|failed to handle/);
}

beforeAll(async () => {
  kamailio = await startKamailio();
  customer = await FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin' });
  const dataDir = tempDir();
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl, uri: kamailio.uri('agent7'), password: 'secret7' } }));
  cli = await startCli(['--web', '--port', '0', '--data-dir', dataDir, '--config', config], NO_ELECTRON);
  await attachMedia(cli.port, cli.token);
  await withClient(async (client) => {
    await waitFor('the line registered', async () => (await client.ok('app:snapshot')).line.status === 'registered', 8000);
    farCall = customer.call(kamailio.uri('agent7'));
    await waitFor('the call ringing', async () => (await client.ok('app:snapshot')).calls.some((c: any) => c.state === 'ringing'), 5000);
    callId = (await client.ok('app:snapshot')).calls[0].id;
    await client.ok('phone:answer', { callId });
  });
  await farCall.waitForState('confirmed');
  await farCall.audio.waitForAudio(20);
  baseline = await observable();
  expect(baseline.calls).toEqual([expect.objectContaining({ id: callId, state: 'active' })]);
}, 40_000);

afterAll(async () => {
  mediaSocket?.close();
  if (farCall?.state === 'confirmed') await farCall.hangup().catch(() => undefined);
  media?.close();
  await cli?.stop();
  await customer?.stop();
  await kamailio?.stop();
  console.log(`web-host fuzz: ${sent} generated requests (seed ${SEED})`);
});

async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

// ---- HTTP and upgrade requests ------------------------------------------------------------

const pathPiece = fc.oneof(
  fc.constantFrom(
    '%',
    '%0',
    '%00',
    '%zz',
    '%2e%2e',
    '..',
    '.',
    '%2f',
    '%5c',
    '\\',
    '',
    '?',
    '#',
    '%E0%A4%A',
    '%c0%af',
    '%ff',
    '~',
    ':',
    'C:',
    'index.html',
    'anlauf-bridge.js',
    'ws',
    'assets',
    'etc',
    'passwd',
    '*',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }).map((s) => s.replace(/[\r\n ]/g, '')),
  fc.webSegment(),
);
const target = fc.oneof(
  { weight: 6, arbitrary: fc.array(pathPiece, { maxLength: 8 }).map((parts) => '/' + parts.join('/')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'http://[',
      'http://[::1',
      '//[',
      '*',
      '',
      'http://127.0.0.1/ws',
      'ws://x/ws',
      '/ws?token=',
      '/ws?token=%',
      '/ws?%00',
      '\u00ff\u00fe',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 120_000 }).map((n) => '/' + 'a'.repeat(n)) },
);
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'HEAD') },
  { weight: 2, arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PROPFIND', 'BREW', 'get', 'G\u0000T', '') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 10 }) },
);

function requestArbitrary() {
  const own = () => `127.0.0.1:${cli.port}`;
  return fc
    .record({
      method,
      target,
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 x', ''),
      host: fc.constantFrom('own', 'own', 'localhost', 'missing', 'evil', 'twice', 'huge', 'empty'),
      origin: fc.constantFrom('none', 'own', 'evil', 'null', 'other-port'),
      upgrade: fc.boolean(),
      token: fc.constantFrom('none', 'right', 'wrong', 'right+x', 'empty'),
      extra: fc.array(
        fc.constantFrom(
          'X-Long: ' + 'b'.repeat(20_000),
          'NoColonHere',
          'Content-Length: -1',
          'Content-Length: 5',
          'Transfer-Encoding: chunked',
          ': empty-name',
          'X-Nul: a\u0000b',
          'Sec-WebSocket-Version: 99',
        ),
        { maxLength: 2 },
      ),
      ending: fc.constantFrom('\r\n\r\n', '\r\n\r\n', '\n\n', '\r\n', 'zzz\r\n\r\nGET / HTTP/1.1\r\n\r\n'),
    })
    .map((r) => {
      let t = r.target;
      if (r.upgrade && r.token !== 'none') {
        const value = { right: cli.token, wrong: 'x'.repeat(cli.token.length), 'right+x': cli.token + 'x', empty: '' }[r.token];
        t = `${t === '' ? '/ws' : t}${t.includes('?') ? '&' : '?'}token=${value}`;
      }
      const lines = [`${r.method} ${t} ${r.version}`.trimEnd()];
      const host = {
        own: own(),
        localhost: `localhost:${cli.port}`,
        missing: null,
        evil: `evil.example:${cli.port}`,
        twice: `${own()}\r\nHost: evil.example`,
        huge: 'h'.repeat(9000),
        empty: '',
      }[r.host];
      if (host !== null) lines.push(`Host: ${host}`);
      const origin = { none: null, own: `http://${own()}`, evil: 'http://evil.example', null: 'null', 'other-port': `http://127.0.0.1:${cli.port + 1}` }[
        r.origin
      ];
      if (origin !== null) lines.push(`Origin: ${origin}`);
      if (r.upgrade) lines.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13');
      else lines.push('Connection: close');
      lines.push(...r.extra);
      return Buffer.from(lines.join('\r\n') + r.ending, 'latin1');
    });
}

// ---- commands -----------------------------------------------------------------------------

/** Payloads of every shape, and each command's own fields with values of the wrong kind. */
function payloadArbitrary(command: CommandName) {
  const shape = (commands[command].request as unknown as { shape?: Record<string, unknown>; options?: { shape?: Record<string, unknown> }[] }).shape;
  const fields = Object.keys(shape ?? {});
  const confused = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.string({ maxLength: 20 }),
    fc.constant(''),
    fc.constant(-1),
    fc.constant(Number.MAX_SAFE_INTEGER + 2),
    fc.constant([]),
    fc.constant({}),
    fc.constant({ __proto__: { polluted: true } }),
    fc.constant('x'.repeat(300)),
    fc.constant('A'.repeat(800_000)),
  );
  return fc.oneof(
    fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
    fc.dictionary(fc.constantFrom(...fields, 'extra', '__proto__', 'constructor'), confused, { maxKeys: 4 }),
    fc.constantFrom(null, 0, 'x', [], true, Number.NaN),
  );
}

describe('the browser host under generated requests, with a call on it', () => {
  it('survives malformed HTTP and upgrade requests on raw TCP; never answers 500 or a file outside the app', async () => {
    const requests = fc.sample(requestArbitrary(), { numRuns: 4200, seed: SEED });
    let statuses = 0;
    await inParallel(requests, 24, async (raw) => {
      const answer = await rawRequest(cli.port, raw, 400);
      sent++;
      if (/^HTTP\/1\.1 \d{3}/.test(answer)) statuses++;
      expect(answer).not.toMatch(/^HTTP\/1\.1 5\d\d/);
      expect(answer).not.toContain('root:x:0:0');
    });
    // Most requests got an answer (the rest were closed, or upgraded and dropped by us).
    expect(statuses).toBeGreaterThan(requests.length / 2);
    await stillTheSame();
  }, 60_000);

  it('refuses every malformed command with an error response, and nothing changes', async () => {
    await withClient(async (client) => {
      let refused = 0;
      for (const command of commandNames) {
        const schema = commands[command].request;
        const payloads = fc
          .sample(payloadArbitrary(command), { numRuns: 60, seed: SEED })
          .filter((payload) => !schema.safeParse(payload).success)
          .slice(0, 30);
        const replies = await Promise.all(payloads.map((payload) => client.request(command, payload)));
        sent += payloads.length;
        for (const reply of replies) {
          expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
          refused++;
        }
      }
      expect(refused).toBeGreaterThan(commandNames.length * 20);
      // Envelopes that are not requests at all, and commands that do not exist.
      const junk: (string | Buffer)[] = [
        'not json',
        '{"type":"request"}',
        '{"type":"request","seq":-1,"command":"app:snapshot"}',
        '[]',
        'null',
        '{"type":"media-reply","reply":{"seq":1,"ok":true,"result":{}}}',
        '{"type":"media-event","event":{"type":"pc.state","pcId":"x"}}',
        Buffer.from([0, 1, 2]),
      ];
      for (const message of junk) client.socket.send(message);
      const unknown = await Promise.all(fc.sample(fc.string({ maxLength: 64 }), { numRuns: 100, seed: SEED }).map((name) => client.request(name, {})));
      sent += junk.length + unknown.length;
      for (const reply of unknown) expect(reply).toMatchObject({ ok: false, error: { code: expect.stringMatching(/unknown-command|invalid-request/) } });
    });
    await stillTheSame();
  }, 60_000);

  it('closes a socket that sends an oversized frame and keeps the others', async () => {
    const socket = await openSocket(cli.port, cli.token);
    const gone = closed(socket);
    socket.send(JSON.stringify({ type: 'request', seq: 1, command: 'scripts:load', payload: { fileName: 'x.yaml', content: 'x'.repeat(6 * 1024 * 1024) } }));
    sent++;
    expect((await gone).code).toBe(1009);
    await stillTheSame();
  });
});
