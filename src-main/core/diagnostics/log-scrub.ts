import { scrubSecrets } from '../../contract';
import { REDACTED } from '../recorder/sip-redact';

/**
 * What a log record may keep. Log lines go to a file support asks for, so nothing that lets
 * someone in may be in them: the configured secrets (settings marked SECRET) wherever their value
 * turns up, any field named like a secret, and credentials in text — an `Authorization` value
 * (Bearer, Basic, Digest) and the Digest parameters an attacker could use (RFC 7616: response,
 * nonce, cnonce, opaque).
 */
const SECRET_KEY = /pass(word|wd)?$|secret|token|credential|^authorization$|^proxy-authorization$|^cookie$|api-?key/i;
const SCHEME_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/g;
const DIGEST_PARAM = /\b(nonce|cnonce|response|opaque|nextnonce|rspauth)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]+)/gi;
const AUTH_LINE = /\b((?:proxy-)?(?:authorization|authenticate))\s*:/i;

export function scrubText(text: string): string {
  let out = text.replace(SCHEME_VALUE, (_all, scheme: string) => `${scheme} ${REDACTED}`);
  // Digest parameters only count where an auth header names them: "response=" is a common word.
  if (AUTH_LINE.test(out) || /\bDigest\s/.test(out)) out = out.replace(DIGEST_PARAM, (_all, name: string) => `${name}="${REDACTED}"`);
  return out;
}

export function scrubFields(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(scrubText(value), secrets);
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than any record of ours: the configured secrets still go, at any depth.
  if (depth > 32) return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && item !== null && item !== undefined && item !== '' && typeof item !== 'boolean'
        ? REDACTED
        : scrubFields(item, secrets, depth + 1);
  }
  return out;
}
