import type { Settings } from '../../contract';
import { languageCode } from '../../shared/language-code';

/** Where a call's language came from, strongest first. */
export type CallLanguageSource = 'ivr' | 'customer' | 'campaign' | 'client';

export interface CallLanguage {
  /** A code such as `de`, `en`, `de-AT`: the script's and the forms' variant in it is followed (core/scripts/languages.ts `variantFor`). */
  code: string;
  from: CallLanguageSource;
}

/**
 * The language a call is held in: the one the caller chose in the IVR (X-Language), else the
 * customer's (directory or CRM), else the campaign's, else the client's (settings). The caller's
 * own choice is the freshest word; the customer's is what the client's records say about this
 * person; the campaign's is more specific than the client's (an English hotline of a German
 * company). Null: nobody said, and a script in several languages is followed in its first.
 */
export function chooseCallLanguage(said: {
  ivr?: string | null | undefined;
  customer?: string | null | undefined;
  campaign?: string | null | undefined;
  client?: string | null | undefined;
}): CallLanguage | null {
  for (const from of ['ivr', 'customer', 'campaign', 'client'] as const) {
    const code = languageCode(said[from]);
    if (code) return { code, from };
  }
  return null;
}

/** The call's language from what the settings say about its client and campaign, and what the IVR and the customer said. */
export function callLanguageFor(
  clients: Settings['clients'],
  call: { clientId: string | null; campaignId: string | null; ivr?: string | null | undefined; customer?: string | null | undefined },
): CallLanguage | null {
  const client = call.clientId ? clients.find((c) => c.id === call.clientId) : undefined;
  const campaign = call.campaignId ? client?.campaigns.find((c) => c.id === call.campaignId) : undefined;
  return chooseCallLanguage({ ivr: call.ivr, customer: call.customer, campaign: campaign?.language, client: client?.language });
}
