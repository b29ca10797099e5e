import type { ClientSettings } from '../../contract';
import { normalizeNumber } from './numbers';

/**
 * Consistency of the `clients` settings section beyond its schema (which lives in the contract):
 * ids, IVR codes and dialed numbers each belong to one client. Dialed numbers are compared as
 * phone numbers, so with a default country `040 800100` = `+49 40 800 100`; the settings service
 * runs this with `sip.defaultCountry` whenever settings are read.
 */

/** Problems found in a clients table, each naming what collides; empty when it is consistent. */
export function clientsConflicts(clients: readonly ClientSettings[], defaultRegion: string | null): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Map<string, number>();
  const codes = new Map<string, { client: string; index: number }>();
  const numbers = new Map<string, { client: string; raw: string }>();
  clients.forEach((client, index) => {
    const seenId = ids.get(client.id.toLowerCase());
    if (seenId !== undefined)
      problems.push({ path: [index, 'id'], message: `The client id "${client.id}" is used twice (clients ${seenId + 1} and ${index + 1}).` });
    else ids.set(client.id.toLowerCase(), index);

    client.ivrCodes.forEach((code, codeIndex) => {
      const key = code.trim().toLowerCase();
      const owner = codes.get(key);
      if (owner && owner.client !== client.id) {
        problems.push({
          path: [index, 'ivrCodes', codeIndex],
          message: `The IVR client code "${code}" is claimed by both "${owner.client}" and "${client.id}".`,
        });
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
