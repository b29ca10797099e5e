import fs from 'node:fs';
import path from 'node:path';
import { APP_VERSION } from '../app-info';
import { createStderrLogger } from '../core/log';
import { resolveDataDir } from '../core/platform/paths';
import { ScriptLibrary } from '../core/scripts/library';
import { FormLibrary } from '../core/forms/form-library';
import { isFormText } from '../core/forms/loader';
import { readScriptText } from '../core/scripts/loader';
import { formatProblem } from '../core/scripts/problems';
import { referencesFromSettings } from '../core/scripts/references';
import { isClose } from '../core/scripts/variables';
import { SettingsService } from '../core/settings/settings-service';
import { DATABASE_FILE, openDatabase } from '../core/store/database';
import type { Output } from './scripts-command';
import { parseScriptArgs, ScriptsUsageError } from './scripts-usage';

/**
 * `anlauf scripts load` and `scripts versions`: the desk's own script library (the same SQLite
 * file and ScriptLibrary the app uses), so a trainer can check versioning without the UI.
 */

const DATA_OPTIONS = { 'data-dir': { type: 'string' }, data: { type: 'string' } } as const;

function dataDirOf(values: { 'data-dir'?: unknown; data?: unknown }): string {
  return resolveDataDir((values['data-dir'] ?? values.data) as string | undefined);
}

/** Loads FILE as the app would: checked against the desk's effective settings, stored as a version. */
export function loadIntoLibrary(args: string[], io: Output): number {
  const { values, positionals } = parseScriptArgs(args, { ...DATA_OPTIONS, config: { type: 'string' } });
  if (positionals.length !== 1) throw new ScriptsUsageError('scripts load needs exactly one FILE');
  const file = positionals[0] as string;
  const dataDir = dataDirOf(values);
  const config = (values.config as string | undefined) ?? process.env.ANLAUF_CONFIG;
  const settings = new SettingsService({ configFile: config ? path.resolve(config) : undefined, dataDir, keepLastGood: false }).get();
  const db = openDatabase(path.join(dataDir, DATABASE_FILE), { appVersion: APP_VERSION, logger: createStderrLogger('warn') });
  try {
    const read = readScriptText(file);
    if (read.ok && isFormText(read.text)) {
      const loaded = new FormLibrary(db, Date.now, () => settings.clients.map((c) => c.id)).loadText(read.text, file);
      if (!loaded.ok) {
        for (const problem of loaded.problems) io.out(formatProblem(problem) + '\n');
        return 1;
      }
      const state = !loaded.changed ? 'unchanged' : loaded.version === 1 ? 'new' : 'changed';
      io.out(`form ${loaded.form.id} v${loaded.version} ${state}${loaded.form.client ? ` (client ${loaded.form.client})` : ''} in ${dataDir}\n`);
      return 0;
    }
    const result = new ScriptLibrary(db, Date.now, undefined, () => referencesFromSettings(settings)).load(file);
    if (!result.ok) {
      for (const problem of result.problems) io.out(formatProblem(problem) + '\n');
      return 1;
    }
    for (const warning of result.warnings ?? []) io.out(formatProblem(warning) + '\n');
    const { script, version, changed } = result;
    const state = !changed ? 'unchanged' : version === 1 ? 'new' : 'changed';
    io.out(`${script.id} v${version} ${state} (campaign ${script.campaign}${script.client ? `, client ${script.client}` : ''}) in ${dataDir}\n`);
    return 0;
  } finally {
    db.close();
  }
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** Every stored version of one script, newest first. */
export function listVersions(args: string[], io: Output): number {
  const { values, positionals } = parseScriptArgs(args, DATA_OPTIONS);
  if (positionals.length !== 1) throw new ScriptsUsageError('scripts versions needs exactly one script ID');
  const id = positionals[0] as string;
  const dataDir = dataDirOf(values);
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) {
    io.err(`anlauf: there is no script library in ${dataDir} (no ${DATABASE_FILE}); load a script with "anlauf scripts load FILE" first\n`);
    return 1;
  }
  const db = openDatabase(file, { appVersion: APP_VERSION, logger: createStderrLogger('warn') });
  try {
    const library = new ScriptLibrary(db);
    const versions = library.versions(id);
    const forms = new FormLibrary(db);
    const formVersions = versions.length === 0 ? forms.versions(id) : [];
    if (formVersions.length) {
      io.out(`form ${id}: ${formVersions.length} version${formVersions.length === 1 ? '' : 's'}, newest first\n`);
      for (const v of formVersions)
        io.out(
          `v${v.version}  loaded ${when(v.loadedAt)}  ${v.bytes} bytes  sha256 ${v.sha256.slice(0, 12)}  ${v.title}${v.client ? `, client ${v.client}` : ''}  ${v.file ?? ''}\n`,
        );
      return 0;
    }
    if (versions.length === 0) {
      // Scripts and forms share the library: a trainer may ask for either by its id.
      const ids = [...library.list().map((s) => s.scriptId), ...forms.list().map((f) => f.formId)];
      const close = ids.find((known) => isClose(known, id));
      io.err(
        `anlauf: no script or form with id "${id}" in ${dataDir}${close ? ` (did you mean "${close}"?)` : ids.length ? `; stored: ${ids.join(', ')}` : '; none is stored yet'}\n`,
      );
      return 1;
    }
    io.out(`${id}: ${versions.length} version${versions.length === 1 ? '' : 's'}, newest first\n`);
    for (const v of versions) {
      const bytes = Buffer.byteLength(library.source(id, v.version) ?? '', 'utf8');
      io.out(
        `v${v.version}  loaded ${when(v.loadedAt)}  ${bytes} bytes  sha256 ${v.sha256.slice(0, 12)}  campaign ${v.campaign}${v.client ? `, client ${v.client}` : ''}  ${v.file ?? ''}\n`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
