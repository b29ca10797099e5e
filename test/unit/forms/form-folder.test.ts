import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src-main/contract';
import { FormLibrary } from '../../../src-main/core/forms/form-library';
import { isFormText } from '../../../src-main/core/forms/loader';
import { silentLogger } from '../../../src-main/core/log';
import { ScriptLibrary } from '../../../src-main/core/scripts/library';
import { ScriptFolder } from '../../../src-main/core/scripts/script-folder';
import { ScriptLoads, type OtherLoad } from '../../../src-main/core/scripts/script-loads';
import { openDatabase } from '../../../src-main/core/store/database';
import { wordMessage } from '../../../src-main/shared/messages';
import { projectRoot, tempDir } from '../../support/temp';

const shipped = (name: string) => fs.readFileSync(path.join(projectRoot, 'resources', 'forms', name), 'utf8');

/** Forms in the trainers' script folder, beside the scripts, as the workstation wires them. */
describe('forms in the script folder', () => {
  let db: Database | null = null;
  afterEach(() => db?.close());

  function setUp(folder: string) {
    db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    const scripts = new ScriptLibrary(db);
    const forms = new FormLibrary(db);
    const notices: Message[] = [];
    const loads = new ScriptLoads({
      library: scripts,
      forms: { claims: isFormText, loadText: (t, f) => forms.loadText(t, f) },
      notice: (said) => notices.push(said),
    });
    const port = {
      claims: isFormText,
      loadText: (t: string, f: string) => forms.loadText(t, f),
      report: (f: string, r: OtherLoad) => loads.reportLoad(f, r),
    };
    const scriptFolder = new ScriptFolder(folder, scripts, silentLogger, (f, r) => loads.reportLoad(f, r), port);
    return { scripts, forms, notices, scriptFolder, loads };
  }

  it('loads forms and scripts side by side, and says a broken form is a form, with its line', () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'cancellation.yaml'), shipped('cancellation.yaml'));
    fs.writeFileSync(
      path.join(folder, 'broken.yaml'),
      shipped('cancellation.yaml').replace('form: cancellation', 'form: broken').replace('type: email', 'type: mail'),
    );
    fs.copyFileSync(path.join(projectRoot, 'resources', 'scripts', 'support.en.yaml'), path.join(folder, 'support.en.yaml'));
    const { scripts, forms, notices, scriptFolder } = setUp(folder);
    scriptFolder.start();
    scriptFolder.stop();
    expect(forms.list().map((f) => `${f.formId} v${f.version}`)).toEqual(['cancellation v1']);
    expect(scripts.list().map((s) => s.scriptId)).toEqual(['support-en']);
    expect(notices.map((n) => wordMessage('en', n))).toEqual([
      expect.stringMatching(/^The form broken\.yaml was not loaded: .*broken\.yaml:36:11: unknown field type "mail" \(did you mean "email"\?/),
      'cancellation.yaml: loaded form cancellation v1',
      expect.stringMatching(/^support\.en\.yaml: loaded v1/),
    ]);
  });

  it('keeps the last good version of a form when a broken one is loaded over it', () => {
    const { forms, loads } = setUp(tempDir());
    expect(loads.loadScript('cancellation.yaml', shipped('cancellation.yaml'))).toMatchObject({ ok: true, loaded: { id: 'cancellation', version: 1 } });
    const broken = loads.loadScript('cancellation.yaml', shipped('cancellation.yaml').replace('kind: cancellation', 'kind: kuendigung'));
    expect(broken).toMatchObject({ ok: false, problems: [{ line: 4, message: expect.stringContaining('kind must be') }] });
    expect(forms.current('cancellation')).toMatchObject({ version: 1, kind: 'cancellation' });
    const changed = loads.loadScript('cancellation.yaml', shipped('cancellation.yaml').replace('max: +2y', 'max: +1y'));
    expect(changed).toMatchObject({ ok: true, changed: true, loaded: { version: 2 } });
    expect(forms.get('cancellation', 1)?.fields.find((f) => f.id === 'endDate')?.max).toBe('+2y');
  });
});
