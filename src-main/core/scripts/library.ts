import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { said, type Message } from '../../contract';
import { wordMessage } from '../../shared/messages';
import { folderReader, storedReader, type IncludedFile, type ReadInclude } from './include-files';
import { parseScript, readScriptText } from './loader';
import type { Script } from './model';
import type { ScriptProblem } from './problems';
import type { References } from './references';

/**
 * `warnings`: names worth a look that do not stop the load (see references.ts). `includes`: the
 * files the script included (or tried to), so a watcher reloads it when one changes.
 */
export type LoadResult =
  | { ok: true; script: Script; version: number; changed: boolean; message: string; said: Message; warnings?: ScriptProblem[]; includes?: string[] }
  | { ok: false; problems: ScriptProblem[]; includes?: string[] };

export interface StoredScriptInfo {
  scriptId: string;
  version: number;
  campaign: string;
  client: string | null;
  title: string;
  language: string;
  file: string | null;
  sha256: string;
  /** When this version was last loaded (ms since 1970). */
  loadedAt: number;
}

interface Row {
  script_id: string;
  version: number;
  campaign: string;
  client: string | null;
  title: string;
  language: string;
  file: string | null;
  source: string;
  sha256: string;
  loaded_at: number;
  includes_json: string | null;
}

const info = (row: Row): StoredScriptInfo => ({
  scriptId: row.script_id,
  version: row.version,
  campaign: row.campaign,
  client: row.client,
  title: row.title,
  language: row.language,
  file: row.file,
  sha256: row.sha256,
  loadedAt: row.loaded_at,
});

/**
 * How many parsed versions of one script main keeps in memory. A trainer who saves a file every
 * few seconds makes thousands of versions a day; each stays in the database, but parsing one
 * back costs a few milliseconds, so only the newest few (and those just asked for) are kept.
 * A call walking an older version holds that version itself until its walk is released.
 */
export const KEEP_PARSED_VERSIONS = 3;

/** What the Dispatcher may read of the library: the scripts loaded. */
export interface IScriptCatalog {
  list(): StoredScriptInfo[];
}

/**
 * The loaded call scripts. Each script id gets v1, v2, v3 … as files with changed content are
 * loaded; loading the same content again keeps its version. Old versions stay, so a call logged
 * with (script id, version) can always be shown with the script that was followed.
 */
export class ScriptLibrary implements IScriptCatalog {
  /** Parsed versions by script id, least recently used first (a Map keeps insertion order). */
  private readonly parsed = new Map<string, Map<number, Script>>();
  /** `list()` as last read: the snapshot shows it on every change, it changes only on a load. */
  private listed: StoredScriptInfo[] | null = null;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
    private readonly keepParsed: number = KEEP_PARSED_VERSIONS,
    /**
     * The desk's campaigns, clients and dispositions, read at each load: a script naming one the
     * settings do not know is refused, as it would silently never be used. Stored versions are
     * not checked again when read back; the settings may have changed since.
     */
    private readonly references: () => References | undefined = () => undefined,
  ) {}

  /** Loads a script file; its includes are read from its folder and below. */
  load(file: string): LoadResult {
    const read = readScriptText(file);
    return read.ok ? this.loadText(read.text, file, folderReader(path.dirname(file))) : read;
  }

  /**
   * Checks and stores a script's text; `file` is what messages and the library show. Never
   * throws: a file that cannot be kept is reported like any other problem, and the version
   * loaded before stays.
   */
  loadText(text: string, file: string, readInclude?: ReadInclude): LoadResult {
    const result = parseScript(text, file, { references: this.references(), readInclude });
    const includes = result.includes?.map((f) => f.file);
    if (!result.ok) return { ok: false, problems: result.problems, ...(includes?.length ? { includes } : {}) };
    try {
      const stored = this.store(result.script, text, file, result.includes ?? []);
      return { ...stored, ...(result.warnings?.length ? { warnings: result.warnings } : {}), ...(includes?.length ? { includes } : {}) };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        problems: [
          {
            file,
            line: 1,
            col: 1,
            code: 'not-stored',
            message: `could not be kept in the workstation's database (${reason}); the version loaded before stays`,
          },
        ],
      };
    }
  }

  private store(parsed: Script, text: string, file: string, included: IncludedFile[]): LoadResult {
    // The included files are part of the version: a changed shared block is a new version.
    const hash = createHash('sha256').update(text);
    for (const f of included) hash.update(`\0${f.file}\0${f.text}`);
    const sha256 = hash.digest('hex');
    const includesJson = included.length ? JSON.stringify(included) : null;
    const store = this.db.transaction(() => {
      const latest = this.db.prepare('SELECT version, sha256 FROM scripts WHERE script_id = ? ORDER BY version DESC LIMIT 1').get(parsed.id) as
        { version: number; sha256: string } | undefined;
      if (latest && latest.sha256 === sha256) {
        this.db.prepare('UPDATE scripts SET loaded_at = ?, file = ? WHERE script_id = ? AND version = ?').run(this.now(), file, parsed.id, latest.version);
        return { version: latest.version, changed: false };
      }
      const version = (latest?.version ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO scripts (script_id, version, campaign, client, title, language, file, source, sha256, loaded_at, includes_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(parsed.id, version, parsed.campaign, parsed.client, parsed.title, parsed.language, file, text, sha256, this.now(), includesJson);
      return { version, changed: true };
    });
    const { version, changed } = store.immediate();
    this.listed = null;
    const script = { ...parsed, version };
    this.remember(script);
    const { campaign, client } = script;
    const loaded = client
      ? said(changed ? 'scripts.loadedVersionForClient' : 'scripts.unchangedVersionForClient', { version, campaign, client })
      : said(changed ? 'scripts.loadedVersion' : 'scripts.unchangedVersion', { version, campaign });
    return { ok: true, script, version, changed, message: wordMessage('en', loaded), said: loaded };
  }

  /**
   * The script to follow on a call of this campaign: the one loaded last. With a client, a script
   * written for that client wins over a general one; without, only general scripts count, so a
   * call is never greeted in another company's name. A matching language wins when given
   * (`de-AT` takes a `de-AT` script, else a `de` one).
   */
  current(campaignId: string, clientId?: string | null, language?: string): Script | null {
    const row = this.db
      .prepare(
        `SELECT * FROM scripts
         WHERE campaign = ? AND (client IS NULL OR client = ?)
         ORDER BY (client IS NULL) ASC, (language = ?) DESC, (substr(language, 1, 2) = substr(?, 1, 2)) DESC, loaded_at DESC, rowid DESC
         LIMIT 1`,
      )
      .get(campaignId, clientId ?? null, language ?? null, language ?? null) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  get(scriptId: string, version: number): Script | null {
    const row = this.db.prepare('SELECT * FROM scripts WHERE script_id = ? AND version = ?').get(scriptId, version) as Row | undefined;
    return row ? this.fromRow(row) : null;
  }

  /** The source text of a version, exactly as loaded. */
  source(scriptId: string, version: number): string | null {
    const row = this.db.prepare('SELECT source FROM scripts WHERE script_id = ? AND version = ?').get(scriptId, version) as { source: string } | undefined;
    return row?.source ?? null;
  }

  /** The latest version of every script, by campaign and id. */
  list(): StoredScriptInfo[] {
    this.listed ??= this.readList();
    return this.listed;
  }

  private readList(): StoredScriptInfo[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM scripts s
         WHERE version = (SELECT max(version) FROM scripts WHERE script_id = s.script_id)
         ORDER BY campaign, client, script_id`,
      )
      .all() as Row[];
    return rows.map(info);
  }

  /** Every stored version of one script, newest first. */
  versions(scriptId: string): StoredScriptInfo[] {
    return (this.db.prepare('SELECT * FROM scripts WHERE script_id = ? ORDER BY version DESC').all(scriptId) as Row[]).map(info);
  }

  /** How many parsed versions are held in memory, of one script or of all. */
  heldVersions(scriptId?: string): number {
    if (scriptId !== undefined) return this.parsed.get(scriptId)?.size ?? 0;
    let held = 0;
    for (const versions of this.parsed.values()) held += versions.size;
    return held;
  }

  private remember(script: Script): void {
    const version = script.version as number;
    let versions = this.parsed.get(script.id);
    if (!versions) this.parsed.set(script.id, (versions = new Map<number, Script>()));
    versions.delete(version);
    versions.set(version, script);
    for (const oldest of versions.keys()) {
      if (versions.size <= this.keepParsed) break;
      versions.delete(oldest);
    }
  }

  private fromRow(row: Row): Script {
    const cached = this.parsed.get(row.script_id)?.get(row.version);
    if (cached) {
      this.remember(cached);
      return cached;
    }
    const included = row.includes_json ? (JSON.parse(row.includes_json) as IncludedFile[]) : [];
    const result = parseScript(row.source, row.file ?? row.script_id, { readInclude: storedReader(included) });
    // Stored text passed the checks when loaded; failing now means a newer Anlauf changed the
    // rules, and the trainer must fix and reload the file.
    if (!result.ok)
      throw new Error(
        `Script ${row.script_id} v${row.version} no longer passes the checks (${result.problems[0]?.message ?? 'unknown problem'}); load a corrected file.`,
      );
    const script = { ...result.script, version: row.version };
    this.remember(script);
    return script;
  }
}
