import { scrubSecrets, secretValues, settingsSchema, type Settings } from '../../contract';

/**
 * What a recorded SIP message may keep. Digest credentials are the secrets on the wire: a
 * challenge's nonce and opaque, an answer's response, cnonce and nonce — with them and a captured
 * message, a password can be attacked offline, and a fresh nonce can be replayed. The header and
 * its other parameters (username, realm, uri, algorithm, qop) stay: support needs to see who
 * authenticated where, and with which scheme. Any configured secret (the SIP password, a TURN
 * credential) is blanked wherever it appears, in a header or a body.
 */
export const REDACTED = '[redacted]';

const AUTH_HEADER = /^(authorization|proxy-authorization|www-authenticate|proxy-authenticate)\s*:/i;
/** Digest parameters whose value must not be kept, quoted or not (RFC 7616 §3.3–3.4). */
const SECRET_PARAM = /\b(nonce|cnonce|response|opaque|nextnonce|rspauth)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]+)/gi;

export function redactSip(message: string, secrets: readonly string[]): string {
  const end = message.indexOf('\r\n\r\n');
  const head = end < 0 ? message : message.slice(0, end);
  const body = end < 0 ? '' : message.slice(end);
  // Continuation lines (RFC 3261 §7.3.1) belong to the header above them.
  let inAuth = false;
  const lines = head.split('\r\n').map((line) => {
    if (!/^[ \t]/.test(line)) inAuth = AUTH_HEADER.test(line);
    return inAuth ? line.replace(SECRET_PARAM, (_all, name: string) => `${name}="${REDACTED}"`) : line;
  });
  return scrubSecrets(lines.join('\r\n') + body, secrets);
}

const secretsOf = new WeakMap<Settings, string[]>();

/** The settings' secret values (marked SECRET in the schema), worked out once per settings object. */
export function settingsSecrets(settings: Settings): string[] {
  let secrets = secretsOf.get(settings);
  if (!secrets) secretsOf.set(settings, (secrets = secretValues(settingsSchema, settings)));
  return secrets;
}
