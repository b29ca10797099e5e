/**
 * The security decisions of the Electron host, as pure functions of plain values.
 * The adapters (protocol.ts, security.ts, ipc.ts, windows.ts) only gather the facts from Electron
 * and call these, so every rule here is unit-tested in plain Node without the Electron binary.
 * Nothing in this file may import 'electron'.
 */
import path from 'node:path';
import { resolveRendererFile } from '../api/app-files';
import { CONTENT_TYPES } from '../api/content-types';

export const APP_SCHEME = 'anlauf';
export const APP_HOST = 'app';
/** How Chromium serializes the origin of a standard custom scheme. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const UI_URL = `${APP_ORIGIN}/index.html`;
export const MEDIA_URL = `${APP_ORIGIN}/media.html`;

/** Sent with every response of our protocol, 404s included: our pages talk to nothing but us. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for `anlauf://app/...` and nothing else. Compared field by field rather than by
 * `URL.origin`, which Node reports as "null" for schemes it does not know; credentials and ports
 * are refused so `anlauf://app@evil` or `anlauf://app:1` never pass.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Chromium hands us origins as `anlauf://app` (sometimes with a trailing slash). */
export function isAppOrigin(origin: string | undefined | null): boolean {
  if (!origin) return false;
  const parsed = parse(origin);
  return parsed !== null && isAppUrl(origin) && (parsed.pathname === '' || parsed.pathname === '/') && !parsed.search && !parsed.hash;
}

// ---------------------------------------------------------------------------------------------
// Protocol: which file a request may read.

/**
 * The file under `root` that an `anlauf://app/...` request names, or null (→ 404) when the URL is
 * not ours or its path is refused by the resolver both hosts share (api/app-files.ts).
 */
export function resolveAppFile(root: string, requestUrl: string, pathApi: path.PlatformPath = path): string | null {
  if (!isAppUrl(requestUrl)) return null;
  return resolveRendererFile(root, new URL(requestUrl).pathname, pathApi);
}

/** Module scripts need a JavaScript MIME type; unknown files are served as opaque bytes. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers for every response of our protocol. */
export function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

// ---------------------------------------------------------------------------------------------
// IPC: who may call a command.

/** What main knows about the sender of an IPC message, taken from the event. */
export interface SenderFacts {
  /** `event.sender.id`. */
  senderId: number;
  /** The UI window's webContents id, or null while there is none. */
  uiId: number | null;
  /** `event.senderFrame.url`, or null when the frame is gone (navigated away, destroyed). */
  frameUrl: string | null;
  /** The sending frame has no parent. */
  isMainFrame: boolean;
}

/**
 * Why a sender is refused, or null when it may call commands: only the main frame of the UI
 * window, showing our own origin. The media window, sub-frames, and a UI window that somehow
 * ended up on a foreign page are all refused (VS Code's validateEvent does the same).
 */
export function senderProblem(facts: SenderFacts): string | null {
  if (facts.uiId === null) return 'there is no UI window';
  if (facts.senderId !== facts.uiId) return 'the sender is not the UI window';
  if (facts.frameUrl === null) return 'the sending frame is gone';
  if (!facts.isMainFrame) return 'the sender is a sub-frame';
  if (!isAppUrl(facts.frameUrl)) return 'the sender shows a foreign origin';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Permissions: microphone and headset, for our origin only.

export interface PermissionFacts {
  permission: string;
  /** The requesting origin or URL as Electron reports it. */
  origin: string | undefined | null;
  /** False for requests from sub-frames; undefined when Electron does not say. */
  isMainFrame?: boolean | undefined;
  /** Permission requests: the media types asked for. */
  mediaTypes?: readonly string[] | undefined;
  /** Permission checks: the one media type checked. */
  mediaType?: string | undefined;
}

function originOf(value: string): string | null {
  const parsed = parse(value);
  return parsed ? `${parsed.protocol}//${parsed.host}` : null;
}

/**
 * Chromium's Local Network Access permissions. Without them, ICE candidates and connections to
 * private and loopback addresses (the PBX, SBC or TURN server on the company network) are dropped
 * without an error, and calls have no audio. Chromium may ask for them with no webContents at all
 * (the request comes from the network stack), so they are decided on the origin alone.
 */
export const LOCAL_NETWORK_PERMISSIONS: readonly string[] = ['local-network-access', 'local-network', 'loopback-network'];

export function isLocalNetworkPermission(permission: string): boolean {
  return LOCAL_NETWORK_PERMISSIONS.includes(permission);
}

/**
 * Grants only the microphone (audio, never video), the choice of speaker (speaker-selection), HID
 * (the headset's buttons) and local network access (calls to the company's phone system), and only
 * to our own origin's main frame. Everything else — web notifications (main shows those),
 * geolocation, screen capture, clipboard, camera — is denied, since the agent's workstation needs
 * none of it.
 */
export function permissionGranted(facts: PermissionFacts): boolean {
  if (facts.isMainFrame === false) return false;
  const origin = facts.origin ? originOf(facts.origin) : null;
  if (!origin || !isAppOrigin(origin)) return false;
  if (isLocalNetworkPermission(facts.permission)) return true;
  if (facts.permission === 'hid') return true;
  // Choosing the speaker and ring device (setSinkId on the media window's <audio> elements).
  if (facts.permission === 'speaker-selection') return true;
  if (facts.permission !== 'media') return false;
  if (facts.mediaTypes !== undefined) {
    return facts.mediaTypes.length > 0 && facts.mediaTypes.every((type) => type === 'audio');
  }
  return facts.mediaType === 'audio';
}

/** `setDevicePermissionHandler`: HID devices for our origin; serial and USB never. */
export function devicePermissionGranted(deviceType: string, origin: string): boolean {
  return deviceType === 'hid' && isAppOrigin(originOf(origin));
}

// ---------------------------------------------------------------------------------------------
// Navigation and links.

/** A window may only ever show our own pages. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** The link to hand to the OS browser, or null: only https, never file:, smb:, custom schemes. */
export function externalLinkToOpen(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  return parsed.href;
}

// ---------------------------------------------------------------------------------------------
// Crashed renderers.

/**
 * Whether a renderer that crashed at `now` should be reloaded: yes, unless it already crashed
 * `limit` times in the last `windowMs` — a page that crashes at once on every load would
 * otherwise spin forever. Returns the crash times to remember for next time (only recent ones).
 */
export function crashDecision(earlierCrashes: readonly number[], now: number, limit = 3, windowMs = 60_000): { reload: boolean; crashes: number[] } {
  const recent = earlierCrashes.filter((at) => now - at < windowMs);
  const reload = recent.length < limit;
  return { reload, crashes: reload ? [...recent, now] : recent };
}

// ---------------------------------------------------------------------------------------------
// tel:, sip: and callto: links: the OS hands them to Anlauf to dial.

export const DIAL_SCHEMES = ['tel', 'sip', 'sips', 'callto'] as const;

/** The link to dial among a process's arguments (Windows and Linux pass it there), or null. */
export function dialLinkFromArgs(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const match = /^(tel|sips?|callto):(\/\/)?(.+)$/i.exec(arg.trim());
    if (!match) continue;
    const scheme = (match[1] ?? '').toLowerCase();
    const rest = decodeURIComponentSafe(match[3] ?? '');
    if (!rest) continue;
    // callto://+4940… is Skype's spelling of a phone number.
    return scheme === 'callto' ? rest : `${scheme}:${rest}`;
  }
  return null;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// The packaged app: what a start may be given.

/**
 * The folder the app's pages and resources come from. `ANLAUF_APP_ROOT` points a development run
 * at another layout; in the packaged app it is ignored, because whatever folder it names would be
 * served as `anlauf://app`, with the full API and the microphone — exactly what the asar-integrity
 * and `onlyLoadAppFromAsar` fuses are there to forbid.
 */
export function appRootFor(facts: { isPackaged: boolean; envRoot: string | undefined; builtIn: string }): string {
  return !facts.isPackaged && facts.envRoot ? facts.envRoot : facts.builtIn;
}

/**
 * Switches that open the app to a debugger: Chromium's DevTools protocol (a port or a pipe, and
 * who may connect), Node's inspector in all its spellings, and V8 flags. The fuses stop Node's
 * inspector, but not Chromium's remote debugging, which gives any local program the pages —
 * `window.anlauf`, the customers, the microphone.
 */
const DEBUG_SWITCHES = new Set([
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-debugging-io-pipes',
  'remote-debugging-targets',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-brk-node',
  'inspect-port',
  'inspect-wait',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'debug-port',
  'js-flags',
]);

/**
 * Switches that turn off a protection the packaged app relies on: the renderer sandbox, the
 * same-origin policy, certificate checks (a TLS SIP or CRM server could then be anyone), site
 * isolation, and foreign extensions in the pages.
 */
const WEAKENING_SWITCHES = new Set([
  'no-sandbox',
  'disable-web-security',
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'allow-insecure-localhost',
  'allow-running-insecure-content',
  'disable-site-isolation-trials',
  'load-extension',
]);

/**
 * The debugging switches among a process's arguments, as given. Chromium takes `--x` and `-x`
 * (and `/x` on Windows) and, on Windows, any case; Node reads `_` as `-`. All are matched, and
 * after a `--` too: a switch there is harmless to Chromium, but refusing it costs nothing.
 * `argv[0]` is the binary.
 */
export function debugSwitches(argv: readonly string[], platform: NodeJS.Platform): string[] {
  const prefixes = platform === 'win32' ? ['--', '-', '/'] : ['--', '-'];
  return argv.slice(1).filter((arg) => {
    const prefix = prefixes.find((p) => arg.startsWith(p));
    if (!prefix) return false;
    const name = (arg.slice(prefix.length).split('=')[0] ?? '').toLowerCase().replace(/_/g, '-');
    return DEBUG_SWITCHES.has(name) || WEAKENING_SWITCHES.has(name);
  });
}

/** Why the packaged app must not start with these arguments, or null. A development run may debug. */
export function packagedStartRefusal(facts: { isPackaged: boolean; argv: readonly string[]; platform: NodeJS.Platform }): string | null {
  if (!facts.isPackaged) return null;
  const found = debugSwitches(facts.argv, facts.platform);
  if (!found.length) return null;
  return (
    `Anlauf was started with ${found.join(', ')}. These switches let other programs on this computer read and control ` +
    'Anlauf — the calls, the customers and the microphone — or switch off its protections, so Anlauf does not start with them. Start it without them ' +
    '(check the shortcut or the script that starts it).'
  );
}
