import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-main/core/clock';
import { Desk } from '../../src-main/core/desk/desk';
import { openAppLog } from '../../src-main/core/diagnostics/app-log';
import { LOG_DIR, logFiles } from '../../src-main/core/diagnostics/log-file';
import { silentLogger } from '../../src-main/core/log';
import { MemoryVault } from '../../src-main/core/platform/secret-vault';
import { settingsSecrets } from '../../src-main/core/recorder/sip-redact';
import { startKamailio, type Kamailio } from '../support/kamailio';
import { resourcesDir, tempDir } from '../support/temp';
import { createWrtcMediaEnd, waitFor, type WrtcMediaEnd } from '../support/wrtc-media';

// What the Electron host asks of a shared desk (IDeskHost) across sign-ins, against a real Kamailio
// with digest auth and a real media end attached to the desk, as the media window is.
let kamailio: Kamailio;
beforeAll(async () => {
  kamailio = await startKamailio({
    users: { hana: 'hana-pw', ilse: 'ilse-pw', jan: 'jan-pw', kai: 'kai-pw', lena: 'lena-pw', mia: 'mia-pw', nora: 'nora-pw', olga: 'olga-pw' },
  });
}, 30_000);
afterAll(async () => {
  await kamailio?.stop();
});

const running: { desk: Desk; media: WrtcMediaEnd }[] = [];
afterEach(async () => {
  for (const { desk, media } of running.splice(0)) {
    await desk.stop();
    media.close();
  }
});

function sharedDesk(settings: Record<string, unknown> = {}): Desk {
  const dataDir = tempDir();
  const configFile = path.join(dataDir, 'it-settings.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({ sip: { websocketUrl: kamailio.wsUrl }, signIn: { mode: 'agent', uriTemplate: `sip:{agentId}@${kamailio.domain}` }, ...settings }),
  );
  const desk = new Desk({
    dataDir,
    configFile,
    host: 'electron',
    appVersion: 'test',
    resourcesDir,
    logger: silentLogger,
    clock: systemClock,
    vault: new MemoryVault(),
  });
  const media = createWrtcMediaEnd();
  desk.media.attach(media.channel);
  running.push({ desk, media });
  return desk;
}

async function signedIn(desk: Desk, agentId: string): Promise<void> {
  await desk.signIn(agentId, `${agentId}-pw`, false);
  await waitFor(`${agentId} registered`, () => desk.snapshot().line.status === 'registered', 5000);
}

/** The REGISTERs (not the un-REGISTERs) Kamailio has seen from `user` so far. */
const registers = (user: string) => [...kamailio.logs().matchAll(new RegExp(`REGISTER of ${user} expires=(?!0 )`, 'g'))].length;

describe('the desk a host runs, across sign-ins', () => {
  it('keeps a link clicked at the sign-in form, and puts it into the dial box of the agent who signs in', async () => {
    const desk = sharedDesk();
    const ready: string[] = [];
    desk.onLinkReady((link) => ready.push(link.target));
    await desk.start();
    desk.offerLink('tel:+49 40 3012 4477');
    // The form says where the link goes; nothing dials, and no agent's dial box has it yet.
    expect(desk.snapshot()).toMatchObject({ signIn: { status: 'signedOut', heldLink: '+49 40 3012 4477' }, link: null, calls: [] });

    await signedIn(desk, 'hana');
    expect(desk.snapshot().signIn.heldLink).toBeNull();
    await waitFor('the link in the dial box', () => desk.snapshot().link?.state === 'ready', 5000);
    expect(desk.snapshot().link).toMatchObject({ state: 'ready', target: '+49 40 3012 4477' });
    expect(ready).toEqual(['+49 40 3012 4477']); // the host brings the window forward
    expect(desk.snapshot().calls).toEqual([]);
  });

  it('brings the window forward for the second agent after the first signed out', async () => {
    const desk = sharedDesk();
    const ready: string[] = [];
    desk.onLinkReady((link) => ready.push(link.target)); // once, as main.ts subscribes
    await desk.start();
    await signedIn(desk, 'ilse');
    desk.offerLink('tel:111');
    await waitFor("Ilse's link", () => ready.length === 1, 5000);
    await desk.signOut();

    await signedIn(desk, 'jan');
    desk.offerLink('tel:222');
    await waitFor("Jan's link", () => ready.length === 2, 5000);
    expect(ready).toEqual(['111', '222']);
    expect(desk.snapshot().signIn.agentId).toBe('jan');
    expect(desk.snapshot().link).toMatchObject({ state: 'ready', target: '222' });
  });

  it("knows the signed-in agent's own SIP domain from their identity: a colleague's link and a typed name go there", async () => {
    // IT's settings carry only the template: the agent's address exists once they signed in.
    const desk = sharedDesk();
    await desk.start();
    await signedIn(desk, 'mia');
    desk.offerLink(`sip:colleague@${kamailio.domain}`);
    await waitFor("the colleague's link", () => desk.snapshot().link?.state === 'ready', 5000);
    expect(desk.snapshot().link).toMatchObject({ target: `sip:colleague@${kamailio.domain}`, refusal: null });
    expect(desk.services.dialing.dialTarget('colleague').target).toBe(`sip:colleague@${kamailio.domain}`);
    // A stranger's domain is still refused.
    desk.offerLink('sip:boss@evil.example');
    expect(desk.snapshot().link).toMatchObject({ state: 'refused', refusal: { reason: 'domain', detail: 'evil.example' } });
  });

  it("tests the signed-in agent's SIP account in the shift check's network item", async () => {
    const desk = sharedDesk({ shiftCheck: { mode: 'offered', items: ['network'] } });
    await desk.start();
    await signedIn(desk, 'nora');
    const ws = desk.workstation!;
    ws.shiftCheck.start(false);
    await waitFor('the check to finish', () => ws.snapshot().shiftCheck.run?.state === 'done', 20_000);
    expect(ws.snapshot().shiftCheck.run).toMatchObject({
      items: [{ id: 'network', status: 'pass' }],
      network: [expect.objectContaining({ kind: 'sip', target: kamailio.wsUrl, ok: true })],
    });
  });

  it("blanks the signed-in agent's password in the app log, as the hosts wire it", async () => {
    const desk = sharedDesk();
    const logDir = tempDir();
    const appLog = openAppLog(logDir, { stderr: false });
    appLog.useSecrets(() => settingsSecrets(desk.settings()));
    await desk.start();
    await signedIn(desk, 'olga');
    appLog.logger.log('warn', 'a library printed more than it should', { detail: 'password=olga-pw' });
    await appLog.close();
    const written = logFiles(path.join(logDir, LOG_DIR))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('');
    expect(written).toContain('a library printed more than it should');
    expect(written).not.toContain('olga-pw');
  });

  it("re-registers the signed-in agent's line on resume, and nobody's while nobody is signed in", async () => {
    const desk = sharedDesk();
    await desk.start();
    desk.refreshLine(); // the sign-in form: no line, nothing happens
    await signedIn(desk, 'kai');
    const kais = registers('kai');
    desk.refreshLine();
    await waitFor("Kai's REGISTER", () => registers('kai') > kais, 5000);
    expect(desk.snapshot().line.status).toBe('registered');
    await desk.signOut();

    await signedIn(desk, 'lena');
    const before = { kai: registers('kai'), lena: registers('lena') };
    desk.refreshLine();
    await waitFor("Lena's REGISTER", () => registers('lena') > before.lena, 5000);
    expect(registers('kai')).toBe(before.kai);
    expect(await kamailio.contacts('kai')).toBe(0);
  });
});
