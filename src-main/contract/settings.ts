import { z } from 'zod';
import { clientListSchema, crmSettingsSchema, dispositionSettingSchema } from './clients';
import { DEFAULT_HOTKEYS, parseHotkey, type HotkeyAction } from '../shared/hotkeys';
import { colleagueSettingsSchema } from './colleagues';
import { SECRET, withoutSecrets } from './secrets';

/**
 * The one settings schema. Effective settings are built in layers:
 * defaults < settings file (`--config` / ANLAUF_CONFIG) < the agent's own changes.
 * docs/settings.md is generated from this schema (`npm run docs:settings`).
 */
export const languageSetting = z
  .enum(['auto', 'de', 'en'])
  .describe('Language of the workstation. `auto` follows the operating system or browser locale (German for any `de-*` locale, else English).');

const iceServer = z
  .object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().optional(),
    credential: z.string().meta(SECRET).optional(),
  })
  .strict();

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'a SIP header name (letters, digits, dashes)');

export const sipSettingsSchema = z
  .object({
    websocketUrl: z
      .string()
      .regex(/^wss?:\/\/\S+$/, 'a ws:// or wss:// URL')
      .nullable()
      .default(null)
      .describe("WebSocket URL of the SIP server (e.g. `wss://sip.example.org:7443`). With `uri`, it makes the SIP line the agent's line."),
    uri: z
      .string()
      .regex(/^sips?:[^@\s]+@\S+$/, 'a SIP URI such as sip:agent7@example.org')
      .nullable()
      .default(null)
      .describe("The agent's SIP address of record, e.g. `sip:agent7@example.org`."),
    authorizationUser: z.string().min(1).nullable().default(null).describe("User name for digest authentication, when it differs from the URI's user."),
    password: z.string().meta(SECRET).nullable().default(null).describe('Password for digest authentication.'),
    displayName: z.string().max(120).nullable().default(null).describe('Name shown to the people the agent calls.'),
    outboundProxy: z
      .string()
      .regex(/^sips?:\S+$/, 'a SIP URI such as sip:proxy.example.org;lr')
      .nullable()
      .default(null)
      .describe('SIP URI of an outbound proxy every request is routed through (a preloaded Route header).'),
    iceServers: z.array(iceServer).default([]).describe('STUN and TURN servers for media, as in RTCConfiguration (`urls`, `username`, `credential`).'),
    registerExpiresSeconds: z
      .number()
      .int()
      .min(60)
      .max(86_400)
      .default(600)
      .describe('Registration lifetime asked of the server; the line re-registers before it runs out.'),
    reconnectMinSeconds: z.number().int().min(1).max(60).default(1).describe('Shortest wait before reconnecting a dropped WebSocket.'),
    keepAliveSeconds: z
      .number()
      .int()
      .min(0)
      .max(300)
      .default(2)
      .describe(
        'How often the line checks its WebSocket to the SIP server with a ping; a ping not answered by the next check counts as a dead connection (a NAT or firewall that dropped it without a word), and the line reconnects and re-registers. A dead path is found within twice this time. `0` turns the check off: a dead connection is then noticed only at the next registration.',
      ),
    optionsPingSeconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(15)
      .describe(
        'How often the line sends an OPTIONS to the SIP server, to check that the server itself (not only the WebSocket in front of it, which a load balancer or SBC may hold) still answers. Any answer counts; one not given within 5 s, on a connection where the server answered before, counts as a dead line, which reconnects and re-registers. A server that never answers OPTIONS is left alone. `0` turns it off.',
      ),
    reconnectMaxSeconds: z
      .number()
      .int()
      .min(1)
      .max(600)
      .default(4)
      .describe('Longest wait between reconnect attempts (each wait is random up to a doubling bound, so a room of agents does not reconnect in step).'),
    prepareMediaWhileRinging: z
      .boolean()
      .default(false)
      .describe(
        "Prepare an incoming call's audio while it rings, so the caller hears the agent at once on answer: the microphone is opened with its track switched off (nothing is sent), and ICE and DTLS with the far end (relay, PBX) are done during ringing through a 183 Session Progress whose SDP is `a=inactive`. Turn it on where a PBX or ACD plays the caller's ringback or queue music: a phone that takes the 183 as early media (baresip does) stops its own ringback and the caller hears silence until the answer. `false` opens the microphone only on answer.",
      ),
    iceGraceSeconds: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(3)
      .describe(
        "How long a call's audio connection may be interrupted (ICE `disconnected`) before the line looks for a new path with an ICE restart (a re-INVITE). Short blips heal by themselves within this time.",
      ),
    callRecoverySeconds: z
      .number()
      .int()
      .min(5)
      .max(600)
      .default(60)
      .describe(
        "How long the line keeps trying to bring back a call's interrupted audio (ICE restarts with backoff, over the reconnected WebSocket when signalling dropped too) before it ends the call; the call log then says the network connection was lost.",
      ),
    rejectCode: z
      .union([z.literal(486), z.literal(603)])
      .default(486)
      .describe('SIP status sent when the agent rejects a call: 486 (busy here) or 603 (decline).'),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter country code such as DE')
      .default('DE')
      .describe('Country whose numbering plan applies to numbers dialled without a country code (ISO 3166, e.g. DE, AT, CH).'),
    blockedPrefixes: z
      .array(
        z
          .string()
          .trim()
          .regex(/^\+?[\d\s()\-/.]*\d[\d\s()\-/.]*$/, 'the start of a number, such as 0900 or +88')
          .max(40),
      )
      .max(500)
      .default([])
      .describe(
        'Numbers this workstation never dials, by how they start, e.g. `["0900", "0137", "+88"]`: typed, clicked in a link, a callback, a call-list record, a transfer or consultation alike; the agent is told why. Written as dialled in `defaultCountry` (`0900`), or internationally (`+49900`, `0049 900`) — all three mean the same and catch every notation of the number, also inside a SIP address (`sip:0900…@pbx`). Written without a trunk or country prefix (`118`), an entry catches numbers dialled that way (`11833`). `[]` blocks nothing.',
      ),
    dtmf: z.enum(['rfc4733', 'info']).default('rfc4733').describe('How key presses are sent: RFC 4733 telephone events in the audio, or SIP INFO.'),
    headers: z
      .object({
        customerNumber: headerName.describe('Header with the customer number the caller typed in.').default('X-Customer-Number'),
        concern: headerName.describe('Header with the concern the caller chose in the IVR menu.').default('X-Concern'),
        queue: headerName.describe('Header with the queue the call came through.').default('X-Queue'),
        client: headerName.describe('Header with the company (client) the call is for.').default('X-Client'),
        campaign: headerName.describe('Header with the campaign the call belongs to.').default('X-Campaign'),
        language: headerName
          .describe(
            "Header with the language the caller chose in the IVR (`de`, `en`, `de-AT`): the call's script and forms follow it, before the customer's and the campaign's or client's language. A value that is no language code is logged and ignored.",
          )
          .default('X-Language'),
      })
      .strict()
      .prefault({})
      .describe('Names of the SIP headers that carry the IVR data.'),
  })
  .strict();

export type SipSettings = z.output<typeof sipSettingsSchema>;

/** A device id as the media end's platform reports it (Chromium: an opaque per-origin hash). */
const audioDeviceId = z.string().min(1).max(500).nullable();

export const audioSettingsSchema = z
  .object({
    microphoneId: audioDeviceId
      .default(null)
      .describe('Microphone for calls (a device id from the settings dialog). `null`, or a device that is not connected, uses the system default.'),
    speakerId: audioDeviceId
      .default(null)
      .describe(
        'Speaker (or headset) the caller is heard on. `null`, or a device that is not connected, uses the system default. Needs a media end that can choose outputs (Chromium, Electron).',
      ),
    ringDeviceId: audioDeviceId
      .default(null)
      .describe(
        'Device the ringtone plays on, e.g. the desk speaker while calls go to the headset. `null`, or a device that is not connected, uses the system default.',
      ),
    ringVolume: z.number().int().min(0).max(100).default(80).describe('Loudness of the ringtone, in percent (0 rings silently).'),
  })
  .strict();

export type AudioSettings = z.output<typeof audioSettingsSchema>;

/**
 * An update feed: https, or http on this computer only. latest.yml carries the artifact's sha512,
 * so whoever can change the feed in transit can hand the desk any program.
 */
const updateUrl = z
  .string()
  .regex(/^(https:\/\/\S+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?)$/, 'an https:// URL (http:// only for 127.0.0.1 or localhost)');

export const updateSettingsSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('`false` turns updates off: the workstation never asks the update server, and an update already downloaded is not installed.'),
    url: updateUrl
      .nullable()
      .default(null)
      .describe(
        "The update server's folder, e.g. `https://updates.example.org/anlauf/`, holding `latest.yml` (Windows), `latest-mac.yml`, `latest-linux.yml` and the installers. `null` uses the URL the installer was built with (electron-builder's `publish.url`); a build left at the placeholder `*.invalid` checks nothing.",
      ),
    channel: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a channel name of lower-case letters, digits and dashes, such as latest or beta')
      .default('latest')
      .describe(
        'Which channel file the workstation reads: `latest` reads `latest.yml` / `latest-mac.yml` / `latest-linux.yml`, `beta` reads `beta.yml` / `beta-mac.yml` / `beta-linux.yml`. A channel never takes a desk back to an older version.',
      ),
    pinVersion: z
      .string()
      .regex(/^\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?$/, 'a version or the start of one, such as 1.4 or 1.4.2')
      .nullable()
      .default(null)
      .describe(
        'Holds the desk at a version: only a version the channel offers that matches it is installed, never a newer one. `1.4` takes any `1.4.x`, `1.4.2` exactly that one. A pin below the installed version does not downgrade: the desk stays where it is. `null`: every newer version the channel offers.',
      ),
    rolloutPosition: z
      .number()
      .int()
      .min(0)
      .max(100)
      .nullable()
      .default(null)
      .describe(
        "The desk's place in a staged rollout (`stagingPercentage` in the channel file): the desk takes a staged version once the percentage is above this number. `0` puts a pilot desk in every rollout's first wave, `100` takes a version only when it is out to everyone. `null` derives a fixed place from the computer's name, so every agent on the desk, and a reinstall, gets the same answer.",
      ),
    checkHours: z
      .number()
      .int()
      .min(1)
      .max(168)
      .default(4)
      .describe(
        'How often the workstation asks the update server, in hours. The first check comes 1 to 10 minutes after the start (at random, so a room of desks started together does not ask at once).',
      ),
  })
  .strict();

export type UpdateSettings = z.output<typeof updateSettingsSchema>;

/** What an agent ID may be: it names the agent's data folder, so nothing a file system could read otherwise. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const identityTemplate = (example: string) =>
  z
    .string()
    .min(1)
    .refine((value) => value.includes('{agentId}'), `a template with {agentId}, such as ${example}`);

export const signInSettingsSchema = z
  .object({
    mode: z
      .enum(['off', 'agent'])
      .default('off')
      .describe(
        "`off`: the desk has one SIP identity (`sip.uri`, `sip.password`) and opens at once, as a personal desk does. `agent`: a shared desk; at shift start the agent signs in with an agent ID and password, the line registers with the agent's own identity (`uriTemplate`), and each agent's calls, callbacks, drafts and customer cache live in a folder of their own.",
      ),
    uriTemplate: identityTemplate('sip:{agentId}@example.org')
      .refine((value) => /^sips?:[^@\s]+@\S+$/.test(value.replace(/\{agentId\}/g, 'agent')), 'a SIP URI template such as sip:{agentId}@example.org')
      .nullable()
      .default(null)
      .describe(
        "With `mode: agent`: the agent's SIP address of record, `{agentId}` standing for the ID the agent signs in with, e.g. `sip:{agentId}@example.org`.",
      ),
    authorizationUserTemplate: identityTemplate('{agentId}')
      .nullable()
      .default(null)
      .describe(
        "With `mode: agent`: the user name for digest authentication, when it differs from the URI's user, e.g. `{agentId}-ws`. `null`: the URI's user.",
      ),
    staySignedIn: z
      .boolean()
      .default(true)
      .describe(
        'Whether the sign-in offers "stay signed in": then a crash or restart during the shift signs the agent in again without asking (the password kept encrypted by the operating system). `false`: every start asks.',
      ),
  })
  .strict();

export type SignInSettings = z.output<typeof signInSettingsSchema>;

/** A skill name as IT writes it in `queues.list[].skill`, `agent.skills` and `queues.agentSkills`. */
const skillName = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a skill of letters, digits, `.`, `_` or `-`');

const featureCodesSchema = z
  .object({
    login: z.string().min(1).max(40).describe('Dialled to log the agent into the queue, `{queue}` standing for its number, e.g. `*45{queue}`.'),
    logout: z.string().min(1).max(40).describe('Dialled to log the agent out. Asterisk/FreePBX toggle with the same code as the login (`*45{queue}`).'),
    pause: z.string().min(1).max(40).describe('Dialled to pause the agent in the queue (not ready), e.g. `*46{queue}`.'),
    unpause: z.string().min(1).max(40).describe('Dialled to end the pause (ready again). FreePBX toggles with the pause code (`*46{queue}`).'),
  })
  .strict();

export const queueSettingsSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'an id of letters, digits, `.`, `_` or `-`'),
    name: z.string().trim().min(1).max(80).describe('The name the agent sees, e.g. "Support".'),
    client: z
      .string()
      .max(80)
      .nullable()
      .default(null)
      .describe(
        "The client (`clients[].id`) the queue's calls are for: their greeting, script and codes (an IVR's client header still wins). `null`: the dialed number decides, as for a direct call.",
      ),
    campaign: z
      .string()
      .max(80)
      .nullable()
      .default(null)
      .describe(
        "The campaign (`clients[].campaigns[].id`) of the queue's calls, when they are for the queue's client and the IVR named none of its campaigns, or `null`.",
      ),
    skill: skillName.describe('The skill an agent needs to serve the queue (`agent.skills`, `queues.agentSkills`).'),
    address: z
      .string()
      .regex(/^sips?:[^@\s]+@\S+$/, 'a SIP address such as sip:support@example.org')
      .describe("The queue's SIP address of record, e.g. `sip:support@example.org` (`adapter: registrar`: the agent's contact is registered under it)."),
    number: z
      .string()
      .regex(/^[0-9A-Za-z*#]{1,20}$/, 'digits, letters, `*` or `#`')
      .nullable()
      .default(null)
      .describe("The queue's number at the PBX, which takes the place of `{queue}` in the feature codes (`adapter: featureCodes`). `null`: the `id`."),
    featureCodes: featureCodesSchema
      .partial()
      .nullable()
      .default(null)
      .describe('Dial strings for this queue only, where they differ from `queues.featureCodes`.'),
  })
  .strict();

export type QueueSettings = z.output<typeof queueSettingsSchema>;

export const queuesSettingsSchema = z
  .object({
    adapter: z
      .enum(['registrar', 'featureCodes'])
      .default('registrar')
      .describe(
        "How a queue login reaches the call center's server. `registrar`: the agent's contact is registered under each queue's address (a third-party REGISTER), so a registrar that forks (Kamailio, OpenSIPS) rings every logged-in, unpaused agent; a pause or logout removes that binding. `featureCodes`: the workstation dials the PBX's feature codes (Asterisk, FreePBX), a short call the PBX answers and ends.",
      ),
    list: z
      .array(queueSettingsSchema)
      .default([])
      .refine((list) => new Set(list.map((q) => q.id)).size === list.length, 'each queue id once')
      .describe('The queues of the call center. `[]`: no queues; the phone bar shows no queue panel.'),
    agentSkills: z
      .record(z.string().regex(AGENT_ID_PATTERN), z.array(skillName))
      .default({})
      .describe(
        'On a shared desk (`signIn.mode: agent`): the skills of each agent ID, e.g. `{ "anna": ["support", "sales"] }`. An agent ID not listed has the skills of `agent.skills`.',
      ),
    featureCodes: featureCodesSchema
      .prefault({ login: '*45{queue}', logout: '*45{queue}', pause: '*46{queue}', unpause: '*46{queue}' })
      .describe("With `adapter: featureCodes`: the dial strings, `{queue}` standing for the queue's `number`."),
  })
  .strict();

export type QueuesSettings = z.output<typeof queuesSettingsSchema>;
/** A hotkey as an Electron accelerator; `null` leaves the action without one. */
const hotkey = z
  .string()
  .max(60)
  .superRefine((value, ctx) => {
    const parsed = parseHotkey(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
  });

const HOTKEY_TEXTS: Record<HotkeyAction, string> = {
  answer: 'Answers the ringing call (the oldest, if several ring).',
  hangup: 'Hangs up the call the agent talks on; with none, the one on hold or being dialled.',
  hold: 'Puts the call on hold, or resumes the held call.',
  mute: "Mutes the agent's microphone on the call, or unmutes it.",
  transfer: 'Opens the transfer form of the call the agent talks on.',
  ready: 'Switches between Ready and Not ready.',
};

const hotkeyFor = (action: HotkeyAction) => hotkey.nullable().default(DEFAULT_HOTKEYS[action]).describe(`${HOTKEY_TEXTS[action]} \`null\`: no hotkey.`);

export const hotkeySettingsSchema = z
  .object({
    answer: hotkeyFor('answer'),
    hangup: hotkeyFor('hangup'),
    hold: hotkeyFor('hold'),
    mute: hotkeyFor('mute'),
    transfer: hotkeyFor('transfer'),
    ready: hotkeyFor('ready'),
    global: z
      .boolean()
      .default(false)
      .describe(
        "In the installed app (Electron), the hotkeys work also while another program has the focus, e.g. the CRM in a browser. They are then taken from every other program on the computer; a combination another program already holds is left to it, and the log says so. `false`: the hotkeys work in the workstation's window only. The browser host cannot have global hotkeys.",
      ),
  })
  .strict();

export type HotkeySettings = z.output<typeof hotkeySettingsSchema>;

export const settingsSchema = z
  .object({
    ui: z
      .object({
        language: languageSetting.default('auto'),
      })
      .strict()
      .prefault({})
      .describe('How the workstation looks to the agent.'),
    training: z
      .object({
        scenarioFile: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            'Path of a training scenario file (YAML or JSON) with the simulated calls to place. Relative paths are resolved against the settings file. `null` uses the built-in scenario.',
          ),
        autoStart: z.boolean().default(false).describe("Start placing the scenario's calls as soon as the workstation is ready."),
        ringTimeoutSeconds: z.number().int().min(5).max(600).default(45).describe('How long a simulated caller waits before hanging up (a missed call).'),
      })
      .strict()
      .prefault({})
      .describe('The built-in training line: simulated customer calls for new installs, demos and rehearsal.'),
    sip: sipSettingsSchema
      .prefault({})
      .describe("The SIP account of the agent's line. Without `websocketUrl` and `uri`, the training line is the agent's line."),
    audio: audioSettingsSchema
      .prefault({})
      .describe(
        'Which microphone, speaker and ring device the workstation uses. A chosen device that is unplugged falls back to the system default (during a call, with a notice to the agent).',
      ),
    sync: z
      .object({
        url: z
          .string()
          .regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL')
          .nullable()
          .default(null)
          .describe(
            'Base URL of the backend that receives the call log (docs/sync-api.yaml); `null` keeps everything local. An `http://` URL is refused for any host but this computer (`localhost`, `127.0.0.1`, `::1`) unless `allowPlainHttp` is `true`.',
          ),
        allowPlainHttp: z
          .boolean()
          .default(false)
          .describe(
            'Lets `url` be `http://` to another computer: the token and every call record then cross the network readable by anyone on the way. Only for a backend reached through a tunnel or a network IT controls end to end; a warning is logged at every start.',
          ),
        token: z.string().min(1).meta(SECRET).nullable().default(null).describe('Bearer token for the backend.'),
        batchSize: z.number().int().min(1).max(1000).default(500).describe('Records per request.'),
        timeoutSeconds: z.number().int().min(1).max(300).default(15).describe("How long to wait for the backend's answer before trying again later."),
        retryMaxSeconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .default(300)
          .describe('Longest wait between attempts while the backend fails (the waits grow from 1 s, with jitter).'),
      })
      .strict()
      .prefault({})
      .describe('Delivery of the call log to the backend. Everything is written locally first and delivered exactly once when the backend can be reached.'),
    headset: z
      .object({
        device: z
          .string()
          .max(200)
          .nullable()
          .default(null)
          .describe("The agent's headset, as `vendorid:productid:serial` (hex ids), or `null` for the first one found. Kept across restarts and re-plugs."),
        holdPolicy: z
          .enum(['auto', 'keepOffHook', 'clearOffHook'])
          .default('auto')
          .describe('How hold is shown to the headset: `keepOffHook` (Jabra style), `clearOffHook` (Poly style), or `auto` per vendor.'),
      })
      .strict()
      .prefault({})
      .describe("USB headsets: answer, hang up, mute and hold from the headset's buttons; its LEDs and ringer follow the call."),
    callLog: z
      .object({
        retentionDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .nullable()
          .default(null)
          .describe('Calls older than this many days are deleted from this workstation — only once the backend has them. `null` keeps them.'),
      })
      .strict()
      .prefault({})
      .describe('The local call log.'),
    agent: z
      .object({
        name: z
          .string()
          .trim()
          .min(1)
          .max(80)
          .nullable()
          .default(null)
          .describe(
            "The agent's name as said on the phone; it takes the place of `{agent}` in a client's greeting. The agent can set it in the settings dialog.",
          ),
        notReadyReasons: z
          .array(
            z
              .object({
                code: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'a code of letters, digits, `.`, `_` or `-`'),
                label: z.string().trim().min(1).max(80),
              })
              .strict(),
          )
          .min(1)
          .default([
            { code: 'break', label: 'Break' },
            { code: 'lunch', label: 'Lunch' },
            { code: 'training', label: 'Training' },
            { code: 'meeting', label: 'Meeting' },
            { code: 'technical', label: 'Technical problem' },
          ])
          .describe(
            "The reasons an agent gives for being not ready, logged and synced with each change. The built-in codes are shown in the agent's language; other codes with their label.",
          ),
        declineCode: z
          .union([z.literal(486), z.literal(480), z.literal(603)])
          .default(486)
          .describe(
            'SIP status for inbound calls while the agent is not ready, in wrap-up or offline, so the queue routes them elsewhere: 486 (busy here), 480 (temporarily unavailable) or 603 (decline).',
          ),
        skills: z
          .array(skillName)
          .default([])
          .describe(
            "The agent's skills: the agent may log into every queue of `queues.list` whose `skill` is among them. On a shared desk, `queues.agentSkills` names each agent's own.",
          ),
      })
      .strict()
      .prefault({})
      .describe('The agent at this workstation.'),
    wrapUp: z
      .object({
        dispositions: z
          .array(dispositionSettingSchema)
          .min(1)
          .default([
            'solved',
            'escalated',
            { code: 'callback', callback: true },
            'sale',
            'no sale',
            'survey complete',
            { code: 'not surveyed', notSurveyed: true },
            'wrong number',
          ])
          .describe('The disposition set of calls whose campaign has none of its own (and of calls without a campaign).'),
        autoSeconds: z
          .number()
          .int()
          .min(5)
          .max(3600)
          .nullable()
          .default(null)
          .describe(
            'After this many seconds of wrap-up, the call gets `autoDisposition` and the agent is ready again. `null`: the wrap-up lasts until the agent chooses a code.',
          ),
        autoDisposition: z
          .string()
          .min(1)
          .max(80)
          .nullable()
          .default(null)
          .describe('The code given when `autoSeconds` run out; without it, the timer only shows how long the wrap-up takes.'),
      })
      .strict()
      .prefault({})
      .describe('After-call work: a disposition is required for every answered call before the next call reaches the agent.'),
    scripts: z
      .object({
        folder: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            'A folder of call scripts and client forms (`*.yaml`, docs/scripts.md and docs/forms.md) loaded at start and again whenever a file in it changes. Relative paths are resolved against the settings file.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Call scripts (docs/scripts.md). Trainers can also load scripts from the workstation.'),
    topics: z
      .object({
        folder: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            'A shared folder of current topics (`*.yaml`, docs/topics.md), read at start and again whenever a file in it changes. Relative paths are resolved against the settings file. `null`: no folder.',
          ),
        fromBackend: z
          .boolean()
          .default(true)
          .describe(
            "Also ask the sync backend for current topics (`GET {sync.url}/v1/topics`, docs/sync-api.yaml) when `sync.url` is set; the last good answer is kept for starts without the backend. A topic in the folder wins over the backend's with the same client and id.",
          ),
        refreshMinutes: z.number().int().min(1).max(1440).default(5).describe('How often the backend is asked for current topics.'),
        openKeys: z
          .string()
          .default('CommandOrControl+Shift')
          .superRefine((value, ctx) => {
            const parsed = parseHotkey(`${value}+1`);
            if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `modifiers such as CommandOrControl+Shift (with a digit: ${parsed.problem})` });
          })
          .describe(
            "The modifiers of the keys that open the ringing or current call's topics, with the digits 1 to 9: `CommandOrControl+Shift` opens the first with Ctrl+Shift+1 (Cmd+Shift+1 on a Mac), the second with Ctrl+Shift+2. Alt alone is refused: with a digit it types a character on a Mac and on many keyboard layouts.",
          ),
      })
      .strict()
      .prefault({})
      .describe("Current topics per client: dated talking points shown on the ringing call's banner (docs/topics.md)."),
    shiftCheck: z
      .object({
        mode: z
          .enum(['off', 'offered', 'required'])
          .default('offered')
          .describe(
            'The pre-shift check ("Check my workstation"): `off` hides it; `offered` lets the agent run it from the phone bar; `required` opens it by itself at the start of a shift and refuses Ready until it passed (calls in progress are never affected).',
          ),
        every: z
          .enum(['appStart', 'day'])
          .default('day')
          .describe(
            'How often a `required` check is due: once per start of the app, or once per calendar day on this computer (a passed check is kept across restarts that day).',
          ),
        items: z
          .array(z.enum(['microphone', 'speaker', 'ring', 'headset', 'network', 'echo']))
          .min(1)
          .default(['microphone', 'speaker', 'ring', 'headset', 'network', 'echo'])
          .describe(
            'What the check covers: `microphone` (speech-level sound heard), `speaker` and `ring` (a test tone the agent confirms on the call and ring devices), `headset` (each button pressed, each LED seen), `network` (the SIP line registered; each STUN/TURN server of `sip.iceServers` answers), `echo` (a call to `echoExtension` whose audio comes back).',
          ),
        echoExtension: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9+*#._-]{1,64}$/, 'an extension such as *43 or echo')
          .nullable()
          .default(null)
          .describe(
            "The extension of the SIP server's echo service (e.g. `*43`). The check calls it, and passes when the agent's own audio comes back. `null`: no echo test. The echo call is never logged as a call.",
          ),
        headsetRequired: z
          .boolean()
          .default(false)
          .describe('The check fails without a USB headset with call controls. `false`: no headset connected passes, saying so.'),
      })
      .strict()
      .prefault({})
      .describe("The pre-shift check of the agent's microphone, speakers, headset, network and echo before going Ready (docs/agent.md)."),
    hotkeys: hotkeySettingsSchema
      .prefault({})
      .describe(
        'Keyboard call control (docs/agent.md, "Keyboard shortcuts"): each action\'s hotkey, written as an Electron accelerator such as `CommandOrControl+Shift+A` (Ctrl on Windows and Linux, Cmd on a Mac) or `F9`. A combination a text field, the browser or Electron needs is refused with the reason.',
      ),
    clients: clientListSchema,
    crm: crmSettingsSchema
      .prefault({})
      .describe("A customer lookup in the company's CRM over HTTP. Its answers are cached on this workstation, so the customer card keeps working offline."),
    updates: updateSettingsSchema
      .prefault({})
      .describe(
        'Updates of the installed app from IT\'s own update server (electron-updater\'s generic provider; docs/it-admin.md, "Updates"). Downloaded in the background, installed only when no call, wrap-up or undelivered record is open. Set by IT; the agent cannot change them.',
      ),
    customers: z
      .object({
        directoryFolder: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            'The folder of the customer directory (`customers.sqlite`), shared by every user of this computer. `null`: the machine-wide folder (Windows `%ProgramData%\\Anlauf`, macOS `/Library/Application Support/Anlauf`, Linux `/var/lib/anlauf`). A network share (`\\\\server\\anlauf`, an NFS or SMB mount) is used with a rollback journal instead of WAL; a read-only one serves lookups and refuses imports.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Where the customer directory lives (docs/it-admin.md, "Data locations and retention"). Set by IT, usually by policy.'),
    queues: queuesSettingsSchema
      .prefault({})
      .describe(
        'Call queues the agent logs into by skill (docs/it-admin.md, "Queues"). Going not ready pauses the agent in every queue; ready ends the pause.',
      ),
    colleagues: colleagueSettingsSchema
      .prefault({})
      .describe(
        'Colleagues and specialists with their live state, and the agent\'s own state published as SIP presence (docs/it-admin.md, "Colleagues and presence").',
      ),
    signIn: signInSettingsSchema
      .prefault({})
      .describe(
        'Agents signing in on shared desks (hot desking): who is at the desk decides the SIP identity and whose data is shown (docs/it-admin.md, "Sign-in on shared desks").',
      ),
  })
  .strict();

export type Settings = z.output<typeof settingsSchema>;

/**
 * Settings as renderers see them: every secret (`.meta(SECRET)`: the SIP password, TURN
 * credentials, the sync token, the CRM's header value) is replaced by a `…Set` flag. The TURN
 * credential still reaches the media end, which needs it for its peer connections (media.ts).
 */
export const settingsViewSchema = settingsSchema.extend({
  sip: sipSettingsSchema
    .omit({ password: true, iceServers: true })
    .extend({ passwordSet: z.boolean(), iceServers: z.array(iceServer.omit({ credential: true }).extend({ credentialSet: z.boolean() })) }),
  sync: settingsSchema.shape.sync.unwrap().omit({ token: true }).extend({ tokenSet: z.boolean() }),
  crm: crmSettingsSchema.omit({ auth: true }).extend({ auth: z.object({ header: z.string(), valueSet: z.boolean() }).strict().nullable() }),
  // The directory reaches pages by `colleagues:list`, with its live state; in every snapshot's
  // settings it would be thousands of entries again.
  colleagues: colleagueSettingsSchema.omit({ directory: true }),
});
export type SettingsView = z.output<typeof settingsViewSchema>;

/** The settings without their secrets, whole (the support bundle's copy). */
export function settingsWithoutSecrets(settings: Settings): unknown {
  return withoutSecrets(settingsSchema, settings);
}

/** The one place settings are made fit for renderers (snapshots and `settings:update`). */
export function settingsView(settings: Settings): SettingsView {
  const { directory: _directory, ...colleagues } = settings.colleagues;
  return withoutSecrets(settingsSchema, { ...settings, colleagues }) as SettingsView;
}
export type SettingsInput = z.input<typeof settingsSchema>;

/** What the agent may change from the workstation itself. */
export const userSettingsPatchSchema = z
  .object({
    ui: z.object({ language: languageSetting }).partial().strict().optional(),
    audio: z.object({ microphoneId: audioDeviceId, speakerId: audioDeviceId, ringDeviceId: audioDeviceId }).partial().strict().optional(),
    headset: z
      .object({ device: z.string().max(200).nullable() })
      .partial()
      .strict()
      .optional(),
    agent: z
      .object({ name: z.string().trim().min(1).max(80).nullable() })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export type UserSettingsPatch = z.output<typeof userSettingsPatchSchema>;
