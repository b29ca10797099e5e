import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { previewScript } from '../../../src-main/core/scripts/preview';
import { ScriptSession } from '../../../src-main/core/scripts/session';
import type { ScriptContext } from '../../../src-main/core/scripts/variables';

/** The customer's salutation and address, and empty variables that leave no stray spaces or commas. */

function sessionFor(language: string, context: ScriptContext = {}): ScriptSession {
  const text = `id: t\ntitle: T\ncampaign: c\nlanguage: ${language}\nsections:\n  - id: s\n    nodes:\n      - { id: hello, type: say, text: Hallo }\n      - { id: bye, type: end }\n`;
  const result = parseScript(text, 'x.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return new ScriptSession(result.script, context);
}

const erika = (salutation: string | null) => ({ customer: { firstName: 'Erika', lastName: 'Mustermann', salutation } });

describe("the customer's address", () => {
  it.each([
    ['de', 'Frau', 'Guten Tag Frau Mustermann, hier ist Anlauf.'],
    ['de', 'w', 'Guten Tag Frau Mustermann, hier ist Anlauf.'],
    ['de', 'Herr', 'Guten Tag Herr Mustermann, hier ist Anlauf.'],
    ['de', 'divers', 'Guten Tag Erika Mustermann, hier ist Anlauf.'],
    ['de', null, 'Guten Tag Erika Mustermann, hier ist Anlauf.'],
    ['en', 'female', 'Guten Tag Ms Mustermann, hier ist Anlauf.'],
    ['en', 'Mr.', 'Guten Tag Mr Mustermann, hier ist Anlauf.'],
    ['en', 'neutral', 'Guten Tag Erika Mustermann, hier ist Anlauf.'],
  ])('in a %s script, salutation %s reads "%s"', (language, salutation, expected) => {
    expect(sessionFor(language, erika(salutation)).interpolate('Guten Tag {{customer.address | }}, hier ist Anlauf.')).toBe(expected);
  });

  it("gives the salutation word alone in the script's language, and nothing for neutral", () => {
    expect(sessionFor('de', erika('female')).interpolate('{{customer.salutation}} {{customer.lastName}}')).toBe('Frau Mustermann');
    expect(sessionFor('en', erika('Herr')).interpolate('{{customer.salutation}} {{customer.lastName}}')).toBe('Mr Mustermann');
    expect(sessionFor('de', erika('d')).interpolate('Hallo {{customer.salutation | }} {{customer.lastName}}!')).toBe('Hallo Mustermann!');
  });

  it('uses the full name without a last name, and the fallback without any name', () => {
    expect(sessionFor('de', { customer: { name: 'Stadtwerke Nord GmbH', salutation: 'Frau' } }).interpolate('Guten Tag {{customer.address | }}!')).toBe(
      'Guten Tag Stadtwerke Nord GmbH!',
    );
    expect(sessionFor('de', { customer: { salutation: 'Frau' } }).interpolate('Guten Tag {{customer.address | }}!')).toBe('Guten Tag!');
  });

  it('is a known variable to the validator, and shown in the preview with the sample customer', () => {
    const text = `id: t\ntitle: T\ncampaign: c\nlanguage: de\nsections:\n  - id: s\n    nodes:\n      - { id: hello, type: say, text: "Guten Tag {{customer.address}}, hier ist {{agent.name}}." }\n      - { id: bye, type: end }\n`;
    const result = parseScript(text, 'x.yaml');
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    expect(previewScript(result.script)).toContain('Guten Tag Frau Mustermann, hier ist Alex Berger.');
  });
});

describe('an empty variable with an empty fallback', () => {
  const known = { customer: { firstName: 'Erika', lastName: 'Mustermann', city: 'Hamburg' }, agent: { name: 'Alex' } };
  const unknown = { agent: { name: 'Alex' } };
  it.each([
    // [language, text, with the values known, with them unknown]
    ['de', 'Guten Tag {{customer.name | }}, hier ist {{agent.name}}.', 'Guten Tag Erika Mustermann, hier ist Alex.', 'Guten Tag, hier ist Alex.'],
    ['de', 'Guten Tag {{customer.name | }} und willkommen.', 'Guten Tag Erika Mustermann und willkommen.', 'Guten Tag und willkommen.'],
    ['de', 'Hallo {{customer.firstName | }} {{customer.lastName | }}!', 'Hallo Erika Mustermann!', 'Hallo!'],
    ['de', '{{customer.firstName | }}, wir rufen wegen Ihrer Rechnung an.', 'Erika, wir rufen wegen Ihrer Rechnung an.', 'wir rufen wegen Ihrer Rechnung an.'],
    ['de', 'Wir haben {{customer.name | }}, {{customer.postcode | }}, {{customer.city | }}.', 'Wir haben Erika Mustermann, Hamburg.', 'Wir haben.'],
    ['de', 'Danke, {{customer.firstName | }}.', 'Danke, Erika.', 'Danke.'],
    ['de', 'Sie wohnen in Hamburg ({{customer.postcode | }}), richtig?', 'Sie wohnen in Hamburg, richtig?', 'Sie wohnen in Hamburg, richtig?'],
    ['de', 'Guten Tag **{{customer.name | }}**, schön.', 'Guten Tag **Erika Mustermann**, schön.', 'Guten Tag, schön.'],
    ['en', 'Hello {{customer.firstName | }}, this is {{agent.name}}.', 'Hello Erika, this is Alex.', 'Hello, this is Alex.'],
    ['en', 'Thanks for calling, {{customer.firstName | }}!', 'Thanks for calling, Erika!', 'Thanks for calling!'],
    ['en', 'Is {{customer.city | }} still your town? Great.', 'Is Hamburg still your town? Great.', 'Is still your town? Great.'],
    ['en', 'Dear {{customer.name | }}\nplease hold.', 'Dear Erika Mustermann\nplease hold.', 'Dear\nplease hold.'],
  ])('%s: "%s"', (language, text, withValues, withoutValues) => {
    expect(sessionFor(language, known).interpolate(text)).toBe(withValues);
    expect(sessionFor(language, unknown).interpolate(text)).toBe(withoutValues);
  });

  it('leaves text the trainer wrote alone, and a missing value without a fallback still shows its name', () => {
    const s = sessionFor('de', {});
    expect(s.interpolate('Guten Tag  ,  so geschrieben {{customer.name}}.')).toBe('Guten Tag  ,  so geschrieben [customer.name].');
    expect(s.interpolate('Guten Tag {{customer.name | liebe Kundin}}, hallo.')).toBe('Guten Tag liebe Kundin, hallo.');
  });
});
