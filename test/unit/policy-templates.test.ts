// @vitest-environment jsdom
// jsdom's DOMParser is the XML parser here: a maintained, strict one the project already depends on.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parsePlist } from '@plist/plist';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { POLICY_KEYS } from '../../src-main/contract/policy';
import { settingsSchema } from '../../src-main/contract/settings';
import { policyLeaves, renderPolicyTemplates, shapeOf, withPolicyTable } from '../../scripts/policy-templates';
import de from '../../src-renderer/i18n/de.json';
import en from '../../src-renderer/i18n/en.json';
import { projectRoot } from '../support/temp';

const REGENERATE = 'run `npm run policy:templates` and commit what it writes';
const ADMX = 'resources/policy/anlauf.admx';
const ADMLS = ['resources/policy/en-US/anlauf.adml', 'resources/policy/de-DE/anlauf.adml'];
const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');

/** Parses XML strictly; a file that is not well-formed fails naming its line and column. */
function xml(file: string, text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`${file}: not well-formed XML: ${error.textContent}`);
  return doc;
}

const children = (parent: Element | Document, tag: string) => [...parent.getElementsByTagName(tag)];
const attr = (element: Element, name: string) => element.getAttribute(name) ?? '';

interface JsonLeaf {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonLeaf[];
  items?: JsonLeaf;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonLeaf>;
}
const jsonSchema = z.toJSONSchema(settingsSchema, { io: 'input' }) as JsonLeaf;

/** The setting at `section.name` if it is a leaf; its variants without `null`. */
function settingLeaf(section: string, name: string): JsonLeaf[] | null {
  const leaf = jsonSchema.properties?.[section]?.properties?.[name];
  if (!leaf || leaf.properties) return null;
  return (leaf.anyOf ?? [leaf]).filter((variant) => variant.type !== 'null');
}

/** What a policy writes, as the ADMX says it: the element kind and its values or range. */
function admxKind(policy: Element): { valueName: string; kind: string; element: Element | null } {
  const element = children(policy, 'elements')[0]?.firstElementChild ?? null;
  if (!element) return { valueName: attr(policy, 'valueName'), kind: 'boolean', element: null };
  return { valueName: attr(element, 'valueName'), kind: element.localName, element };
}

/** Why the ADMX element cannot hold what the settings schema takes at that key; null when it fits. */
function typeMismatch(kind: string, element: Element | null, variants: JsonLeaf[]): string | null {
  const only = variants.length === 1 ? variants[0]! : null;
  switch (kind) {
    case 'boolean':
      return only?.type === 'boolean' ? null : 'on/off in the ADMX, not a boolean in the settings';
    case 'decimal':
      if (only?.type !== 'integer') return 'a number in the ADMX, not a whole number in the settings';
      if (Number(attr(element!, 'minValue')) !== (only.minimum ?? 0) || Number(attr(element!, 'maxValue')) !== only.maximum) {
        return `range ${attr(element!, 'minValue')}–${attr(element!, 'maxValue')} in the ADMX, ${only.minimum}–${only.maximum} in the settings`;
      }
      return null;
    case 'text':
      return only?.type === 'string' && !only.enum ? null : 'text in the ADMX, not free text in the settings';
    case 'multiText':
      return only?.type === 'array' && only.items?.type === 'string' ? null : 'a list of texts in the ADMX, not in the settings';
    case 'enum': {
      const admx = children(element!, 'value').map((value) => {
        const stored = value.firstElementChild!;
        return stored.localName === 'decimal' ? Number(attr(stored, 'value')) : stored.textContent;
      });
      const schema = only?.enum ?? variants.map((variant) => variant.const);
      return JSON.stringify(admx) === JSON.stringify(schema) ? null : `choices ${JSON.stringify(admx)} in the ADMX, ${JSON.stringify(schema)} in the settings`;
    }
    default:
      return `element <${kind}> is not one the workstation reads`;
  }
}

interface Templates {
  admx: string;
  admls: Record<string, string>;
  doc: string;
}

/** Every disagreement between the templates, the docs' table, POLICY_KEYS and the settings schema. */
function problems(templates: Templates, keys: Record<string, unknown> = POLICY_KEYS): string[] {
  const found: string[] = [];
  const admx = xml(ADMX, templates.admx);
  const inAdmx = new Set<string>();
  for (const policy of children(admx, 'policy')) {
    const name = attr(policy, 'name');
    if (attr(policy, 'class') !== 'Both') found.push(`${ADMX}: policy ${name}: class is not "Both"`);
    const registry = /^Software\\Policies\\Anlauf\\(\w+)$/.exec(attr(policy, 'key'));
    if (!registry) {
      found.push(`${ADMX}: policy ${name}: key ${attr(policy, 'key')} is not Software\\Policies\\Anlauf\\<section>`);
      continue;
    }
    const { valueName, kind, element } = admxKind(policy);
    const key = `${registry[1]}.${valueName}`;
    inAdmx.add(key);
    const variants = settingLeaf(registry[1]!, valueName);
    if (!variants) found.push(`${ADMX}: policy ${name}: ${key} is not a setting in src-main/contract/settings.ts`);
    else {
      const mismatch = typeMismatch(kind, element, variants);
      if (mismatch) found.push(`${ADMX}: policy ${name}: ${key}: ${mismatch}`);
    }
    if (!(key in keys)) found.push(`${ADMX}: policy ${name}: ${key} is not in POLICY_KEYS (src-main/contract/policy.ts)`);
  }
  const referenced = (kind: 'string' | 'presentation') => [...templates.admx.matchAll(new RegExp(`\\$\\(${kind}\\.([^)]+)\\)`, 'g'))].map((match) => match[1]!);
  for (const [file, text] of Object.entries(templates.admls)) {
    const adml = xml(file, text);
    const strings = new Set(children(adml, 'string').map((string) => attr(string, 'id')));
    const presentations = new Map(children(adml, 'presentation').map((presentation) => [attr(presentation, 'id'), presentation]));
    for (const id of referenced('string')) if (!strings.has(id)) found.push(`${file}: no string ${id}, which the ADMX names`);
    for (const id of referenced('presentation')) if (!presentations.has(id)) found.push(`${file}: no presentation ${id}, which the ADMX names`);
    // Each element of a policy needs its box in the presentation, and each box its element.
    for (const policy of children(admx, 'policy')) {
      const ids = children(policy, 'elements').flatMap((elements) => [...elements.children].map((element) => attr(element, 'id')));
      const presentation = presentations.get(/\$\(presentation\.([^)]+)\)/.exec(attr(policy, 'presentation'))?.[1] ?? '');
      const refs = presentation ? [...presentation.children].map((box) => attr(box, 'refId')).filter(Boolean) : [];
      if (JSON.stringify(refs) !== JSON.stringify(ids))
        found.push(`${file}: policy ${attr(policy, 'name')}: presentation boxes [${refs.join(', ')}] for elements [${ids.join(', ')}]`);
    }
  }
  for (const key of Object.keys(keys)) {
    if (!inAdmx.has(key)) found.push(`${ADMX}: no policy for ${key} of POLICY_KEYS`);
    if (!templates.doc.includes(`| \`${key}\` (`)) found.push(`docs/it-admin.md: no row for ${key} in "Every policy key"`);
  }
  return found;
}

const committed = (): Templates => ({
  admx: read(ADMX),
  admls: Object.fromEntries(ADMLS.map((file) => [file, read(file)])),
  doc: read('docs/it-admin.md'),
});

describe('Group Policy templates and MDM examples (resources/policy/)', () => {
  it(`are what the generator makes from POLICY_KEYS and the settings schema (else ${REGENERATE})`, () => {
    for (const [file, content] of Object.entries(renderPolicyTemplates())) {
      const current = fs.existsSync(path.join(projectRoot, file)) ? read(file) : '(missing)';
      expect(current === content, `${file} is out of date: ${REGENERATE}`).toBe(true);
    }
    expect(
      read('docs/it-admin.md') === withPolicyTable(read('docs/it-admin.md'), policyLeaves()),
      `docs/it-admin.md's policy table is out of date: ${REGENERATE}`,
    ).toBe(true);
  });

  it('agree with each other, with POLICY_KEYS and with the settings schema', () => {
    expect(problems(committed())).toEqual([]);
    expect(children(xml(ADMX, read(ADMX)), 'policy')).toHaveLength(Object.keys(POLICY_KEYS).length);
  });

  it('notice a policy dropped from the ADMX, a key added to POLICY_KEYS, a mistyped value name and a missing translation', () => {
    const templates = committed();
    const dropped = templates.admx.replace(/ *<policy name="sip_dtmf"[\s\S]*?<\/policy>\n/, '');
    expect(problems({ ...templates, admx: dropped })).toContain(`${ADMX}: no policy for sip.dtmf of POLICY_KEYS`);
    expect(problems(templates, { ...POLICY_KEYS, 'sip.uri': {} })).toEqual([
      `${ADMX}: no policy for sip.uri of POLICY_KEYS`,
      'docs/it-admin.md: no row for sip.uri in "Every policy key"',
    ]);
    const renamed = templates.admx.replace('valueName="ringVolume"', 'valueName="ringVolumen"');
    expect(problems({ ...templates, admx: renamed })).toContain(
      `${ADMX}: policy audio_ringVolume: audio.ringVolumen is not a setting in src-main/contract/settings.ts`,
    );
    const retyped = templates.admx.replace(
      /<decimal id="ringVolume" valueName="ringVolume" required="true" minValue="0" maxValue="100"/,
      '<text id="ringVolume" valueName="ringVolume"',
    );
    expect(problems({ ...templates, admx: retyped })).toContain(
      `${ADMX}: policy audio_ringVolume: audio.ringVolume: text in the ADMX, not free text in the settings`,
    );
    const german = ADMLS[1]!;
    const untranslated = { ...templates.admls, [german]: templates.admls[german]!.replace(/ *<string id="updates_enabled_Explain">[\s\S]*?<\/string>\n/, '') };
    expect(problems({ ...templates, admls: untranslated })).toContain(`${german}: no string updates_enabled_Explain, which the ADMX names`);
    expect(() => xml(ADMX, templates.admx.replace('</policies>', ''))).toThrow(/resources\/policy\/anlauf.admx: not well-formed XML: \d+:\d+/);
  });

  it('write each kind of setting as Group Policy expects it', () => {
    const admx = xml(ADMX, read(ADMX));
    const policy = (name: string) => children(admx, 'policy').find((p) => attr(p, 'name') === name)!;
    const root = admx.documentElement;
    expect(root.namespaceURI).toBe('http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions');
    expect([...root.children].map((child) => child.localName)).toEqual([
      'policyNamespaces',
      'supersededAdm',
      'resources',
      'supportedOn',
      'categories',
      'policies',
    ]);
    expect(attr(children(admx, 'resources')[0]!, 'minRequiredRevision')).toBe(attr(root, 'revision'));

    const updates = policy('updates_enabled');
    expect(attr(updates, 'key')).toBe('Software\\Policies\\Anlauf\\updates');
    expect(attr(updates, 'valueName')).toBe('enabled');
    const stored = (tag: string) => children(children(updates, tag)[0]!, 'decimal').map((d) => attr(d, 'value'));
    expect([stored('enabledValue'), stored('disabledValue')]).toEqual([['1'], ['0']]);
    expect(children(updates, 'parentCategory').map((c) => attr(c, 'ref'))).toEqual(['Category_updates']);

    const expires = children(policy('sip_registerExpiresSeconds'), 'decimal')[0]!;
    expect([attr(expires, 'minValue'), attr(expires, 'maxValue')]).toEqual(['60', '86400']);
    expect(children(policy('sip_blockedPrefixes'), 'multiText')).toHaveLength(1);
    expect(children(policy('agent_declineCode'), 'decimal').map((d) => attr(d, 'value'))).toEqual(['486', '480', '603']);
    expect(children(policy('ui_language'), 'string').map((s) => s.textContent)).toEqual(['auto', 'de', 'en']);
    expect(children(policy('sip_websocketUrl'), 'text')).toHaveLength(1);
  });

  it('name every key in English and German, explained in both', () => {
    const [en, de] = ADMLS.map((file) => xml(file, read(file)));
    const text = (doc: Document, id: string) => children(doc, 'string').find((s) => attr(s, 'id') === id)?.textContent ?? '';
    expect(text(en!, 'ui_language')).toBe(POLICY_KEYS['ui.language'].en);
    expect(text(de!, 'ui_language')).toBe('Sprache des Arbeitsplatzes');
    expect(text(en!, 'updates_enabled_Explain')).toContain('turns updates off');
    expect(text(de!, 'updates_enabled_Explain')).toContain('Updates aus');
    expect(text(de!, 'sip_registerExpiresSeconds_Explain')).toContain('Erlaubt: 60–86400. Standard: 600.');
    expect(text(de!, 'sip_blockedPrefixes_Explain')).toContain('Software\\Policies\\Anlauf\\sip, Wert "blockedPrefixes" (REG_MULTI_SZ)');
    for (const key of Object.keys(POLICY_KEYS)) {
      const id = key.replace('.', '_');
      expect(text(de!, `${id}_Explain`), key).not.toBe(text(en!, `${id}_Explain`));
    }
  });

  it("name each key as the settings dialog's list of locked settings does", () => {
    for (const [key, label] of Object.entries(POLICY_KEYS)) {
      const [section = '', name = ''] = key.split('.');
      for (const [language, catalogue] of [
        ['en', en],
        ['de', de],
      ] as const) {
        const shown = (catalogue.policySetting as Record<string, Record<string, string> | undefined>)[section]?.[name];
        expect(shown, `src-renderer/i18n/${language}.json: policySetting.${key} must be "${label[language]}" (the label in POLICY_KEYS)`).toBe(label[language]);
      }
    }
  });

  it('refuse a policy key the settings cannot take, naming it', () => {
    const refused = (key: string) => () => renderPolicyTemplates({ ...POLICY_KEYS, [key]: { en: 'x', de: 'x' } });
    expect(refused('sip.nope')).toThrow("POLICY_KEYS['sip.nope']: no such setting in src-main/contract/settings.ts");
    expect(refused('sip.headers')).toThrow('POLICY_KEYS[\'sip.headers\']: a setting of type "object" cannot be set by policy');
    // No setting takes a fraction today; a future one is refused before it reaches the templates.
    expect(() => shapeOf('audio.gain', { type: 'number', minimum: 0, maximum: 1 })).toThrow(
      "POLICY_KEYS['audio.gain']: a number with a fraction has no Group Policy element",
    );
    expect(refused('sip.uri')).toThrow("POLICY_KEYS['sip.uri']: no German explain text in scripts/policy-templates/explain-de.ts");
    expect(refused('sip')).toThrow('POLICY_KEYS[\'sip\']: a policy key is "section.key"');
  });

  it('give macOS a configuration profile that forces settings the workstation accepts', () => {
    const profile = parsePlist(read('resources/policy/de.anlauf.workstation.mobileconfig')) as Record<string, any>;
    expect(profile.PayloadType).toBe('Configuration');
    expect(profile.PayloadScope).toBe('System');
    const payload = profile.PayloadContent[0];
    expect(payload.PayloadType).toBe('com.apple.ManagedClient.preferences');
    expect(payload.PayloadUUID).not.toBe(profile.PayloadUUID);
    const forced = payload.PayloadContent['de.anlauf.workstation'].Forced[0].mcx_preference_settings as Record<string, Record<string, unknown>>;
    expect(forced.ui).toEqual({ language: 'de' });
    expect(forced.sip?.blockedPrefixes).toEqual(['0900', '0137']);
    expect(forced.updates?.enabled).toBe(true);
    expectPolicyValues(forced);
  });

  it('give Linux an example /etc/anlauf/policy.json with the same settings', () => {
    const linux = JSON.parse(read('resources/policy/policy.example.json')) as Record<string, Record<string, unknown>>;
    const profile = parsePlist(read('resources/policy/de.anlauf.workstation.mobileconfig')) as Record<string, any>;
    expect(linux).toEqual(profile.PayloadContent[0].PayloadContent['de.anlauf.workstation'].Forced[0].mcx_preference_settings);
    expectPolicyValues(linux);
  });
});

/** Every key is a policy key, and the values are ones the settings schema takes. */
function expectPolicyValues(nested: Record<string, Record<string, unknown>>) {
  const keys = Object.entries(nested).flatMap(([section, values]) => Object.keys(values).map((name) => `${section}.${name}`));
  expect(keys.length).toBeGreaterThanOrEqual(5);
  for (const key of keys) expect(Object.keys(POLICY_KEYS), key).toContain(key);
  const parsed = settingsSchema.safeParse(nested);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
}
