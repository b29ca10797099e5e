import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRootFor, debugSwitches, packagedStartRefusal } from '../../src-main/electron/policy';

const builtIn = path.resolve('/opt/Anlauf/resources/app.asar');
const elsewhere = path.resolve('/home/agent/Downloads/not-anlauf');

describe('where the packaged app takes its pages and resources from', () => {
  it('is app.asar, whatever ANLAUF_APP_ROOT says', () => {
    // A folder given here would be served as anlauf://app, with the full API and the microphone.
    expect(appRootFor({ isPackaged: true, envRoot: elsewhere, builtIn })).toBe(builtIn);
    expect(appRootFor({ isPackaged: true, envRoot: undefined, builtIn })).toBe(builtIn);
  });

  it('is ANLAUF_APP_ROOT in a development run, for layouts other than the project', () => {
    expect(appRootFor({ isPackaged: false, envRoot: elsewhere, builtIn })).toBe(elsewhere);
    expect(appRootFor({ isPackaged: false, envRoot: '', builtIn })).toBe(builtIn);
    expect(appRootFor({ isPackaged: false, envRoot: undefined, builtIn })).toBe(builtIn);
  });
});

describe('debugging switches', () => {
  const exe = '/opt/Anlauf/anlauf';

  it('are found in every spelling Chromium or Node takes', () => {
    const given = [
      '--remote-debugging-port=9222',
      '--remote-debugging-port',
      '--remote-debugging-pipe',
      '--remote-debugging-address=0.0.0.0',
      '--remote-allow-origins=*',
      '--inspect',
      '--inspect=0.0.0.0:9229',
      '--inspect-brk',
      '--inspect-brk=9229',
      '--inspect_brk=9229', // Node reads underscores as dashes
      '--inspect-port=9229',
      '--inspect-wait',
      '--debug=5858',
      '--debug-brk',
      '--js-flags=--allow-natives-syntax',
      '-remote-debugging-port=9222', // Chromium takes one dash too
      '--REMOTE-DEBUGGING-PORT=9222',
      // switches that turn a protection off
      '--no-sandbox',
      '--disable-web-security',
      '--ignore-certificate-errors',
      '--load-extension=/tmp/x',
      '--disable-site-isolation-trials',
    ];
    for (const arg of given) expect(debugSwitches([exe, arg], 'linux'), arg).toEqual([arg]);
    // Windows: Chromium also takes switches after a slash.
    expect(debugSwitches(['C:\\Program Files\\Anlauf\\Anlauf.exe', '/remote-debugging-port=9222'], 'win32')).toEqual(['/remote-debugging-port=9222']);
  });

  it("are not confused with the app's own arguments, links or files", () => {
    const ordinary = [
      exe,
      '--data-dir=/srv/anlauf',
      '--config',
      '/etc/anlauf.json',
      'tel:+494030124477',
      'sip:inspect@example.org',
      '--inspector-notes',
      '/remote-debugging-port=9222',
      '--sandbox-notes',
    ];
    expect(debugSwitches(ordinary, 'linux')).toEqual([]);
    // The binary's own path is never a switch, even where it starts with a slash.
    expect(debugSwitches(['/inspect', '--config=a.json'], 'win32')).toEqual([]);
  });

  it('keep the packaged app from starting, with a message saying why; a development run may use them', () => {
    const argv = [exe, '--data-dir=/srv/anlauf', '--remote-debugging-port=9222', '--js-flags=--expose-gc'];
    const refusal = packagedStartRefusal({ isPackaged: true, argv, platform: 'linux' });
    expect(refusal).toContain('--remote-debugging-port=9222, --js-flags=--expose-gc');
    expect(refusal).toContain('read and control');
    expect(packagedStartRefusal({ isPackaged: false, argv, platform: 'linux' })).toBeNull();
    expect(packagedStartRefusal({ isPackaged: true, argv: [exe, '--data-dir=/srv/anlauf', 'tel:110'], platform: 'linux' })).toBeNull();
  });
});
