import type { z } from 'zod';
import { FORM_MAPPING_FACTS, settingsSchema, type ClientSettings, type DispositionSetting } from '../../contract';
import { dispositionTree, findDisposition } from '../../shared/dispositions';
import { DEFAULT_HOTKEYS, HOTKEY_ACTIONS, parseHotkey, pressedOn } from '../../shared/hotkeys';
import { clientsConflicts } from '../clients/clients-settings';
import { logoProblem } from '../clients/logo';
import { mappingPlaceholders } from '../clients/form-mapping';

/**
 * Checks of a settings file that no single field's schema can make: settings that contradict each
 * other, and settings that would run without a word in a way IT did not mean. Each section is
 * parsed on its own, so a mistake in one section does not hide the problems of another.
 */
export interface SettingsFinding {
  path: (string | number)[];
  message: string;
  /** `error`: the file is not used. `warning`: it is, and the log (and, where it matters to the agent, the screen) says what. */
  level: 'error' | 'warning';
}

const shape = settingsSchema.shape;

function section<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** `http://` to another computer: the credentials and call data cross the network in clear text. */
export function plainHttpToRemote(url: string): boolean {
  const match = /^http:\/\/([^/?#]*)/i.exec(url);
  if (!match) return false;
  const host = (match[1] ?? '').replace(/^.*@/, '').replace(/:\d+$/, '');
  return !LOOPBACK.test(host);
}

/** The one variable each CRM URL is filled with (core/customers/crm.ts `fill`). */
const CRM_TEMPLATES = { byNumberUrl: 'number', byCustomerNumberUrl: 'customerNumber', searchUrl: 'query' } as const;

/**
 * `raw` is the file's document as written (paths already made absolute against the file's
 * folder). An empty result means nothing to say.
 */
export function settingsFindings(raw: Record<string, unknown>, options: { fieldsOf?: FormFieldsOf } = {}): SettingsFinding[] {
  const findings: SettingsFinding[] = [];
  const sip = section(shape.sip, raw.sip);
  const clients = section(shape.clients, raw.clients);
  const wrapUp = section(shape.wrapUp, raw.wrapUp);
  const sync = section(shape.sync, raw.sync);
  const crm = section(shape.crm, raw.crm);

  if (clients) {
    for (const problem of clientsConflicts(clients, sip?.defaultCountry ?? 'DE'))
      findings.push({ path: ['clients', ...problem.path], message: problem.message, level: 'error' });
    clients.forEach((client, index) => {
      const problem = client.logo ? logoProblem(client.logo) : null;
      if (problem) findings.push({ path: ['clients', index, 'logo'], message: problem, level: 'warning' });
    });
    findings.push(...formEndpointFindings(clients, options.fieldsOf));
  }

  // From the file as written: a mistake elsewhere in `sip` must not hide that the account is not used.
  const account = typeof raw.sip === 'object' && raw.sip !== null ? (raw.sip as Record<string, unknown>) : {};
  if (Boolean(account.websocketUrl) !== Boolean(account.uri)) {
    const [has, missing] = account.websocketUrl ? ['websocketUrl', 'uri'] : ['uri', 'websocketUrl'];
    findings.push({
      path: ['sip', has],
      message: `the SIP account has ${has} but no ${missing}, so it is not used: the agent's line is the training line`,
      level: 'warning',
    });
  }

  if (sync?.url && plainHttpToRemote(sync.url)) findings.push(plainHttp(['sync', 'url'], sync.allowPlainHttp, 'the token and every call record'));

  if (crm) {
    for (const [key, variable] of Object.entries(CRM_TEMPLATES) as [keyof typeof CRM_TEMPLATES, string][]) {
      const url = crm[key];
      if (!url) continue;
      const unknown = [...url.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => name !== variable);
      if (unknown.length)
        findings.push({
          path: ['crm', key],
          message: `unknown variable ${unknown.map((n) => `{${n}}`).join(', ')}: this URL is filled with {${variable}} only`,
          level: 'error',
        });
      else if (!url.includes(`{${variable}}`))
        findings.push({ path: ['crm', key], message: `the URL has no {${variable}}: every lookup asks the CRM the same question`, level: 'warning' });
      if (plainHttpToRemote(url)) findings.push(plainHttp(['crm', key], crm.allowPlainHttp, "the auth header and the callers' numbers"));
    }
    if (typeof crm.writeUrl === 'string') {
      if (/[{}]/.test(crm.writeUrl))
        findings.push({
          path: ['crm', 'writeUrl'],
          message: "the write URL takes no variables: new customers are POSTed to it, corrected ones sent to it followed by / and the customer's CRM id",
          level: 'error',
        });
      if (plainHttpToRemote(crm.writeUrl)) findings.push(plainHttp(['crm', 'writeUrl'], crm.allowPlainHttp, "the auth header and the customers' details"));
    }
  }

  const colleagues = section(shape.colleagues, raw.colleagues);
  if (colleagues?.directoryUrl && plainHttpToRemote(colleagues.directoryUrl))
    findings.push(
      colleagues.allowPlainHttp
        ? {
            path: ['colleagues', 'directoryUrl'],
            message:
              'plain http:// to another computer: anyone on the way can change the colleague list, and so where agents transfer callers (allowPlainHttp is true)',
            level: 'warning',
          }
        : {
            path: ['colleagues', 'directoryUrl'],
            message:
              "plain http:// to another computer: anyone on the way could change the colleague list, and so where agents transfer callers; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end",
            level: 'error',
          },
    );

  // Campaigns' sets count too: with `clients` unreadable, whether the code is in one is unknown.
  if (wrapUp?.autoDisposition && clients) findings.push(...autoDispositionFindings(wrapUp.autoDisposition, wrapUp.dispositions, clients));
  findings.push(...sharedHotkeys(raw.hotkeys));
  return findings;
}

/**
 * Two actions on one combination (defaults count: a file's mute on the default hang-up clashes
 * too). Read from the file as written, so one bad hotkey does not hide a clash of two others.
 */
function sharedHotkeys(section: unknown): SettingsFinding[] {
  const written = typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  const findings: SettingsFinding[] = [];
  const seen = new Map<string, string>();
  for (const action of HOTKEY_ACTIONS) {
    const text = action in written ? written[action] : DEFAULT_HOTKEYS[action];
    if (typeof text !== 'string') continue;
    const parsed = parseHotkey(text);
    if (!parsed.ok) continue;
    // CommandOrControl and Control are one key on Windows, Command and CommandOrControl on a Mac.
    const combos = [pressedOn(parsed.hotkey, false), pressedOn(parsed.hotkey, true)];
    const other = combos.map((combo) => seen.get(combo)).find((found) => found !== undefined);
    if (other) findings.push({ path: ['hotkeys', action], message: `${text} is also the hotkey of ${other}; each action needs its own`, level: 'error' });
    else for (const combo of combos) seen.set(combo, action);
  }
  return findings;
}

function plainHttp(at: (string | number)[], allowed: boolean, what: string): SettingsFinding {
  return allowed
    ? { path: at, message: `plain http:// to another computer: ${what} cross the network in clear text (allowPlainHttp is true)`, level: 'warning' }
    : {
        path: at,
        message: `plain http:// to another computer would send ${what} in clear text; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end`,
        level: 'error',
      };
}

/**
 * The automatic disposition is given from the call's own set (its campaign's, else
 * `wrapUp.dispositions`): a code in no set would fail on every call; missing from some sets, on
 * those campaigns' calls.
 */
function autoDispositionFindings(
  code: string,
  defaults: readonly DispositionSetting[],
  clients: readonly { id: string; campaigns: readonly { id: string; dispositions: readonly DispositionSetting[] }[] }[],
): SettingsFinding[] {
  const sets = [{ name: 'wrapUp.dispositions (calls without a campaign set of their own)', set: defaults }];
  for (const client of clients)
    for (const campaign of client.campaigns) if (campaign.dispositions.length) sets.push({ name: `${client.id}/${campaign.id}`, set: campaign.dispositions });
  const lacking = sets.filter((s) => !findDisposition(dispositionTree(s.set), code)).map((s) => s.name);
  const at = ['wrapUp', 'autoDisposition'];
  if (lacking.length === sets.length)
    return [{ path: at, message: `"${code}" is in no disposition set, so the automatic wrap-up would fail on every call`, level: 'error' }];
  if (lacking.length)
    return [
      { path: at, message: `"${code}" is not in the disposition set of ${lacking.join(', ')}: the automatic wrap-up fails on those calls`, level: 'warning' },
    ];
  return [];
}

/** The field ids of a form by its id; null for a form not known (not loaded, or no such form). */
export type FormFieldsOf = (formId: string) => readonly string[] | null;

/**
 * The clients' form endpoints (clients[].forms): the URL names `{form}` only and keeps the forms
 * off plain http://; a mapping names facts that exist and, when `fieldsOf` can say which fields a
 * form has (the forms library, once loaded), fields of that form. `fieldsOf` answers null for a
 * form it does not know (not loaded, or no such form: then nothing is said about its fields).
 */
export function formEndpointFindings(clients: readonly ClientSettings[], fieldsOf: FormFieldsOf = () => null): SettingsFinding[] {
  const findings: SettingsFinding[] = [];
  const facts = new Set<string>(FORM_MAPPING_FACTS);
  clients.forEach((client, index) => {
    const forms = client.forms;
    if (!forms) return;
    const at = ['clients', index, 'forms'];
    const unknown = [...forms.url.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => name !== 'form');
    if (unknown.length)
      findings.push({
        path: [...at, 'url'],
        message: `unknown variable ${unknown.map((n) => `{${n}}`).join(', ')}: this URL is filled with {form} (the form id) only`,
        level: 'error',
      });
    if (plainHttpToRemote(forms.url)) findings.push(plainHttp([...at, 'url'], forms.allowPlainHttp, 'the auth header and every form, bank details included,'));
    for (const [formId, template] of Object.entries(forms.mapping)) {
      const fields = fieldsOf(formId);
      for (const { name, at: where } of mappingPlaceholders(template)) {
        if (facts.has(name)) continue;
        if (name.includes('.'))
          findings.push({
            path: [...at, 'mapping', formId, ...where],
            message: `{${name}} is not a fact a form is sent with; these are: ${FORM_MAPPING_FACTS.map((f) => `{${f}}`).join(', ')}`,
            level: 'error',
          });
        else if (fields && !fields.includes(name))
          findings.push({
            path: [...at, 'mapping', formId, ...where],
            message: `{${name}} is not a field of the form ${formId} (its fields: ${fields.join(', ')}): it is always sent empty`,
            // Only known once the forms are loaded, after a desk has taken the file: it is used, and said.
            level: 'warning',
          });
      }
    }
  });
  return findings;
}
