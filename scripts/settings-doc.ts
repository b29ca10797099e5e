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
    '2. the settings file given with `anlauf start --config FILE` or the `ANLAUF_CONFIG` environment variable (JSON or YAML);',
    '3. the changes the agent makes in the workstation (kept in `user-settings.json` in the data folder), for the keys marked "agent may change".',
    '',
    'A settings file that does not fit is refused at start with its file name, line and key, for example',
    '`anlauf.json:3: training.ringTimeoutSeconds: Invalid input: expected number, received string`.',
    'Unknown keys are refused too, so a typo never silently does nothing.',
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
