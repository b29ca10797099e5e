import fs from 'node:fs';
import path from 'node:path';
import { errorForLog, type Logger } from '../log';

/**
 * The shared topics folder (settings `topics.folder`): every `*.yaml` / `*.yml` in it is read at
 * start and again when it changes, as the script folder is. It only reads: what a file holds is
 * the topics service's to check. `text` null: the file is gone (or cannot be read: `error`).
 */
export class TopicFolder {
  private watcher: fs.FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    readonly folder: string | null,
    private readonly logger: Logger,
    private readonly report: (file: string, text: string | null, error?: string) => void,
  ) {}

  /** Reads the files there now (in name order) and watches the folder; returns them, or null when the folder cannot be read. */
  start(): string[] | null {
    const folder = this.folder;
    if (!folder) return [];
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch (error) {
      this.logger.log('error', 'the topics folder cannot be read', { folder, error: errorForLog(error) });
      return null;
    }
    const files = names
      .filter(isTopicFile)
      .sort()
      .map((name) => path.join(folder, name));
    for (const file of files) this.read(file);
    try {
      this.watcher = fs.watch(folder, (_event, name) => {
        if (!name || !isTopicFile(String(name))) return;
        this.schedule(path.join(folder, String(name)));
      });
      this.watcher.on('error', (error) => this.logger.log('error', 'watching the topics folder failed', { folder, error: errorForLog(error) }));
    } catch (error) {
      this.logger.log('error', 'the topics folder cannot be watched', { folder, error: errorForLog(error) });
    }
    return files;
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Editors write a file in several steps: read once it has been quiet for a moment. */
  private schedule(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.set(file, setTimeout(() => this.read(file), 300).unref());
  }

  private read(file: string): void {
    let text: string | null = null;
    let problem: string | undefined;
    try {
      text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
      this.logger.log('error', 'a topics file cannot be read', { file, error: errorForLog(error) });
    }
    try {
      this.report(file, text, problem);
    } catch (error) {
      // One trainer's file must not stop the desk: whatever went wrong is the log's.
      this.logger.log('error', 'a topics file could not be taken', { file, error: errorForLog(error) });
    }
  }
}

function isTopicFile(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}
