import path from 'node:path';
import { said, type Message, type Settings } from '../../contract';
import type { Logger } from '../log';
import type { SettingsFileStatus } from './settings-service';

/**
 * What a start says about IT's settings file: every warning and, when the file has errors and its
 * last good version runs instead, every error, one log line each with its line and key, so the
 * admin finds them in the desk's log as `anlauf settings validate` would print them.
 */
export function logSettingsFile(status: SettingsFileStatus | null, logger: Logger): void {
  if (!status) return;
  if (status.lastGood) {
    logger.log('error', 'the settings file has errors; running on its last good version', {
      file: status.file,
      savedAt: new Date(status.lastGood.savedAt).toISOString(),
      errors: status.lastGood.errors.length,
    });
    for (const p of status.lastGood.errors) logger.log('error', `settings file: ${p.problem}`, { file: status.file, line: p.line, key: p.field });
    if (status.lastGood.secretsLost)
      logger.log('error', 'the last good version runs without its secrets: this computer kept them in memory only, and Anlauf restarted since', {
        file: status.file,
        keys: status.lastGood.secretsLost,
      });
  }
  for (const p of status.warnings) logger.log('warn', `settings file: ${p.problem}`, { file: status.file, line: p.line, key: p.field });
}

/** What the agent is shown until IT fixes it: only what changes the agent's work. */
export function settingsFileNotices(status: SettingsFileStatus | null, settings: Settings): Message[] {
  const notices: Message[] = [];
  if (status?.lastGood) notices.push(said('settings.lastGood', { file: path.basename(status.file), errors: status.lastGood.errors.length }));
  if (status?.lastGood?.secretsLost) notices.push(said('settings.lastGoodSecretsLost', { keys: status.lastGood.secretsLost.join(', ') }));
  if (status?.empty && !status.lastGood) notices.push(said('settings.empty', { file: path.basename(status.file) }));
  if (Boolean(settings.sip.websocketUrl) !== Boolean(settings.sip.uri)) notices.push(said('settings.sipIncomplete', {}));
  return notices;
}
