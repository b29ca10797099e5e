import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { researchClient } from '../support/clients-config';
import { projectRoot } from '../support/paths';
import { tempDir } from '../support/temp';

/**
 * `anlauf scripts load` and `scripts versions` as a trainer runs them (the built CLI) on a desk's
 * data folder: the same library the app uses, so versioning can be checked without the UI.
 */

const sample = fs.readFileSync(path.join(projectRoot, 'resources', 'scripts', 'survey.en.yaml'), 'utf8');
const VERSION_LINE = /^v(\d+) {2}loaded \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}(\d+) bytes {2}sha256 ([0-9a-f]{12}) {2}campaign survey {2}(\S+)$/;

/** The 1-based line of the first line holding `needle`, so the test follows edits to the sample. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('anlauf scripts load / versions', () => {
  it('keeps the version for the same file, gives an edited file the next one, and lists both', async () => {
    const dataDir = tempDir();
    const settings = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(settings, JSON.stringify({ clients: [researchClient] }));
    const file = path.join(tempDir(), 'survey.en.yaml');
    fs.writeFileSync(file, sample);

    const first = await runCli(['scripts', 'load', file, '--data-dir', dataDir, '--config', settings]);
    expect(first).toMatchObject({ code: 0, stdout: `survey-en v1 new (campaign survey) in ${dataDir}\n` });
    const again = await runCli(['scripts', 'load', file, '--data', dataDir, '--config', settings]);
    expect(again).toMatchObject({ code: 0, stdout: `survey-en v1 unchanged (campaign survey) in ${dataDir}\n` });
    fs.writeFileSync(file, sample.replace('title: Customer satisfaction survey', 'title: Customer satisfaction survey (autumn)'));
    const edited = await runCli(['scripts', 'load', file], { ANLAUF_DATA_DIR: dataDir, ANLAUF_CONFIG: settings });
    expect(edited).toMatchObject({ code: 0, stdout: `survey-en v2 changed (campaign survey) in ${dataDir}\n` });

    const listed = await runCli(['scripts', 'versions', 'survey-en', '--data-dir', dataDir]);
    expect(listed.code).toBe(0);
    const [head, ...rows] = listed.stdout.trimEnd().split('\n');
    expect(head).toBe('survey-en: 2 versions, newest first');
    const parsed = rows.map((row) => VERSION_LINE.exec(row));
    expect(parsed.map((m) => [m?.[1], Number(m?.[2]), m?.[4]])).toEqual([
      ['2', Buffer.byteLength(fs.readFileSync(file, 'utf8')), file],
      ['1', Buffer.byteLength(sample), file],
    ]);
    expect(parsed[0]?.[3]).not.toBe(parsed[1]?.[3]);
  });

  it("refuses a script the desk's settings do not know, and stores nothing", async () => {
    const dataDir = tempDir();
    const settings = path.join(tempDir(), 'anlauf.json');
    fs.writeFileSync(settings, JSON.stringify({ clients: [researchClient] }));
    const file = path.join(tempDir(), 'survey.yaml');
    fs.writeFileSync(file, sample.replace('disposition: not surveyed', 'disposition: not surveyd'));
    const result = await runCli(['scripts', 'load', file, '--data-dir', dataDir, '--config', settings]);
    expect(result).toMatchObject({
      code: 1,
      stdout: `${file}:${lineOf(sample, 'disposition: not surveyed')}:22: unknown disposition "not surveyd": campaign "survey" has no such code in the settings (did you mean "not surveyed"?)\n`,
    });
    expect(await runCli(['scripts', 'versions', 'survey-en', '--data-dir', dataDir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no script or form with id "survey-en"'),
    });
  });

  it('names a misspelt id, a missing library and a wrong call', async () => {
    const dataDir = tempDir();
    expect(await runCli(['scripts', 'versions', 'survey-en', '--data-dir', dataDir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`there is no script library in ${dataDir}`),
    });
    const file = path.join(tempDir(), 'survey.en.yaml');
    fs.writeFileSync(file, sample);
    // On a desk without settings the sample loads without a warning: its codes are the default set's.
    expect(await runCli(['scripts', 'load', file, '--data-dir', dataDir], { ANLAUF_CONFIG: '' })).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^survey-en v1 new/),
    });
    expect(await runCli(['scripts', 'versions', 'survey-nn', '--data-dir', dataDir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no script or form with id "survey-nn"'),
    });
    expect(await runCli(['scripts', 'versions', 'survey-en', '--data-dir', dataDir])).toMatchObject({ code: 0 });
    expect(await runCli(['scripts', 'versions', 'servey-en', '--data-dir', dataDir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('(did you mean "survey-en"?)'),
    });
    expect(await runCli(['scripts', 'load', '--data-dir', dataDir])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('scripts load needs exactly one FILE'),
    });
    expect(await runCli(['scripts', 'versions'])).toMatchObject({ code: 2, stderr: expect.stringContaining('scripts versions needs exactly one script ID') });
  });

  it('lists the stored versions of a form, as of a script, and names stored forms for a misspelt id', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'fault-report.yaml');
    const form = fs.readFileSync(path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml'), 'utf8');
    fs.writeFileSync(file, form);
    expect(await runCli(['scripts', 'load', file, '--data-dir', dataDir], { ANLAUF_CONFIG: '' })).toMatchObject({
      code: 0,
      stdout: `form fault-report v1 new in ${dataDir}\n`,
    });
    fs.writeFileSync(file, form.replace('max: 1000', 'max: 800'));
    expect(await runCli(['scripts', 'load', file, '--data-dir', dataDir], { ANLAUF_CONFIG: '' })).toMatchObject({
      code: 0,
      stdout: `form fault-report v2 changed in ${dataDir}\n`,
    });
    const versions = await runCli(['scripts', 'versions', 'fault-report', '--data-dir', dataDir]);
    expect(versions.code).toBe(0);
    const lines = versions.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('form fault-report: 2 versions, newest first');
    expect(lines.slice(1).map((l) => /^v(\d) {2}loaded .+ {2}\d+ bytes {2}sha256 [0-9a-f]{12} {2}(.+?) {2}(.+)$/.exec(l)?.slice(1))).toEqual([
      ['2', 'Störungsmeldung', file],
      ['1', 'Störungsmeldung', file],
    ]);
    expect(await runCli(['scripts', 'versions', 'fault-reprot', '--data-dir', dataDir])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no script or form with id "fault-reprot" in') as unknown,
    });
    expect((await runCli(['scripts', 'versions', 'fault-reprot', '--data-dir', dataDir])).stderr).toContain('(did you mean "fault-report"?)');
  });
});
