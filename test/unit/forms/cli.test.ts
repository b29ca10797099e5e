import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsCommand } from '../../../src-main/cli/scripts-command';
import { projectRoot } from '../../support/paths';
import { tempDir } from '../../support/temp';

const run = (args: string[]) => {
  let out = '';
  let err = '';
  const code = scriptsCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

describe('anlauf scripts validate with form files', () => {
  it('checks forms beside scripts: a valid form in one line, a broken one with every problem as file:line:col', () => {
    const form = path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml');
    const script = path.join(projectRoot, 'resources', 'scripts', 'support.en.yaml');
    const good = run(['validate', form, script]);
    expect(good.code).toBe(0);
    expect(good.out).toBe(`${form}: valid (form fault-report, 11 fields)\n${script}: valid (campaign support, 16 nodes)\n`);

    const broken = path.join(projectRoot, 'test', 'fixtures', 'forms', 'misspelt.yaml');
    const bad = run(['validate', broken, form]);
    expect(bad.code).toBe(1);
    expect(bad.out.split('\n')[0]).toBe(`${broken}:6:1: unknown key "desciption" (did you mean "description"?)`);
    expect(bad.out).toContain(`${form}: valid (form fault-report`);
    expect(bad.err).toBe('1 of 2 forms have problems.\n');
  });

  it('says "files (scripts and forms)" in the summary when both are checked, and scripts only when only scripts are', () => {
    const broken = path.join(projectRoot, 'test', 'fixtures', 'forms', 'misspelt.yaml');
    const script = path.join(projectRoot, 'resources', 'scripts', 'support.en.yaml');
    expect(run(['validate', broken, script]).err).toBe('1 of 2 files (scripts and forms) have problems.\n');
    const missing = path.join(projectRoot, 'test', 'fixtures', 'forms', 'no-such-script.yaml');
    expect(run(['validate', missing, script]).err).toBe('1 of 2 scripts have problems.\n');
  });

  it("checks a script's form: against the forms checked with it and the shipped ones, at the line that names it", () => {
    const sample = path.join(projectRoot, 'resources', 'scripts', 'support.en.yaml');
    const fault = path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml');
    // The shipped sample offers shipped forms: no warning, with or without them on the command line.
    expect(run(['validate', sample]).out).not.toContain('no form');
    expect(run(['validate', sample, fault]).out).not.toContain('no form');
    // A trainer's own form id, misspelt or not among the files checked, is named at its line.
    const script = path.join(tempDir(), 'support.yaml');
    const text = fs.readFileSync(sample, 'utf8').replace('form: contract-change', 'form: umzug').replace('form: fault-report', 'form: fault-reprot');
    fs.writeFileSync(script, text);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const result = run(['validate', script, fault]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${script}:${lineOf('form: fault-reprot')}:15: warning: no form "fault-reprot" is loaded (did you mean "fault-report"?)`);
    expect(result.out).toContain(`${script}:${lineOf('form: umzug')}:15: warning: no form "umzug" is loaded; loaded: fault-report:`);
  });

  it('previews a form file field by field, relative date bounds as days, instead of reading it as a script', () => {
    const form = path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml');
    const { code, out } = run(['preview', form, '--language', 'en']);
    expect(code).toBe(0);
    expect(out).toContain('Fault report — form fault-report, kind fault, for every client, language en (of de, en), 11 fields\n');
    expect(out).toContain('\n== The fault ==\n[what] What is not working? — choice, required\n      - power: No power\n');
    expect(out).toContain('[whatElse] What exactly? — text, required, at most 200 characters\n    shown only when what is "other"\n');
    expect(out).toMatch(
      /\[window\] Appointment window for the technician — date range, not before \d{4}-\d\d-\d\d \(today\), not after \d{4}-\d\d-\d\d \(\+28d\)\n/,
    );
    expect(out).toContain('[postcode] Postcode — postcode, required\n    pre-filled from customer.postcode\n');
    expect(out).not.toContain('unknown field');
    expect(run(['preview', form, '--language', 'fr'])).toMatchObject({ code: 1, err: `anlauf: ${form} has no fr texts; its languages: de, en\n` });
  });
});
