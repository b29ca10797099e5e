import { z } from 'zod';

/**
 * Colleagues and specialists an agent can see and pass callers to, with their live state from the
 * SIP presence server (PUBLISH/SUBSCRIBE presence, and the dialog event package for the call
 * state: BLF). IT lists them in the settings or serves them from a directory URL.
 */
const skillWord = z.string().trim().min(1).max(60);

export const colleagueEntrySchema = z
  .object({
    name: z.string().trim().min(1).max(120).describe('The name shown and searched.'),
    uri: z
      .string()
      .regex(/^(sips?:[^@\s]+@\S+|[0-9*#+]{1,32})$/, 'a SIP URI such as sip:agent12@example.org, or an extension such as 412')
      .describe("The colleague's SIP address of record, or an extension on the agent's own SIP domain."),
    client: z.string().min(1).max(80).nullable().default(null).describe('The client (`clients[].id`) this colleague serves; `null`: every client.'),
    skills: z.array(skillWord).max(40).default([]).describe('Skills to search by, e.g. `fault`, `contract`.'),
    languages: z.array(skillWord).max(20).default([]).describe('Languages the colleague speaks, e.g. `de`, `en`, `tr`.'),
  })
  .strict();
export type ColleagueEntry = z.output<typeof colleagueEntrySchema>;

/** What a directory URL answers: `{ "colleagues": [ … ] }`, each entry as in the settings. */
export const colleagueDirectoryDocumentSchema = z.object({ colleagues: z.array(colleagueEntrySchema) }).passthrough();

export const colleagueSettingsSchema = z
  .object({
    publishPresence: z
      .boolean()
      .default(true)
      .describe("Publish the agent's state to the SIP server as presence (PUBLISH, PIDF with RPID activities), for colleagues, supervisors and the server."),
    publishExpiresSeconds: z.number().int().min(60).max(86_400).default(600).describe('Lifetime of a published state; it is refreshed before it runs out.'),
    directory: z.array(colleagueEntrySchema).max(10_000).default([]).describe('Colleagues and specialists, as IT lists them here.'),
    directoryUrl: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL')
      .nullable()
      .default(null)
      .describe(
        'A URL answering JSON `{ "colleagues": [ … ] }` (entries as in `directory`); its entries come after those of `directory`. An `http://` URL is refused for any host but this computer unless `allowPlainHttp` is `true`.',
      ),
    allowPlainHttp: z
      .boolean()
      .default(false)
      .describe(
        'Lets `directoryUrl` be `http://` to another computer. Anyone on the way could then change the list, and so where agents transfer callers. Only for a network IT controls end to end; a warning is logged at every start.',
      ),
    directoryRefreshMinutes: z.number().int().min(1).max(1440).default(15).describe('How often the directory URL is read again.'),
    subscribeMax: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(200)
      .describe("How many colleagues' presence and call state are watched at once: those on the agent's screen first, then the directory's order."),
    subscribeExpiresSeconds: z.number().int().min(60).max(86_400).default(600).describe('Lifetime of a subscription; it is refreshed before it runs out.'),
    concernSkills: z
      .array(
        z
          .object({
            concern: z.string().trim().min(1).max(200).describe('Words of the concern the IVR sends (`X-Concern`), matched anywhere in it, ignoring case.'),
            skill: skillWord.describe('The skill whose colleagues are suggested for it.'),
          })
          .strict(),
      )
      .max(500)
      .default([])
      .describe("Which skill a call's concern asks for: the transfer form suggests the colleagues with it, free ones first."),
  })
  .strict();

/** A colleague's presence as the server last told it; `unknown` until it did. */
export const colleaguePresenceSchema = z.enum(['unknown', 'offline', 'ready', 'notReady', 'onCall', 'wrapUp', 'away', 'busy', 'available']);
export type ColleaguePresence = z.infer<typeof colleaguePresenceSchema>;

/** The colleague's phone as BLF shows it (RFC 4235): idle, ringing (trying/proceeding/early), on a call (confirmed). */
export const colleagueCallStateSchema = z.enum(['unknown', 'idle', 'ringing', 'onCall']);
export type ColleagueCallState = z.infer<typeof colleagueCallStateSchema>;

export const colleagueViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    uri: z.string(),
    client: z.string().nullable(),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    presence: colleaguePresenceSchema,
    /** The colleague's own words for their state (the PIDF note), verbatim. */
    note: z.string().nullable(),
    call: colleagueCallStateSchema,
    /** Whether the server is asked for this colleague's state now (the cap, `colleagues.subscribeMax`). */
    watched: z.boolean(),
    since: z.number().nullable(),
  })
  .strict();
export type ColleagueView = z.output<typeof colleagueViewSchema>;

/**
 * What every snapshot carries of the directory: a summary. The entries themselves travel apart
 * (`colleagues:list` once per `revision`, then `event:colleagues` with the entries that changed),
 * so a directory of thousands is not sent again with every tick.
 */
export const colleaguesViewSchema = z
  .object({
    /** Names one list of entries (IT's settings and the URL's, as last read); a new one is fetched with `colleagues:list`. */
    revision: z.number().int().nonnegative(),
    /** How many entries that list has. */
    count: z.number().int().nonnegative(),
    /** The directory URL's last read: null while none is set. */
    source: z.object({ url: z.string(), loadedAt: z.number().nullable(), error: z.string().nullable() }).strict().nullable(),
    /** What the agent publishes of themselves now, or null while nothing is published. */
    published: z.object({ presence: colleaguePresenceSchema, note: z.string(), at: z.number() }).strict().nullable(),
  })
  .strict();
export type ColleaguesView = z.output<typeof colleaguesViewSchema>;

/**
 * Counts the batches of `event:colleagues`: a page whose copy is at `seq` applies the batch
 * numbered `seq + 1`, drops older ones (its list already had them), and fetches the list again
 * after a gap (events missed while its connection was down).
 */
const changeSeq = z.number().int().nonnegative();

/** The directory's entries for one `revision`, as of the change batch `seq`: the answer to `colleagues:list`. */
export const colleagueListSchema = z.object({ revision: z.number().int().nonnegative(), seq: changeSeq, entries: z.array(colleagueViewSchema) }).strict();
export type ColleagueList = z.output<typeof colleagueListSchema>;

/**
 * Entries whose live state changed (presence, BLF, whether they are watched), whole, for the list
 * of `revision`; a page holding another revision's list drops them and fetches the new list.
 */
export const colleagueChangesSchema = z.object({ revision: z.number().int().nonnegative(), seq: changeSeq, entries: z.array(colleagueViewSchema) }).strict();
export type ColleagueChanges = z.output<typeof colleagueChangesSchema>;
