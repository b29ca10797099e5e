import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scriptsCommand } from '../../../src-main/cli/scripts-command';
import { projectRoot } from '../../support/paths';

const run = (args: string[]) => {
  let out = '';
  let err = '';
  const code = scriptsCommand(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
};

const samples = path.join('resources', 'scripts');
const broken = path.join('test', 'fixtures', 'scripts', 'broken');

describe('anlauf scripts', () => {
  it('validate: prints one line per valid file and exits 0', () => {
    const { code, out } = run(['validate', path.join(projectRoot, samples, 'support.en.yaml'), path.join(projectRoot, samples, 'survey.de.yaml')]);
    expect(code).toBe(0);
    expect(out).toBe(
      `${path.join(projectRoot, samples, 'support.en.yaml')}: valid (campaign support, 16 nodes)\n` +
        `${path.join(projectRoot, samples, 'survey.de.yaml')}: valid (campaign survey, 12 nodes)\n`,
    );
  });

  it('validate: prints every problem as file:line:col: message and exits 1', () => {
    const file = path.join(projectRoot, broken, 'wrong-type.yaml');
    const { code, out } = run(['validate', file, path.join(projectRoot, samples, 'sales.de.yaml')]);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      `${file}:12:19: required must be true or false, not the text "yes"`,
      `${file}:13:14: min must be a number, not the text "18"`,
      `${path.join(projectRoot, samples, 'sales.de.yaml')}: valid (campaign sales, 14 nodes)`,
      '',
    ]);
  });

  it("validate: explains a layout mistake once, in the script's language, at the line to change", () => {
    // The YAML reader alone says "Nested mappings are not allowed in compact mappings", on line 10.
    const file = path.join(projectRoot, broken, 'layout.de.yaml');
    const { code, out } = run(['validate', file]);
    expect(code).toBe(1);
    expect(out).toBe(
      `${file}:11:11: Zeile 11 ist weiter eingerückt als Zeile 10 (10 statt 8 Leerzeichen): bitte die Leerzeichen prüfen – zuerst dies beheben, danach wird der Rest der Datei geprüft\n`,
    );
  });

  it('explains a wrong call and exits 2', () => {
    expect(run(['validate'])).toMatchObject({ code: 2, err: expect.stringContaining('scripts validate needs at least one FILE') });
    expect(run(['check'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown scripts command "check"') });
    expect(run(['preview', 'a.yaml', '--customer', '[1]'])).toMatchObject({ code: 2, err: expect.stringContaining('--customer must be a JSON object') });
  });

  it('preview: walks the path the answers take, with the given customer', () => {
    const file = path.join(projectRoot, samples, 'support.en.yaml');
    const { code, out } = run([
      'preview',
      file,
      '--customer',
      '{"firstName":"Hans","lastName":"Meier","customerNumber":"4711"}',
      '--answers',
      '{"q_identified":"yes","q_concern":"outage","q_outage_known":"no"}',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Customer support — script support-en, campaign support, language en, 16 nodes');
    expect(out).toContain('Sample data: customer Hans Meier (4711), client Stadtwerke Nord, agent Alex Berger');
    expect(out).toContain('    Am I speaking with Hans Meier?');
    expect(out).toContain('[q_concern] QUESTION (single choice, required)');
    expect(out).toContain('    → answer: Power or gas outage');
    // The fault is reported with the shipped form, not in some other system.
    expect(out).toContain('[outage_report]\n    I will pass the fault on to the technicians right away.');
    expect(out).toContain('    (offers the form fault-report: "Open form: …")');
    expect(out).toContain('[outage_passed_on] END — suggested disposition: escalated');
    expect(out).toContain('Path: greeting → q_identified → q_concern → outage_info → q_outage_known → outage_report → outage_passed_on');
    expect(out).toContain('Required questions without an answer: none');
  });

  it('preview: shows a refused answer, stops at its required question and exits 1', () => {
    const file = path.join(projectRoot, samples, 'survey.en.yaml');
    const { code, out } = run(['preview', file, '--answers', '{"q_consent":"yes","q_satisfaction":9}']);
    expect(code).toBe(1);
    expect(out).toContain('! the answer 9 is refused: Please give a rating from 1 to 5.');
    expect(out).toContain('Required questions without an answer: q_satisfaction\n');
  });

  it('runs as the real command, routed from main.ts', async () => {
    const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
    const result = await promisify(execFile)(tsx, ['src-main/cli/main.ts', 'scripts', 'validate', path.join(broken, 'duplicate-id.yaml')], {
      cwd: projectRoot,
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toEqual({ code: 1, stdout: `${path.join(broken, 'duplicate-id.yaml')}:11:13: duplicate id "hello": already used on line 8\n` });
  });
});
