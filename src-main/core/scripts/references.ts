import type { DispositionSetting, Settings } from '../../contract';
import { dispositionSet } from '../clients/resolve';
import { choosable, dispositionTree } from '../../shared/dispositions';
import type { Path, ProblemList } from './problems';
import { isClose } from './variables';

/**
 * The names a script refers to that are defined elsewhere: its campaign and client (the settings'
 * `clients`), and the disposition each end node proposes (the campaign's disposition set). A
 * misspelt one validates as YAML but the script is then silently never chosen for a call, or its
 * disposition is never proposed. Against a desk's settings these are errors; without settings only
 * the shipped names are known, so a name outside them is a warning.
 */
export interface References {
  severity: 'error' | 'warning';
  /** The client ids a script may name; null when there is nothing to check against. */
  clients: readonly string[] | null;
  /** The campaign ids a script of this client (or of any client) may name; null: not checked. */
  campaignsOf(client: string | null): readonly string[] | null;
  /** The codes an end node of this campaign may propose; null: not checked. */
  dispositionsOf(campaign: string, client: string | null): readonly string[] | null;
  /** The client forms loaded (core/forms/), which a say or question node may offer; absent: not checked. */
  forms?: readonly string[];
  /** Form ids not warned about even when not loaded: the shipped forms the sample scripts offer (shipped-names.ts). */
  shippedForms?: readonly string[];
  /** Said after an unknown name, e.g. which campaign's set was looked at. */
  hint: { client: string; campaign: string; disposition: (campaign: string) => string };
}

/** What a script refers to, with where each name is written. */
export interface ScriptReferences {
  campaign: { value: string; path: Path } | null;
  client: { value: string; path: Path } | null;
  dispositions: { value: string; path: Path }[];
  /** The forms the nodes offer (`form:`). */
  forms?: { value: string; path: Path }[];
}

const codes = (tree: readonly DispositionSetting[]) => choosable(dispositionTree(tree)).map((d) => d.code);
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const list = (names: readonly string[]) => (names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', '));

/**
 * The names a desk knows from its settings. With no clients configured the desk is a
 * single-company one: calls get a campaign only from rehearsals, call lists and callbacks, which
 * name it themselves, so campaign and client are not checked, and dispositions are checked
 * against `wrapUp.dispositions` as warnings (the shipped samples name codes of their own, and
 * must still load on a desk left at its defaults).
 */
export function referencesFromSettings(settings: Pick<Settings, 'clients' | 'wrapUp'>): References {
  const configured = settings.clients.length > 0;
  const allCampaigns = [...new Set(settings.clients.flatMap((c) => c.campaigns.map((k) => k.id)))];
  return {
    severity: configured ? 'error' : 'warning',
    clients: configured ? settings.clients.map((c) => c.id) : null,
    campaignsOf: (client) => {
      if (!configured) return null;
      const owner = client === null ? undefined : settings.clients.find((c) => c.id === client);
      return owner ? owner.campaigns.map((k) => k.id) : allCampaigns;
    },
    dispositionsOf: (campaign, client) => {
      if (!configured) return codes(settings.wrapUp.dispositions);
      // A script without a client serves each client that runs its campaign: a code of any of them counts.
      const owners = settings.clients.filter((c) => (client === null ? true : c.id === client));
      const found = owners.flatMap((c) => c.campaigns.filter((k) => k.id === campaign));
      // An unknown campaign is reported itself; its codes would only repeat that.
      if (found.length === 0) return null;
      return [...new Set(found.flatMap((k) => choosable(dispositionSet(k, settings.wrapUp.dispositions)).map((d) => d.code)))];
    },
    hint: {
      client: 'the settings have no client with this id',
      campaign: 'no client in the settings runs a campaign with this id',
      disposition: (campaign) =>
        configured ? `campaign "${campaign}" has no such code in the settings` : "the settings' wrapUp.dispositions have no such code",
    },
  };
}

/**
 * The names known without a desk's settings: the default disposition set and the names the
 * shipped sample scripts use. A name outside them may well be right on the desk, so this only
 * warns, and says how to check it for certain.
 */
export function shippedReferences(
  defaults: readonly DispositionSetting[],
  samples: readonly { campaign: string; client: string | null; dispositions: string[] }[],
): References {
  const clients = [...new Set(samples.flatMap((s) => (s.client ? [s.client] : [])))];
  const campaigns = [...new Set(samples.map((s) => s.campaign))];
  const dispositions = [...new Set([...codes(defaults), ...samples.flatMap((s) => s.dispositions)])];
  const check = " (check it against the desk's settings with --config SETTINGS)";
  return {
    severity: 'warning',
    clients,
    campaignsOf: () => campaigns,
    dispositionsOf: () => dispositions,
    hint: {
      client: `no shipped sample names this client${check}`,
      campaign: `it is not a campaign of the shipped samples${check}`,
      disposition: () => `it is not a shipped disposition code${check}`,
    },
  };
}

/** Reports each name `refs` does not know, at the place it is written. */
export function checkReferences(script: ScriptReferences, refs: References, problems: ProblemList): void {
  const report = (what: string, value: string, path: Path, known: readonly string[], hint: string) => {
    if (known.some((k) => same(k, value))) return;
    const close = known.find((k) => isClose(k, value));
    const message = `unknown ${what} "${value}": ${hint}${close ? ` (did you mean "${close}"?)` : known.length ? `; known: ${list(known)}` : ''}`;
    const where = problems.positions.value(path);
    if (refs.severity === 'error') problems.add('unknown-reference', where, message);
    else problems.warn('unknown-reference', where, message);
  };
  // A form may be loaded after the script (the folder loads in name order): only worth a look.
  for (const form of refs.forms ? (script.forms ?? []) : []) {
    const known = refs.forms ?? [];
    if (known.includes(form.value) || refs.shippedForms?.includes(form.value)) continue;
    const close = [...known, ...(refs.shippedForms ?? [])].find((k) => isClose(k, form.value));
    problems.warn(
      'unknown-reference',
      problems.positions.value(form.path),
      `no form "${form.value}" is loaded${close ? ` (did you mean "${close}"?)` : known.length ? `; loaded: ${list(known)}` : ''}: the agent is offered it once a form file with this id is in the script folder`,
    );
  }
  const client = script.client?.value ?? null;
  if (script.client && refs.clients) report('client', script.client.value, script.client.path, refs.clients, refs.hint.client);
  if (!script.campaign) return;
  const campaigns = refs.campaignsOf(client);
  if (campaigns) report('campaign', script.campaign.value, script.campaign.path, campaigns, refs.hint.campaign);
  const dispositions = refs.dispositionsOf(script.campaign.value, client);
  if (!dispositions) return;
  for (const d of script.dispositions) report('disposition', d.value, d.path, dispositions, refs.hint.disposition(script.campaign.value));
}
