import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptsCommand } from '../../../src-main/cli/scripts-command';
import { projectRoot } from '../../support/paths';

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
    expect(good.out).toBe(`${form}: valid (form fault-report, 11 fields)\n${script}: valid (campaign support, 14 nodes)\n`);

    const broken = path.join(projectRoot, 'test', 'fixtures', 'forms', 'misspelt.yaml');
    const bad = run(['validate', broken, form]);
    expect(bad.code).toBe(1);
    expect(bad.out.split('\n')[0]).toBe(`${broken}:6:1: unknown field "desciption" (did you mean "description"?)`);
    expect(bad.out).toContain(`${form}: valid (form fault-report`);
    expect(bad.err).toBe('1 of 2 scripts have problems.\n');
  });
});
