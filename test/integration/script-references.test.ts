import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { researchClient, salesClient, twoClients } from '../support/clients-config';
import { projectRoot } from '../support/paths';
import { tempDir } from '../support/temp';
import { flush, makeWorkstation } from '../support/workstation';

// A script naming a campaign, client or disposition the desk's settings do not know is never
// used on a call (or its disposition never proposed): the real workstation refuses it where the
// settings say for certain, and loads it with warnings where they cannot.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function desk(settings: Record<string, unknown>) {
  const dataDir = tempDir();
  const configFile = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(configFile, JSON.stringify({ agent: { name: 'Jana' }, ...settings }));
  const { ws } = makeWorkstation({ dataDir, configFile });
  const notices: string[] = [];
  ws.onNotice((n) => notices.push(n.message));
  await ws.start();
  cleanups.push(() => ws.stop());
  return { ws, api: new Dispatcher(ws), notices, dataDir };
}

const sample = (name: string) => fs.readFileSync(path.join(projectRoot, 'resources', 'scripts', name), 'utf8');

async function load(api: Dispatcher, fileName: string, content: string) {
  const result = await api.handle('scripts:load', { fileName, content });
  if (!result.ok) throw new Error(result.error.message);
  return result.result as { ok: boolean; message?: string; problems?: unknown[]; warnings?: unknown[] };
}

/** The 1-based line of the first line holding `needle`, so the test follows edits to the sample. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe("a script's campaign, client and dispositions against the desk's settings", () => {
  it('refuses a misspelt disposition and campaign with their line, column and "did you mean", and loads nothing', async () => {
    const s = await desk({ clients: [...twoClients, researchClient] });
    const misspelt = sample('survey.en.yaml').replace('disposition: not surveyed', 'disposition: not surveyd').replace('campaign: survey', 'campaign: survy');
    expect(await load(s.api, 'survey.en.yaml', misspelt)).toEqual({
      ok: false,
      problems: [
        {
          file: 'survey.en.yaml',
          line: 4,
          column: 11,
          message: 'unknown campaign "survy": no client in the settings runs a campaign with this id (did you mean "survey"?)',
        },
      ],
    });
    expect(await load(s.api, 'survey.en.yaml', sample('survey.en.yaml').replace('disposition: not surveyed', 'disposition: not surveyd'))).toEqual({
      ok: false,
      problems: [
        {
          file: 'survey.en.yaml',
          line: lineOf(sample('survey.en.yaml'), 'disposition: not surveyed'),
          column: 22,
          message: 'unknown disposition "not surveyd": campaign "survey" has no such code in the settings (did you mean "not surveyed"?)',
        },
      ],
    });
    expect(s.ws.snapshot().loadedScripts).toEqual([]);
    // The sample as shipped names the campaign's own codes.
    expect(await load(s.api, 'survey.en.yaml', sample('survey.en.yaml'))).toMatchObject({ ok: true, message: 'loaded v1 for campaign survey' });
    expect((await load(s.api, 'survey.en.yaml', sample('survey.en.yaml'))).warnings).toBeUndefined();
  });

  it('refuses a script in the scripts folder whose client the settings do not know, with a notice', async () => {
    const folder = path.join(tempDir(), 'scripts');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'survey.yaml'), sample('survey.en.yaml').replace('campaign: survey', 'campaign: survey\nclient: marktblik'));
    const s = await desk({ clients: [...twoClients, researchClient], scripts: { folder } });
    await flush();
    expect(s.notices).toContainEqual(
      expect.stringMatching(
        /^The script survey\.yaml was not loaded: .*survey\.yaml:5:9: unknown client "marktblik": the settings have no client with this id \(did you mean "marktblick"\?\)/,
      ),
    );
    expect(s.ws.snapshot().loadedScripts).toEqual([]);
  });

  it('on a desk left at its defaults, loads every sample with no warning: each code a sample suggests is in the shipped set', async () => {
    const s = await desk({});
    for (const name of fs.readdirSync(path.join(projectRoot, 'resources', 'scripts'))) {
      const result = await load(s.api, name, sample(name));
      expect(result, name).toMatchObject({ ok: true });
      expect(result.warnings, name).toBeUndefined();
    }
    expect(s.ws.snapshot().loadedScripts).toHaveLength(6);
    // A code outside wrapUp.dispositions is still named, with its line and column.
    const support = await load(s.api, 'support.en.yaml', sample('support.en.yaml').replace('disposition: solved', 'disposition: resolved'));
    expect(support).toMatchObject({
      ok: true,
      message: 'loaded v2 for campaign support',
      warnings: [
        {
          file: 'support.en.yaml',
          line: lineOf(sample('support.en.yaml'), 'disposition: solved'),
          column: 22,
          message: expect.stringContaining('unknown disposition "resolved": the settings\' wrapUp.dispositions have no such code (did you mean "solved"?)'),
        },
      ],
    });
  });

  it('on a desk with the clients that run the sample campaigns, loads every sample with no problem', async () => {
    const s = await desk({ clients: [...twoClients, researchClient, salesClient] });
    for (const name of ['survey.en.yaml', 'survey.de.yaml', 'sales.en.yaml', 'sales.de.yaml']) {
      const result = await load(s.api, name, sample(name));
      expect(result, name).toMatchObject({ ok: true });
      expect(result.warnings, name).toBeUndefined();
    }
  });
});
