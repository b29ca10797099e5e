// A network namespace of the test's own, joined to the root namespace by a veth pair: what runs
// inside (`ip netns exec`) reaches only the root side's address on that pair, so no traffic
// leaves the machine. The link can be taken down and up from the root side, and the inner
// address changed, as a desk's network does. Firewall rules inside the namespace (iptables)
// drop its packets as a NAT, a firewall or a bad line does: silently, or at random. Needs root
// (iproute2, iptables); removed on remove() and on process exit.
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
  /**
   * Adds a second address inside the namespace that nothing of the test uses (as a VPN, a
   * container network or another adapter of the desk adds one); remove() takes it away again.
   */
  otherAddress(): { readonly address: string; remove(): void };
  /**
   * Drops, inside the namespace, every TCP packet to and from `port` on the far side: the
   * connection dies without a FIN or RST reaching either end, as behind a NAT that forgot it.
   */
  dropTcp(port: number): FirewallRule;
  /** Refuses, inside the namespace, every new TCP connection to `port` (a reset at once, as from a server that is down). */
  refuseTcp(port: number): FirewallRule;
  /** Drops each UDP packet into and out of the namespace with the given probability (0–1). */
  loseUdp(probability: number): FirewallRule;
  remove(): void;
}

/** Firewall rules added inside a namespace; remove() takes them out again (idempotent). */
export interface FirewallRule {
  remove(): void;
}

function ip(...args: string[]): void {
  execFileSync(IP_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * The iptables that works inside a namespace here. Debian's `iptables` is the nf_tables one; a
 * kernel without nf_tables has only the legacy one (and the reverse). Each is tried with the rule
 * kinds the tests use (a port and the statistic match) in a namespace of its own; the first that
 * takes them is used for the rest of the process.
 */
export const IPTABLES_CANDIDATES = ['/usr/sbin/iptables', '/usr/sbin/iptables-nft', '/usr/sbin/iptables-legacy'];
let iptablesBin: string | null | undefined;

export function iptables(): string {
  if (iptablesBin === undefined) iptablesBin = findIptables();
  if (iptablesBin === null)
    throw new Error(`no iptables works inside a network namespace here (tried ${IPTABLES_CANDIDATES.join(', ')}). Install it with: apt-get install iptables`);
  return iptablesBin;
}

function findIptables(): string | null {
  const probe = `anlauf-probe-${crypto.randomBytes(3).toString('hex')}`;
  const rule = ['OUTPUT', '-p', 'udp', '--dport', '9', '-m', 'statistic', '--mode', 'random', '--probability', '0.5', '-j', 'DROP'];
  try {
    ip('netns', 'add', probe);
  } catch {
    return null;
  }
  try {
    for (const bin of IPTABLES_CANDIDATES) {
      try {
        execFileSync(IP_BIN, ['netns', 'exec', probe, bin, '-w', '-A', ...rule], { stdio: ['ignore', 'ignore', 'pipe'] });
        execFileSync(IP_BIN, ['netns', 'exec', probe, bin, '-w', '-D', ...rule], { stdio: ['ignore', 'ignore', 'pipe'] });
        return bin;
      } catch {
        /* the next one */
      }
    }
    return null;
  } finally {
    ip('netns', 'del', probe);
  }
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
  /** Adds the rules (each: chain, then match and target) inside the namespace. */
  const firewall = (rules: string[][]): FirewallRule => {
    const bin = iptables();
    const run = (op: '-A' | '-D', rule: string[]) =>
      execFileSync(IP_BIN, ['netns', 'exec', name, bin, '-w', op, ...rule], { stdio: ['ignore', 'ignore', 'pipe'] });
    const added: string[][] = [];
    const rule: FirewallRule = {
      remove: () => {
        for (const one of added.splice(0)) {
          try {
            run('-D', one);
          } catch {
            /* the namespace is gone already */
          }
        }
      },
    };
    try {
      for (const one of rules) {
        run('-A', one);
        added.push(one);
      }
    } catch (error) {
      rule.remove();
      throw error;
    }
    return rule;
  };
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
    otherAddress: () => {
      // From the benchmarking range (RFC 2544), as a host route: it reaches nothing here.
      const address = '198.18.0.1';
      inNs('addr', 'add', `${address}/32`, 'dev', innerIf);
      let present = true;
      return {
        address,
        remove: () => {
          if (present) inNs('addr', 'del', `${address}/32`, 'dev', innerIf);
          present = false;
        },
      };
    },
    dropTcp: (port) =>
      firewall([
        ['OUTPUT', '-p', 'tcp', '--dport', String(port), '-j', 'DROP'],
        ['INPUT', '-p', 'tcp', '--sport', String(port), '-j', 'DROP'],
      ]),
    refuseTcp: (port) => firewall([['OUTPUT', '-p', 'tcp', '--dport', String(port), '--syn', '-j', 'REJECT', '--reject-with', 'tcp-reset']]),
    loseUdp: (probability) => {
      const chance = ['-m', 'statistic', '--mode', 'random', '--probability', String(probability), '-j', 'DROP'];
      return firewall([
        ['OUTPUT', '-p', 'udp', ...chance],
        ['INPUT', '-p', 'udp', ...chance],
      ]);
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
