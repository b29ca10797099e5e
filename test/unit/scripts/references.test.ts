import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src-main/contract';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { referencesFromSettings, shippedReferences, type References } from '../../../src-main/core/scripts/references';
import { projectRoot } from '../../support/paths';

/** A desk of two companies; the survey campaign has its own disposition set. */
const desk = settingsSchema.parse({
  clients: [
    {
      id: 'stadtwerke-nord',
      name: 'Stadtwerke Nord',
      greeting: 'Stadtwerke Nord, {agent}.',
      colour: '#0b6e4f',
      campaigns: [{ id: 'stoerung', name: 'Störungsannahme' }],
    },
    {
      id: 'marktblick',
      name: 'Marktblick Research',
      greeting: 'Marktblick, {agent}.',
      colour: '#00607a',
      campaigns: [{ id: 'umfrage', name: 'Kundenzufriedenheit', dispositions: ['survey-complete', 'refused', { code: 'no-contact', children: ['busy'] }] }],
    },
  ],
});

const script = (head: string, dispositions: string[]) => `id: kzf
title: Kundenzufriedenheit
${head}
language: de
sections:
  - id: main
    nodes:
      - id: q_ok
        type: question
        text: Haben Sie Zeit?
        input: yesno
        required: true
        branches:
          - { when: { answer: ja }, next: done }
          - { when: { answer: nein }, next: refused }
${dispositions.map((d, i) => `      - { id: ${i === 0 ? 'done' : 'refused'}, type: end, disposition: ${d} }`).join('\n')}
`;

const check = (text: string, references: References) => {
  const result = parseScript(text, 'kzf.yaml', { references });
  const shown = (ps: { line: number; col: number; code: string; message: string; severity?: string }[]) =>
    ps.map((p) => `${p.line}:${p.col} ${p.severity ?? 'error'} ${p.code}: ${p.message}`);
  return result.ok ? { ok: true, warnings: shown(result.warnings ?? []) } : { ok: false, problems: shown(result.problems) };
};

describe("references against a desk's settings", () => {
  it('reports a misspelt campaign, client and disposition as errors where they are written, with "did you mean"', () => {
    expect(check(script('campaign: umfrge\nclient: stadtwerke-nrod', ['survey-complete', 'refused']), referencesFromSettings(desk))).toEqual({
      ok: false,
      problems: [
        '3:11 error unknown-reference: unknown campaign "umfrge": no client in the settings runs a campaign with this id (did you mean "umfrage"?)',
        '4:9 error unknown-reference: unknown client "stadtwerke-nrod": the settings have no client with this id (did you mean "stadtwerke-nord"?)',
      ],
    });
    expect(check(script('campaign: umfrage\nclient: marktblick', ['survey-complete', 'refussed']), referencesFromSettings(desk))).toEqual({
      ok: false,
      problems: [
        '18:48 error unknown-reference: unknown disposition "refussed": campaign "umfrage" has no such code in the settings (did you mean "refused"?)',
      ],
    });
  });

  it("checks a campaign against the script's own client, and lists the known names when none is close", () => {
    expect(check(script('campaign: stoerung\nclient: marktblick', ['survey-complete', 'refused']), referencesFromSettings(desk))).toEqual({
      ok: false,
      problems: ['3:11 error unknown-reference: unknown campaign "stoerung": no client in the settings runs a campaign with this id; known: umfrage'],
    });
  });

  it("accepts the campaign's codes in any case, and a campaign without a set of its own takes wrapUp.dispositions", () => {
    expect(check(script('campaign: umfrage', ['Survey-Complete', 'busy']), referencesFromSettings(desk))).toEqual({ ok: true, warnings: [] });
    expect(check(script('campaign: stoerung', ['solved', 'resolved']), referencesFromSettings(desk))).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('unknown disposition "resolved": campaign "stoerung" has no such code in the settings (did you mean "solved"?)')],
    });
  });

  it('on a desk without clients, only warns about codes outside wrapUp.dispositions, so the samples still load', () => {
    const defaults = referencesFromSettings(settingsSchema.parse({}));
    expect(check(script('campaign: anything\nclient: anyone', ['solved', 'refussed']), defaults)).toEqual({
      ok: true,
      warnings: [
        expect.stringMatching(
          /^18:48 warning unknown-reference: unknown disposition "refussed": the settings' wrapUp.dispositions have no such code; known: solved, escalated/,
        ),
      ],
    });
    const dir = path.join(projectRoot, 'resources', 'scripts');
    for (const file of fs.readdirSync(dir)) expect(parseScript(fs.readFileSync(path.join(dir, file), 'utf8'), file, { references: defaults }).ok).toBe(true);
  });
});

describe('references without settings', () => {
  const shipped = shippedReferences(settingsSchema.parse({}).wrapUp.dispositions, [
    { campaign: 'survey', client: null, dispositions: ['survey-complete', 'refused'] },
  ]);

  it('warns about names that no shipped default or sample uses, and the script still loads', () => {
    expect(check(script('campaign: survy\nclient: stadtwerke-nrod', ['survey complete', 'refussed']), shipped)).toEqual({
      ok: true,
      warnings: [
        '3:11 warning unknown-reference: unknown campaign "survy": it is not a campaign of the shipped samples (check it against the desk\'s settings with --config SETTINGS) (did you mean "survey"?)',
        '4:9 warning unknown-reference: unknown client "stadtwerke-nrod": no shipped sample names this client (check it against the desk\'s settings with --config SETTINGS)',
        '18:48 warning unknown-reference: unknown disposition "refussed": it is not a shipped disposition code (check it against the desk\'s settings with --config SETTINGS) (did you mean "refused"?)',
      ],
    });
  });
});
