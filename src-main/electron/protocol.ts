/**
 * `anlauf://app/...`: the built renderer served from our own origin instead of file://, so pages
 * get a real origin for permission checks and IPC sender checks, a CSP header on every response,
 * and no read access to the rest of the disk.
 */
import fs from 'node:fs/promises';
import { protocol } from 'electron';
import type { Logger } from '../core/log';
import { APP_SCHEME, contentTypeFor, resolveAppFile, responseHeaders } from './policy';

/**
 * Must run before the app is ready. `standard` gives the scheme real origins and relative URL
 * resolution, `secure` makes it a secure context (getUserMedia needs one), `supportFetchAPI` lets
 * the page fetch its own assets. `corsEnabled` stays off, so no other origin can read our files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function notFound(status = 404, text = 'Not found\n'): Response {
  return new Response(text, { status, headers: responseHeaders('text/plain; charset=utf-8') });
}

/** Serves files from `rendererDir` (a folder, possibly inside app.asar: Electron's fs reads it). */
export function serveApp(rendererDir: string, logger: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405, 'Method not allowed\n');
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) {
      logger.log('warn', 'app protocol refused a path', { url: request.url });
      return notFound();
    }
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      logger.log('warn', 'app protocol: no such file', { url: request.url });
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: responseHeaders(contentTypeFor(file)),
    });
  });
}
