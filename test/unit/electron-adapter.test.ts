import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildApi, commandNames, eventNames, type AnlaufApi } from '../../src-main/contract';
import { readFlag, resolveLaunchOptions } from '../../src-main/electron/launch';
import { installAnlaufApi, type RawApi } from '../../src-main/electron/main-world';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  crashDecision,
  devicePermissionGranted,
  externalLinkToOpen,
  isAppOrigin,
  isAppUrl,
  isLocalNetworkPermission,
  LOCAL_NETWORK_PERMISSIONS,
  MEDIA_URL,
  navigationAllowed,
  permissionGranted,
  resolveAppFile,
  responseHeaders,
  senderProblem,
  UI_URL,
} from '../../src-main/electron/policy';

describe('our origin', () => {
  it('is anlauf://app and nothing that merely looks like it', () => {
    expect(isAppUrl(UI_URL)).toBe(true);
    expect(isAppUrl(MEDIA_URL)).toBe(true);
    expect(isAppUrl('anlauf://app/assets/index-1a2b.js?x=1#y')).toBe(true);
    for (const url of [
      'anlauf://evil/index.html',
      'anlauf://app@evil/index.html',
      'anlauf://user:pw@app/index.html',
      'anlauf://app:8080/index.html',
      'anlauf://app.evil/index.html',
      'https://app/index.html',
      'file:///index.html',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAppOrigin(APP_ORIGIN)).toBe(true);
    expect(isAppOrigin('anlauf://app/')).toBe(true);
    expect(isAppOrigin('anlauf://app/index.html')).toBe(false);
    expect(isAppOrigin(null)).toBe(false);
    expect(isAppOrigin('null')).toBe(false);
  });
});

describe('the app protocol', () => {
  const root = path.resolve('/opt/anlauf/dist/renderer');

  it('maps our URLs to files inside the renderer folder', () => {
    expect(resolveAppFile(root, 'anlauf://app/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'anlauf://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'anlauf://app')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'anlauf://app/assets/index-1a2b.js?v=2#top')).toBe(path.join(root, 'assets', 'index-1a2b.js'));
    expect(resolveAppFile(root, 'anlauf://app/sounds/ring%20tone.ogg')).toBe(path.join(root, 'sounds', 'ring tone.ogg'));
    // Dot segments in the URL itself are clamped at the root by URL parsing, as in a browser.
    expect(resolveAppFile(root, 'anlauf://app/assets/../index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'anlauf://app/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'anlauf://app/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });

  it('rejects every way out of the folder, and URLs that are not ours', () => {
    for (const url of [
      'anlauf://app/..%2f..%2fetc%2fpasswd',
      'anlauf://app/assets/..%2f..%2f..%2fsecret',
      'anlauf://app/%2e%2e%2f',
      'anlauf://app/..%2frenderer-evil/index.html',
      'anlauf://app/%00index.html',
      'anlauf://app/..%5c..%5csecret',
      'anlauf://app/index.html:stream',
      'anlauf://app/%E0%A4%A', // not decodable
      'anlauf://evil/index.html',
      'anlauf://app@evil/index.html',
      'file:///etc/passwd',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });

  it('holds on Windows too: backslashes and drive letters do not escape', () => {
    const winRoot = 'C:\\Program Files\\Anlauf\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppFile(winRoot, 'anlauf://app/assets/a.js', path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    for (const url of [
      'anlauf://app/..%5C..%5Cwindows%5Cwin.ini',
      'anlauf://app/%5C..%5C..%5Csecret',
      'anlauf://app/C:%5CWindows%5Cwin.ini',
      'anlauf://app/..%5Crenderer-evil%5Cindex.html',
    ]) {
      expect(resolveAppFile(winRoot, url, path.win32), url).toBeNull();
    }
  });

  it('sends the strict CSP and a real MIME type with every response', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const headers = responseHeaders(contentTypeFor('/x/index-1a2b.js'));
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(contentTypeFor('index.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('ring.ogg')).toBe('audio/ogg');
    expect(contentTypeFor('data.bin')).toBe('application/octet-stream');
  });
});

describe('IPC sender validation', () => {
  const ok = { senderId: 7, uiId: 7, frameUrl: 'anlauf://app/index.html', isMainFrame: true };

  it('accepts the main frame of the UI window on our origin', () => {
    expect(senderProblem(ok)).toBeNull();
    expect(senderProblem({ ...ok, frameUrl: 'anlauf://app/index.html#/calls' })).toBeNull();
  });

  it('refuses other windows, sub-frames, foreign origins and vanished frames', () => {
    expect(senderProblem({ ...ok, senderId: 8 })).toMatch(/not the UI window/);
    expect(senderProblem({ ...ok, uiId: null })).toMatch(/no UI window/);
    expect(senderProblem({ ...ok, isMainFrame: false })).toMatch(/sub-frame/);
    expect(senderProblem({ ...ok, frameUrl: null })).toMatch(/gone/);
    for (const frameUrl of ['https://evil.example/', 'file:///C:/index.html', 'anlauf://app@evil/', 'about:blank', 'data:text/html,x']) {
      expect(senderProblem({ ...ok, frameUrl }), frameUrl).toMatch(/foreign origin/);
    }
  });
});

describe('permissions', () => {
  const page = { origin: APP_ORIGIN, isMainFrame: true };

  it('grants the microphone (audio only) and HID to our main frame', () => {
    expect(permissionGranted({ ...page, permission: 'media', mediaTypes: ['audio'] })).toBe(true);
    expect(permissionGranted({ ...page, permission: 'media', mediaType: 'audio' })).toBe(true);
    expect(permissionGranted({ ...page, permission: 'hid' })).toBe(true);
    expect(permissionGranted({ ...page, permission: 'speaker-selection' })).toBe(true);
    expect(permissionGranted({ permission: 'speaker-selection', origin: 'https://evil.example', isMainFrame: true })).toBe(false);
    // Electron reports the requesting URL for some requests: its origin is what counts.
    expect(permissionGranted({ permission: 'media', origin: UI_URL, isMainFrame: true, mediaTypes: ['audio'] })).toBe(true);
    expect(permissionGranted({ permission: 'hid', origin: 'anlauf://app/', isMainFrame: undefined })).toBe(true);
  });

  it('never grants video, other permissions, other origins or sub-frames', () => {
    expect(permissionGranted({ ...page, permission: 'media', mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(permissionGranted({ ...page, permission: 'media', mediaTypes: ['video'] })).toBe(false);
    expect(permissionGranted({ ...page, permission: 'media', mediaTypes: [] })).toBe(false);
    expect(permissionGranted({ ...page, permission: 'media', mediaType: 'video' })).toBe(false);
    expect(permissionGranted({ ...page, permission: 'media', mediaType: 'unknown' })).toBe(false);
    expect(permissionGranted({ ...page, permission: 'media' })).toBe(false);
    for (const permission of ['notifications', 'geolocation', 'display-capture', 'clipboard-read', 'openExternal', 'usb', 'serial', 'fullscreen']) {
      expect(permissionGranted({ ...page, permission }), permission).toBe(false);
    }
    expect(permissionGranted({ permission: 'media', origin: 'https://evil.example', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
    expect(permissionGranted({ permission: 'hid', origin: 'file:///', isMainFrame: true })).toBe(false);
    expect(permissionGranted({ permission: 'hid', origin: undefined })).toBe(false);
    expect(permissionGranted({ permission: 'hid', origin: '' })).toBe(false);
    expect(permissionGranted({ ...page, permission: 'media', isMainFrame: false, mediaTypes: ['audio'] })).toBe(false);
  });

  it('grants local network access to our origin, also when Chromium names no frame or window', () => {
    for (const permission of LOCAL_NETWORK_PERMISSIONS) {
      expect(permissionGranted({ ...page, permission }), permission).toBe(true);
      // The network stack asks with no webContents: no frame facts, only the origin.
      expect(permissionGranted({ permission, origin: APP_ORIGIN }), permission).toBe(true);
      expect(permissionGranted({ permission, origin: MEDIA_URL, isMainFrame: undefined }), permission).toBe(true);
      expect(permissionGranted({ permission, origin: 'https://evil.example' }), permission).toBe(false);
      expect(permissionGranted({ permission, origin: null }), permission).toBe(false);
      expect(permissionGranted({ ...page, permission, isMainFrame: false }), permission).toBe(false);
    }
    expect(LOCAL_NETWORK_PERMISSIONS).toEqual(['local-network-access', 'local-network', 'loopback-network']);
    expect(isLocalNetworkPermission('local-network-access')).toBe(true);
    expect(isLocalNetworkPermission('media')).toBe(false);
  });

  it('lets our origin use HID devices, never serial or USB, never others', () => {
    expect(devicePermissionGranted('hid', APP_ORIGIN)).toBe(true);
    expect(devicePermissionGranted('usb', APP_ORIGIN)).toBe(false);
    expect(devicePermissionGranted('serial', APP_ORIGIN)).toBe(false);
    expect(devicePermissionGranted('hid', 'https://evil.example')).toBe(false);
  });
});

describe('navigation and links', () => {
  it('keeps windows on our pages', () => {
    expect(navigationAllowed('anlauf://app/index.html')).toBe(true);
    expect(navigationAllowed('https://example.com/')).toBe(false);
    expect(navigationAllowed('file:///etc/passwd')).toBe(false);
  });

  it('hands only https links to the OS browser', () => {
    expect(externalLinkToOpen('https://example.com/help?q=1')).toBe('https://example.com/help?q=1');
    for (const url of [
      'http://example.com/',
      'file:///C:/Windows/system32/calc.exe',
      'smb://server/share',
      'ms-msdt:/id',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'nonsense',
    ]) {
      expect(externalLinkToOpen(url), url).toBeNull();
    }
  });
});

describe('crashed renderers', () => {
  it('are reloaded, but not when they keep crashing', () => {
    let crashes: number[] = [];
    const at = (now: number) => {
      const decision = crashDecision(crashes, now);
      crashes = decision.crashes;
      return decision.reload;
    };
    expect([at(0), at(1_000), at(2_000), at(3_000)]).toEqual([true, true, true, false]);
    // A minute after the earlier crashes the page gets another chance.
    expect(at(62_500)).toBe(true);
    expect(crashes).toEqual([62_500]);
  });
});

describe('launch options', () => {
  const home = path.resolve('/home/agent/.config/Anlauf');
  const cwd = path.resolve('/work');

  it('takes flags over the environment over the userData default', () => {
    expect(resolveLaunchOptions(['electron', 'main.cjs'], {}, () => home, cwd)).toEqual({ dataDir: home, configFile: undefined });
    expect(resolveLaunchOptions(['electron', 'main.cjs'], { ANLAUF_DATA_DIR: 'env-data', ANLAUF_CONFIG: '/etc/anlauf.json' }, () => home, cwd)).toEqual({
      dataDir: path.join(cwd, 'env-data'),
      configFile: path.resolve('/etc/anlauf.json'),
    });
    expect(
      resolveLaunchOptions(
        ['electron', 'main.cjs', '--no-sandbox', '--data-dir=/srv/d', '--config', 'cfg.json'],
        { ANLAUF_DATA_DIR: 'env-data', ANLAUF_CONFIG: 'env.json' },
        () => home,
        cwd,
      ),
    ).toEqual({ dataDir: path.resolve('/srv/d'), configFile: path.join(cwd, 'cfg.json') });
  });

  it('reads --name=value and --name value, ignoring empty values and other switches', () => {
    expect(readFlag(['--data-dir=a=b'], 'data-dir')).toBe('a=b');
    expect(readFlag(['--data-dir', 'x', '--data-dir=y'], 'data-dir')).toBe('y');
    expect(readFlag(['--data-dir', '--config=c'], 'data-dir')).toBeUndefined();
    expect(readFlag(['--data-dir='], 'data-dir')).toBeUndefined();
    expect(readFlag(['--data-directory=z'], 'data-dir')).toBeUndefined();
  });
});

describe('the page-world API (installAnlaufApi)', () => {
  type Reply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

  function setUp(reply: (command: string, request: unknown) => Reply) {
    const invoked: Array<[string, unknown]> = [];
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const raw = buildApi(
      async (command, request) => {
        invoked.push([command, request]);
        return reply(command, request);
      },
      (event, listener) => {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        const entry = (payload: unknown) => listener(payload);
        set.add(entry);
        return () => set.delete(entry);
      },
    ) as unknown as RawApi;
    // As Electron does: rebuild the function from its source text, so any reference to something
    // outside its body (an import, a helper) fails here instead of in the packaged app.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- rebuilding from source text is the point
    const serialized = new Function(`return (${installAnlaufApi.toString()})`)() as typeof installAnlaufApi;
    const page: { anlauf?: AnlaufApi } = {};
    serialized(raw, page);
    return { api: page.anlauf!, page, invoked, listeners };
  }

  it('resolves with the result and rejects with an Error carrying the code', async () => {
    const { api, invoked } = setUp((command) =>
      command === 'phone:answer' ? { ok: false, error: { code: 'not-found', message: 'There is no call c1.' } } : { ok: true, result: { callId: 'c9' } },
    );
    await expect(api.training.placeCall({})).resolves.toEqual({ callId: 'c9' });
    const error = await api.phone.answer({ callId: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ message: 'There is no call c1.', code: 'not-found', name: 'AnlaufError' });
    expect(invoked).toEqual([
      ['training:placeCall', {}],
      ['phone:answer', { callId: 'c1' }],
    ]);
  });

  it('has every contract command and event, frozen and not replaceable', () => {
    const { api, page } = setUp(() => ({ ok: true, result: null }));
    for (const name of commandNames) {
      const [ns, verb] = name.split(':') as [string, string];
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[ns]![verb], name).toBe('function');
    }
    for (const name of eventNames) {
      expect(typeof (api.on as Record<string, unknown>)[name.slice('event:'.length)], name).toBe('function');
    }
    expect(Object.isFrozen(api) && Object.isFrozen(api.phone) && Object.isFrozen(api.on)).toBe(true);
    expect(() => {
      (page as Record<string, unknown>).anlauf = {};
    }).toThrow();
  });

  it('passes subscriptions through, and each unsubscribe removes exactly its own listener', () => {
    const { api, listeners } = setUp(() => ({ ok: true, result: null }));
    const listener = vi.fn();
    const offFirst = api.on.callLog(listener);
    const offSecond = api.on.callLog(listener);
    const emit = (payload: unknown) => listeners.get('event:callLog')!.forEach((l) => l(payload));
    emit({ id: 'a' });
    expect(listener).toHaveBeenCalledTimes(2);
    offFirst();
    emit({ id: 'b' });
    expect(listener).toHaveBeenCalledTimes(3);
    offSecond();
    emit({ id: 'c' });
    expect(listener).toHaveBeenCalledTimes(3);
    expect(listeners.get('event:callLog')!.size).toBe(0);
  });
});

describe('tel:, sip: and callto: links handed over by the OS', () => {
  it('finds the link among the arguments and keeps it dialable', async () => {
    const { dialLinkFromArgs } = await import('../../src-main/electron/policy');
    expect(dialLinkFromArgs(['/opt/Anlauf/anlauf', '--data-dir=/x', 'tel:+49-40-3012-4477'])).toBe('tel:+49-40-3012-4477');
    expect(dialLinkFromArgs(['anlauf', 'SIP:colleague@example.org'])).toBe('sip:colleague@example.org');
    expect(dialLinkFromArgs(['anlauf', 'callto://+494030124477'])).toBe('+494030124477');
    expect(dialLinkFromArgs(['anlauf', 'tel:%2B49%2040%203012'])).toBe('tel:+49 40 3012');
    expect(dialLinkFromArgs(['anlauf', '--flag', 'https://example.org'])).toBeNull();
    expect(dialLinkFromArgs(['anlauf', 'tel:'])).toBeNull();
  });
});
