import { describe, expect, it } from 'vitest';
import { Desk } from '../../src-main/core/desk/desk';
import { DeskLinks, SIGNED_OUT_LINK_HOLD_MS } from '../../src-main/core/desk/desk-links';
import { silentLogger } from '../../src-main/core/log';
import { DialLinks, type LinkHoldUp } from '../../src-main/core/phone/dial-links';
import { MemoryVault } from '../../src-main/core/platform/secret-vault';
import { ManualClock } from '../support/manual-clock';
import { resourcesDir, tempDir } from '../support/temp';
import { flush } from '../support/workstation';

/** One agent's DialLinks, as their Workstation has it, with what holds a link up set by the test. */
function agentLinks(clock: ManualClock, holdUp: LinkHoldUp | null = null) {
  return new DialLinks({ clock, logger: silentLogger, holdUp: () => holdUp, waitMs: 30_000 });
}

describe('links at desk level, across sign-ins', () => {
  it('holds a link that came while nobody was signed in, and gives it to the agent who signs in', () => {
    const clock = new ManualClock();
    const desk = new DeskLinks({ clock, logger: silentLogger });
    const ready: string[] = [];
    desk.onReady((link) => ready.push(link.target));
    desk.offer('tel:+49 40 111');
    desk.offer('tel:+49 40 3012 4477'); // clicked again: the newer one counts
    clock.advance(60_000); // typing the ID and password
    const anna = agentLinks(clock);
    desk.attach(anna);
    expect(anna.view()).toMatchObject({ state: 'ready', target: '+49 40 3012 4477' });
    expect(ready).toEqual(['+49 40 3012 4477']);
  });

  it('says what it holds, for the sign-in form, and drops it when nobody signs in in time: no stranger finds it in the dial box', () => {
    const clock = new ManualClock();
    const desk = new DeskLinks({ clock, logger: silentLogger });
    let changes = 0;
    desk.onDidChangeHeld(() => changes++);
    desk.offer('tel:+49 40 3012 4477;phone-context=example.org');
    expect(desk.heldTarget()).toBe('+49 40 3012 4477');
    expect(changes).toBe(1);
    clock.advance(SIGNED_OUT_LINK_HOLD_MS - 1);
    expect(desk.heldTarget()).toBe('+49 40 3012 4477');
    clock.advance(1);
    expect(desk.heldTarget()).toBeNull();
    expect(changes).toBe(2); // the form no longer says so
    const anna = agentLinks(clock);
    desk.attach(anna);
    expect(anna.view()).toBeNull();
  });

  it('gives a newer link its own five minutes', () => {
    const clock = new ManualClock();
    const desk = new DeskLinks({ clock, logger: silentLogger });
    desk.offer('tel:111');
    clock.advance(SIGNED_OUT_LINK_HOLD_MS - 1_000);
    desk.offer('tel:222');
    clock.advance(60_000);
    expect(desk.heldTarget()).toBe('222');
    const anna = agentLinks(clock);
    desk.attach(anna);
    expect(anna.view()?.target).toBe('222');
    expect(desk.heldTarget()).toBeNull();
  });

  it("follows whoever is signed in: the second agent's links reach the host, the first's stopped Workstation gets none", () => {
    const clock = new ManualClock();
    const desk = new DeskLinks({ clock, logger: silentLogger });
    const ready: string[] = [];
    desk.onReady((link) => ready.push(link.target));
    const anna = agentLinks(clock);
    const annaSignedIn = desk.attach(anna);
    desk.offer('tel:111');
    expect(ready).toEqual(['111']);
    annaSignedIn.dispose(); // Anna signs out

    desk.offer('tel:222'); // nobody signed in: held
    expect(anna.view()?.target).toBe('111');
    const ben = agentLinks(clock, 'line');
    desk.attach(ben);
    expect(ben.view()).toMatchObject({ state: 'waiting', waitingFor: 'line', target: '222' });
    expect(ready).toEqual(['111']);
    desk.offer('tel:333');
    expect(ben.view()).toMatchObject({ state: 'waiting', target: '333' });
    ben.check();
    expect(ready).toEqual(['111']); // the line is still not up
  });
});

describe('a personal desk (signIn.mode off), as the Electron host runs it', () => {
  function personalDesk() {
    const clock = new ManualClock();
    const desk = new Desk({ dataDir: tempDir(), host: 'electron', appVersion: 'test', resourcesDir, logger: silentLogger, clock, vault: new MemoryVault() });
    return { desk, clock };
  }

  it('puts a link that started the app into the dial box once the Workstation runs, and tells the host', async () => {
    const { desk } = personalDesk();
    const ready: string[] = [];
    desk.onLinkReady((link) => ready.push(link.target));
    desk.offerLink('tel:+49 40 3012 4477'); // before start, as main.ts offers the link the app was started with
    await desk.start();
    await flush();
    expect(desk.snapshot().link).toMatchObject({ state: 'ready', target: '+49 40 3012 4477' });
    expect(ready).toEqual(['+49 40 3012 4477']);
    expect(desk.snapshot().calls).toEqual([]);
    await desk.stop();
  });

  it('refreshes no line when there is none (the training line), and stops once however often asked', async () => {
    const { desk } = personalDesk();
    await desk.start();
    expect(() => desk.refreshLine()).not.toThrow();
    const first = desk.stop();
    expect(desk.stop()).toBe(first);
    await first;
    expect(desk.workstation?.db.open).toBe(false);
  });
});
