import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript, readScriptFile } from '../../../src-main/core/scripts/loader';
import type { Script } from '../../../src-main/core/scripts/model';
import { ScriptSession } from '../../../src-main/core/scripts/session';
import type { ScriptContext } from '../../../src-main/core/scripts/variables';
import { projectRoot } from '../../support/paths';

const TEXT = `
id: engine
title: Engine test
campaign: support
client: stadtwerke-nord
language: en
sections:
  - id: opening
    title: Opening
    nodes:
      - id: hello
        type: say
        text: Hello {{customer.firstName}} {{customer.lastName | }}, this is {{agent.name}} at {{client.name}} ({{campaign.id}}/{{client.id}}).
        branches:
          - when: { call.queue: { in: [vip, gold] } }
            next: vip
          - when: { customer.city: hamburg, call.direction: inbound }
            next: local
      - id: q_topic
        type: question
        text: Topic?
        input: single
        required: true
        options:
          - { value: invoice, label: The invoice, next: billing }
          - { value: other, label: Something else }
        branches:
          - when: { answer: other }
            next: closing
  - id: billing
    nodes:
      - id: q_amount
        type: question
        text: Amount?
        input: number
        required: true
        min: 0
        max: 5000
        branches:
          - when: { answer: { gt: 1000 } }
            next: escalate
      - id: q_due
        type: question
        text: Due date?
        input: date
        min: 2026-01-01
        max: today
      - id: q_stars
        type: question
        text: Stars?
        input: rating
        required: true
      - id: q_code
        type: question
        text: Code?
        input: text
        pattern: '^[A-Z]{2}[0-9]{3}$'
        patternMessage: Please enter two capitals and three digits, e.g. AB123.
      - id: q_channels
        type: question
        text: Channels?
        input: multiple
        max: 2
        options: [phone, email, web]
        next: closing
  - id: closing
    nodes:
      - id: summary
        type: say
        text: You said {{answers.q_topic}}, {{answers.q_amount | no amount}} and {{answers.q_channels | no channels}}.
      - id: done
        type: end
        text: Bye {{customer.name}}.
        disposition: resolved
      - id: vip
        type: end
        disposition: vip-transfer
      - id: local
        type: say
        text: Welcome, neighbour from {{customer.city}}!
        next: q_topic
      - id: escalate
        type: end
        disposition: escalated
`;

function load(text = TEXT): Script {
  const result = parseScript(text, 'engine.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.line}:${p.col} ${p.message}`).join('\n'));
  return { ...result.script, version: 3 };
}

const CONTEXT: ScriptContext = {
  customer: { firstName: 'Erika', lastName: 'Mustermann', city: 'Berlin' },
  call: { queue: 'support', direction: 'inbound' },
  client: { name: 'Stadtwerke Nord' },
  agent: { name: 'Alex' },
};

const session = (context: ScriptContext = CONTEXT) => new ScriptSession(load(), context, { today: () => '2026-06-15' });

function step(s: ScriptSession, answer?: unknown): string {
  if (answer !== undefined) expect(s.answer(answer)).toEqual({ ok: true });
  const moved = s.next();
  if (!moved.ok) throw new Error(moved.error);
  return moved.node.id;
}

describe('a script session', () => {
  it('fills in variables, the script its own campaign and client id, and marks what is unknown', () => {
    const s = session({ ...CONTEXT, customer: { firstName: 'Erika' } });
    expect(s.text()).toBe('Hello Erika, this is Alex at Stadtwerke Nord (support/stadtwerke-nord).');
    expect(s.interpolate('{{customer.email}} / {{customer.email | no e-mail}}')).toBe('[customer.email] / no e-mail');
    expect(s.interpolate('{{customer.name}}')).toBe('Erika');
  });

  it('branches by answer, with option targets jumping across sections', () => {
    const s = session();
    expect(s.current.id).toBe('hello');
    expect(step(s)).toBe('q_topic');
    expect(step(s, 'invoice')).toBe('q_amount');
    expect(s.section.id).toBe('billing');
    expect(step(s, '1500')).toBe('escalate');
    expect(s.ended).toBe(true);
    expect(s.suggestedDisposition).toBe('escalated');
    expect(s.path).toEqual(['hello', 'q_topic', 'q_amount', 'escalate']);
  });

  it('branches by call data and by customer data (matched without regard to case)', () => {
    const vip = session({ ...CONTEXT, call: { queue: 'VIP', direction: 'inbound' } });
    expect(step(vip)).toBe('vip');
    expect(vip.suggestedDisposition).toBe('vip-transfer');

    const local = session({ ...CONTEXT, customer: { firstName: 'Erika', city: 'Hamburg' } });
    expect(step(local)).toBe('local');
    expect(local.text()).toBe('Welcome, neighbour from Hamburg!');
    expect(step(local)).toBe('q_topic');

    const outbound = session({ ...CONTEXT, customer: { city: 'Hamburg' }, call: { direction: 'outbound' } });
    expect(step(outbound)).toBe('q_topic');
  });

  it('sees call data learned during the call', () => {
    const s = session();
    s.updateContext({ call: { queue: 'gold' } });
    expect(step(s)).toBe('vip');
  });

  it('walks the default path, fills in earlier answers by their labels, and ends with a disposition', () => {
    const s = session();
    step(s);
    expect(step(s, 'invoice')).toBe('q_amount');
    expect(step(s, '250,50')).toBe('q_due');
    expect(step(s, '01.03.2026')).toBe('q_stars');
    expect(step(s, 4)).toBe('q_code');
    expect(step(s, 'AB123')).toBe('q_channels');
    expect(step(s, ['web', 'phone'])).toBe('summary');
    expect(s.text()).toBe('You said The invoice, 250.5 and phone, web.');
    expect(step(s)).toBe('done');
    expect(s.text()).toBe('Bye Erika Mustermann.');
    expect(s.suggestedDisposition).toBe('resolved');
    expect(s.answers()).toEqual({ q_topic: 'invoice', q_amount: 250.5, q_due: '2026-03-01', q_stars: 4, q_code: 'AB123', q_channels: ['phone', 'web'] });
    expect(s.next()).toEqual({ ok: false, error: 'The script has ended.' });
  });

  it('goes back keeping later answers, so going forward again shows them pre-filled', () => {
    const s = session();
    step(s);
    step(s, 'invoice');
    step(s, 300);
    expect(s.current.id).toBe('q_due');
    expect(s.back()).toBe(true);
    expect(s.back()).toBe(true);
    expect(s.current.id).toBe('q_topic');
    expect(s.answerOf('q_amount')).toBe(300);
    // Answers off the path do not count until the walk comes back to them.
    expect(s.answers()).toEqual({ q_topic: 'invoice' });
    expect(step(s)).toBe('q_amount');
    expect(s.answerOf('q_amount')).toBe(300);
    expect(step(s)).toBe('q_due');
    expect(s.answers()).toEqual({ q_topic: 'invoice', q_amount: 300 });

    // A different answer takes another way; the old answers stay kept.
    s.back();
    s.back();
    expect(step(s, 'other')).toBe('summary');
    expect(s.text()).toBe('You said Something else, no amount and no channels.');
    expect(s.answerOf('q_amount')).toBe(300);
    s.back();
    s.back();
    s.back();
    expect(s.current.id).toBe('hello');
    expect(s.back()).toBe(false);
  });

  it('refuses answers that do not fit, with sentences for the agent', () => {
    const s = session();
    step(s);
    expect(s.answer('refund')).toEqual({ ok: false, error: 'Please choose one of the offered answers.' });
    expect(s.next()).toEqual({ ok: false, error: 'Please answer this question; it is required.' });
    step(s, 'invoice');
    expect(s.check('lots')).toBe('Please enter a number, e.g. 42 or 3.5.');
    expect(s.check(-1)).toBe('Please enter a number of at least 0.');
    expect(s.check('5000,01')).toBe('Please enter a number of at most 5000.');
    expect(s.check('5000')).toBeNull();
    expect(s.check('2026-02-30', 'q_due')).toBe('Please enter a date as YYYY-MM-DD or DD.MM.YYYY.');
    expect(s.check('2025-12-31', 'q_due')).toBe('Please enter a date on or after 2026-01-01.');
    expect(s.check('2026-06-16', 'q_due')).toBe('Please enter a date on or before 2026-06-15.');
    expect(s.check('2026-06-15', 'q_due')).toBeNull();
    expect(s.check(0, 'q_stars')).toBe('Please give a rating from 1 to 5.');
    expect(s.check(6, 'q_stars')).toBe('Please give a rating from 1 to 5.');
    expect(s.check(4.5, 'q_stars')).toBe('Please give a rating from 1 to 5.');
    expect(s.check('ab123', 'q_code')).toBe('Please enter two capitals and three digits, e.g. AB123.');
    expect(s.check(['phone', 'email', 'web'], 'q_channels')).toBe('Please choose at most 2 answers.');
    expect(s.check(['fax'], 'q_channels')).toBe('Please choose one of the offered answers.');
    expect(() => s.check('x', 'hello')).toThrow(/not a question/);
    // A refused answer leaves the kept one alone.
    expect(s.answer(100)).toEqual({ ok: true });
    expect(s.answer(-5).ok).toBe(false);
    expect(s.answerOf('q_amount')).toBe(100);
    // An empty answer clears it.
    expect(s.answer('')).toEqual({ ok: true });
    expect(s.answerOf('q_amount')).toBeNull();
  });

  it('speaks German to the agent for a German script', () => {
    const german = load(TEXT.replace('language: en', 'language: de'));
    const s = new ScriptSession(german, CONTEXT, { today: () => '2026-06-15' });
    step(s);
    expect(s.next()).toEqual({ ok: false, error: 'Bitte beantworten Sie diese Frage; sie ist Pflicht.' });
    step(s, 'invoice');
    expect(s.check('viel')).toBe('Bitte geben Sie eine Zahl ein, z. B. 42 oder 3,5.');
    expect(s.check('2025-12-31', 'q_due')).toBe('Bitte geben Sie ein Datum ab dem 01.01.2026 ein.');
  });

  it('lists the required questions on the path that have no answer', () => {
    const s = session();
    expect(s.missingRequired()).toEqual([]);
    step(s);
    expect(s.missingRequired().map((q) => q.id)).toEqual(['q_topic']);
    step(s, 'invoice');
    s.next({ skipRequired: true });
    // q_amount was skipped; q_due is optional; the current q_stars is required.
    expect(s.current.id).toBe('q_due');
    step(s);
    expect(s.missingRequired().map((q) => q.id)).toEqual(['q_amount', 'q_stars']);
    s.answer(5);
    expect(s.missingRequired().map((q) => q.id)).toEqual(['q_amount']);
  });

  it('saves and restores a walk with its answers, for the same script version only', () => {
    const s = session();
    step(s);
    step(s, 'invoice');
    s.answer(42);
    const state = s.state();
    expect(state).toEqual({ scriptId: 'engine', version: 3, path: ['hello', 'q_topic', 'q_amount'], answers: { q_topic: 'invoice', q_amount: 42 } });
    const again = ScriptSession.restore(load(), CONTEXT, state);
    expect(again.current.id).toBe('q_amount');
    expect(again.answerOf('q_amount')).toBe(42);
    expect(() => ScriptSession.restore({ ...load(), version: 4 }, CONTEXT, state)).toThrow(/v3, not engine v4/);
  });

  it('walks a shipped survey to its end', () => {
    const result = readScriptFile(path.join(projectRoot, 'resources', 'scripts', 'survey.en.yaml'));
    if (!result.ok) throw new Error('survey.en.yaml should be valid');
    const s = new ScriptSession(result.script, CONTEXT);
    expect(step(s)).toBe('q_consent');
    expect(step(s, 'yes')).toBe('q_satisfaction');
    expect(step(s, 5)).toBe('q_recommend');
    expect(step(s, 9)).toBe('q_channels');
    expect(s.next().ok).toBe(false);
    expect(step(s, ['phone'])).toBe('q_customer_since');
    expect(step(s)).toBe('q_age');
    expect(step(s)).toBe('thanks');
    expect(s.text()).toContain('You rated us **5 of 5**.');
    expect(s.missingRequired()).toEqual([]);
    expect(s.suggestedDisposition).toBe('survey complete');
  });
});
