import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src-main/core/clock';
import { SipOptionsPing } from '../../src-main/core/phone/sip/options-ping';
import { ManualClock } from '../support/manual-clock';

// The OPTIONS ping's rules on a clock the test moves. The server is a list of pending answers the
// test gives or withholds, as a SIP server answers an OPTIONS or stays silent.

function server() {
  const pending: (() => void)[] = [];
  const events: string[] = [];
  return {
    pending,
    events,
    sent: () => pending.length,
    send: (answered: () => void) => void pending.push(answered),
    answerAll: () => pending.splice(0).forEach((answer) => answer()),
  };
}

function ping(clock: Clock, s: ReturnType<typeof server>, intervalMs = 15_000) {
  return new SipOptionsPing(clock, intervalMs, { dead: () => s.events.push(`dead@${clock.now()}`), unanswered: () => s.events.push('unanswered') });
}

describe('the OPTIONS ping', () => {
  it('asks at once on a new connection, then once an interval while the server answers', () => {
    const clock = new ManualClock();
    const s = server();
    ping(clock, s).start(s.send);
    expect(s.sent()).toBe(1);
    for (let i = 0; i < 4; i++) {
      s.answerAll();
      clock.advance(15_000);
      expect(s.sent()).toBe(1);
    }
    expect(s.events).toEqual([]);
  });

  it('calls the line dead when a server that answered leaves one unanswered for 5 s', () => {
    const clock = new ManualClock();
    const start = clock.now();
    const s = server();
    ping(clock, s).start(s.send);
    s.answerAll();
    clock.advance(15_000); // the second OPTIONS goes out at 15 s …
    expect(s.sent()).toBe(1);
    clock.advance(4_999);
    expect(s.events).toEqual([]);
    clock.advance(1); // … and is judged 5 s later
    expect(s.events).toEqual([`dead@${start + 20_000}`]);
    clock.advance(60_000);
    expect(s.sent()).toBe(1); // nothing more on a connection called dead
  });

  it('leaves alone a server that never answers OPTIONS', () => {
    const clock = new ManualClock();
    const s = server();
    ping(clock, s).start(s.send);
    clock.advance(5_000);
    expect(s.events).toEqual(['unanswered']);
    clock.advance(120_000);
    expect(s.sent()).toBe(1);
    expect(s.events).toEqual(['unanswered']);
  });

  it('counts a late answer to an earlier OPTIONS as no answer to the current one', () => {
    const clock = new ManualClock();
    const s = server();
    ping(clock, s).start(s.send);
    const [first] = s.pending.splice(0);
    first!();
    clock.advance(15_000);
    // The first OPTIONS's answer again (a retransmission) proves nothing about the second.
    first!();
    clock.advance(5_000);
    expect(s.events.map((e) => e.split('@')[0])).toEqual(['dead']);
  });

  it('gives no verdict that comes late (the machine slept), and asks again', () => {
    const manual = new ManualClock();
    let skew = 0;
    // The timers fire when the test says; the time they read is late by `skew`.
    const clock: Clock = { now: () => manual.now() + skew, setTimeout: (fn, ms) => manual.setTimeout(fn, ms), clearTimeout: (h) => manual.clearTimeout(h) };
    const s = server();
    ping(clock, s).start(s.send);
    s.answerAll();
    manual.advance(15_000);
    skew = 3_600_000;
    manual.advance(5_000);
    expect(s.events).toEqual([]);
    s.pending.splice(0);
    manual.advance(10_000);
    expect(s.sent()).toBe(1); // asked again, and this verdict counts
    manual.advance(5_000);
    expect(s.events.map((e) => e.split('@')[0])).toEqual(['dead']);
  });

  it('forgets on restart what it learnt of the previous connection', () => {
    const clock = new ManualClock();
    const s = server();
    const p = ping(clock, s);
    p.start(s.send);
    s.answerAll();
    p.start(s.send); // a new connection: its server has not answered yet
    s.pending.splice(0, s.pending.length - 1);
    clock.advance(5_000);
    expect(s.events).toEqual(['unanswered']);
  });

  it('sends nothing when switched off (sip.optionsPingSeconds 0)', () => {
    const clock = new ManualClock();
    const s = server();
    ping(clock, s, 0).start(s.send);
    clock.advance(60_000);
    expect(s.sent()).toBe(0);
  });
});
