import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary, type LoadResult } from '../../../src-main/core/scripts/library';
import { readScriptFile } from '../../../src-main/core/scripts/loader';
import { openDatabase } from '../../../src-main/core/store/database';
import { ScriptFolder } from '../../../src-main/core/scripts/script-folder';
import { walkPreview } from '../../../src-main/core/scripts/preview';
import { formatProblem } from '../../../src-main/core/scripts/problems';
import { tempDir } from '../../support/temp';

/** `- include: shared/….yaml`: blocks shared between scripts, checked with positions in both files. */

const MAIN = `id: umfrage
title: Umfrage
campaign: survey
language: de
sections:
  - id: start
    nodes:
      - { id: hello, type: say, text: "Guten Tag {{customer.address | }}." }
      - include: shared/datenschutz.yaml
      - { id: q_ok, type: question, text: Zufrieden?, input: yesno }
  - include: shared/abschluss.yaml
`;

const DATENSCHUTZ = `# Shared by every survey: the data protection notice.
- id: datenschutz
  type: say
  text: Ihre Angaben werden nur für diese Umfrage genutzt.
  hint: Auf Nachfrage auf www.example.de/datenschutz verweisen.
`;

const ABSCHLUSS = `id: abschluss
title: Abschluss
nodes:
  - { id: danke, type: end, text: "Vielen Dank, {{agent.name}}.", disposition: done }
`;

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const problemsOf = (file: string) => {
  const result = readScriptFile(file);
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('include', () => {
  it('puts a shared node list and a shared section where they are included, for the session and the preview', () => {
    const dir = folder({ 'umfrage.yaml': MAIN, 'shared/datenschutz.yaml': DATENSCHUTZ, 'shared/abschluss.yaml': ABSCHLUSS });
    const result = readScriptFile(path.join(dir, 'umfrage.yaml'));
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    expect(result.script.sections.map((s) => [s.id, s.nodeIds])).toEqual([
      ['start', ['hello', 'datenschutz', 'q_ok']],
      ['abschluss', ['danke']],
    ]);
    expect(result.includes?.map((f) => path.relative(dir, f.file))).toEqual(['shared/datenschutz.yaml', 'shared/abschluss.yaml']);
    const { text } = walkPreview(result.script, { answers: { q_ok: 'ja' } });
    expect(text).toContain(
      '[datenschutz]\n    Ihre Angaben werden nur für diese Umfrage genutzt.\n    (hint: Auf Nachfrage auf www.example.de/datenschutz verweisen.)',
    );
    expect(text).toContain('Path: hello → datenschutz → q_ok → danke');
  });

  it('reports a problem in an included file at its own line and column, and the line that included it', () => {
    const dir = folder({
      'umfrage.yaml': MAIN,
      'shared/datenschutz.yaml': DATENSCHUTZ.replace('text: Ihre', 'txt: Ihre'),
      'shared/abschluss.yaml': ABSCHLUSS.replace('{{agent.name}}', '{{agent.nam}}'),
    });
    const shared = path.join(dir, 'shared');
    const main = path.join(dir, 'umfrage.yaml');
    expect(problemsOf(main)).toEqual([
      `${shared}/datenschutz.yaml:2:3: "text" is missing (included at ${main}:9:18)`,
      `${shared}/datenschutz.yaml:4:3: unknown field "txt" (known fields: id, type, text, hint, form, next, branches) (included at ${main}:9:18)`,
      expect.stringMatching(new RegExp(`^${shared}/abschluss\\.yaml:4:49: unknown variable "agent\\.nam" .*\\(included at ${main}:11:14\\)$`)),
    ]);
  });

  it("reports a layout mistake in the included file in the trainer's words, with both positions", () => {
    const dir = folder({
      'umfrage.yaml': MAIN,
      'shared/datenschutz.yaml': '- id: datenschutz\n  type: say\n   text: eingerückt\n',
      'shared/abschluss.yaml': ABSCHLUSS,
    });
    const [first] = problemsOf(path.join(dir, 'umfrage.yaml'));
    expect(first).toMatch(
      new RegExp(`^${dir}/shared/datenschutz\\.yaml:3:4: line 3 is indented more than line 2 .* \\(included at ${dir}/umfrage\\.yaml:9:18\\)$`),
    );
  });

  it('refuses paths that leave the folder, absolute paths, missing files and loops, at the include', () => {
    const at = (target: string, extra: Record<string, string> = {}) => {
      const dir = folder({ 'umfrage.yaml': MAIN.replace('shared/datenschutz.yaml', target), 'shared/abschluss.yaml': ABSCHLUSS, ...extra });
      return problemsOf(path.join(dir, 'umfrage.yaml')).map((p) => p.slice(dir.length + 1));
    };
    expect(at('../secrets.yaml')).toEqual([
      'umfrage.yaml:9:18: include may not leave the script folder ("../secrets.yaml" has ..); put shared files below the folder, e.g. shared/',
    ]);
    expect(at('/etc/passwd.yaml')).toEqual(['umfrage.yaml:9:18: include takes a path relative to the script, not "/etc/passwd.yaml"']);
    expect(at('shared/nirgends.yaml')).toEqual(['umfrage.yaml:9:18: the included file "shared/nirgends.yaml" cannot be read (there is no such file)']);
    expect(at('shared/notes.txt')).toEqual(['umfrage.yaml:9:18: include reads .yaml files only, not "shared/notes.txt"']);
    const loop = at('shared/a.yaml', { 'shared/a.yaml': '- include: b.yaml\n', 'shared/b.yaml': '- { id: x, type: say, text: X }\n- include: a.yaml\n' });
    expect(loop).toEqual([
      expect.stringMatching(
        /^shared\/b\.yaml:2:12: "a\.yaml" includes itself: .*shared\/a\.yaml → .*shared\/b\.yaml → .*shared\/a\.yaml \(included at .*shared\/a\.yaml:1:12\)$/,
      ),
    ]);
  });

  it('refuses a symbolic link that leads out of the folder', () => {
    const outside = folder({ 'geheim.yaml': '- { id: x, type: say, text: geheim }\n' });
    const dir = folder({ 'umfrage.yaml': MAIN, 'shared/abschluss.yaml': ABSCHLUSS });
    fs.symlinkSync(path.join(outside, 'geheim.yaml'), path.join(dir, 'shared', 'datenschutz.yaml'));
    expect(problemsOf(path.join(dir, 'umfrage.yaml'))).toEqual([
      `${dir}/umfrage.yaml:9:18: include may not leave the script folder ("shared/datenschutz.yaml" leads outside it)`,
    ]);
  });
});

describe('include in the script folder', () => {
  it('makes a new version when an included file changes, and keeps what the old version included', async () => {
    const dir = folder({ 'umfrage.yaml': MAIN, 'shared/datenschutz.yaml': DATENSCHUTZ, 'shared/abschluss.yaml': ABSCHLUSS });
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    const library = new ScriptLibrary(db);
    const reports: LoadResult[] = [];
    const scriptFolder = new ScriptFolder(dir, library, silentLogger, (_file, result) => reports.push(result));
    const text = (version: number) => library.get('umfrage', version)?.nodes.get('datenschutz')?.text;
    try {
      scriptFolder.start();
      expect(library.versions('umfrage').map((v) => v.version)).toEqual([1]);

      // A mistake in the shared file is reported in both files, and version 1 stays.
      fs.writeFileSync(path.join(dir, 'shared', 'datenschutz.yaml'), DATENSCHUTZ.replace('type: say', 'type: sag'));
      await until(() => reports.some((r) => !r.ok));
      const failed = reports.find((r) => !r.ok);
      expect(failed?.ok === false && failed.problems.map(formatProblem)).toEqual([
        `${dir}/shared/datenschutz.yaml:3:9: type must be say, question or end, not the text "sag" (included at ${dir}/umfrage.yaml:9:18)`,
      ]);
      expect(library.versions('umfrage').map((v) => v.version)).toEqual([1]);

      fs.writeFileSync(path.join(dir, 'shared', 'datenschutz.yaml'), DATENSCHUTZ.replace('nur für diese Umfrage', 'nur für diese eine Umfrage'));
      await until(() => library.versions('umfrage').length === 2);
      expect(text(2)).toBe('Ihre Angaben werden nur für diese eine Umfrage genutzt.');
      // Read back from the database (not the parsed copy): version 1 with the text it included.
      expect(new ScriptLibrary(db).get('umfrage', 1)?.nodes.get('datenschutz')?.text).toBe('Ihre Angaben werden nur für diese Umfrage genutzt.');
    } finally {
      scriptFolder.stop();
      db.close();
    }
  });
});

/** Waits for the folder's watcher, which loads a file once it has been quiet for 300 ms. */
async function until(done: () => unknown, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the script folder did not reload in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
