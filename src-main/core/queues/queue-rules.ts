import type { QueueSettings, QueuesSettings } from '../../contract/settings';
import type { QueueMemberState } from './queue-port';

/**
 * The agent's skills: on a shared desk the signed-in agent ID's entry of `queues.agentSkills`,
 * else (a personal desk, or an ID not listed) `agent.skills`.
 */
export function agentSkills(queues: QueuesSettings, personal: readonly string[], agentId: string | null): readonly string[] {
  if (agentId !== null) {
    const own = queues.agentSkills[agentId];
    if (own) return own;
  }
  return personal;
}

/** The queues an agent with these skills may serve, in IT's order. */
export function servableQueues(queues: QueuesSettings, skills: readonly string[]): QueueSettings[] {
  return queues.list.filter((queue) => skills.includes(queue.skill));
}

/** The agent's own choice of state pauses the queues unless it is Ready (a call or wrap-up does not: the server knows those). */
export function pausedBy(chosen: 'ready' | 'notReady' | 'offline'): boolean {
  return chosen !== 'ready';
}

export type FeatureCodeStep = 'login' | 'logout' | 'pause' | 'unpause';

/**
 * The feature codes to dial, in order, to bring a PBX from `from` to `to`: a login before a pause,
 * an unpause before a logout (a PBX that toggles keeps a paused member's pause otherwise).
 */
export function featureCodeSteps(from: QueueMemberState, to: QueueMemberState): FeatureCodeStep[] {
  if (!from.loggedIn && !to.loggedIn) return [];
  if (!from.loggedIn) return to.paused ? ['login', 'pause'] : ['login'];
  if (!to.loggedIn) return from.paused ? ['unpause', 'logout'] : ['logout'];
  if (from.paused === to.paused) return [];
  return to.paused ? ['pause'] : ['unpause'];
}

/** The dial string of one step for one queue: the queue's own code, else the default, `{queue}` filled in. */
export function featureCodeFor(queues: QueuesSettings, queue: QueueSettings, step: FeatureCodeStep): string {
  const template = queue.featureCodes?.[step] ?? queues.featureCodes[step];
  return template.replace(/\{queue\}/g, queue.number ?? queue.id);
}

/** `sip:support@Example.org;transport=ws` → `support@example.org`: how an INVITE's To or Request-URI is compared. */
function addressKey(address: string): string | null {
  const match = /^sips?:([^@\s]+)@([^;:?>\s]+)/i.exec(address.trim());
  return match ? `${match[1]}@${match[2]!.toLowerCase()}` : null;
}

/**
 * The queue a ringing call came through: the queue whose address of record the INVITE was sent to
 * (registrar forking keeps it in To; the port is not compared, as proxies add or drop it), else
 * the queue the IVR's queue header names by id or name (a PBX's queue, `adapter: featureCodes`,
 * calls the agent's own address). Every queue of the list counts, not only the agent's: a call
 * handed over from another queue is still that queue's call.
 */
export function queueOfCall(
  queues: readonly QueueSettings[],
  calledAddresses: readonly string[],
  ivrQueue: string | null | undefined,
): QueueSettings | undefined {
  const called = new Set(calledAddresses.map((address) => addressKey(address.includes(':') ? address : `sip:${address}`)));
  const byAddress = queues.find((queue) => called.has(addressKey(queue.address)));
  if (byAddress) return byAddress;
  const named = ivrQueue?.trim().toLowerCase();
  return named ? queues.find((queue) => queue.id.toLowerCase() === named || queue.name.toLowerCase() === named) : undefined;
}
