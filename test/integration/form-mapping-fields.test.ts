import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import { systemClock } from '../../src-main/core/clock';
import type { Logger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { wordMessage } from '../../src-main/shared/messages';
import { projectRoot, resourcesDir, tempDir } from '../support/temp';

/**
 * A form endpoint's mapping (IT's settings file) naming a field the form does not have: no start
 * can know it before the forms are loaded from the script folder, so the desk checks once they
 * are, and tells IT (the log) and the agent who passes it on (the settings file notice) where.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const faultReport = fs.readFileSync(path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml'), 'utf8');

/** IT's settings file with a form endpoint whose fault-report mapping sends `{meterNumber}`, which the shipped form lacks. */
function settingsFile(dir: string, folder: string): { file: string; line: number } {
  const file = path.join(dir, 'anlauf.yaml');
  const text = [
    'agent: { name: Jana }',
    `scripts: { folder: ${JSON.stringify(folder)} }`,
    'clients:',
    '  - id: stadtwerke-nord',
    '    name: Stadtwerke Nord',
    '    greeting: Stadtwerke Nord, mein Name ist {agent}.',
    "    colour: '#004488'",
    '    forms:',
    '      url: https://crm.example/api/forms/{form}',
    '      mapping:',
    '        fault-report:',
    "          problem: '{what}'",
    "          meter: '{meterNumber}'",
  ];
  fs.writeFileSync(file, text.join('\n') + '\n');
  return { file, line: text.findIndex((l) => l.includes('{meterNumber}')) + 1 };
}

describe("a form endpoint's mapping against the forms the desk loads", () => {
  it('names the mapped field the form lacks, with its line, in the log and the notice for IT; gone once the form has it', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'scripts');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'fault-report.yaml'), faultReport);
    const { file, line } = settingsFile(dir, folder);
    const logs: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const logger: Logger = { log: (level, message, fields) => logs.push({ level, message, ...(fields ? { fields } : {}) }) };
    const ws = new Workstation({
      dataDir: path.join(dir, 'data'),
      configFile: file,
      host: 'web',
      appVersion: 'test',
      resourcesDir,
      logger,
      clock: systemClock,
    });
    cleanups.push(() => ws.stop());
    await ws.start();

    const key = 'clients[0].forms.mapping.fault-report.meter';
    const warned = logs.filter((l) => l.message.includes('{meterNumber}'));
    expect(warned).toEqual([
      {
        level: 'warn',
        message: expect.stringContaining('settings file: {meterNumber} is not a field of the form fault-report (its fields: what,') as unknown,
        fields: { file, line, key },
      },
    ]);
    const notices = ws.snapshot().settingsFile.notices;
    expect(notices.map((n) => wordMessage('en', n))).toEqual([
      `The settings file anlauf.yaml from your IT department sends 1 value(s) from form fields that do not exist (${key} (line ${line})), so the client's system receives them empty. Please tell your IT department.`,
    ]);

    // The trainer adds the field to the form: the notice goes.
    const api = new Dispatcher(ws);
    const result = await api.handle('scripts:load', {
      fileName: 'fault-report.yaml',
      content: faultReport.replace(
        /(\n {6}- id: notes\n)/,
        '\n      - id: meterNumber\n        label: { de: Zählernummer, en: Meter number }\n        type: text$1',
      ),
    });
    expect(result).toMatchObject({ ok: true, result: { ok: true } });
    expect(ws.snapshot().settingsFile.notices).toEqual([]);
    // Logged once, not at every load.
    expect(logs.filter((l) => l.message.includes('{meterNumber}'))).toHaveLength(1);
  });
});
