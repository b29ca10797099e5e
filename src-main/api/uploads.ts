/**
 * Files a page hands to main (customer lists, call lists, scripts) arrive in pieces: the socket's
 * largest message stays small, a file never sits in memory whole, and what one page can make main
 * write to disk is bounded. The pieces go to a temporary file (owner-only) in the data folder; the
 * import that takes it deletes it afterwards, and an upload that is abandoned (its socket closed,
 * idle too long, aborted) is deleted then.
 */
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_BYTES, type UploadPurpose } from '../contract';
import { AnlaufError } from '../core/errors';
import { errorForLog, type Logger } from '../core/log';
import { ensurePrivateDir } from '../core/files/private-files';

/** Uploads one page may have open at once. */
const MAX_OPEN_PER_SESSION = 3;
/** An upload that got no piece for this long is given up (the page went quiet mid-file). */
const IDLE_MS = 120_000;

interface Upload {
  id: string;
  purpose: UploadPurpose;
  fileName: string;
  size: number;
  received: number;
  file: string;
  fd: number;
  idle: NodeJS.Timeout;
}

/** A finished upload handed to its import, which owns (and deletes) the file from now on. */
export interface ReceivedFile {
  file: string;
  fileName: string;
  size: number;
}

export class UploadStore {
  constructor(
    readonly folder: string,
    private readonly logger: Logger,
  ) {
    // What a crash left behind is never finished: start empty.
    fs.rmSync(folder, { recursive: true, force: true });
  }

  /** One page's (one socket's, one window's) uploads; `close` deletes what is unfinished. */
  session(): UploadSession {
    return new UploadSession(this.folder, this.logger);
  }
}

export class UploadSession {
  private readonly open = new Map<string, Upload>();

  constructor(
    private readonly folder: string,
    private readonly logger: Logger,
  ) {}

  begin(purpose: UploadPurpose, fileName: string, size: number): { uploadId: string; chunkBytes: number } {
    if (size > UPLOAD_MAX_BYTES[purpose]) {
      throw new AnlaufError('upload.tooLarge', { size: megabytes(size), max: megabytes(UPLOAD_MAX_BYTES[purpose]) }, 'invalid');
    }
    if (this.open.size >= MAX_OPEN_PER_SESSION) throw new AnlaufError('upload.tooMany', {}, 'conflict');
    ensurePrivateDir(this.folder, this.logger);
    const id = uuidv7();
    const file = path.join(this.folder, id);
    // 'wx': a new file only, never one planted there; 0600: the customers' data is the agent's.
    const fd = fs.openSync(file, 'wx', 0o600);
    const upload: Upload = { id, purpose, fileName, size, received: 0, file, fd, idle: this.idleTimer(id) };
    this.open.set(id, upload);
    return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  /** Appends a piece; pieces come in order (`offset` = bytes received so far), never past `size`. */
  chunk(uploadId: string, offset: number, bytes: Buffer): number {
    const upload = this.get(uploadId);
    if (offset !== upload.received) throw new AnlaufError('upload.outOfOrder', { offset, received: upload.received }, 'conflict');
    if (upload.received + bytes.length > upload.size) {
      this.abort(uploadId);
      throw new AnlaufError('upload.tooLong', {}, 'invalid');
    }
    fs.writeSync(upload.fd, bytes, 0, bytes.length, offset);
    upload.received += bytes.length;
    upload.idle.refresh();
    return upload.received;
  }

  /** The whole file, for an import of `purpose`; from now on the caller deletes it. */
  take(uploadId: string, purpose: UploadPurpose): ReceivedFile {
    const upload = this.get(uploadId);
    if (upload.purpose !== purpose) throw new AnlaufError('upload.wrongPurpose', { actual: upload.purpose, wanted: purpose }, 'invalid');
    if (upload.received !== upload.size) throw new AnlaufError('upload.incomplete', { received: upload.received, size: upload.size }, 'conflict');
    this.forget(upload);
    return { file: upload.file, fileName: upload.fileName, size: upload.size };
  }

  abort(uploadId: string): void {
    const upload = this.open.get(uploadId);
    if (!upload) return;
    this.forget(upload);
    fs.rmSync(upload.file, { force: true });
  }

  /** The page is gone: nothing it was sending is kept. */
  close(): void {
    for (const id of [...this.open.keys()]) this.abort(id);
  }

  get openCount(): number {
    return this.open.size;
  }

  private get(uploadId: string): Upload {
    const upload = this.open.get(uploadId);
    if (!upload) throw new AnlaufError('upload.notFound', {}, 'not-found');
    return upload;
  }

  private forget(upload: Upload): void {
    clearTimeout(upload.idle);
    this.open.delete(upload.id);
    try {
      fs.closeSync(upload.fd);
    } catch (error) {
      this.logger.log('warn', 'could not close an upload file', { error: errorForLog(error) });
    }
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.logger.log('warn', 'gave up an upload that stalled', { uploadId: id });
      this.abort(id);
    }, IDLE_MS);
    timer.unref();
    return timer;
  }
}

/** Deletes a received file once its import is done with it. */
export function discard(received: ReceivedFile): void {
  fs.rmSync(received.file, { force: true });
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
