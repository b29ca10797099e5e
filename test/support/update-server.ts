/**
 * IT's update server as a test runs it: a folder served over real HTTP (127.0.0.1, port 0) with
 * the channel files and installers electron-builder's `publish: generic` writes, every request
 * recorded. And a real electron-updater updater (DebUpdater: it runs in Node on Linux without
 * Electron) with an app adapter of the test's own; only its install is recorded instead of run,
 * because installing replaces the running program.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import YAML from 'yaml';
import { tempDir } from './temp';

export class UpdateServer {
  /** Request paths in arrival order, query strings dropped. */
  readonly requests: string[] = [];
  readonly folder = tempDir('anlauf-update-server-');
  /** An HTTP status every request gets instead of its file (a proxy's error page, a server in maintenance). */
  failWith: number | null = null;
  /** How many installer downloads still fail with a 500 (the channel file is served). */
  failDownloads = 0;
  private server = http.createServer((req, res) => this.handle(req, res));
  private sockets = new Set<import('node:net').Socket>();
  port = 0;

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/anlauf/`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The installers the server handed out (a download, as opposed to a look at the channel file). */
  get downloads(): string[] {
    return this.requests.filter((request) => !request.endsWith('.yml'));
  }

  /**
   * Publishes a version as electron-builder does: the installer, and the channel file naming it
   * with its size and sha512 (base64). `sha512Of` lets a test publish a checksum of other bytes.
   */
  publish(options: { version: string; channelFile?: string; stagingPercentage?: number | string; bytes?: Buffer; sha512Of?: Buffer }): {
    file: string;
    bytes: Buffer;
  } {
    const bytes = options.bytes ?? Buffer.from(`Anlauf ${options.version} installer\n`.repeat(2000));
    const file = `anlauf_${options.version}_amd64.deb`;
    fs.writeFileSync(path.join(this.folder, file), bytes);
    const sha512 = createHash('sha512')
      .update(options.sha512Of ?? bytes)
      .digest('base64');
    const info: Record<string, unknown> = {
      version: options.version,
      files: [{ url: file, sha512, size: bytes.length }],
      path: file,
      sha512,
      releaseDate: '2026-12-01T08:00:00.000Z',
    };
    if (options.stagingPercentage !== undefined) info.stagingPercentage = options.stagingPercentage;
    this.writeChannelFile(options.channelFile ?? 'latest-linux.yml', YAML.stringify(info));
    return { file, bytes };
  }

  writeChannelFile(name: string, text: string): void {
    fs.writeFileSync(path.join(this.folder, name), text);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push(pathname);
    const name = pathname.replace(/^\/anlauf\//, '');
    const file = path.join(this.folder, path.basename(name));
    if (this.failDownloads > 0 && !name.endsWith('.yml')) {
      this.failDownloads--;
      res.writeHead(500).end('disk full');
      return;
    }
    if (this.failWith !== null) {
      res.writeHead(this.failWith).end('unavailable');
      return;
    }
    if (name.includes('/') || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-length': body.length }).end(body);
  }
}

/**
 * Node's http for electron-updater, which brings Electron's `net` only with its own app adapter.
 * `download` goes the way ElectronHttpExecutor's does: builder-util-runtime's doDownload, which
 * streams the file through its sha512 check.
 */
class NodeHttpExecutor extends HttpExecutor<http.ClientRequest> {
  createRequest(options: http.RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    return http.request(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: http.RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      );
    });
  }
}

/** A DebUpdater as the installed app of `version` would have it; installs are counted, not run. */
export class TestDebUpdater extends DebUpdater {
  installs: { isSilent: boolean | undefined; isForceRunAfter: boolean | undefined }[] = [];
  readonly quits: number[] = [];
  readonly cacheDir: string;

  constructor(version: string) {
    const dir = tempDir('anlauf-updater-');
    const quits: number[] = [];
    // electron-builder puts app-update.yml into the app's resources; it names the cache folder.
    const appUpdateConfigPath = path.join(dir, 'app-update.yml');
    fs.writeFileSync(appUpdateConfigPath, 'provider: generic\nurl: https://updates.anlauf.invalid/anlauf\nupdaterCacheDirName: anlauf-updater\n');
    const app: AppAdapter = {
      version,
      name: 'Anlauf',
      isPackaged: true,
      appUpdateConfigPath,
      userDataPath: path.join(dir, 'userData'),
      baseCachePath: path.join(dir, 'cache'),
      whenReady: () => Promise.resolve(),
      relaunch: () => undefined,
      quit: () => quits.push(Date.now()),
      onQuit: () => undefined,
    };
    super(null, app);
    this.quits = quits;
    this.cacheDir = path.join(dir, 'cache', 'anlauf-updater');
    (this as unknown as { httpExecutor: HttpExecutor<http.ClientRequest> }).httpExecutor = new NodeHttpExecutor();
  }

  override quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push({ isSilent, isForceRunAfter });
  }

  /** The installer electron-updater keeps, verified, for the install. */
  downloadedFile(): Buffer | null {
    const helper = (this as unknown as { downloadedUpdateHelper: { file: string | null } | null }).downloadedUpdateHelper;
    return helper?.file ? fs.readFileSync(helper.file) : null;
  }
}
