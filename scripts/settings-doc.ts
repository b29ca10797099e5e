import { z } from 'zod';
import { settingsSchema, userSettingsPatchSchema } from '../src-main/contract/settings';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
}

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
    out.push(
      `| \`${name}\` | ${typeOf(child)} | ${child.default === undefined ? 'required' : `\`${JSON.stringify(child.default)}\``} | ${agent} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`,
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

/** docs/settings.md, generated from the one settings schema so the two can never disagree. */
export function renderSettingsDoc(): string {
  const schema = z.toJSONSchema(settingsSchema, { io: 'input' }) as JsonSchema;
  const user = new Set(leafKeys(z.toJSONSchema(userSettingsPatchSchema, { io: 'input' }) as JsonSchema));
  const sections = Object.entries(schema.properties ?? {}).map(([key, section]) =>
    [
      `## \`${key}\``,
      '',
      section.description ?? '',
      '',
      '| key | type | default | agent may change | meaning |',
      '| --- | --- | --- | --- | --- |',
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
    '3. the changes the agent makes in the workstation (kept in `user-settings.json` in the data folder), for the keys marked "agent may change".',
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
    "and CRM header value go to the desk's protected store (see *Secrets* in docs/admin.md), and a desk without one runs",
    'its last good version without them, and says so. docs/admin.md has the details.',
    '',
    'Example (`anlauf.json`):',
    '',
    '```json',
    JSON.stringify({ ui: { language: 'de' }, training: { scenarioFile: 'drills/onboarding.yaml', autoStart: true, ringTimeoutSeconds: 30 } }, null, 2),
    '```',
    '',
    ...sections,
  ].join('\n');
}
