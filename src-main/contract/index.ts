/**
 * The contract between the workstation's main side and every renderer.
 * Every command, event and state snapshot that crosses the boundary is named here, with a
 * runtime schema. Main parses every request with these schemas; the preload (Electron) and the
 * browser bridge build the same namespaced `window.anlauf` object from this module.
 * It imports nothing but zod and the shared layer's pure lists, so any layer may depend on it.
 */
import { z } from 'zod';
import { CALL_DIRECTIONS, END_CAUSES } from '../shared/calls';
import { HOTKEY_ACTIONS } from '../shared/hotkeys';
import { audioDeviceSchema, mediaCapabilitiesSchema, type MediaCapabilities, type MediaEvent, type MediaRequest, type MediaResult } from './media';
import { callQualitySchema, qualitySummarySchema } from './quality';
import { ownFiguresSchema } from './figures';
import { callLogFormSchema } from './forms';
import { shiftCheckAnswerSchema, shiftCheckViewSchema } from './shift-check';
import { updatesViewSchema } from './updates';
import { colleagueChangesSchema, colleagueListSchema, colleaguesViewSchema } from './colleagues';
import { settingsViewSchema, userSettingsPatchSchema } from './settings';
import { callTopicSchema, topicsViewSchema } from './topics';
import {
  answerValueSchema,
  callbackViewSchema,
  callListViewSchema,
  loadedScriptViewSchema,
  previewViewSchema,
  scriptProblemViewSchema,
  scriptViewSchema,
  wrapUpViewSchema,
} from './work';
import { messageSchema, type Message } from './messages';
import { formChoiceSchema, formValueSchema, formViewSchema, loadedFormSchema } from './forms';

export * from './settings';
export * from './clients';
export * from './work';
export * from './forms';
export * from './topics';
export * from './media';
export * from './secrets';
export * from './quality';
export * from './shift-check';
export * from './figures';
export * from './updates';
export * from './colleagues';
export * from './policy';
export * from './messages';

const id = z.string().min(1).max(64);
const epochMs = z.number().int().nonnegative();
const text = (max: number) => z.string().max(max);

export const lineKindSchema = z.enum(['training', 'sip']);
export const callDirectionSchema = z.enum(CALL_DIRECTIONS);
/** `dialing`: an outbound call not answered yet; `ringing`: an inbound call not answered yet. */
export const callStateSchema = z.enum(['dialing', 'ringing', 'active', 'ended']);
/**
 * Why a call ended. `missed`: the caller gave up while it rang; `unanswered`: an outbound call
 * nobody took; `transferred`: handed on to someone else.
 */
export const endCauseSchema = z.enum(END_CAUSES);
/**
 * Why a call's media could not be agreed (the call then ends `failed`, by the system): the peer's
 * SDP had no audio, was not WebRTC media (no DTLS-SRTP), had no ICE credentials, no rtcp-mux, no
 * voice codec in common, an answer with a=setup:actpass, or the media end refused it otherwise.
 * `network-lost`: the call's audio connection broke and did not come back within
 * sip.callRecoverySeconds.
 */
export const endReasonSchema = z.enum(['no-audio', 'not-webrtc', 'no-ice', 'no-rtcp-mux', 'no-common-codec', 'dtls-setup', 'media-error', 'network-lost']);
/** Hold as the far end knows it: `held` only once the re-INVITE succeeded. */
export const holdStateSchema = z.enum(['none', 'holding', 'held', 'resuming']);
export const endedBySchema = z.enum(['agent', 'remote', 'system']);
/**
 * What the phone bar shows: `onCall` while the agent has a call, `wrapUp` while an ended call
 * waits for its disposition, otherwise the state the agent chose.
 */
export const agentStateSchema = z.enum(['ready', 'onCall', 'wrapUp', 'notReady', 'offline']);
/** What the agent chooses; `onCall` and `wrapUp` follow the calls. */
export const chosenAgentStateSchema = z.enum(['ready', 'notReady', 'offline']);
/** `reconnecting`: the line was registered and lost its connection; it is reconnecting now. */
export const lineStatusSchema = z.enum(['ready', 'registering', 'registered', 'reconnecting', 'unreachable', 'failed']);

/** IVR data carried with a call: what the caller told the IVR before being routed to the agent. */
export const ivrDataSchema = z
  .object({
    customerNumber: text(64).optional(),
    concern: text(200).optional(),
    queue: text(64).optional(),
    client: text(120).optional(),
    campaign: text(120).optional(),
    /** The language the caller chose in the IVR (`sip.headers.language`, X-Language), as a code such as `de`, `en`, `de-AT`. */
    language: text(20).optional(),
  })
  .strict();

export const callViewSchema = z.object({
  id,
  line: lineKindSchema,
  direction: callDirectionSchema,
  state: callStateSchema,
  remoteNumber: text(64),
  remoteName: text(120).nullable(),
  dialedNumber: text(64).nullable(),
  client: text(120).nullable(),
  campaign: text(120).nullable(),
  /** The queue (`queues.list`) the call came through, its id and name; absent or null: not a queue's call. */
  queue: z.object({ id: text(40), name: text(80) }).nullish(),
  ivr: ivrDataSchema,
  ringAt: epochMs,
  answerAt: epochMs.nullable(),
  endAt: epochMs.nullable(),
  hold: holdStateSchema,
  muted: z.boolean(),
  /** The call's audio connection broke and the line is bringing it back (absent: it is not). */
  reconnecting: z.boolean().optional(),
  /** The id of the call this one consults for (attended transfer), else null. */
  consultFor: id.nullable(),
  /** A transfer under way or just failed, with the person's words for why. */
  transfer: z.object({ kind: z.enum(['blind', 'attended']), target: text(200), state: z.enum(['trying', 'failed']), detail: text(200).nullable() }).nullable(),
  /** The call's quality while it is talked on; absent before the first measurement. */
  quality: callQualitySchema.nullable().optional(),
});

/** A customer as the card shows it, whichever source it came from. */
export const popCustomerSchema = z.object({
  /** The directory's id (local customers) or the CRM's own id; null when the source has none. */
  id: z.string().nullable(),
  customerNumber: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  phones: z.array(z.string()),
  /** How to address the customer (Frau/Herr, Ms/Mr, or by full name); absent where the source has none (callbacks, call lists). */
  salutation: z.enum(['female', 'male', 'neutral']).nullable().optional(),
  /** The language the customer is served in (`de`, `en`, `de-AT`); absent where the source has none. Scripts and forms follow it (core/calls/call-language.ts). */
  language: z.string().max(20).nullable().optional(),
});
export type PopCustomer = z.output<typeof popCustomerSchema>;

/** Who is calling: the screen-pop's answer for one call, as it arrives. */
export const customerCardSchema = z.object({
  /** `looking`: no answer yet, or the CRM may still better the one shown. */
  state: z.enum(['looking', 'done']),
  /** What was looked up: the IVR's customer number, else the caller's number. */
  by: z.enum(['customerNumber', 'number', 'none']),
  customers: z.array(popCustomerSchema),
  source: z.enum(['crm', 'cache', 'directory', 'none']),
  /** Where the answer came from, in words with the cache's age ("cache (3 hours ago)"). */
  from: z.string(),
  fetchedAt: epochMs.nullable(),
  /** Why the CRM's own answer is not shown (slow, down, refused), in an English sentence for logs and the CLI; else null. */
  problem: z.string().nullable(),
  /** The same for people: worded in the agent's language (absent when there is no problem). */
  problemSaid: messageSchema.optional(),
  /** The customer this call is with: the only match, or the one the agent picked or created. */
  chosen: popCustomerSchema.nullable(),
});
export type CustomerCard = z.output<typeof customerCardSchema>;

/** For whom a call is: the company to greet for, the campaign, and the customer. */
export const callContextSchema = z.object({
  client: z.object({ id: z.string(), name: z.string(), colour: z.string(), logo: z.string().nullable() }).nullable(),
  /** The greeting to say, with the agent's name in place of `{agent}`; null without a client. */
  greeting: z.string().nullable(),
  campaign: z.object({ id: z.string(), name: z.string(), script: z.string().nullable(), dispositions: z.array(z.string()) }).nullable(),
  /** What decided the client: the IVR's client code, the queue the call came through, the dialed number, or nothing. */
  how: z.enum(['ivr', 'queue', 'dialed', 'none']),
  /** Set when clients are configured but this call's company cannot be determined (English, for logs and the CLI). */
  problem: z.string().nullable(),
  /** The same for people: worded in the agent's language (absent when there is no problem). */
  problemSaid: messageSchema.optional(),
  /** A lesser oddity (an unknown campaign code, IVR and dialed number disagree), in English. */
  note: z.string().nullable(),
  /** The same for people, each oddity worded in the agent's language (absent when there is no note). */
  noteSaid: z.array(messageSchema).optional(),
  customer: customerCardSchema,
  /**
   * The language the call is held in (core/calls/call-language.ts) and who said so, present only
   * when it is not the client's own: the agent sees at a glance that this call is held in English.
   */
  language: z.object({ code: z.string(), from: z.enum(['ivr', 'customer', 'campaign', 'client']) }).optional(),
});
export type CallContext = z.output<typeof callContextSchema>;

/** A customer of the local directory, with everything kept about them. */
/** The CRM's version of a customer, as its answer gave it (mapped with `crm.writeMapping`). */
export const crmCustomerVersionSchema = z.object({
  crmId: z.string().nullable(),
  customerNumber: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  phones: z.array(z.string()),
  /** The CRM's ETag (or version) of this version: "send ours again" overwrites exactly this one. */
  etag: z.string().nullable(),
});
export type CrmCustomerVersion = z.output<typeof crmCustomerVersionSchema>;

/** sent: the CRM took it; waiting: not yet (retried); conflict: the CRM has other details; refused: the CRM said no. */
export const customerCrmStatusSchema = z.object({
  state: z.enum(['sent', 'waiting', 'conflict', 'refused']),
  /** Why it waits or was refused, for people; null when sent or in conflict. */
  reason: messageSchema.nullable(),
  /** In a conflict: the CRM's version, beside ours (the customer itself). */
  theirs: crmCustomerVersionSchema.nullable(),
  at: epochMs,
});
export type CustomerCrmStatus = z.output<typeof customerCrmStatusSchema>;

export const directoryCustomerSchema = z.object({
  id: z.string(),
  client: z.string().nullable(),
  customerNumber: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  street: z.string().nullable(),
  notes: z.string().nullable(),
  source: z.enum(['import', 'crm', 'manual']),
  updatedAt: epochMs,
  /** Phone numbers as the agent reads them (`+49 30 1234567`, with `ext.` when there is one). */
  phones: z.array(z.string()),
  salutation: z.enum(['female', 'male', 'neutral']).nullable().optional(),
  /**
   * Where this desk's last change of the customer stands with the client's CRM (`crm.writeUrl`);
   * absent when this desk sent none.
   */
  crm: customerCrmStatusSchema.optional(),
});
export type DirectoryCustomer = z.output<typeof directoryCustomerSchema>;

/** Where a search row came from: this desk's directory, the CRM, or both. */
export const customerSourceSchema = z.enum(['directory', 'crm']);
export type CustomerSource = z.output<typeof customerSourceSchema>;

/**
 * A customer in a search that asked the CRM too: the directory's fields (a CRM-only row has an id
 * starting with `crm:` and `source: 'crm'`), and every source that knew them.
 */
export const customerSearchRowSchema = directoryCustomerSchema.extend({ sources: z.array(customerSourceSchema).min(1) });
export type CustomerSearchRow = z.output<typeof customerSearchRowSchema>;

export const lineViewSchema = z.object({
  kind: lineKindSchema,
  status: lineStatusSchema,
  /** The server's or the line's own words on the status (e.g. "403 Forbidden"), in English for logs and the CLI. */
  detail: text(200).nullable(),
  /** The same for people: worded in the agent's language (absent when there is no detail). */
  said: messageSchema.optional(),
  since: epochMs,
  /** The last time the line was down after having been registered: when, and for how long. */
  lastOutage: z.object({ at: epochMs, ms: z.number().int().nonnegative() }).optional(),
});

export const trainingViewSchema = z.object({
  scenarioName: text(200),
  scenarioCalls: z.number().int().nonnegative(),
  running: z.boolean(),
  placed: z.number().int().nonnegative(),
  /** The training line runs on Anlauf's demo set: nothing real is configured on this desk (docs/training.md). */
  demo: z.boolean().optional(),
});

export const audioViewSchema = z.object({
  /** The microphones and speakers the media end reported; empty until one is connected. */
  devices: z.array(audioDeviceSchema),
  /** The media end can choose the speaker (setSinkId); otherwise calls play on the default. */
  canChooseSpeaker: z.boolean(),
});

/** Delivery of the call log to the backend, as the agent sees it. */
export const syncViewSchema = z.object({
  /** `unreached`: a backend is set but never took anything (never "synced" on an empty outbox alone). */
  state: z.enum(['disabled', 'synced', 'waiting', 'failing', 'unreached']),
  pending: z.number().int().nonnegative(),
  oldestAt: epochMs.nullable(),
  quarantined: z.number().int().nonnegative(),
  /** Why delivery fails, in English for logs and the CLI; `said` the same for people (absent when all is well). */
  error: z.string().nullable(),
  said: messageSchema.optional(),
  failingSince: epochMs.nullable(),
  lastSuccessAt: epochMs.nullable(),
  /** The backend's URL (null: none is set), and the last attempt to it, kept across restarts. */
  url: z.string().nullable(),
  lastAttempt: z.object({ at: epochMs, ok: z.boolean() }).nullable(),
  /** The whole state in one sentence (`syncStatus.*`). */
  headline: messageSchema,
});
export type SyncView = z.output<typeof syncViewSchema>;

/**
 * A tel:, sip: or callto: link the OS handed to Anlauf. It never dials by itself: it waits until
 * the line can place calls and the agent is free, then fills the dial box and the agent confirms
 * with "Call". A link to another SIP domain or to a blocked number is refused at once.
 */
export const dialLinkViewSchema = z.object({
  id,
  /** What goes into the dial box: a number, or a SIP address. */
  target: text(200),
  /**
   * `ready`: put it in the dial box; `failed`: the line was not ready within `waitSeconds`;
   * `refused`: never goes in (see `refusal`).
   */
  state: z.enum(['waiting', 'ready', 'failed', 'refused']),
  /**
   * What it waits (or waited in vain) for: the line to register, the media end to attach, or the
   * agent's call and its wrap-up to end (no time limit: the agent can discard it).
   */
  waitingFor: z.enum(['line', 'media', 'call']).nullable(),
  waitSeconds: z.number().int().positive(),
  since: epochMs,
  /** Why a link was refused: a SIP address outside the agent's domain (`detail`: that domain), or a number on IT's block list (`detail`: the entry). */
  refusal: z.object({ reason: z.enum(['domain', 'blocked']), detail: text(200) }).nullable(),
});
export type DialLinkView = z.output<typeof dialLinkViewSchema>;

/**
 * The sign-in on a shared desk. `mode: off` (a personal desk) is always `signedIn` without an agent ID.
 * `error` is why the last sign-in failed or why the agent was signed out; `notice` is news for the
 * signed-in agent (the server no longer takes their password, a restart will ask again).
 */
export const signInViewSchema = z.object({
  mode: z.enum(['off', 'agent']),
  status: z.enum(['signedOut', 'signingIn', 'signedIn']),
  agentId: z.string().nullable(),
  since: z.number().int().nullable(),
  /** IT's policy (`signIn.staySignedIn`): the form offers "stay signed in". */
  staySignedInOffered: z.boolean(),
  error: messageSchema.nullable(),
  notice: messageSchema.nullable(),
  /**
   * A tel:/sip: link clicked while nobody is signed in, as it will go into the dial box: it is the
   * next sign-in's (for five minutes), and the form says so.
   */
  heldLink: text(200).nullable(),
});
export type SignInView = z.output<typeof signInViewSchema>;

/** One queue the agent may serve (by skill), as the queue panel shows it. */
export const queueViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  client: z.string().nullable(),
  campaign: z.string().nullable(),
  skill: z.string(),
  /** The agent chose to serve the queue (kept across restarts). */
  loggedIn: z.boolean(),
  /** Logged in but taken out of the queue's routing: the agent is not ready or offline. */
  paused: z.boolean(),
  /** What the server has of it: `pending` while a login, logout or pause is on its way. */
  sync: z.enum(['done', 'pending', 'failed']),
  /** Why the server did not take the last change (its answer), for `failed`. */
  problem: messageSchema.nullable(),
});
export type QueueView = z.output<typeof queueViewSchema>;

export const snapshotSchema = z.object({
  /** Increases with every change, so a mirror can drop stale snapshots. */
  revision: z.number().int().nonnegative(),
  app: z.object({ version: z.string(), host: z.enum(['electron', 'web']) }),
  line: lineViewSchema,
  agent: z.object({
    state: agentStateSchema,
    since: epochMs,
    /** The state the agent chose: shown when no call or wrap-up overrides it, and after them. */
    chosen: chosenAgentStateSchema,
    /** Why the agent is not ready (`notReady` only). */
    reason: z.object({ code: z.string(), label: z.string() }).nullable(),
    /** Inbound calls are declined now (not ready, wrap-up, offline). */
    declining: z.boolean(),
  }),
  calls: z.array(callViewSchema),
  training: trainingViewSchema,
  settings: settingsViewSchema,
  /** Audio devices to choose from; the chosen ones are in `settings.audio`. */
  audio: audioViewSchema,
  sync: syncViewSchema,
  /** Headsets plugged in now; `active` is the one whose buttons work. */
  headsets: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      vendorId: z.number().int(),
      productId: z.number().int(),
      serialNumber: z.string().nullable(),
      active: z.boolean(),
      capabilities: z.object({
        hookSwitch: z.boolean(),
        mute: z.boolean(),
        flash: z.boolean(),
        reject: z.boolean(),
        leds: z.array(z.string()),
        ringer: z.boolean(),
      }),
    }),
  ),
  /** Scripts being walked: per call id, and `preview` for a preview without a call. */
  scripts: z.record(z.string(), scriptViewSchema),
  /** Ended calls waiting for their disposition, oldest first; the agent takes no call until they are done. */
  wrapUps: z.array(wrapUpViewSchema),
  /** Open callbacks (and those being dialled), soonest first. */
  callbacks: z.array(callbackViewSchema),
  callLists: z.array(callListViewSchema),
  preview: previewViewSchema.nullable(),
  /** The call scripts loaded, newest version of each. */
  loadedScripts: z.array(loadedScriptViewSchema),
  /** Per call id (open or in wrap-up): its forms, drafts and submitted ones, oldest first (docs/forms.md). */
  forms: z.record(z.string(), z.array(formViewSchema)),
  /** Per call id (of `calls`): whom it is for and who is calling. */
  contexts: z.record(z.string(), callContextSchema),
  /** A customer import under way (from the window), for its progress bar; null otherwise. */
  customerImport: z
    .object({
      fileName: z.string(),
      bytesRead: z.number().int(),
      totalBytes: z.number().int(),
      rows: z.number().int(),
      imported: z.number().int(),
      rejected: z.number().int(),
    })
    .nullable(),
  /** The configured clients, for filters and for creating customers. */
  clients: z.array(z.object({ id: z.string(), name: z.string(), colour: z.string() })),
  /**
   * The machine's shared customer directory (core/customers/directory-file.ts): its folder, whether
   * this user may write it (`readonly`: lookups work, imports are refused) or it could not be reached
   * at start (`unreachable`: the agent's own database stands in), and what the agent is told then.
   * Checked at start: a share that comes back is used from the next start.
   */
  customerDirectory: z.object({
    folder: z.string(),
    access: z.enum(['readwrite', 'readonly', 'unreachable']),
    notice: messageSchema.nullable(),
  }),
  storage: z.object({
    /** Where an unreadable call log was moved at start (kept, never deleted), or null. */
    setAside: z.string().nullable(),
  }),
  /** What the agent should pass on to IT about its settings file (a broken file, an incomplete SIP account); empty when all is well. */
  settingsFile: z.object({ notices: z.array(messageSchema) }),
  /**
   * Machine policy (contract/policy.ts): the settings it locks, as dotted paths the settings dialog
   * shows as "set by your IT department", and what IT should know about the policy (a refused or
   * broken policy source); both empty without policy.
   */
  policy: z.object({ locked: z.array(z.string()), notices: z.array(messageSchema) }),
  /**
   * Where this desk keeps passwords between starts (core/platform/secret-vault.ts): the OS's
   * store, or memory only, which the settings dialog says (`notice`) since a restart then loses them.
   */
  secrets: z.object({ store: z.enum(['safeStorage', 'keyring', 'memory']), notice: messageSchema.nullable() }),
  /** A link handed over by the OS, until the dial box took it or the agent dismissed its failure. */
  link: dialLinkViewSchema.nullable(),
  /** The pre-shift check: IT's policy, whether it is due, the run under way or last shown. */
  shiftCheck: shiftCheckViewSchema,
  /** The agent's own figures for today: calls, average talk and wrap-up, time in each state. */
  figures: ownFiguresSchema,
  /** Updates from IT's update server: state, the last check, what a ready update waits for. */
  updates: updatesViewSchema,
  /** Who is signed in on a shared desk (settings `signIn`), or the sign-in form's state. */
  signIn: signInViewSchema,
  /** The queues the agent may serve (settings `queues`, by skill), logged in or out, paused or not. */
  queues: z.array(queueViewSchema),
  /** The colleague directory's summary and what the agent publishes; the entries come by `colleagues:list` and `event:colleagues`. */
  colleagues: colleaguesViewSchema,
  /** Current topics per client (docs/topics.md); absent from hosts before them. */
  topics: topicsViewSchema.optional(),
});

export const callLogEntrySchema = z.object({
  id,
  line: lineKindSchema,
  direction: callDirectionSchema,
  remoteNumber: z.string(),
  remoteName: z.string().nullable(),
  dialedNumber: z.string().nullable(),
  client: z.string().nullable(),
  campaign: z.string().nullable(),
  /** The name of the queue the call came through (absent in older entries; null: not a queue's call). */
  queue: z.string().nullish(),
  ivr: ivrDataSchema,
  /** The customer the call was with (picked on the card, or the IVR's customer number). */
  customerNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  ringAt: epochMs,
  answerAt: epochMs.nullable(),
  endAt: epochMs.nullable(),
  endCause: endCauseSchema.nullable(),
  endedBy: endedBySchema.nullable(),
  /** Why the media could not be agreed, for calls that failed that way (absent in older entries). */
  endReason: endReasonSchema.nullish(),
  /** Who the call was handed on to, when it was transferred. */
  transferTarget: z.string().nullable(),
  /** The SIP Call-ID, for calls on the SIP line. */
  sipCallId: z.string().nullable(),
  /** The wrap-up: the code chosen (with its label path), the agent's note, when. */
  disposition: z.string().nullable(),
  dispositionLabel: z.string().nullable(),
  note: z.string().nullable(),
  wrapUpAt: epochMs.nullable(),
  /** The call script followed, its version, and the answers given (question and answer as text). */
  script: z.object({ id: z.string(), version: z.number().int().nullable(), title: z.string() }).nullable(),
  /** `order`: the option values in the order shown, for questions that shuffle them (market research). */
  answers: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), value: answerValueSchema, order: z.array(z.string()).optional() })),
  /** The call's quality over its talk time (absent in older entries and calls never measured). */
  quality: qualitySummarySchema.nullish(),
  /** The forms submitted on the call, oldest first, bank details masked (absent when none were). */
  forms: z.array(callLogFormSchema).optional(),
  /** The current topics the call showed on its banner, and when the agent opened each (absent in older entries and calls without topics). */
  topics: z.array(callTopicSchema).optional(),
});

export type LineKind = z.output<typeof lineKindSchema>;
export type CallDirection = z.output<typeof callDirectionSchema>;
export type CallState = z.output<typeof callStateSchema>;
export type EndCause = z.output<typeof endCauseSchema>;
export type EndedBy = z.output<typeof endedBySchema>;
export type EndReason = z.output<typeof endReasonSchema>;
export type HoldState = z.output<typeof holdStateSchema>;
export type AgentState = z.output<typeof agentStateSchema>;
export type LineStatus = z.output<typeof lineStatusSchema>;
export type IvrData = z.output<typeof ivrDataSchema>;
export type CallView = z.output<typeof callViewSchema>;
export type LineView = z.output<typeof lineViewSchema>;
export type TrainingView = z.output<typeof trainingViewSchema>;
export type AudioView = z.output<typeof audioViewSchema>;
export type Snapshot = z.output<typeof snapshotSchema>;
export type CallLogEntry = z.output<typeof callLogEntrySchema>;

const empty = z.object({}).strict();
/** The answer of a command that reports nothing but that it was done (tests' fakes answer it by default). */
export const ok = z.object({ ok: z.literal(true) });
const callRef = z.object({ callId: id }).strict();
const dialTarget = z.string().trim().min(1).max(200);

/** What a call-log search (or export) asks for; everything optional, all of it combined. */
const callLogFilterSchema = z
  .object({
    text: z.string().max(100).optional(),
    client: z.string().max(120).optional(),
    disposition: z.string().max(120).optional(),
    direction: callDirectionSchema.optional(),
    endCause: endCauseSchema.optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
  })
  .strict();

/** What a file sent from the window is for; each has its own size limit. */
export const uploadPurposeSchema = z.enum(['customers', 'callList', 'script']);
export type UploadPurpose = z.output<typeof uploadPurposeSchema>;
const MiB = 1024 * 1024;
/** The largest file of each kind the window may send (larger customer files: `anlauf customers import`). */
export const UPLOAD_MAX_BYTES: Record<UploadPurpose, number> = { customers: 100 * MiB, callList: 50 * MiB, script: 2 * MiB };
/** Bytes per `upload:chunk`: its base64 stays far below the browser host's largest message. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const uploadId = id;
/** Strict base64 (Buffer.from would skip what is not, and write garbage instead of refusing it). */
const base64Chunk = z
  .string()
  .max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** Every command: `domain:verb` → request and response schemas. */
export const commands = {
  'app:snapshot': { request: empty, response: snapshotSchema },
  'phone:answer': { request: callRef, response: ok },
  'phone:hangup': { request: callRef, response: ok },
  'phone:reject': { request: callRef, response: ok },
  /** Place a call: a phone number in any usual notation, or a sip:/tel: URI. */
  'phone:dial': { request: z.object({ target: dialTarget }).strict(), response: z.object({ callId: id }) },
  'phone:hold': { request: callRef, response: ok },
  'phone:resume': { request: callRef, response: ok },
  'phone:mute': { request: z.object({ callId: id, muted: z.boolean() }).strict(), response: ok },
  'phone:dtmf': { request: z.object({ callId: id, tones: z.string().regex(/^[0-9A-Da-d#*,]{1,32}$/, 'keys 0-9, *, #, A-D') }).strict(), response: ok },
  /** Blind transfer: hand the call to `target` (REFER) without talking to them first. */
  'phone:transfer': { request: z.object({ callId: id, target: dialTarget }).strict(), response: ok },
  /** Attended transfer, step 1: hold the call and call `target` to talk first. */
  'phone:consult': { request: z.object({ callId: id, target: dialTarget }).strict(), response: z.object({ callId: id }) },
  /** Attended transfer, step 2: connect the consulted person with the held call (REFER with Replaces). */
  'phone:completeTransfer': { request: z.object({ consultCallId: id }).strict(), response: ok },
  /** Make this call the one the agent talks on: the other active call goes on hold. */
  'phone:swap': { request: callRef, response: ok },
  /** Ready, not ready (with a reason code from settings) or offline. During a call or wrap-up it takes effect after them. */
  'agent:setState': { request: z.object({ state: chosenAgentStateSchema, reason: z.string().max(40).optional() }).strict(), response: ok },
  /** The script of a call (or the preview): answer the current question (if it is one) and move on. */
  'script:next': { request: z.object({ sessionId: id, value: answerValueSchema.nullable().optional() }).strict(), response: ok },
  /** One step back; later answers are kept for when the agent walks forward again. */
  'script:back': { request: z.object({ sessionId: id }).strict(), response: ok },
  /** Check and load a script file's content; every problem at once, with line and column. */
  'scripts:load': {
    /** The file as sent with `upload:*` (the window), or short text inline (tools, tests). */
    request: z.union([z.object({ uploadId }).strict(), z.object({ fileName: z.string().min(1).max(300), content: z.string().max(1_000_000) }).strict()]),
    response: z.discriminatedUnion('ok', [
      // warnings: names the desk's settings do not know, on a desk where they cannot be sure (see docs/scripts.md).
      // message: in English (CLI, tools); said: the same, worded in the agent's language.
      z.object({
        ok: z.literal(true),
        message: z.string(),
        said: messageSchema.optional(),
        /** The script loaded; absent when the file was a form (then `form`). */
        script: loadedScriptViewSchema.optional(),
        /** The form loaded, when the file was a form (docs/forms.md). */
        form: z.object({ formId: z.string(), version: z.number().int(), title: z.string(), client: z.string().nullable(), file: z.string() }).optional(),
        warnings: z.array(scriptProblemViewSchema).optional(),
      }),
      z.object({ ok: z.literal(false), problems: z.array(scriptProblemViewSchema) }),
    ]),
  },
  /** Walk a loaded script without a call (session `preview`), with sample or given customer data. */
  'scripts:preview': {
    request: z
      .object({ scriptId: z.string().min(1).max(64), version: z.number().int().optional(), customer: z.record(z.string(), z.string().max(200)).optional() })
      .strict(),
    response: ok,
  },
  'scripts:closePreview': { request: empty, response: ok },
  /** The forms the agent may open on a call: its client's and those for every client (docs/forms.md). */
  'forms:choices': { request: z.object({ callId: id }).strict(), response: z.array(formChoiceSchema) },
  /** Opens a form for a call, pre-filled from the customer card, the call and the IVR data; kept as a draft. */
  'forms:open': { request: z.object({ callId: id, formId: z.string().min(1).max(64) }).strict(), response: formViewSchema },
  /** Sets one field of a draft; the value is checked (and normalised) at once. */
  'forms:set': { request: z.object({ id, fieldId: z.string().min(1).max(64), value: formValueSchema }).strict(), response: formViewSchema },
  /** Submits a draft: refused with every field's error when something is wrong, else handed on for delivery. */
  'forms:submit': { request: z.object({ id }).strict(), response: z.object({ ok: z.boolean(), form: formViewSchema }) },
  /** Throws a draft away. */
  'forms:discard': { request: z.object({ id }).strict(), response: ok },
  /** Reopens a form the client's system refused as a draft with its values; submitting it sends the next revision. */
  'forms:correct': { request: z.object({ id }).strict(), response: formViewSchema },
  /** A loaded form as the agent would see it, filled with sample data, for the trainer (no call needed). */
  /** The forms loaded on this workstation (latest versions), for the trainer's Scripts tab. */
  'forms:list': { request: empty, response: z.array(loadedFormSchema) },
  'forms:preview': { request: z.object({ formId: z.string().min(1).max(64), language: z.string().max(10).optional() }).strict(), response: formViewSchema },
  /** The wrap-up of an ended call: the code, the note, and for callback codes when to call back. */
  'wrapUp:dispose': {
    request: z
      .object({
        callId: id,
        code: z.string().min(1).max(80),
        note: z.string().max(4000).optional(),
        callback: z
          .object({ at: epochMs, number: z.string().trim().min(1).max(64).optional(), note: z.string().max(1000).optional() })
          .strict()
          .optional(),
      })
      .strict(),
    response: ok,
  },
  /** Keep the note typed so far (a reload or a crash does not lose it). */
  'wrapUp:saveNote': { request: z.object({ callId: id, note: z.string().max(4000) }).strict(), response: ok },
  /** Call the callback's number now, with its campaign, customer and script. */
  'callbacks:dial': { request: z.object({ id }).strict(), response: z.object({ callId: id }) },
  'callbacks:cancel': { request: z.object({ id }).strict(), response: ok },
  /**
   * A call list for a campaign from a CSV file sent with `upload:*` (delimiter and encoding
   * detected); bad rows are named, the first 200 of them, and all are counted.
   */
  'callLists:import': {
    request: z
      .object({
        name: z.string().trim().min(1).max(120),
        campaign: z.string().min(1).max(64),
        client: z.string().max(64).nullable().optional(),
        uploadId,
      })
      .strict(),
    response: z.object({
      list: callListViewSchema,
      /** `reason` in English (CLI, logs); `said` worded in the agent's language. */
      rejected: z.array(z.object({ row: z.number().int(), reason: z.string(), said: messageSchema.optional() })),
      rejectedCount: z.number().int(),
    }),
  },
  /** Preview dialing: show the list's next record. */
  'preview:start': { request: z.object({ listId: id }).strict(), response: ok },
  /** Dial the record shown. */
  'preview:dial': { request: empty, response: z.object({ callId: id }) },
  /** Skip the record shown, with a reason; the next one is shown. */
  'preview:skip': { request: z.object({ reason: z.string().trim().min(1).max(200) }).strict(), response: ok },
  'preview:stop': { request: empty, response: ok },
  'training:placeCall': {
    request: z
      .object({
        remoteNumber: text(64).min(1).optional(),
        remoteName: text(120).min(1).optional(),
        dialedNumber: text(64).min(1).optional(),
        ivr: ivrDataSchema.optional(),
        /** Rehearse a script: the call is for this client's campaign, whatever its numbers say. */
        rehearse: z
          .object({ client: z.string().max(64).nullable(), campaign: z.string().min(1).max(64) })
          .strict()
          .optional(),
      })
      .strict(),
    response: z.object({ callId: id }),
  },
  'training:startScenario': { request: empty, response: ok },
  'training:stopScenario': { request: empty, response: ok },
  'callLog:list': {
    request: z
      .object({
        limit: z.number().int().min(1).max(500),
        /** Keyset paging: entries older than this one. */
        before: z.object({ ringAt: epochMs, id }).strict().optional(),
      })
      .strict(),
    response: z.object({ entries: z.array(callLogEntrySchema), total: z.number().int().nonnegative() }),
  },
  /** Search the call log, newest first; page with `cursor` = the previous answer's nextCursor. */
  'callLog:search': {
    request: callLogFilterSchema.extend({ limit: z.number().int().min(1).max(500), cursor: z.number().int().nonnegative().optional() }).strict(),
    response: z.object({ entries: z.array(callLogEntrySchema), nextCursor: z.number().int().nullable() }),
  },
  /** One call with everything recorded about it. */
  'callLog:get': { request: z.object({ id }).strict(), response: callLogEntrySchema },
  /** The calls a search finds (all of them, up to 200 000), as a CSV or JSON file's content. */
  'callLog:export': {
    request: callLogFilterSchema.extend({ format: z.enum(['csv', 'json']) }).strict(),
    response: z.object({ filename: z.string(), mimeType: z.string(), content: z.string(), rows: z.number().int(), truncated: z.boolean() }),
  },
  /**
   * "Report a problem with this call": the call, the agent's note and the call's flight recorder
   * in one file in the data folder's reports/ (its path), and its content for a browser download.
   */
  'callLog:reportProblem': {
    request: z.object({ callId: id, note: z.string().max(4000) }).strict(),
    response: z.object({ path: z.string(), filename: z.string(), content: z.string() }),
  },
  /** Search as you type in the local directory: name, number, customer number, e-mail, postcode. */
  'customers:search': {
    request: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20), client: z.string().max(64).optional() }).strict(),
    response: z.object({ customers: z.array(directoryCustomerSchema) }),
  },
  /**
   * The same search, asked of the CRM too (`crm.searchUrl`, queries of 3 characters or more; a newer
   * search aborts this one): one row per customer, matched by customer number, else by phone, with
   * where each came from. A CRM that fails leaves the local rows and says why in `crm.failure`.
   */
  'customers:searchCrm': {
    request: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20), client: z.string().max(64).optional() }).strict(),
    response: z.object({
      customers: z.array(customerSearchRowSchema),
      crm: z.object({
        /** The CRM was asked (configured, and the query long enough). */
        asked: z.boolean(),
        /** Why the CRM gave no answer, for people; null when it answered or was not asked. */
        failure: messageSchema.nullable(),
        /** A newer search replaced this one: its answer is not meant to be shown. */
        superseded: z.boolean(),
      }),
    }),
  },
  /** One customer of the directory, with their recent calls from the call log. */
  'customers:get': {
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    response: z.object({ customer: directoryCustomerSchema, recentCalls: z.array(callLogEntrySchema) }),
  },
  /** A new customer in the local directory (e.g. for an unknown caller); with `callId`, also the call's customer. */
  'customers:create': {
    request: z
      .object({
        name: z.string().trim().min(1).max(200),
        customerNumber: z.string().trim().max(64).nullable().optional(),
        phones: z.array(z.string().trim().min(1).max(64)).max(10).default([]),
        email: z.string().trim().max(200).nullable().optional(),
        postcode: z.string().trim().max(20).nullable().optional(),
        city: z.string().trim().max(120).nullable().optional(),
        street: z.string().trim().max(200).nullable().optional(),
        client: z.string().max(64).nullable().optional(),
        callId: id.optional(),
      })
      .strict(),
    response: z.object({ customer: directoryCustomerSchema }),
  },
  /**
   * Corrects a customer of the directory: the fields given replace the stored ones (`null` empties
   * one). The change goes to the backend (`customer.upsert`) and, with `crm.writeUrl`, to the CRM.
   */
  'customers:update': {
    request: z
      .object({
        id: z.string().min(1).max(200),
        name: z.string().trim().min(1).max(200).optional(),
        customerNumber: z.string().trim().max(64).nullable().optional(),
        phones: z.array(z.string().trim().min(1).max(64)).max(10).optional(),
        email: z.string().trim().max(200).nullable().optional(),
        postcode: z.string().trim().max(20).nullable().optional(),
        city: z.string().trim().max(120).nullable().optional(),
        street: z.string().trim().max(200).nullable().optional(),
        salutation: z.enum(['female', 'male', 'neutral']).nullable().optional(),
        callId: id.optional(),
      })
      .strict(),
    response: z.object({ customer: directoryCustomerSchema }),
  },
  /**
   * The agent's answer to a CRM conflict: `theirs` takes the CRM's details into the directory;
   * `ours` sends ours again, overwriting exactly the CRM version shown (`If-Match` its ETag).
   */
  'customers:resolveConflict': {
    request: z.object({ id: z.string().min(1).max(200), keep: z.enum(['theirs', 'ours']) }).strict(),
    response: z.object({ customer: directoryCustomerSchema }),
  },
  /** Import customers into the local directory from a CSV file sent with `upload:*`; progress in `snapshot.customerImport`. */
  'customers:import': {
    request: z.object({ uploadId, client: z.string().max(64).nullable().optional() }).strict(),
    response: z.object({
      imported: z.number().int(),
      rejectedCount: z.number().int(),
      /** The first rejected rows, with their row in the file (header = 1) and why: in English, and as a message for people. */
      rejected: z.array(z.object({ row: z.number().int(), reason: z.string(), said: messageSchema.optional() })),
      encoding: z.string(),
      delimiter: z.string(),
      columns: z.array(z.object({ column: z.string(), field: z.string().nullable() })),
      /** How many rows had a language that is no code or known name (imported; not followed). */
      languagesNotUnderstood: z.number().int().optional(),
    }),
  },
  /** Make this customer the call's customer (from the pick list, a search, or a new entry). */
  'customers:pick': { request: z.object({ callId: id, customer: popCustomerSchema }).strict(), response: ok },
  /** Make this headset the agent's (kept in the agent's settings). */
  'headset:choose': { request: z.object({ key: z.string().min(1).max(200) }).strict(), response: ok },
  /** The dial box shows the link now (or the agent dismissed its failure): main forgets it. */
  'link:done': { request: z.object({ id }).strict(), response: ok },
  /**
   * "Create support bundle": one zip for support in the data folder's reports/ (its path), and
   * its bytes as base64 for a browser download. Secrets are stripped; the customers' numbers and
   * names only stay with `includeCustomerData` (the agent's opt-in; docs/it-admin.md).
   */
  'support:bundle': {
    request: z.object({ calls: z.number().int().min(0).max(50).optional(), includeCustomerData: z.boolean().optional() }).strict(),
    response: z.object({ path: z.string(), filename: z.string(), bytes: z.number().int(), contentBase64: z.string() }),
  },
  /** Reconnect and re-register the SIP line now (the network came back). */
  'line:refresh': { request: empty, response: ok },
  /** The colleagues on the agent's screen now: watched first, within `colleagues.subscribeMax`. */
  'colleagues:show': { request: z.object({ ids: z.array(z.string().max(200)).max(1000) }).strict(), response: ok },
  /**
   * The whole colleague directory with its live state, once per `snapshot.colleagues.revision`:
   * the page searches its copy itself and keeps it current from `event:colleagues`.
   */
  'colleagues:list': { request: empty, response: colleagueListSchema },
  /** The clients in the call log, for the search filter. */
  'callLog:clients': { request: empty, response: z.array(z.string()) },
  /** Deliver to the backend now, whatever the retry timer says. */
  'sync:now': { request: empty, response: syncViewSchema },
  /** Records the backend refused for good, or that no longer parse: kept and shown, not retried. */
  'sync:quarantine': {
    request: empty,
    /** `reason` in English for logs and the CLI; `said` the same for people (absent without a reason). */
    response: z.array(
      z.object({ id, topic: z.string(), entityId: z.string(), createdAt: epochMs, reason: z.string().nullable(), said: messageSchema.optional() }),
    ),
  },
  'settings:update': { request: userSettingsPatchSchema, response: settingsViewSchema },
  /**
   * Sending a file from the window, in pieces: begin (what for, its name and size), the pieces in
   * order, then the import command names the upload. An upload not finished when its window
   * closes, idle for two minutes, or aborted, is deleted.
   */
  'upload:begin': {
    request: z
      .object({ purpose: uploadPurposeSchema, fileName: z.string().min(1).max(300), size: z.number().int().nonnegative().max(UPLOAD_MAX_BYTES.customers) })
      .strict(),
    response: z.object({ uploadId, chunkBytes: z.number().int().positive() }),
  },
  'upload:chunk': {
    request: z.object({ uploadId, offset: z.number().int().nonnegative(), dataBase64: base64Chunk }).strict(),
    response: z.object({ received: z.number().int() }),
  },
  'upload:abort': { request: z.object({ uploadId }).strict(), response: ok },
  /**
   * "Check my workstation": start the pre-shift check (not during a call or its wrap-up); its
   * progress is in `snapshot.shiftCheck`. A run under way is answered with `shiftCheck:answer`.
   */
  'shiftCheck:start': { request: empty, response: ok },
  'shiftCheck:answer': { request: shiftCheckAnswerSchema, response: ok },
  /** Stop a run under way (its items so far are kept as not passed) or put away a finished one. */
  'shiftCheck:close': { request: empty, response: ok },
  /** An agent signs in on a shared desk; refused with the reason (wrong password, locked, bad ID). */
  'signIn:submit': {
    request: z.object({ agentId: z.string().max(200), password: z.string().max(500), staySignedIn: z.boolean() }),
    response: ok,
  },
  /** The signed-in agent signs out: the line unregisters and nothing of theirs stays on screen. */
  'signIn:signOut': { request: empty, response: ok },
  /** The agent logs into a queue they may serve (by skill); while not ready they stay paused in it. */
  'queues:login': { request: z.object({ queueId: id }).strict(), response: ok },
  /** The agent logs out of a queue: its calls no longer reach them. */
  'queues:logout': { request: z.object({ queueId: id }).strict(), response: ok },
  /** The audio devices, asked afresh of the media end (labels appear once the microphone was allowed). */
  'audio:devices': { request: empty, response: audioViewSchema },
  /** The agent opens a current topic on a call (banner, Alt+1…9): recorded with the call; the text is in the snapshot. */
  'topics:open': { request: z.object({ callId: id, topicId: z.string().min(1).max(200) }).strict(), response: ok },
} as const;

/** Every event main pushes to renderers. */
export const events = {
  'event:state': snapshotSchema,
  'event:callLog': z.object({ id }),
  /** Colleagues whose presence, call (BLF) or watch changed, whole, for the list of that revision. */
  'event:colleagues': colleagueChangesSchema,
  /** A global hotkey was pressed while another program had the focus (Electron, `hotkeys.global`): the window acts as for its own key press. */
  'event:hotkey': z.object({ action: z.enum(HOTKEY_ACTIONS) }),
  /** Something the agent must be told that is no command's answer, e.g. a hold the far end refused. */
  'event:notice': z.object({
    callId: id.nullable(),
    /** In English, for hosts and logs; the UI words `said` in the agent's language. */
    message: z.string().max(500),
    said: messageSchema,
    /** `info`: news rather than a failure (e.g. a microphone was unplugged and the default took over). */
    level: z.enum(['error', 'info']).optional(),
  }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<C extends CommandName> = z.input<Commands[C]['request']>;
export type CommandResponse<C extends CommandName> = z.output<Commands[C]['response']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(commands, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);
}

/** Error codes a command can fail with; the message is for people, the code for code. */
export const errorCodeSchema = z.enum(['invalid-request', 'unknown-command', 'not-found', 'conflict', 'failed']);
export type ErrorCode = z.output<typeof errorCodeSchema>;

/** A refused command: `message` is the English wording (CLI, logs), `said` what the UI words. */
export interface CommandFailure {
  code: ErrorCode;
  message: string;
  said: Message;
}

// ---------------------------------------------------------------------------------------------
// The namespaced API: `window.anlauf.phone.answer({ callId })`, `window.anlauf.on.state(cb)`.

type Namespace<K> = K extends `${infer N}:${string}` ? N : never;
type EventKey<E> = E extends `event:${infer K}` ? K : never;

export type AnlaufApi = {
  [N in Namespace<CommandName>]: {
    [C in CommandName as C extends `${N}:${infer V}` ? V : never]: (request: CommandRequest<C>) => Promise<CommandResponse<C>>;
  };
} & {
  on: {
    [E in EventName as EventKey<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
  };
};

export type Invoke = (command: CommandName, request: unknown) => Promise<unknown>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** Builds the narrow API object from one invoke and one subscribe function of the host. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): AnlaufApi {
  const on: Record<string, unknown> = {};
  const api: Record<string, Record<string, unknown>> = { on };
  for (const name of commandNames) {
    const [ns, verb] = name.split(':') as [string, string];
    api[ns] ??= {};
    api[ns][verb] = (request: unknown) => invoke(name, request ?? {});
  }
  for (const name of eventNames) {
    const key = name.slice('event:'.length);
    on[key] = (listener: (payload: unknown) => void) => subscribe(name, listener);
  }
  return api as unknown as AnlaufApi;
}

// ---------------------------------------------------------------------------------------------
// The browser host's wire format (one WebSocket, JSON text frames).

export const wireRequestSchema = z.object({
  type: z.literal('request'),
  seq: z.number().int().nonnegative(),
  command: z.string().max(64),
  payload: z.unknown(),
});
export type WireRequest = z.output<typeof wireRequestSchema>;

export type WireMessage =
  | { type: 'response'; seq: number; ok: true; result: unknown }
  | { type: 'response'; seq: number; ok: false; error: CommandFailure }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'media-request'; seq: number; request: MediaRequest };

/** Media messages from the page (the browser host's media end) to main. */
export const wireMediaMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('media-hello'), capabilities: mediaCapabilitiesSchema }),
  z.object({ type: z.literal('media-reply'), reply: z.unknown() }),
  z.object({ type: z.literal('media-event'), event: z.unknown() }),
]);

/**
 * What a host's preload gives a media context (`window.anlaufMedia`): it serves main's media
 * requests with `handle` and reports events with `emit`.
 */
export interface AnlaufMediaHost {
  connect(end: { capabilities: MediaCapabilities; handle(request: MediaRequest): Promise<MediaResult> }): { emit(event: MediaEvent): void };
}
