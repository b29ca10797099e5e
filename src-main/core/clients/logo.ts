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
 * Why a logo path cannot be shown, or null when it can: checked when the settings file is read
 * (a warning with its line) and again when the logo is loaded.
 */
export function logoProblem(value: string): string | null {
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(value)) return null;
  if (!MIME[path.extname(value).toLowerCase()]) return 'the logo is neither a data: URL nor a PNG, JPEG, GIF, WebP or SVG file; it is not shown';
  let size: number;
  try {
    size = fs.statSync(value).size;
  } catch (error) {
    return `the logo file ${value} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); the banner shows no logo`;
  }
  if (size > MAX_LOGO_BYTES) return `the logo file is larger than ${MAX_LOGO_BYTES / 1024} KB; it is not shown`;
  return null;
}

/**
 * A client's logo as a `data:` URL a renderer can show under its strict CSP (which allows data:
 * images but no file access). A configured data: URL is kept; a file path (made absolute against
 * the settings file when it was read) is read once. A missing or unusable file is logged and the
 * banner shows the company's name and colour without a logo — never a broken image.
 */
export function loadLogo(value: string, logger: Logger): string | null {
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(value)) return value;
  const problem = logoProblem(value);
  if (problem) {
    logger.log('warn', problem, { logo: value.slice(0, 200) });
    return null;
  }
  try {
    return `data:${MIME[path.extname(value).toLowerCase()] ?? 'image/png'};base64,${fs.readFileSync(value).toString('base64')}`;
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
