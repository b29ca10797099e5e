/**
 * electron-updater behind the core's Updater port. It imports no `electron`: the tests run it on
 * a real electron-updater updater with an app adapter of their own, against a real HTTP server.
 * The policy (which version, when to install) is the core's UpdateService; this file only
 * translates: a feed per check, the desk's admission as electron-updater's rollout hook, its
 * errors as UpdateFailure kinds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MacUpdater, type AppUpdater, type UpdateInfo } from 'electron-updater';
import YAML from 'yaml';
import { errorForLog, type Logger } from '../core/log';
import { firstLine } from '../core/updates/update-service';
import { UpdateFailure, type CheckResult, type OfferedUpdate, type UpdateFeed, type Updater } from '../core/updates/updater';

const BAD_FEED = new Set([
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_NO_FILES_PROVIDED',
  'ERR_UPDATER_NO_CHECKSUM',
  'ERR_UPDATER_ASSET_NOT_FOUND',
  'ERR_UPDATER_INVALID_CHANNEL',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_CONNECTION_REFUSED']);

export class AppUpdaterPort implements Updater {
  private installOnQuit = false;
  private offered: UpdateInfo | null = null;

  constructor(
    private readonly updater: AppUpdater,
    readonly builtInUrl: string | null,
    logger: Logger,
  ) {
    // The service decides when to download and when to install; electron-updater's defaults
    // (download at once, install at any quit) would install over a desk in the middle of work.
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    updater.allowDowngrade = false;
    updater.logger = {
      info: (message?: unknown) => logger.log('info', `updater: ${String(message)}`),
      warn: (message?: unknown) => logger.log('warn', `updater: ${String(message)}`),
      // Its errors come back to the service as rejections, which the service logs with their stack.
      error: (message?: unknown) => logger.log('debug', `updater: ${String(message)}`),
    };
  }

  async check(feed: UpdateFeed, admit: (offer: OfferedUpdate) => boolean): Promise<CheckResult> {
    // Set anew each time: IT's settings may have changed since the last check. The channel goes
    // into the feed, not `updater.channel`, whose setter allows downgrades as a side effect.
    this.updater.setFeedURL({ provider: 'generic', url: feed.url, channel: feed.channel });
    this.updater.allowDowngrade = false;
    // electron-updater asks this for every version other than the installed one, before it
    // compares versions: the desk's rollout place and pin replace its random per-profile id.
    this.updater.isUserWithinRollout = (info: UpdateInfo) => admit(offerOf(info));
    let result: Awaited<ReturnType<AppUpdater['checkForUpdates']>>;
    try {
      result = await this.updater.checkForUpdates();
    } catch (error) {
      throw failureOf(error, feed.url, null);
    }
    if (!result) throw new UpdateFailure('failed', 'this installation cannot update itself (not packaged, or not run from its installed file)');
    this.offered = result.isUpdateAvailable ? result.updateInfo : null;
    return { latest: offerOf(result.updateInfo), available: result.isUpdateAvailable };
  }

  async download(): Promise<void> {
    // electron-updater adds its install-on-quit handler only to a download that finishes while
    // the flag is on; the handler reads the flag again at quit, where setInstallOnQuit rules it.
    this.quitInstalls(true);
    try {
      await this.updater.downloadUpdate();
    } catch (error) {
      throw failureOf(error, null, this.offered);
    } finally {
      this.quitInstalls(this.installOnQuit);
    }
  }

  setInstallOnQuit(install: boolean): void {
    this.installOnQuit = install;
    this.quitInstalls(install);
  }

  /**
   * Not on macOS: there the flag hands the download to Squirrel.Mac, which then installs at any
   * quit, in the middle of work too; without it, install() hands it over and restarts, and a quit
   * installs nothing.
   */
  private quitInstalls(install: boolean): void {
    if (!(this.updater instanceof MacUpdater)) this.updater.autoInstallOnAppQuit = install;
  }

  install(): void {
    // Silent (the agent was told), and the new version starts by itself.
    this.updater.quitAndInstall(true, true);
  }
}

function offerOf(info: UpdateInfo): OfferedUpdate {
  const staging = (info as { stagingPercentage?: unknown }).stagingPercentage;
  return {
    version: String(info.version),
    stagingPercentage: typeof staging === 'number' || typeof staging === 'string' ? staging : null,
  };
}

/** electron-updater's errors carry a code; each becomes what the agent and IT can act on. */
function failureOf(error: unknown, feedUrl: string | null, offered: UpdateInfo | null): UpdateFailure {
  const code = (error as { code?: unknown } | null)?.code;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  const where = feedUrl ? ` (${feedUrl})` : '';
  if (code === 'ERR_CHECKSUM_MISMATCH') {
    const files = offered?.files.map((file) => path.posix.basename(file.url)).join(', ') || 'the installer';
    return new UpdateFailure('corrupt', files, { cause: error });
  }
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') {
    const file = /channel "([^"]+)"/.exec(firstLine(error))?.[1] ?? 'the channel file';
    return new UpdateFailure('noChannelFile', `${file}${where}`, { cause: error });
  }
  if (typeof code === 'string' && BAD_FEED.has(code)) {
    // The parser's message repeats the whole file; its first sentence is enough on screen.
    return new UpdateFailure(
      'badFeed',
      firstLine(error)
        .replace(/, rawData:.*$/s, '')
        .slice(0, 300),
      { cause: error },
    );
  }
  if (typeof statusCode === 'number') return new UpdateFailure('unreachable', `HTTP ${statusCode}${where}`, { cause: error });
  // A download's HTTP error is a plain Error that says the status only in its text.
  const refusedDownload = /^Cannot download "([^"]*)", status (\d+)/.exec(firstLine(error));
  if (refusedDownload) {
    const file = path.posix.basename(refusedDownload[1] ?? '');
    return new UpdateFailure('unreachable', `HTTP ${refusedDownload[2]} (${file})`, { cause: error });
  }
  if (typeof code === 'string' && NETWORK.has(code)) return new UpdateFailure('unreachable', `${code}${where}`, { cause: error });
  return new UpdateFailure('failed', firstLine(error), { cause: error });
}

/**
 * The feed the installer was built with: electron-builder writes `publish` into the app's
 * resources as app-update.yml. Only a generic feed counts; anything else (or no file: a build
 * without `publish`) leaves the desk to `updates.url`.
 */
export function builtInFeedUrl(appUpdateYml: string, logger: Logger): string | null {
  let text: string;
  try {
    text = fs.readFileSync(appUpdateYml, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      logger.log('warn', 'app-update.yml cannot be read', { file: appUpdateYml, error: errorForLog(error) });
    return null;
  }
  try {
    const config = YAML.parse(text) as { provider?: unknown; url?: unknown } | null;
    return config?.provider === 'generic' && typeof config.url === 'string' ? config.url : null;
  } catch (error) {
    logger.log('warn', 'app-update.yml is not valid YAML', { file: appUpdateYml, error: errorForLog(error) });
    return null;
  }
}
