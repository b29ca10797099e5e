/**
 * The pre-shift check's network item: the SIP line's registration, and each STUN and TURN server
 * of `sip.iceServers` reached over UDP — a Binding for STUN, an Allocate with the configured
 * credentials for TURN (a binding would not tell whether the credentials work; stun.ts).
 */
import type { LineView, NetworkProbe, SipSettings } from '../../contract';
import { parseIceUrl, stunBinding, turnAllocate, TurnRefused, type ProbeOptions } from '../phone/stun';

export interface StunPort {
  binding: typeof stunBinding;
  allocate: typeof turnAllocate;
}

export const realStun: StunPort = { binding: stunBinding, allocate: turnAllocate };

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The line's registration as a probe: only `registered` passes. */
export function sipProbe(line: LineView, sip: Pick<SipSettings, 'websocketUrl'>): NetworkProbe {
  return {
    kind: 'sip',
    target: sip.websocketUrl ?? '',
    ok: line.status === 'registered',
    method: 'registration',
    rttMs: null,
    address: null,
    detail: line.status === 'registered' ? null : `${line.status}${line.detail ? `: ${line.detail}` : ''}`,
  };
}

/** Every STUN/TURN URL configured, probed one after the other (a handful at most). */
export async function probeIceServers(servers: SipSettings['iceServers'], stun: StunPort = realStun, options: ProbeOptions = {}): Promise<NetworkProbe[]> {
  const probes: NetworkProbe[] = [];
  for (const server of servers) {
    const urls = Array.isArray(server.urls) ? server.urls : [server.urls];
    for (const url of urls) probes.push(await probeUrl(url, server, stun, options));
  }
  return probes;
}

async function probeUrl(url: string, server: SipSettings['iceServers'][number], stun: StunPort, options: ProbeOptions): Promise<NetworkProbe> {
  const parsed = parseIceUrl(url);
  const base = { target: url, rttMs: null, address: null };
  if (!parsed) return { ...base, kind: 'stun', ok: false, method: 'notProbed', detail: 'not a stun:, turn: or turns: URL' };
  if (parsed.transport !== 'udp') {
    // Counted as passed: nothing says it is broken, and the media end tries UDP first.
    return {
      ...base,
      kind: parsed.kind,
      ok: true,
      method: 'notProbed',
      detail: 'TCP and TLS servers are not probed; the check reaches STUN and TURN over UDP',
    };
  }
  const target = { host: parsed.host, port: parsed.port };
  try {
    if (parsed.kind === 'turn' && server.username !== undefined && server.credential !== undefined) {
      const result = await stun.allocate(target, { username: server.username, credential: server.credential }, options);
      return {
        ...base,
        kind: 'turn',
        ok: true,
        method: 'allocation',
        rttMs: round(result.rttMs),
        address: result.relayed ? `${result.relayed.address}:${result.relayed.port}` : null,
        detail: null,
      };
    }
    const result = await stun.binding(target, options);
    return {
      ...base,
      kind: parsed.kind,
      ok: true,
      method: 'binding',
      rttMs: round(result.rttMs),
      address: result.mapped ? `${result.mapped.address}:${result.mapped.port}` : null,
      detail: parsed.kind === 'turn' ? 'no credentials configured: only a binding was tried' : null,
    };
  } catch (error) {
    const refused = error instanceof TurnRefused;
    return {
      ...base,
      kind: parsed.kind,
      ok: false,
      method: parsed.kind === 'turn' && server.credential !== undefined ? 'allocation' : 'binding',
      detail: refused ? error.message : (error as Error).message,
    };
  }
}
