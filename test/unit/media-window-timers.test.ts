import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';

/**
 * The Electron media window is hidden, and on Windows a hidden window's timers are throttled despite
 * `backgroundThrottling: false` (electron/electron#31016). Anlauf keeps the media end's own timers
 * out of the call path instead of showing the window off-screen (docs/electron.md): ICE, DTLS,
 * RTP, DTMF and playout run in Chromium's WebRTC and audio threads, and the bridge's requests arrive
 * as IPC messages, not timers. This lists every timer the media end's code sets, so a new one is a
 * decision, not an accident.
 */
const allowed = [
  // playingWithin (the ringtone's Ringer.start, the pre-shift check's test tone): resolves after
  // 1 s when play() neither starts nor fails; a late timer only delays the "started" reply of a
  // ringtone or a test tone, never a call.
  { file: 'browser-media.ts', code: 'window.setTimeout(() => resolve(true), 1000)' },
];

describe('the media end keeps timers out of the call path', () => {
  it('sets only the timers listed here', () => {
    const dir = path.join(projectRoot, 'src-renderer', 'media');
    const found: { file: string; code: string }[] = [];
    for (const file of fs.readdirSync(dir).filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const match of text.matchAll(/(?:window\.)?(?:setTimeout|setInterval|requestAnimationFrame|requestIdleCallback)\([^;\n]*/g)) {
        found.push({ file, code: match[0] });
      }
    }
    const unlisted = found.filter((timer) => !allowed.some((ok) => ok.file === timer.file && timer.code.startsWith(ok.code)));
    expect(unlisted, 'a timer in the media end: keep it out of the call path and list it here (docs/electron.md)').toEqual([]);
    expect(found).toHaveLength(allowed.length);
  });
});
