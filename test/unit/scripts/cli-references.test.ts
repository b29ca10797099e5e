import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsCommand } from '../../../src-main/cli/scripts-command';
import { parseScript } from '../../../src-main/core/scripts/loader';
import { SAMPLE_FORMS, SAMPLE_NAMES } from '../../../src-main/core/scripts/shipped-names';
import { projectRoot } from '../../support/paths';
import { researchClient } from '../../support/clients-config';
import { tempDir } from '../../support/temp';

const run = (args: string[]) => {
  let out = '';
  let err = '';
  const code = scriptsCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

const samplesDir = path.join(projectRoot, 'resources', 'scripts');

/** The sample survey with a misspelt campaign, client and disposition, as a trainer might write it. */
function misspelt(): string {
  const file = path.join(tempDir(), 'umfrage.yaml');
  const text = fs
    .readFileSync(path.join(samplesDir, 'survey.de.yaml'), 'utf8')
    .replace('campaign: survey', 'campaign: survy\nclient: marktblik')
    .replace('disposition: not surveyed', 'disposition: not surveyd');
  fs.writeFileSync(file, text);
  return file;
}

describe('anlauf scripts validate and the names a script refers to', () => {
  it('with --config, reports an unknown campaign, client and disposition as errors with "did you mean", and exits 1', () => {
    const settings = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(settings, JSON.stringify({ clients: [researchClient] }));
    const file = misspelt();
    const { code, out } = run(['validate', file, '--config', settings]);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      `${file}:4:11: unknown campaign "survy": no client in the settings runs a campaign with this id (did you mean "survey"?)`,
      `${file}:5:9: unknown client "marktblik": the settings have no client with this id (did you mean "marktblick"?)`,
      '',
    ]);
    // With the names right, the disposition is checked against the campaign's own codes.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('campaign: survy\nclient: marktblik', 'campaign: survey\nclient: marktblick'));
    expect(run(['validate', file, '--config', settings])).toMatchObject({
      code: 1,
      out: `${file}:114:22: unknown disposition "not surveyd": campaign "survey" has no such code in the settings (did you mean "not surveyed"?)\n`,
    });
  });

  it('without settings, prints names no shipped default or sample uses as warnings, and exits 0', () => {
    const file = misspelt();
    const { code, out } = run(['validate', file]);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `${file}:4:11: warning: unknown campaign "survy": it is not a campaign of the shipped samples (check it against the desk's settings with --config SETTINGS) (did you mean "survey"?)`,
      `${file}:5:9: warning: unknown client "marktblik": no shipped sample names this client (check it against the desk's settings with --config SETTINGS)`,
      `${file}:114:22: warning: unknown disposition "not surveyd": it is not a shipped disposition code (check it against the desk's settings with --config SETTINGS) (did you mean "not surveyed"?)`,
      `${file}: valid (campaign survy, client marktblik, 12 nodes)`,
      '',
    ]);
  });

  it('says plainly when the settings file does not read', () => {
    const settings = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(settings, '{ "clients": 3 }');
    expect(() => run(['validate', path.join(samplesDir, 'survey.de.yaml'), '--config', settings])).toThrow(/anlauf\.json.*clients/);
  });

  it('knows every name the shipped samples use, so they validate without warnings', () => {
    const used = fs
      .readdirSync(samplesDir)
      .map((f) => parseScript(fs.readFileSync(path.join(samplesDir, f), 'utf8'), f))
      .map((r) => {
        if (!r.ok) throw new Error('a sample does not validate');
        const ends = [...r.script.nodes.values()].flatMap((n) => (n.type === 'end' && n.disposition ? [n.disposition] : []));
        return { campaign: r.script.campaign, client: r.script.client, dispositions: ends };
      });
    for (const sample of used) {
      const known = SAMPLE_NAMES.find((n) => n.campaign === sample.campaign && n.client === sample.client);
      expect(known, `${sample.campaign} in SAMPLE_NAMES`).toBeDefined();
      for (const code of sample.dispositions) expect(known?.dispositions).toContain(code);
    }
    for (const file of fs.readdirSync(samplesDir)) expect(run(['validate', path.join(samplesDir, file)]).out).toMatch(/: valid \(campaign \w+, \d+ nodes\)\n$/);
  });

  it('knows the id of every shipped form (resources/forms), so a sample script may offer any of them', () => {
    const formsDir = path.join(projectRoot, 'resources', 'forms');
    const ids = fs.readdirSync(formsDir).map((f) => /^form:\s*(\S+)/m.exec(fs.readFileSync(path.join(formsDir, f), 'utf8'))?.[1]);
    expect([...SAMPLE_FORMS].sort()).toEqual(ids.sort());
  });
});
