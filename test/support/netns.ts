// A network namespace of the test's own, joined to the root namespace by a veth pair: what runs
// inside (`ip netns exec`) reaches only the root side's address on that pair, so no traffic
// leaves the machine. The link can be taken down and up from the root side, and the inner
// address changed, as a desk's network does. Needs root (iproute2); removed on remove() and on
// process exit.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';

export const IP_BIN = '/usr/sbin/ip';

export interface Netns {
  readonly name: string;
  /** The root side's address (servers the namespace must reach listen here). */
  readonly rootAddress: string;
  /** The namespace side's current address. */
  address: string;
  /** `ip netns exec NAME` as a command prefix for spawn. */
  readonly exec: string[];
  linkDown(): void;
  linkUp(): void;
  /** Replaces the namespace side's address with the next free one of the subnet. */
  changeAddress(): string;
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync(IP_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const live = new Set<Netns>();
let exitHooked = false;

/** Whether this machine lets the tests make namespaces (root, iproute2). */
export function canMakeNetns(): boolean {
  try {
    return process.getuid?.() === 0 && execFileSync(IP_BIN, ['netns', 'list'], { stdio: ['ignore', 'pipe', 'ignore'] }) !== undefined;
  } catch {
    return false;
  }
}

export function createNetns(): Netns {
  const tag = crypto.randomBytes(3).toString('hex');
  const name = `anlauf-${tag}`;
  // 10.231.0.0/16 is ours; a random /24 in it, so parallel tests do not collide.
  const subnet = `10.231.${crypto.randomInt(1, 255)}`;
  const rootIf = `anr${tag}`;
  const innerIf = `ann${tag}`;
  const rootAddress = `${subnet}.1`;
  let host = 2;
  const inNs = (...args: string[]) => ip('netns', 'exec', name, IP_BIN, ...args);
  ip('netns', 'add', name);
  const ns: Netns = {
    name,
    rootAddress,
    address: `${subnet}.${host}`,
    exec: [IP_BIN, 'netns', 'exec', name],
    linkDown: () => ip('link', 'set', rootIf, 'down'),
    linkUp: () => ip('link', 'set', rootIf, 'up'),
    changeAddress: () => {
      const old = ns.address;
      host++;
      ns.address = `${subnet}.${host}`;
      // The old one first: deleting a primary address takes its secondaries with it.
      inNs('addr', 'del', `${old}/24`, 'dev', innerIf);
      inNs('addr', 'add', `${ns.address}/24`, 'dev', innerIf);
      return ns.address;
    },
    remove: () => {
      live.delete(ns);
      try {
        ip('link', 'del', rootIf); // takes its peer in the namespace along
      } catch {
        /* gone already */
      }
      try {
        ip('netns', 'del', name);
      } catch {
        /* gone already */
      }
    },
  };
  live.add(ns);
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const left of [...live]) left.remove();
    });
  }
  try {
    ip('link', 'add', rootIf, 'type', 'veth', 'peer', 'name', innerIf);
    ip('link', 'set', innerIf, 'netns', name);
    ip('addr', 'add', `${rootAddress}/24`, 'dev', rootIf);
    ip('link', 'set', rootIf, 'up');
    inNs('link', 'set', 'lo', 'up');
    inNs('addr', 'add', `${ns.address}/24`, 'dev', innerIf);
    inNs('link', 'set', innerIf, 'up');
  } catch (error) {
    ns.remove();
    throw error;
  }
  return ns;
}
