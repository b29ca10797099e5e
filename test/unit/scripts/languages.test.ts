import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsCommand } from '../../../src-main/cli/scripts-command';
import { silentLogger } from '../../../src-main/core/log';
import { variantFor } from '../../../src-main/core/scripts/languages';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import { parseScript } from '../../../src-main/core/scripts/loader';
import type { Script } from '../../../src-main/core/scripts/model';
import { ScriptSession } from '../../../src-main/core/scripts/session';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptSessions, type CallFacts } from '../../../src-main/core/scripts/script-sessions';
import { tempDir } from '../../support/temp';

/** One script id with texts per language: the structure is written once, the call's language picks the texts. */

const TEXT = `id: zufriedenheit
title: { de: Zufriedenheit, en: Satisfaction }
campaign: survey
languages: [de, en]
sections:
  - id: start
    title: { de: Begrüßung, en: Welcome }
    nodes:
      - id: hello
        type: say
        text:
          de: "Guten Tag {{customer.address | }}, hier ist {{agent.name}}."
          en: "Good day {{customer.address | }}, this is {{agent.name}}."
        hint: { de: Freundlich bleiben., en: Stay friendly. }
      - id: q_ok
        type: question
        text: { de: Sind Sie zufrieden?, en: Are you satisfied? }
        input: yesno
        required: true
        branches:
          - { when: { answer: nein }, next: q_why }
          - { when: { answer: ja }, next: bye }
      - id: q_why
        type: question
        text: { de: Was fehlt?, en: What is missing? }
        input: single
        options:
          - { value: preis, label: { de: Der Preis, en: The price } }
          - { value: service, label: { de: Der Service, en: The service } }
      - { id: bye, type: end, text: { de: Danke!, en: Thank you! }, disposition: done }
`;

function load(text = TEXT): Script {
  const result = parseScript(text, 'zufriedenheit.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return result.script;
}

const problems = (text: string) => {
  const result = parseScript(text, 'zufriedenheit.yaml');
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.code}: ${p.message}`);
};

const context = { customer: { firstName: 'Erika', lastName: 'Mustermann', salutation: 'female' }, agent: { name: 'Alex' } };

describe('language variants', () => {
  it("walks the same structure in the call's language, with its texts, labels, answers and messages", () => {
    const script = load();
    expect([...(script.variants?.keys() ?? [])]).toEqual(['de', 'en']);
    const en = new ScriptSession(variantFor(script, 'en'), context);
    expect(en.script.title).toBe('Satisfaction');
    expect(en.text()).toBe('Good day Ms Mustermann, this is Alex.');
    en.next();
    expect(en.text()).toBe('Are you satisfied?');
    expect(en.next()).toEqual({ ok: false, error: 'Please answer this question; it is required.' });
    // The branch is written in German (answer: nein) and fires on an English "no".
    expect(en.answer('no')).toEqual({ ok: true });
    expect(en.next()).toMatchObject({ ok: true, node: { id: 'q_why' } });
    expect(en.current.type === 'question' && en.current.options.map((o) => o.label)).toEqual(['The price', 'The service']);

    const de = new ScriptSession(variantFor(script, 'de-AT'), context);
    expect(de.text()).toBe('Guten Tag Frau Mustermann, hier ist Alex.');
    expect(de.current.type === 'say' && de.current.hint).toBe('Freundlich bleiben.');
    // A language the script does not have: its first language.
    expect(variantFor(script, 'fr').language).toBe('de');
    expect(variantFor(script, null).language).toBe('de');
  });

  it('reports a missing translation, a language not listed, and a text in one language only, where written', () => {
    const broken = TEXT.replace('en: Are you satisfied? }', 'fr: Êtes-vous satisfait? }')
      .replace('{ de: Danke!, en: Thank you! }', 'Danke!')
      .replace('{{agent.name}}."\n          en', '{{agent.name}}."\n          en')
      .replace('this is {{agent.name}}', 'this is {{agent.nam}}');
    expect(problems(broken)).toEqual([
      '17:15 missing-translation: text has no "en" translation',
      '17:42 unknown-field: "fr" is not one of the script\'s languages (de, en)',
      '30:37 missing-translation: text must be written in every language of the script: { de: …, en: … }',
    ]);
    // Once the layout is right, the English text's variables are checked too.
    expect(problems(TEXT.replace('this is {{agent.name}}', 'this is {{agent.nam}}'))).toEqual([
      '13:58 unknown-variable: unknown variable "agent.nam" (did you mean agent.name?)',
    ]);
    expect(problems(TEXT.replace('languages: [de, en]', 'languages: [de, en]\nlanguage: de'))).toEqual([
      '5:1 unknown-field: write either language (one) or languages (variants), not both',
    ]);
  });

  it('starts a call in the language of its campaign (settings), and keeps the version', () => {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    try {
      const library = new ScriptLibrary(db);
      expect(library.loadText(TEXT, 'zufriedenheit.yaml')).toMatchObject({ ok: true, version: 1 });
      const sessions = new ScriptSessions(library, silentLogger, () => undefined);
      const facts = (language: string | null): CallFacts => ({
        remoteNumber: '+4940123',
        dialedNumber: null,
        direction: 'inbound',
        concern: null,
        queue: null,
        client: null,
        campaign: null,
        customer: null,
        agentName: 'Alex',
        language,
      });
      sessions.startForCall('call-en', 'survey', null, facts('en'));
      sessions.startForCall('call-de', 'survey', null, facts(null));
      const views = sessions.views();
      expect(views['call-en']).toMatchObject({
        scriptId: 'zufriedenheit',
        version: 1,
        title: 'Satisfaction',
        language: 'en',
        current: { text: 'Good day, this is Alex.', hint: 'Stay friendly.' },
      });
      expect(views['call-de']).toMatchObject({
        scriptId: 'zufriedenheit',
        version: 1,
        title: 'Zufriedenheit',
        language: 'de',
        current: { text: 'Guten Tag, hier ist Alex.' },
      });
    } finally {
      db.close();
    }
  });

  it('previews a chosen language with --language, and refuses one the script lacks', () => {
    const file = path.join(tempDir(), 'zufriedenheit.yaml');
    fs.writeFileSync(file, TEXT);
    const run = (args: string[]) => {
      let out = '';
      let err = '';
      const code = scriptsCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    const en = run(['preview', file, '--language', 'en', '--answers', '{"q_ok": "no", "q_why": "The price"}']);
    expect(en.code).toBe(0);
    expect(en.out).toContain('Satisfaction — script zufriedenheit, campaign survey, language en');
    expect(en.out).toContain('    Good day Ms Mustermann, this is Alex Berger.\n    (hint: Stay friendly.)');
    expect(en.out).toContain('→ answer: The price');
    expect(run(['preview', file, '--answers', '{"q_ok": "nein", "q_why": "preis"}']).out).toContain('→ answer: Der Preis');
    expect(run(['preview', file, '--language', 'fr'])).toMatchObject({ code: 1, err: `anlauf: ${file} has no fr texts; its languages: de, en\n` });
  });

  it('translates the labels of a rating scale and of grid lines too', () => {
    const text =
      `id: g\ntitle: { de: G, en: G }\ncampaign: c\nlanguages: [de, en]\nsections:\n  - id: s\n    nodes:\n` +
      `      - id: q_grid\n        type: question\n        text: { de: Wie bewerten Sie, en: How do you rate }\n        input: grid\n` +
      `        minLabel: { de: schlecht, en: poor }\n        maxLabel: { de: sehr gut }\n        items:\n          - { id: preis, label: { de: den Preis, en: the price } }\n` +
      `      - { id: bye, type: end }\n`;
    expect(problems(text)).toEqual(['13:19 missing-translation: maxLabel has no "en" translation']);
    const en = variantFor(load(text.replace('{ de: sehr gut }', '{ de: sehr gut, en: very good }')), 'en').nodes.get('q_grid');
    expect(en).toMatchObject({ minLabel: 'poor', maxLabel: 'very good', items: [{ id: 'preis', label: 'the price' }] });
  });
});
