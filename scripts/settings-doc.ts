import { POLICY_KEYS } from '../src-main/contract/policy';
import { settingsSchema, userSettingsPatchSchema } from '../src-main/contract/settings';
import { inputJsonSchema, type JsonSchema } from './json-schema';

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  const base = Array.isArray(schema.type) ? schema.type.join(' \\| ') : (schema.type ?? 'any');
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? ` (${schema.minimum ?? '…'}–${schema.maximum ?? '…'})` : '';
  return base + range;
}

function rows(schema: JsonSchema, prefix: string, userKeys: Set<string>): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (child.properties) {
      out.push(...rows(child, name, userKeys));
      continue;
    }
    const agent = userKeys.has(name) ? 'yes' : 'no';
    const policy = name in POLICY_KEYS ? 'yes' : 'no';
    out.push(
      `| \`${name}\` | ${typeOf(child)} | ${child.default === undefined ? 'required' : `\`${JSON.stringify(child.default)}\``} | ${agent} | ${policy} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`,
    );
    // Lists of objects (clients, campaigns) and optional objects (crm.auth) list their fields too.
    const nested = objectIn(child);
    if (nested) out.push(...rows(nested.schema, nested.list ? `${name}[]` : name, userKeys));
  }
  return out;
}

function objectIn(schema: JsonSchema): { schema: JsonSchema; list: boolean } | null {
  if (schema.items?.properties) return { schema: schema.items, list: true };
  const variant = schema.anyOf?.find((v) => v.properties);
  return variant ? { schema: variant, list: false } : null;
}

function leafKeys(schema: JsonSchema, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    return child.properties ? leafKeys(child, name) : [name];
  });
}

/** The machine policy's part of the page; its keys come from POLICY_KEYS (contract/policy.ts). */
function policySection(): string[] {
  return [
    '## Machine policy',
    '',
    "Precedence: **policy > settings file > the agent's own choice > defaults.** What policy sets is locked: the settings",
    'dialog shows it as set by the IT department, and a change through the API (`settings:update`) is refused with',
    '"This setting (…) is set by your IT department and cannot be changed here". An agent\'s earlier own value for a setting that becomes locked stays in',
    '`user-settings.json` without effect, and is back when IT lets the setting go.',
    '',
    '**Where each system reads it**, at every start and again when it changes:',
    '',
    '| system | where | format |',
    '| --- | --- | --- |',
    '| Windows | `HKLM\\SOFTWARE\\Policies\\Anlauf` (per machine), then `HKCU\\SOFTWARE\\Policies\\Anlauf` (per user); per key, HKLM wins | a subkey per section, a value per key: `…\\Anlauf\\sip` value `websocketUrl`. REG_SZ for texts, REG_DWORD for numbers and switches (1 on, 0 off), REG_MULTI_SZ (or a JSON list in a REG_SZ) for lists. Read with `reg query` at start and every 5 minutes. |',
    '| macOS | `/Library/Managed Preferences/de.anlauf.workstation.plist` (per machine), then `/Library/Managed Preferences/<user>/de.anlauf.workstation.plist`; per key, the machine wins | what a configuration profile for the domain `de.anlauf.workstation` puts there: an XML or binary plist, a dictionary per section (`sip` → `websocketUrl`). The folder is watched. |',
    '| Linux | `/etc/anlauf/policy.json` | strict JSON, nested like the settings file (`{ "sip": { "websocketUrl": "wss://…" } }`), UTF-8 or UTF-16 with BOM. Honoured only when it is a regular file (not a symbolic link), owned by root and not writable by group or others; otherwise it is refused with the reason and the fix, `chown root:root /etc/anlauf/policy.json; chmod 644 /etc/anlauf/policy.json` (the same rule holds for the macOS plists). The folder is watched. |',
    '',
    `**What policy may set** (${Object.keys(POLICY_KEYS).length} keys; secrets never, as every user of the machine can read a registry value or a`,
    'managed preference): ' +
      Object.keys(POLICY_KEYS)
        .map((k) => `\`${k}\``)
        .join(', ') +
      '.',
    '',
    '**A policy with mistakes.** A key policy may not set, or a value its setting does not take, is left out and named',
    '(source, key, problem: `HKLM\\SOFTWARE\\Policies\\Anlauf\\sip: websocketUrl: a ws:// or wss:// URL`) in the log and, as a',
    "notice to pass on to IT, on the agent's screen; the rest of the policy applies. A source that cannot be used as a",
    'whole (a JSON syntax error, a plist that does not parse, a file that lost its root ownership) leaves the desk on the',
    'last policy it read without a refusal (`policy-last-good.json` in the data folder, owner-only), with a notice and a log',
    'line saying why; a desk that never read a good one runs without policy, and says so. Without any policy (no file, no',
    'key) nothing is locked and nothing is said; removing the policy lets its settings go.',
    '',
    '**When a change applies.** A changed policy is applied at once: the locked settings show locked in the next',
    'snapshot, and what the workstation reads when it uses it follows (language, ring volume, blocked prefixes, decline',
    'code, wrap-up, hold display, sync and retention, pre-shift check, updates). The SIP line (`sip.websocketUrl`,',
    '`sip.outboundProxy`, `sip.registerExpiresSeconds`, `sip.dtmf`) and `scripts.folder` are set up at start and take a',
    'changed value at the next start.',
    '',
    '**Check it.** `anlauf policy validate FILE` checks a policy file before it is rolled out (JSON, an XML or binary plist,',
    'a `.reg` export or saved `reg query` output, told apart by their content), every problem on its own line, exit code 1',
    'on any. `anlauf policy show [--json]` lists the effective settings of the desk it runs on, each with its source',
    '(`policy` with its file or registry key, `file`, `agent`, `default`), secrets masked:',
    '',
    '```',
    'policy.reg:4: HKLM\\SOFTWARE\\Policies\\Anlauf\\sip: websocketUrl: a ws:// or wss:// URL (found the text "http://sip.example.org")',
    'policy.reg: 1 problem (.reg export): those keys are left out; 6 setting(s) would apply',
    '```',
    '',
    '**For tests and support only** (not a way to deploy policy): `ANLAUF_POLICY_FILE` names a policy file read instead of',
    "the system's place, under the same ownership rules, as the format `ANLAUF_POLICY_PLATFORM` names (`linux`: JSON, the",
    'default; `darwin`: a plist; `win32`: a `.reg` export).',
    '',
    'The Group Policy templates (ADMX/ADML, German and English), the macOS configuration profile and the Linux example are',
    'in `resources/policy/`; how to roll them out, and a table of every policy key: docs/it-admin.md, "Group Policy and MDM".',
    '',
  ];
}

/** docs/settings.md, generated from the one settings schema so the two can never disagree. */
export function renderSettingsDoc(): string {
  const schema = inputJsonSchema(settingsSchema);
  const user = new Set(leafKeys(inputJsonSchema(userSettingsPatchSchema)));
  const sections = Object.entries(schema.properties ?? {}).map(([key, section]) =>
    [
      `## \`${key}\``,
      '',
      section.description ?? '',
      '',
      '| key | type | default | agent may change | policy may lock | meaning |',
      '| --- | --- | --- | --- | --- | --- |',
      ...(section.items?.properties ? rows(section.items, `${key}[]`, user) : rows(section, key, user)),
      '',
    ].join('\n'),
  );
  return [
    '<!-- Generated from src-main/contract/settings.ts by `npm run docs:settings`. Do not edit by hand. -->',
    '# Settings',
    '',
    'Effective settings are built in layers, each overriding the one before:',
    '',
    '1. the defaults below;',
    '2. the settings file given with `anlauf start --config FILE` or the `ANLAUF_CONFIG` environment variable (`--config` wins when both are given);',
    '3. the changes the agent makes in the workstation (kept in `user-settings.json` in the data folder), for the keys marked "agent may change";',
    '4. the machine\'s policy, set by IT through Group Policy, an MDM profile or a root-owned file ("Machine policy" below): it wins over all three and locks what it sets.',
    '',
    '**The file.** A file named `.json` is read as strict JSON (no trailing comma, no single quotes, no comments); any other',
    'name (`.yaml`, `.yml`) as YAML. It may be saved as UTF-8 with or without a byte-order mark, or as UTF-16 LE/BE with one',
    "(what Windows PowerShell 5.1's `Out-File` and `>` write); any other encoding (Windows-1252, Latin-1) is refused with",
    'the line of its first non-UTF-8 byte, rather than turning `ü` into `�`.',
    '',
    '**Every problem at once.** `anlauf settings validate FILE` checks a file as a start would, without a data folder, and',
    'prints every problem on its own line, warnings marked, with exit code 1 when a start would not use it:',
    '',
    '```',
    'anlauf.json:3: training.ringTimeoutSeconds: a whole number, written without quotes (found the text "long")',
    'anlauf.json:9: crm.byNumberUrl: unknown variable {nummer}: this URL is filled with {number} only',
    "anlauf.json:5: sip.uri: warning: the SIP account has uri but no websocketUrl, so it is not used: the agent's line is the training line",
    'anlauf.json: not usable: 2 errors, 1 warning',
    '```',
    '',
    'Unknown keys are refused too, so a typo never silently does nothing. Besides what each key takes (below), a file is',
    'refused for plain `http://` to another computer in `sync.url` or a `crm` URL (unless that section sets',
    '`allowPlainHttp: true`), an unknown `{variable}` in a `crm` URL, a `wrapUp.autoDisposition` that is in no disposition',
    'set, and two clients claiming one number or IVR code. It is used, with a warning in the log, for a SIP account with',
    'only one of `websocketUrl` and `uri` (the agent is told too: calls come from the training line), a `crm` URL without',
    "its variable, an `autoDisposition` missing from some campaigns' sets, a logo file that cannot be shown, and an empty file.",
    '',
    '**A file that turns bad.** Each desk keeps the last version of the file it read without an error',
    '(`settings-last-good.json` in the data folder, owner-only). When the file has errors at a later start, or is empty, the',
    'desk runs on that version, logs every error with its line, and shows the agent a notice to tell IT. Only a desk that',
    'never read a good version refuses to start. The copy holds no secret: the SIP password, TURN credentials, sync token',
    "and CRM header value go to the desk's protected store (see *Secrets* in docs/it-admin.md), and a desk without one runs",
    'its last good version without them, and says so. docs/it-admin.md has the details.',
    '',
    ...policySection(),
    'Example (`anlauf.json`):',
    '',
    '```json',
    JSON.stringify({ ui: { language: 'de' }, training: { scenarioFile: 'drills/onboarding.yaml', autoStart: true, ringTimeoutSeconds: 30 } }, null, 2),
    '```',
    '',
    ...sections,
  ].join('\n');
}
