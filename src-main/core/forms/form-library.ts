import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { said, type FormChoice, type Message } from '../../contract';
import { wordMessage } from '../../shared/messages';
import { variantFor } from '../scripts/languages';
import { readScriptText } from '../scripts/loader';
import type { ScriptProblem } from '../scripts/problems';
import { parseForm } from './loader';
import type { Form } from './model';

export type FormLoadResult =
  | {
      ok: true;
      form: Form;
      version: number;
      changed: boolean;
      message: string;
      said: Message;
      warnings?: ScriptProblem[];
      /** As the trainer's window shows a loaded file (scripts:load). */
      loaded: { id: string; version: number; title: string; client: string | null };
    }
  /** `form`: said as a form's problems, not a script's. */
  | { ok: false; problems: ScriptProblem[]; form: true };

export interface StoredFormInfo {
  formId: string;
  version: number;
  client: string | null;
  title: string;
  kind: Form['kind'];
  language: string;
  file: string | null;
  loadedAt: number;
}

interface Row {
  form_id: string;
  version: number;
  client: string | null;
  title: string;
  kind: Form['kind'];
  language: string;
  file: string | null;
  source: string;
  sha256: string;
  loaded_at: number;
}

/** What the form sessions read of the library. */
export interface IFormCatalog {
  /** The latest version of a form. */
  current(formId: string): Form | null;
  get(formId: string, version: number): Form | null;
  /** The forms a call of this client may open: the client's own and those for every client, titled in the call's language. */
  choicesFor(clientId: string | null, language?: string | null): FormChoice[];
  /** The latest version of every form, by title. */
  list(): StoredFormInfo[];
}

/**
 * The loaded client forms, versioned as scripts are (script library, library.ts): each form id
 * gets v1, v2 … as files with changed content are loaded, the same content keeps its version,
 * old versions stay so a submitted form can always be shown with the form it was filled in.
 */
export class FormLibrary implements IFormCatalog {
  private readonly parsed = new Map<string, Form>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    /** The desk's client ids, read at each load: a form naming another is refused (it would never be offered). */
    private readonly clients: () => readonly string[] | null = () => null,
  ) {}

  load(file: string): FormLoadResult {
    const read = readScriptText(file);
    return read.ok ? this.loadText(read.text, file) : { ...read, form: true };
  }

  /** Checks and stores a form's text. Never throws: a form that cannot be kept is a problem, and the version before stays. */
  loadText(text: string, file: string): FormLoadResult {
    const result = parseForm(text, file, { clients: this.clients() });
    if (!result.ok) return { ...result, form: true };
    try {
      return this.store(result.form, text, file);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
      const message = `could not be kept in the workstation's database (${reason}); the version loaded before stays`;
      return { ok: false, problems: [{ file, line: 1, col: 1, code: 'not-stored', message }], form: true };
    }
  }

  private store(form: Form, text: string, file: string): FormLoadResult {
    const sha256 = createHash('sha256').update(text).digest('hex');
    const store = this.db.transaction(() => {
      const latest = this.db.prepare('SELECT version, sha256 FROM forms WHERE form_id = ? ORDER BY version DESC LIMIT 1').get(form.id) as
        { version: number; sha256: string } | undefined;
      if (latest && latest.sha256 === sha256) {
        this.db.prepare('UPDATE forms SET loaded_at = ?, file = ? WHERE form_id = ? AND version = ?').run(this.now(), file, form.id, latest.version);
        return { version: latest.version, changed: false };
      }
      const version = (latest?.version ?? 0) + 1;
      this.db
        .prepare('INSERT INTO forms (form_id, version, client, title, kind, language, file, source, sha256, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(form.id, version, form.client, form.title, form.kind, form.language, file, text, sha256, this.now());
      return { version, changed: true };
    });
    const { version, changed } = store.immediate();
    const stored = withVersion(form, version);
    this.parsed.set(`${form.id}\0${version}`, stored);
    const loaded = said(changed ? 'forms.loadedVersion' : 'forms.unchangedVersion', { formId: form.id, version });
    return {
      ok: true,
      form: stored,
      version,
      changed,
      message: wordMessage('en', loaded),
      said: loaded,
      loaded: { id: form.id, version, title: form.title, client: form.client },
    };
  }

  current(formId: string): Form | null {
    const row = this.db.prepare('SELECT * FROM forms WHERE form_id = ? ORDER BY version DESC LIMIT 1').get(formId) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  get(formId: string, version: number): Form | null {
    const row = this.db.prepare('SELECT * FROM forms WHERE form_id = ? AND version = ?').get(formId, version) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  /** Every stored version of one form, newest first, with its size and hash (`anlauf scripts versions`). */
  versions(formId: string): (StoredFormInfo & { bytes: number; sha256: string })[] {
    const rows = this.db.prepare('SELECT * FROM forms WHERE form_id = ? ORDER BY version DESC').all(formId) as Row[];
    return rows.map((r) => ({ ...infoOf(r), bytes: Buffer.byteLength(r.source, 'utf8'), sha256: r.sha256 }));
  }

  /** The latest version of every form, by title. */
  list(): StoredFormInfo[] {
    const rows = this.db
      .prepare('SELECT * FROM forms f WHERE version = (SELECT max(version) FROM forms WHERE form_id = f.form_id) ORDER BY title, form_id')
      .all() as Row[];
    return rows.map(infoOf);
  }

  choicesFor(clientId: string | null, language: string | null = null): FormChoice[] {
    return this.list()
      .filter((f) => f.client === null || f.client === clientId)
      .map((f) => {
        const form = this.current(f.formId);
        return { formId: f.formId, title: form ? variantFor(form, language).title : f.title, kind: f.kind };
      })
      .sort((a, b) => a.title.localeCompare(b.title) || a.formId.localeCompare(b.formId));
  }

  private fromRow(row: Row): Form {
    const key = `${row.form_id}\0${row.version}`;
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const result = parseForm(row.source, row.file ?? row.form_id);
    if (!result.ok)
      throw new Error(
        `Form ${row.form_id} v${row.version} no longer passes the checks (${result.problems[0]?.message ?? 'unknown problem'}); load a corrected file.`,
      );
    const form = withVersion(result.form, row.version);
    this.parsed.set(key, form);
    return form;
  }
}

/** The form and each of its language variants with the version they were stored as. */
function withVersion(form: Form, version: number): Form {
  if (!form.variants) return { ...form, version };
  const variants = new Map<string, Form>();
  for (const [language, variant] of form.variants) variants.set(language, { ...variant, version, variants });
  return variants.get(form.language) ?? { ...form, version, variants };
}

/** A stored version as `list` and `versions` describe it. */
function infoOf(r: Row): StoredFormInfo {
  return {
    formId: r.form_id,
    version: r.version,
    client: r.client,
    title: r.title,
    kind: r.kind,
    language: r.language,
    file: r.file,
    loadedAt: r.loaded_at,
  };
}
