import { describe, expect, it } from 'vitest';
import { IceRecovery, type WatchedPeer } from '../../src-main/core/phone/sip/ice-recovery';
import { ManualClock } from '../support/manual-clock';

/** The peer's states as the media end reports them; `set` fires the events a peer fires. */
class PeerStates implements WatchedPeer {
  iceConnectionState = 'connected';
  connectionState = 'connected';
  private readonly listeners = new Map<string, Set<() => void>>();

  addEventListener(type: string, listener: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  set(ice: string, connection: string): void {
    const iceChanged = ice !== this.iceConnectionState;
    const connectionChanged = connection !== this.connectionState;
    this.iceConnectionState = ice;
    this.connectionState = connection;
    if (iceChanged) for (const listener of this.listeners.get('iceconnectionstatechange') ?? []) listener();
    if (connectionChanged) for (const listener of this.listeners.get('connectionstatechange') ?? []) listener();
  }
}

function watch(peer: PeerStates, clock: ManualClock) {
  const seen = { restarts: 0, recovering: [] as boolean[], gaveUp: false };
  const recovery = new IceRecovery(peer, {
    clock,
    random: () => 0.5,
    graceMs: 3000,
    recoveryMs: 60_000,
    canRestart: () => true,
    restart: async () => {
      seen.restarts++;
      return true;
    },
    recovering: (active) => seen.recovering.push(active),
    giveUp: () => (seen.gaveUp = true),
  });
  return { recovery, seen };
}

describe('IceRecovery', () => {
  it('a call whose connection is up again counts as recovered, though the ICE state lags at "disconnected"', async () => {
    const clock = new ManualClock();
    const peer = new PeerStates();
    const { recovery, seen } = watch(peer, clock);
    peer.set('failed', 'failed');
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    expect(seen.recovering).toEqual([true]);
    // After the restart media flows again: the connection says so; libwebrtc's legacy ICE state does not.
    peer.set('disconnected', 'connected');
    expect(seen.recovering).toEqual([true, false]);
    // No more re-offers, and the call is not given up when the recovery time runs out.
    clock.advance(70_000);
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    expect(seen.gaveUp).toBe(false);
    recovery.dispose();
  });

  it('a real outage still restarts: ICE and the connection both disconnected past the grace period', async () => {
    const clock = new ManualClock();
    const peer = new PeerStates();
    const { recovery, seen } = watch(peer, clock);
    peer.set('disconnected', 'disconnected');
    clock.advance(2999);
    expect(seen.restarts).toBe(0);
    clock.advance(1);
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    expect(seen.recovering).toEqual([true]);
    peer.set('connected', 'connected');
    expect(seen.recovering).toEqual([true, false]);
    recovery.dispose();
  });

  it("the line registering again while an accepted restart's checks run sends no second re-INVITE; the next try waits for those checks", async () => {
    const clock = new ManualClock();
    const peer = new PeerStates();
    const { recovery, seen } = watch(peer, clock);
    peer.set('failed', 'failed');
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    // The re-INVITE's 200 OK came before the REGISTER's: 'registered' says signalling is back.
    recovery.tryAgainNow();
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    // The accepted restart did not connect in its time: the next try.
    clock.advance(3999);
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    clock.advance(1);
    await Promise.resolve();
    expect(seen.restarts).toBe(2);
    recovery.dispose();
  });

  it("an address that comes while an accepted restart's checks run restarts at once: that offer could not carry it", async () => {
    const clock = new ManualClock();
    const peer = new PeerStates();
    const { recovery, seen } = watch(peer, clock);
    peer.set('failed', 'failed');
    await Promise.resolve();
    expect(seen.restarts).toBe(1);
    recovery.addressGained();
    await Promise.resolve();
    expect(seen.restarts).toBe(2);
    recovery.dispose();
  });
});
