import os from 'node:os';
import type { Clock } from '../../clock';

/**
 * The computer's own addresses (loopback left out), sorted, as one text: two readings differ
 * exactly when an address came or went (Wi-Fi ↔ cable, a VPN up or down, a new DHCP lease).
 */
export function readAddresses(): string {
  const found: string[] = [];
  for (const [name, entries] of Object.entries(os.networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (!entry.internal) found.push(`${name} ${entry.address}`);
    }
  }
  return found.sort().join(',');
}

/** How often the addresses are read: Node has no event for it, and a reading costs microseconds. */
export const ADDRESS_POLL_MS = 500;

/** What changed between two readings: the addresses that went and those that came (without the interface names). */
export interface AddressChange {
  lost: string[];
  gained: string[];
}

/** Calls `changed` when the addresses differ from the previous reading. */
export class AddressWatch {
  private last: string;
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly read: () => string,
    private readonly changed: (change: AddressChange) => void,
    private readonly everyMs = ADDRESS_POLL_MS,
  ) {
    this.last = read();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      const now = this.read();
      if (now !== this.last) {
        const change = compareReadings(this.last, now);
        this.last = now;
        this.changed(change);
      }
      this.schedule();
    }, this.everyMs);
  }
}

/** The addresses that went and came between two readings of readAddresses. */
export function compareReadings(before: string, after: string): AddressChange {
  const entries = (reading: string) => new Set(reading.split(',').filter((entry) => entry !== ''));
  const old = entries(before);
  const now = entries(after);
  const address = (entry: string) => entry.slice(entry.lastIndexOf(' ') + 1);
  return {
    lost: [...old].filter((entry) => !now.has(entry)).map(address),
    gained: [...now].filter((entry) => !old.has(entry)).map(address),
  };
}

/** The same address as Node writes it on a socket and in os.networkInterfaces (IPv4 mapped into IPv6 unwrapped, zone and case ignored). */
export function sameAddress(a: string, b: string): boolean {
  const plain = (address: string) =>
    address
      .toLowerCase()
      .replace(/^::ffff:(?=\d+\.)/, '')
      .replace(/%.*$/, '');
  return plain(a) === plain(b);
}
