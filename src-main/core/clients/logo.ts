import fs from 'node:fs';
import path from 'node:path';
import { errorForLog, type Logger } from '../log';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/** Logos larger than this are refused: the snapshot carries them to every renderer. */
export const MAX_LOGO_BYTES = 512 * 1024;

/**
 * A client's logo as a `data:` URL a renderer can show under its strict CSP (which allows data:
 * images but no file access). A configured data: URL is kept; a file path (made absolute against
 * the settings file when it was read) is read once. A missing or unusable file is logged and the
 * banner shows the company's name and colour without a logo — never a broken image.
 */
export function loadLogo(value: string, logger: Logger): string | null {
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(value)) return value;
  const mime = MIME[path.extname(value).toLowerCase()];
  if (!mime) {
    logger.log('warn', 'a client logo is neither a data: URL nor a PNG, JPEG, GIF, WebP or SVG file; it is not shown', { logo: value.slice(0, 200) });
    return null;
  }
  try {
    const size = fs.statSync(value).size;
    if (size > MAX_LOGO_BYTES) {
      logger.log('warn', `a client logo is larger than ${MAX_LOGO_BYTES / 1024} KB; it is not shown`, { logo: value, size });
      return null;
    }
    return `data:${mime};base64,${fs.readFileSync(value).toString('base64')}`;
  } catch (error) {
    logger.log('warn', 'a client logo could not be read; it is not shown', { logo: value, error: errorForLog(error) });
    return null;
  }
}

/** Each logo read once per run: the snapshot asks for it on every change, the file is read at most once. */
export class LogoCache {
  private readonly logos = new Map<string, string | null>();

  constructor(private readonly logger: Logger) {}

  get(value: string | null): string | null {
    if (value === null) return null;
    if (!this.logos.has(value)) this.logos.set(value, loadLogo(value, this.logger));
    return this.logos.get(value) ?? null;
  }
}
