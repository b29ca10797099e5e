import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src-main/core/files/located-parse';
import { ManualClock } from '../support/manual-clock';
import { LAST_GOOD_FILE } from '../../src-main/core/settings/last-good';
import { SettingsService } from '../../src-main/core/settings/settings-service';
import { loadScenario, loadTrainingScenario } from '../../src-main/core/training/scenario';
import { tempDir } from '../support/temp';

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('settings', () => {
  it('has defaults without any file', () => {
    const settings = new SettingsService({ dataDir: tempDir() });
    expect(settings.get()).toMatchObject({
      ui: { language: 'auto' },
      training: { scenarioFile: null, autoStart: false, ringTimeoutSeconds: 45 },
      sip: { websocketUrl: null, uri: null, password: null, rejectCode: 486, dtmf: 'rfc4733', headers: { client: 'X-Client' } },
    });
  });

  it("layers defaults < settings file < the agent's changes, and keeps the changes across restarts", () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = write(dir, 'anlauf.json', JSON.stringify({ ui: { language: 'en' }, training: { ringTimeoutSeconds: 20, scenarioFile: 'drills/a.yaml' } }));
    const first = new SettingsService({ configFile: config, dataDir });
    expect(first.get().ui.language).toBe('en');
    expect(first.get().training.ringTimeoutSeconds).toBe(20);
    expect(first.get().training.scenarioFile).toBe(path.join(dir, 'drills', 'a.yaml'));

    const seen: string[] = [];
    first.onDidChange((s) => seen.push(s.ui.language));
    first.update({ ui: { language: 'de' } });
    expect(seen).toEqual(['de']);

    const again = new SettingsService({ configFile: config, dataDir });
    expect(again.get().ui.language).toBe('de');
    expect(again.get().training.ringTimeoutSeconds).toBe(20);
  });

  it('names the line and field of a mistake in a settings file', () => {
    const dir = tempDir();
    const config = write(dir, 'anlauf.yaml', ['ui:', '  language: de', 'training:', '  autoStart: true', '  ringTimeoutSeconds: 2', ''].join('\n'));
    expect(() => new SettingsService({ configFile: config, dataDir: dir })).toThrow(InputFileError);
    try {
      new SettingsService({ configFile: config, dataDir: dir });
    } catch (error) {
      const e = error as InputFileError;
      expect(e.line).toBe(5);
      expect(e.field).toBe('training.ringTimeoutSeconds');
      expect(e.message).toMatch(/^.*anlauf\.yaml:5: training\.ringTimeoutSeconds: /);
    }
  });

  it('lists every mistake of a settings file at once, each with its line and field, in plain words', () => {
    const dir = tempDir();
    const config = write(
      dir,
      'anlauf.json',
      [
        '{',
        '  "sip": {',
        '    "displayName": 7,',
        '    "iceServers": {},',
        '    "keepAliveSeconds": "5",',
        '    "iceGraceSeconds": 0.5,',
        '    "callRecoverySeconds": 5000,',
        '    "keepAlive": 2',
        '  },',
        '  "ui": { "language": "fr" }',
        '}',
        '',
      ].join('\n'),
    );
    let message = '';
    try {
      new SettingsService({ configFile: config, dataDir: dir });
    } catch (error) {
      message = (error as InputFileError).message;
    }
    const lines = message.split('\n').map((line) => line.replace(/^.*anlauf\.json:/, ''));
    expect(lines).toEqual(
      expect.arrayContaining([
        '3: sip.displayName: a text in quotes (found 7)',
        '4: sip.iceServers: a list in [ ] (found a group of settings)',
        '5: sip.keepAliveSeconds: a number, written without quotes (found the text "5")',
        '6: sip.iceGraceSeconds: a whole number, written without quotes (found 0.5)',
        '7: sip.callRecoverySeconds: at most 600 (found 5000)',
        '8: sip.keepAlive: unknown setting "keepAlive"',
        '10: ui.language: one of "auto", "de", "en" (found the text "fr")',
      ]),
    );
    expect(lines).toHaveLength(7);
    expect(message).not.toMatch(/Invalid input|expected number|received/);
  });

  it('reports an unknown key with its line, and JSON syntax errors with theirs', () => {
    const dir = tempDir();
    const unknown = write(dir, 'a.json', '{\n  "ui": {\n    "langauge": "de"\n  }\n}\n');
    expect(() => new SettingsService({ configFile: unknown, dataDir: dir })).toThrow(
      /a\.json:3: ui\.langauge: unknown setting "langauge" \(did you mean "language"\?\)/,
    );
    const broken = write(dir, 'b.json', '{\n  "ui": {\n    "language": "de",,\n  }\n}\n');
    expect(() => new SettingsService({ configFile: broken, dataDir: dir })).toThrow(/b\.json:3: /);
    expect(() => new SettingsService({ configFile: path.join(dir, 'missing.json'), dataDir: dir })).toThrow(/missing\.json: cannot be read \(ENOENT\)/);
  });

  it("keeps running on the last good settings file when IT's file turns bad, and refuses only a first start without one", () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const config = write(dir, 'anlauf.yaml', 'agent:\n  name: Jo\ntraining:\n  ringTimeoutSeconds: 20\n');
    const good = new SettingsService({ configFile: config, dataDir, clock: new ManualClock(1_000) });
    expect(good.fileStatus).toEqual({ file: config, warnings: [], empty: false, lastGood: null });

    // IT pushes a broken version: the desk starts on what it had, and says why.
    fs.writeFileSync(config, 'agent:\n  name: Jo\ntraining:\n  ringTimeoutSeconds: soon\n  autoStart: maybe\n');
    const fallback = new SettingsService({ configFile: config, dataDir, clock: new ManualClock(2_000) });
    expect(fallback.get().training.ringTimeoutSeconds).toBe(20);
    expect(fallback.get().agent.name).toBe('Jo');
    expect(fallback.fileStatus?.lastGood).toEqual({
      savedAt: 1_000,
      errors: [
        { line: 4, field: 'training.ringTimeoutSeconds', problem: 'a number, written without quotes (found the text "soon")' },
        { line: 5, field: 'training.autoStart', problem: 'true or false, written without quotes (found the text "maybe")' },
      ],
    });

    // Fixed again: the new version is used and becomes the last good one.
    fs.writeFileSync(config, 'training:\n  ringTimeoutSeconds: 30\n');
    const fixed = new SettingsService({ configFile: config, dataDir, clock: new ManualClock(3_000) });
    expect(fixed.get().training.ringTimeoutSeconds).toBe(30);
    expect(fixed.fileStatus?.lastGood).toBeNull();
    fs.writeFileSync(config, '{');
    expect(new SettingsService({ configFile: config, dataDir }).get().training.ringTimeoutSeconds).toBe(30);
    // An empty file is a copy that failed more often than IT's wish for defaults.
    fs.writeFileSync(config, '');
    const empty = new SettingsService({ configFile: config, dataDir });
    expect(empty.get().training.ringTimeoutSeconds).toBe(30);
    expect(empty.fileStatus?.lastGood?.errors).toEqual([{ line: null, field: null, problem: 'the file is empty: every setting has its default' }]);

    // The copy holds secrets as the file does: the owner's alone.
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dataDir, LAST_GOOD_FILE)).mode & 0o077).toBe(0);
    // Another desk (data folder) that never read a good version refuses, with every problem.
    fs.writeFileSync(config, '{');
    expect(() => new SettingsService({ configFile: config, dataDir: path.join(dir, 'other') })).toThrow(InputFileError);
  });

  it('refuses a change the agent may not make, and changes nothing', () => {
    const dataDir = tempDir();
    const settings = new SettingsService({ dataDir });
    expect(() => settings.update({ ui: { language: 'fr' } } as never)).toThrow();
    expect(() => settings.update({ training: { autoStart: true } } as never)).toThrow();
    expect(settings.get().ui.language).toBe('auto');
    expect(fs.existsSync(path.join(dataDir, 'user-settings.json'))).toBe(false);
  });

  it('sets a damaged preferences file aside instead of failing or deleting it', () => {
    const dataDir = tempDir();
    write(dataDir, 'user-settings.json', '{ not json');
    const settings = new SettingsService({ dataDir });
    expect(settings.get().ui.language).toBe('auto');
    expect(fs.readdirSync(dataDir).some((name) => name.startsWith('user-settings.json.unreadable-'))).toBe(true);
  });
});

describe('training scenarios', () => {
  it('loads the built-in scenario', () => {
    const scenario = loadScenario(path.resolve(__dirname, '../../resources/training/default-scenario.yaml'));
    expect(scenario.calls.length).toBeGreaterThanOrEqual(3);
    expect(scenario.calls[0]).toMatchObject({ caller: '+49 40 3012 4477', delaySeconds: 2, ivr: { client: 'Stadtwerke Nord' } });
  });

  it('names the line and field of a bad call in a scenario file', () => {
    const dir = tempDir();
    const file = write(dir, 'drill.yaml', ['name: Drill', 'calls:', '  - caller: "+49 1"', '  - caller: "+49 2"', '    delaySeconds: soon', ''].join('\n'));
    expect(() => loadScenario(file)).toThrow(/drill\.yaml:5: calls\[1\]\.delaySeconds: /);
    const missing = write(dir, 'missing.yaml', ['name: Drill', 'calls:', '  - callerName: Erika', ''].join('\n'));
    expect(() => loadScenario(missing)).toThrow(/missing\.yaml:3: calls\[0\]\.caller: /);
  });

  it("takes the settings' scenario file, else the built-in one from the resources folder", () => {
    const resources = path.resolve(__dirname, '../../resources');
    expect(loadTrainingScenario(null, resources).calls[0]).toMatchObject({ caller: '+49 40 3012 4477' });
    const file = write(tempDir(), 'drill.yaml', ['name: Drill', 'calls:', '  - caller: "+49 30 1"', ''].join('\n'));
    expect(loadTrainingScenario(file, resources)).toMatchObject({ name: 'Drill', calls: [{ caller: '+49 30 1' }] });
  });
});

describe('what renderers see of the settings', () => {
  it('never carries the SIP password, only whether one is set', async () => {
    const { settingsView } = await import('../../src-main/contract');
    const dir = tempDir();
    const config = write(
      dir,
      'anlauf.json',
      JSON.stringify({ sip: { websocketUrl: 'wss://sip.example.org', uri: 'sip:a@example.org', password: 's3cret-value' } }),
    );
    const view = settingsView(new SettingsService({ configFile: config, dataDir: dir }).get());
    expect(JSON.stringify(view)).not.toContain('s3cret-value');
    expect(view.sip).toMatchObject({ passwordSet: true, uri: 'sip:a@example.org' });
    expect('password' in view.sip).toBe(false);
  });
});
