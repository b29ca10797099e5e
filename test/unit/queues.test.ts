import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsSchema, type QueueSettings } from '../../src-main/contract/settings';
import { AnlaufError } from '../../src-main/core/errors';
import { silentLogger } from '../../src-main/core/log';
import { FeatureCodeQueues } from '../../src-main/core/queues/feature-code-queues';
import type { QueueMemberState, QueuePort } from '../../src-main/core/queues/queue-port';
import { agentSkills, featureCodeFor, featureCodeSteps, queueOfCall, servableQueues } from '../../src-main/core/queues/queue-rules';
import { QueueService } from '../../src-main/core/queues/queue-service';
import { openStore } from '../../src-main/core/store/database';
import { OutboxRepository } from '../../src-main/core/store/outbox';
import { QueueLogRepository } from '../../src-main/core/store/queue-log';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';

const settings = settingsSchema.parse({
  agent: { skills: ['support'] },
  queues: {
    list: [
      { id: 'support', name: 'Support', skill: 'support', address: 'sip:support@example.org', number: '401' },
      { id: 'sales', name: 'Sales', skill: 'sales', address: 'sip:sales@example.org', featureCodes: { pause: '*99{queue}' } },
    ],
    agentSkills: { anna: ['sales'] },
  },
});
const support = settings.queues.list[0]!;
const sales = settings.queues.list[1]!;

describe('which queues an agent may serve', () => {
  it("takes a shared desk's agent ID entry, else the desk's own skills", () => {
    expect(servableQueues(settings.queues, agentSkills(settings.queues, settings.agent.skills, null)).map((q) => q.id)).toEqual(['support']);
    expect(servableQueues(settings.queues, agentSkills(settings.queues, settings.agent.skills, 'anna')).map((q) => q.id)).toEqual(['sales']);
    expect(servableQueues(settings.queues, agentSkills(settings.queues, settings.agent.skills, 'ben')).map((q) => q.id)).toEqual(['support']);
  });
});

describe('which queue a call came through', () => {
  const list = settings.queues.list;
  it("is the queue whose address the INVITE's To or Request-URI names, whatever the host's case or the port", () => {
    expect(queueOfCall(list, ['support@example.org'], undefined)?.id).toBe('support');
    expect(queueOfCall(list, ['x1y2@abc.invalid', 'sales@EXAMPLE.org'], undefined)?.id).toBe('sales');
    expect(queueOfCall(list, ['sip:support@example.org:5060;transport=ws'], undefined)?.id).toBe('support');
  });

  it("is the queue the IVR's queue header names by id or name, when no address matches", () => {
    expect(queueOfCall(list, ['agent7@example.org'], 'SALES')?.id).toBe('sales');
    expect(queueOfCall(list, [], 'Support')?.id).toBe('support');
    expect(queueOfCall(list, ['support@example.org'], 'sales')?.id).toBe('support');
  });

  it('is none for a direct call: another user, another domain, an unknown queue name', () => {
    expect(queueOfCall(list, ['agent7@example.org'], undefined)).toBeUndefined();
    expect(queueOfCall(list, ['support@other.example'], undefined)).toBeUndefined();
    expect(queueOfCall(list, ['Support@example.org'], 'hotline')).toBeUndefined();
  });
});

describe('feature codes', () => {
  const s = (loggedIn: boolean, paused: boolean): QueueMemberState => ({ loggedIn, paused });
  it('dials a login before a pause, and an unpause before a logout', () => {
    expect(featureCodeSteps(s(false, false), s(true, false))).toEqual(['login']);
    expect(featureCodeSteps(s(false, false), s(true, true))).toEqual(['login', 'pause']);
    expect(featureCodeSteps(s(true, false), s(true, true))).toEqual(['pause']);
    expect(featureCodeSteps(s(true, true), s(true, false))).toEqual(['unpause']);
    expect(featureCodeSteps(s(true, true), s(false, false))).toEqual(['unpause', 'logout']);
    expect(featureCodeSteps(s(true, false), s(true, false))).toEqual([]);
  });

  it("fills in the queue's number, and takes a queue's own code over the default", () => {
    expect(featureCodeFor(settings.queues, support, 'login')).toBe('*45401');
    expect(featureCodeFor(settings.queues, sales, 'pause')).toBe('*99sales');
    expect(featureCodeFor(settings.queues, sales, 'unpause')).toBe('*46sales');
  });

  it('dials the codes in order, and stops at the first the PBX does not take', async () => {
    const dialled: string[] = [];
    const port = new FeatureCodeQueues(
      () => settings.queues,
      async (code) => {
        dialled.push(code);
        if (code.startsWith('*46')) throw new AnlaufError('queues.featureCodeFailed', { code, detail: 'busy' });
      },
    );
    await expect(port.apply(support, { loggedIn: false, paused: false }, { loggedIn: true, paused: true })).rejects.toMatchObject({
      said: { key: 'queues.featureCodeFailed' },
    });
    expect(dialled).toEqual(['*45401', '*46401']);
  });
});

/** A queue server that records what it was asked, and refuses when told to. */
class RecordingPort implements QueuePort {
  readonly calls: string[] = [];
  refuse = false;
  constructor(readonly keepsStateAcrossRestart = false) {}
  async apply(queue: QueueSettings, from: QueueMemberState, to: QueueMemberState): Promise<void> {
    this.calls.push(`${queue.id}:${JSON.stringify(from)}->${JSON.stringify(to)}`);
    if (this.refuse) throw new AnlaufError('queues.serverRefused', { address: queue.address, detail: '403 Forbidden' });
  }
}

function service(options: { dir?: string; port?: QueuePort; agent?: { chosen: 'ready' | 'notReady' | 'offline'; reason: string | null } } = {}) {
  const dir = options.dir ?? tempDir();
  const { db } = openStore(path.join(dir, 'anlauf.sqlite'), { appVersion: 't' }, 1);
  const clock = new ManualClock(1_000);
  const agent = options.agent ?? { chosen: 'ready' as const, reason: null };
  const port = options.port ?? new RecordingPort();
  const log = new QueueLogRepository(db);
  const queues = new QueueService({
    settings: () => ({ queues: settings.queues, skills: settings.agent.skills }),
    agentId: () => null,
    port: () => port,
    log,
    clock,
    logger: silentLogger,
    agent: () => agent,
  });
  return { dir, db, queues, agent, port, log, outbox: new OutboxRepository(db) };
}

describe('the queue service', () => {
  it('logs in, pauses while not ready, unpauses on ready and logs out, each logged with its reason and queued for the backend', async () => {
    const { queues, agent, port, log, outbox } = service();
    await queues.login('support');
    expect(queues.views()).toEqual([expect.objectContaining({ id: 'support', loggedIn: true, paused: false, sync: 'done' })]);
    agent.chosen = 'notReady';
    agent.reason = 'break';
    queues.agentChanged();
    expect(queues.views()[0]).toMatchObject({ paused: true, sync: 'pending' });
    await queues.settled();
    agent.chosen = 'ready';
    agent.reason = null;
    queues.agentChanged();
    await queues.settled();
    await queues.logout('support');
    expect((port as RecordingPort).calls).toEqual([
      'support:{"loggedIn":false,"paused":false}->{"loggedIn":true,"paused":false}',
      'support:{"loggedIn":true,"paused":false}->{"loggedIn":true,"paused":true}',
      'support:{"loggedIn":true,"paused":true}->{"loggedIn":true,"paused":false}',
      'support:{"loggedIn":true,"paused":false}->{"loggedIn":false,"paused":false}',
    ]);
    expect(
      log
        .recent()
        .reverse()
        .map((e) => [e.event, e.reason, e.at]),
    ).toEqual([
      ['login', null, 1_000],
      ['pause', 'break', 1_000],
      ['unpause', null, 1_000],
      ['logout', null, 1_000],
    ]);
    expect(outbox.stats().pending).toBe(4);
  });

  it('logs in paused while the agent is not ready, and refuses a queue outside their skills', async () => {
    const { queues, port } = service({ agent: { chosen: 'notReady', reason: 'lunch' } });
    await queues.login('support');
    expect(queues.views()[0]).toMatchObject({ loggedIn: true, paused: true });
    expect((port as RecordingPort).calls).toEqual(['support:{"loggedIn":false,"paused":false}->{"loggedIn":true,"paused":true}']);
    await expect(queues.login('sales')).rejects.toMatchObject({ said: { key: 'queues.notYourSkill', params: { queue: 'Sales', skill: 'sales' } } });
    await expect(queues.login('nope')).rejects.toMatchObject({ said: { key: 'queues.unknown' } });
  });

  it("shows the server's refusal on the queue and tries again when asked", async () => {
    const port = new RecordingPort();
    port.refuse = true;
    const { queues } = service({ port });
    await expect(queues.login('support')).rejects.toMatchObject({ said: { key: 'queues.serverRefused' } });
    expect(queues.views()[0]).toMatchObject({ loggedIn: true, sync: 'failed', problem: { key: 'queues.serverRefused' } });
    port.refuse = false;
    queues.retryFailed();
    await queues.settled();
    expect(queues.views()[0]).toMatchObject({ loggedIn: true, sync: 'done', problem: null });
  });

  it('comes back after a restart with the queues as they were, paused when the agent comes back not ready', async () => {
    const first = service();
    await first.queues.login('support');
    first.db.close();
    // A registrar lost the binding with the old contact; the new start has nothing to send while paused.
    const again = service({ dir: first.dir, agent: { chosen: 'notReady', reason: 'restarted' } });
    again.queues.start();
    await again.queues.settled();
    expect(again.queues.views()[0]).toMatchObject({ loggedIn: true, paused: true, sync: 'done' });
    expect(again.log.recent(1)[0]).toMatchObject({ event: 'pause', reason: 'restarted' });
    expect((again.port as RecordingPort).calls).toEqual(['support:{"loggedIn":false,"paused":false}->{"loggedIn":true,"paused":true}']);
  });

  it('tells a PBX, which keeps the membership, to pause the agent it still has as ready', async () => {
    const first = service();
    await first.queues.login('support');
    first.db.close();
    const again = service({ dir: first.dir, port: new RecordingPort(true), agent: { chosen: 'notReady', reason: 'restarted' } });
    again.queues.start();
    await again.queues.settled();
    expect((again.port as RecordingPort).calls).toEqual(['support:{"loggedIn":true,"paused":false}->{"loggedIn":true,"paused":true}']);
  });
});
