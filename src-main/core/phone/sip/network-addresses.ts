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

/** Calls `changed` when the addresses differ from the previous reading; `lost`: one of them went. */
export class AddressWatch {
  private last: string;
  private timer: unknown = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly read: () => string,
    private readonly changed: (lost: boolean) => void,
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
        const current = new Set(now.split(','));
        const lost = this.last.split(',').some((entry) => entry !== '' && !current.has(entry));
        this.last = now;
        this.changed(lost);
      }
      this.schedule();
    }, this.everyMs);
  }
}
