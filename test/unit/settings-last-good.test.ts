import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src-main/core/log';
import type { Workstation } from '../../src-main/core/workstation';
import { tempDir } from '../support/temp';
import { makeWorkstation } from '../support/workstation';

const open: Workstation[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.stop();
});

function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  return { lines, log: (level, message, fields) => void lines.push({ level, message, ...(fields ? { fields } : {}) }) };
}

describe('a bad central settings file does not stop the desk', () => {
  it('starts on the last good version after IT pushed a broken one, and tells the log and the agent', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ agent: { name: 'Jo' }, clients: [{ id: 'nord', name: 'Stadtwerke Nord', greeting: 'Hallo', colour: '#112233' }] }, null, 2),
    );
    const first = makeWorkstation({ dataDir, configFile: config });
    open.push(first.ws);
    expect(first.ws.snapshot().settingsFile.notices).toEqual([]);

    // The next push breaks the file: a trailing comma, as a hand edit leaves it.
    fs.writeFileSync(config, '{\n  "agent": { "name": "Jo" },\n  "clients": [],\n}\n');
    const logger = recordingLogger();
    const { ws } = makeWorkstation({ dataDir: path.join(dir, 'data'), configFile: config, logger });
    open.push(ws);
    expect(ws.snapshot().clients).toEqual([{ id: 'nord', name: 'Stadtwerke Nord', colour: '#112233' }]);
    expect(ws.snapshot().settingsFile.notices).toEqual([{ key: 'settings.lastGood', params: { file: 'anlauf.json', errors: 1 } }]);
    const said = logger.lines.filter((l) => l.level === 'error').map((l) => [l.message, l.fields?.line, l.fields?.key]);
    expect(said).toEqual([
      ['the settings file has errors; running on its last good version', undefined, undefined],
      ['settings file: not valid JSON: expected double-quoted property name (column 1); JSON allows no comma before a closing bracket', 4, null],
    ]);
  });

  it('tells the agent when the SIP account is incomplete and the training line answers instead', () => {
    const dir = tempDir();
    const config = path.join(dir, 'anlauf.yaml');
    fs.writeFileSync(config, 'sip:\n  uri: sip:agent7@example.org\n  password: secret-7\n');
    const logger = recordingLogger();
    const { ws } = makeWorkstation({ configFile: config, logger });
    open.push(ws);
    expect(ws.sipLine).toBeNull();
    expect(ws.snapshot().settingsFile.notices).toEqual([{ key: 'settings.sipIncomplete', params: {} }]);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: "settings file: the SIP account has uri but no websocketUrl, so it is not used: the agent's line is the training line",
      fields: { file: config, line: 2, key: 'sip.uri' },
    });
  });
});
