import { z } from 'zod';
import { normalizeNumber } from './numbers';

/**
 * The `clients` settings section: the companies (clients) the call center answers for. It is
 * wired into the settings schema as `clients: clientsSettingsSchema`. Cross-checks that need the
 * default country (two notations of one dialed number) are in `clientsConflicts`; call it from
 * the settings schema's top-level refinement with `sip.defaultCountry`.
 */

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id of letters, digits, `.`, `_` or `-` (at most 64)');

const ivrCode = z.string().trim().min(1).max(120);

const dialedNumber = z
  .string()
  .trim()
  .regex(/^(tel:)?[+\d\s()\-/.]+$/i, 'a phone number in any usual notation, e.g. `+49 40 800 100` or `040 800100`')
  .refine((value) => value.replace(/\D/g, '').length >= 3, 'a phone number needs at least three digits');

export const campaignSettingsSchema = z
  .object({
    id: identifier.describe('Id of the campaign, unique within its client.'),
    name: z.string().trim().min(1).max(120).describe('Name of the campaign as the agent sees it.'),
    ivrCodes: z
      .array(ivrCode)
      .default([])
      .describe('Values the IVR puts in the campaign header (`sip.headers.campaign`, X-Campaign) for calls of this campaign.'),
    script: z.string().max(20_000).nullable().default(null).describe('The call script the agent follows in this campaign (text or Markdown); `null` for none.'),
    dispositions: z
      .array(z.string().trim().min(1).max(120))
      .default([])
      .describe('The wrap-up codes (disposition set) the agent chooses from after a call of this campaign.'),
  })
  .strict();

export const clientSettingsSchema = z
  .object({
    id: identifier.describe('Id of the client (company), unique.'),
    name: z.string().trim().min(1).max(120).describe('Name of the company, shown in the call banner.'),
    greeting: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe('The greeting the agent says, e.g. `Stadtwerke Nord, Kundenservice, mein Name ist {agent}.` `{agent}` becomes the agent\'s name.'),
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
      .describe('Colour of the banner for this company\'s calls, as `#rrggbb`.'),
    logo: z
      .string()
      .min(1)
      .max(2_000_000)
      .nullable()
      .default(null)
      .describe('Logo shown in the banner: a `data:` URL or the path of an image file. `null` for none.'),
    dialedNumbers: z
      .array(dialedNumber)
      .default([])
      .describe('The numbers callers dial to reach this company, in any notation (`+49 40 800 100` and `040 800100` are the same number).'),
    ivrCodes: z
      .array(ivrCode)
      .default([])
      .describe('Values the IVR puts in the client header (`sip.headers.client`, X-Client) for this company\'s calls.'),
    campaigns: z
      .array(campaignSettingsSchema)
      .default([])
      .describe('The company\'s campaigns, each with its script and disposition set.'),
  })
  .strict();

export type ClientSettings = z.output<typeof clientSettingsSchema>;
export type CampaignSettings = z.output<typeof campaignSettingsSchema>;

/** Problems found in a clients table, each naming what collides; empty when it is consistent. */
export function clientsConflicts(clients: readonly ClientSettings[], defaultRegion: string | null): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Map<string, number>();
  const codes = new Map<string, { client: string; index: number }>();
  const numbers = new Map<string, { client: string; raw: string }>();
  clients.forEach((client, index) => {
    const seenId = ids.get(client.id.toLowerCase());
    if (seenId !== undefined) problems.push({ path: [index, 'id'], message: `The client id "${client.id}" is used twice (clients ${seenId + 1} and ${index + 1}).` });
    else ids.set(client.id.toLowerCase(), index);

    client.ivrCodes.forEach((code, codeIndex) => {
      const key = code.trim().toLowerCase();
      const owner = codes.get(key);
      if (owner && owner.client !== client.id) {
        problems.push({ path: [index, 'ivrCodes', codeIndex], message: `The IVR client code "${code}" is claimed by both "${owner.client}" and "${client.id}".` });
      } else if (owner) {
        problems.push({ path: [index, 'ivrCodes', codeIndex], message: `The IVR client code "${code}" is listed twice for "${client.id}".` });
      } else codes.set(key, { client: client.id, index });
    });

    client.dialedNumbers.forEach((raw, numberIndex) => {
      const key = normalizeNumber(raw, defaultRegion);
      const owner = numbers.get(key);
      if (owner && owner.client !== client.id) {
        problems.push({
          path: [index, 'dialedNumbers', numberIndex],
          message: `The dialed number ${raw} is claimed by both "${owner.client}" (as ${owner.raw}) and "${client.id}".`,
        });
      } else if (!owner) numbers.set(key, { client: client.id, raw });
    });

    const campaignIds = new Set<string>();
    const campaignCodes = new Map<string, string>();
    client.campaigns.forEach((campaign, campaignIndex) => {
      if (campaignIds.has(campaign.id.toLowerCase())) {
        problems.push({ path: [index, 'campaigns', campaignIndex, 'id'], message: `The campaign id "${campaign.id}" is used twice in "${client.id}".` });
      }
      campaignIds.add(campaign.id.toLowerCase());
      campaign.ivrCodes.forEach((code, codeIndex) => {
        const key = code.trim().toLowerCase();
        const owner = campaignCodes.get(key);
        if (owner !== undefined && owner !== campaign.id) {
          problems.push({
            path: [index, 'campaigns', campaignIndex, 'ivrCodes', codeIndex],
            message: `The IVR campaign code "${code}" is claimed by both campaigns "${owner}" and "${campaign.id}" of "${client.id}".`,
          });
        } else campaignCodes.set(key, campaign.id);
      });
    });
  });
  return problems;
}

/**
 * The `clients` section. Without a default country, numbers written nationally (`040 …`) are
 * only compared with each other; `clientsConflicts(clients, sip.defaultCountry)` in the
 * top-level refinement also finds `040 800100` = `+49 40 800 100`.
 */
export const clientsSettingsSchema = z
  .array(clientSettingsSchema)
  .default([])
  .superRefine((clients, ctx) => {
    for (const problem of clientsConflicts(clients, null)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  })
  .describe(
    'The companies (clients) this workstation answers calls for: name, greeting, colour, logo, the numbers and IVR codes that identify their calls, and their campaigns. The whole screen follows the call\'s client. Empty: a single-company workstation.',
  );

export type ClientsSettings = z.output<typeof clientsSettingsSchema>;
