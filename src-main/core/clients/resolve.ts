import {
  said,
  type QueueSettings,
  type CampaignSettings,
  type ClientSettings,
  type DispositionSetting,
  type DispositionView,
  type IvrData,
  type Message,
} from '../../contract';
import { wordMessage } from '../../shared/messages';
import { displayNumber, normalizeNumber } from './numbers';
import { choosable, dispositionTree } from '../../shared/dispositions';

/** What the screen shows of the call's company. */
export interface ClientView {
  id: string;
  name: string;
  /** The greeting as configured, `{agent}` still in it (see `greetingFor`). */
  greeting: string;
  colour: string;
  logo: string | null;
}

/** What the screen shows of the call's campaign. */
export interface CampaignView {
  id: string;
  name: string;
  script: string | null;
  /** The codes the agent can choose, as labels with their group (`Sale › Contract`). */
  dispositions: string[];
}

export interface CallContext {
  client: ClientView | null;
  campaign: CampaignView | null;
  /** What decided the client: the IVR's client code, the queue the call came through, the dialed number, or nothing. */
  how: 'ivr' | 'queue' | 'dialed' | 'none';
  /** Set when the company cannot be determined; the screen shows it instead of a greeting. */
  problem: string | null;
  /** The problem for people, worded by the UI; `problem` is its English for logs and the CLI. */
  problemSaid?: Message;
  /** A lesser oddity worth a look (unknown campaign code, IVR and dialed number disagree); the client is still sure. */
  note: string | null;
  /** Each oddity for people, worded by the UI; `note` is their English, joined. */
  noteSaid?: Message[];
}

export interface ContextInput {
  dialedNumber: string | null;
  ivr: Pick<IvrData, 'client' | 'campaign'>;
  /** The queue the call came through (`queues.list`), with the client and campaign IT gave it. */
  queue?: Pick<QueueSettings, 'name' | 'client' | 'campaign'> | null;
}

/** The greeting with the agent's name in place of `{agent}`. */
export function greetingFor(client: Pick<ClientView, 'greeting'>, agentName: string): string {
  return client.greeting.replace(/\{agent\}/g, agentName);
}

const sameCode = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function clientView(client: ClientSettings): ClientView {
  return { id: client.id, name: client.name, greeting: client.greeting, colour: client.colour, logo: client.logo };
}

/** The codes a campaign's calls are wrapped up with: its own set, else the workstation's (`wrapUp.dispositions`). */
export function dispositionSet(campaign: CampaignSettings | undefined, defaults: readonly DispositionSetting[]): DispositionView[] {
  return dispositionTree(campaign && campaign.dispositions.length > 0 ? campaign.dispositions : defaults);
}

/** A campaign as the screen shows it; the codes are labels with their group (`Sale › Contract`). */
export function campaignView(campaign: CampaignSettings, defaults: readonly DispositionSetting[]): CampaignView {
  return { id: campaign.id, name: campaign.name, script: campaign.script, dispositions: choosable(dispositionSet(campaign, defaults)).map((d) => d.path) };
}

/**
 * A campaign by its ids, and its client. Without a client id (a script or callback written for
 * any company), the client is the one that runs a campaign of that id, when exactly one does.
 */
export function findCampaign(
  clients: readonly ClientSettings[],
  clientId: string | null,
  campaignId: string | null,
): { client: ClientSettings | undefined; campaign: CampaignSettings | undefined } {
  const running = campaignId ? clients.filter((c) => c.campaigns.some((k) => k.id === campaignId)) : [];
  const client = clientId ? clients.find((c) => c.id === clientId) : running.length === 1 ? running[0] : undefined;
  return { client, campaign: campaignId ? client?.campaigns.find((c) => c.id === campaignId) : undefined };
}

/**
 * Which company (and campaign) a call is for.
 *
 * The IVR's client code wins over the queue, and the queue over the dialed number. The IVR code is
 * what the routing decided after the caller chose — it stays right when one hotline number serves
 * several companies behind an IVR menu, and when overflow routing delivers one company's calls
 * over another company's number or through another company's queue (a queue's client is IT's
 * rule for the usual case, the IVR's code is this call's fact). The queue the call came through
 * (registrar forking, or the IVR's queue header) decides next: its To names the queue, not a
 * number, and IT gave each queue its client and campaign. The dialed number only says which line
 * the call came in on. It decides when neither the IVR nor a queue names a client (direct-dial
 * numbers), or the IVR's code is not configured (then with a note, since the number still
 * identifies the company unambiguously).
 *
 * With no clients configured, the workstation is single-company: no client, and no problem.
 */
export function resolveContext(
  info: ContextInput,
  clients: readonly ClientSettings[],
  defaultRegion: string | null,
  defaultDispositions: readonly DispositionSetting[] = [],
): CallContext {
  if (clients.length === 0) return { client: null, campaign: null, how: 'none', problem: null, note: null };
  const ivrClient = info.ivr.client?.trim() || null;
  const dialed = info.dialedNumber?.trim() || null;
  const notes: Message[] = [];

  const byIvr = ivrClient ? clients.find((client) => client.ivrCodes.some((code) => sameCode(code, ivrClient))) : undefined;
  let byDialed: ClientSettings | undefined;
  if (dialed) {
    const key = normalizeNumber(dialed, defaultRegion);
    if (key) byDialed = clients.find((client) => client.dialedNumbers.some((number) => normalizeNumber(number, defaultRegion) === key));
  }

  const queue = info.queue ?? null;
  const byQueue = queue?.client ? clients.find((client) => client.id === queue.client) : undefined;

  let client: ClientSettings | undefined;
  let how: CallContext['how'] = 'none';
  if (byIvr) {
    client = byIvr;
    how = 'ivr';
    if (byQueue && byQueue.id !== byIvr.id) {
      notes.push(said('context.ivrQueueDisagree', { ivr: byIvr.name, queue: queue?.name ?? '', client: byQueue.name }));
    } else if (byDialed && byDialed.id !== byIvr.id && !byQueue) {
      notes.push(said('context.ivrDialedDisagree', { ivr: byIvr.name, number: displayNumber(dialed ?? '', defaultRegion), dialed: byDialed.name }));
    }
  } else if (byQueue) {
    client = byQueue;
    how = 'queue';
    if (ivrClient) notes.push(said('context.ivrClientUnknownQueue', { code: ivrClient, queue: queue?.name ?? '' }));
  } else if (byDialed) {
    client = byDialed;
    how = 'dialed';
    if (ivrClient) notes.push(said('context.ivrClientUnknown', { code: ivrClient }));
  }

  if (!client) {
    const shown = dialed ? displayNumber(dialed, defaultRegion) : null;
    const problem =
      shown && ivrClient
        ? said('context.companyUnknown', { dialed: shown, ivr: ivrClient })
        : shown
          ? said('context.companyUnknownNoIvr', { dialed: shown })
          : ivrClient
            ? said('context.companyUnknownNoDialed', { ivr: ivrClient })
            : said('context.companyUnknownNeither', {});
    return { client: null, campaign: null, how: 'none', problem: wordMessage('en', problem), problemSaid: problem, note: null };
  }

  const ivrCampaign = info.ivr.campaign?.trim() || null;
  let campaign = ivrCampaign ? client.campaigns.find((c) => c.ivrCodes.some((code) => sameCode(code, ivrCampaign))) : undefined;
  // The queue's campaign, where the queue's client is the call's; an IVR campaign code of this client wins.
  const queueCampaign = byQueue?.id === client.id && queue?.campaign ? client.campaigns.find((c) => c.id === queue.campaign) : undefined;
  if (!campaign) {
    const only = client.campaigns.length === 1 ? client.campaigns[0] : undefined;
    if (ivrCampaign) {
      notes.push(
        only && !queueCampaign
          ? said('context.ivrCampaignUnknownOnly', { code: ivrCampaign, client: client.name, campaign: only.name })
          : said('context.ivrCampaignUnknown', { code: ivrCampaign, client: client.name }),
      );
    }
    campaign = queueCampaign ?? only;
  }

  return {
    client: clientView(client),
    campaign: campaign ? campaignView(campaign, defaultDispositions) : null,
    how,
    problem: null,
    note: notes.length > 0 ? notes.map((note) => wordMessage('en', note)).join(' ') : null,
    ...(notes.length > 0 ? { noteSaid: notes } : {}),
  };
}
