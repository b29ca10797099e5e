import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../../src-main/api/dispatcher';
import { systemClock } from '../../../src-main/core/clock';
import type { Logger } from '../../../src-main/core/log';
import { policySourceFor } from '../../../src-main/core/settings/policy/policy-sources';
import { POLICY_LAST_GOOD_FILE } from '../../../src-main/core/settings/policy/policy-state';
import { SettingsService, USER_SETTINGS_FILE } from '../../../src-main/core/settings/settings-service';
import { ManualClock } from '../../support/manual-clock';
import { tempDir } from '../../support/temp';
import { flush, makeWorkstation } from '../../support/workstation';

/** A policy file where a desk reads it: root-owned, mode 644 (the tests run as root). */
function writePolicy(file: string, policy: unknown, mode = 0o644): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2));
  fs.chownSync(tmp, 0, 0);
  fs.chmodSync(tmp, mode);
  // As an admin's tool does it: the whole file at once.
  fs.renameSync(tmp, file);
}

function desk(policy?: unknown) {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const policyFile = path.join(dir, 'policy.json');
  if (policy !== undefined) writePolicy(policyFile, policy);
  const config = path.join(dir, 'anlauf.yaml');
  fs.writeFileSync(config, 'ui:\n  language: en\naudio:\n  ringVolume: 40\nsip:\n  defaultCountry: AT\n  dtmf: info\n');
  const source = () => policySourceFor({ ANLAUF_POLICY_FILE: policyFile }, 'linux', systemClock);
  return { dir, dataDir, policyFile, config, source };
}

const sourceOf = (service: SettingsService, setting: string) => service.origins().settings.find((o) => o.path === setting);

describe('precedence: policy > settings file > the agent > defaults', () => {
  it('takes each setting from the strongest layer that has it, and says which', () => {
    const { dataDir, policyFile, config, source } = desk({ audio: { ringVolume: 70 }, sip: { dtmf: 'rfc4733' } });
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, USER_SETTINGS_FILE), JSON.stringify({ ui: { language: 'de' }, agent: { name: 'Jana' } }));
    const service = new SettingsService({ configFile: config, dataDir, policy: source() });
    const settings = service.get();
    expect(settings.audio.ringVolume).toBe(70); // policy over the file's 40
    expect(settings.sip.dtmf).toBe('rfc4733'); // policy over the file's info
    expect(settings.ui.language).toBe('de'); // the agent over the file
    expect(settings.sip.defaultCountry).toBe('AT'); // the file over the default
    expect(settings.sip.registerExpiresSeconds).toBe(600); // the default
    expect(sourceOf(service, 'audio.ringVolume')).toEqual({ path: 'audio.ringVolume', source: 'policy', from: policyFile });
    expect(sourceOf(service, 'ui.language')).toEqual({ path: 'ui.language', source: 'agent', from: path.join(dataDir, USER_SETTINGS_FILE) });
    expect(sourceOf(service, 'sip.defaultCountry')).toEqual({ path: 'sip.defaultCountry', source: 'file', from: config });
    expect(sourceOf(service, 'sip.registerExpiresSeconds')).toEqual({ path: 'sip.registerExpiresSeconds', source: 'default', from: null });
    expect(service.policyView()).toEqual({ locked: ['audio.ringVolume', 'sip.dtmf'], notices: [] });
  });

  it("wins over the agent's earlier choice, which stays in the preferences and is back when policy lets go", () => {
    const { dataDir, policyFile, config, source } = desk();
    const service = new SettingsService({ configFile: config, dataDir, policy: source() });
    service.update({ ui: { language: 'de' } });
    writePolicy(policyFile, { ui: { language: 'en' } });
    expect(service.reloadPolicy()).toBe(true);
    expect(service.get().ui.language).toBe('en');
    expect(service.origins().agentOverridden).toEqual(['ui.language']);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, USER_SETTINGS_FILE), 'utf8'))).toEqual({ ui: { language: 'de' } });
    fs.rmSync(policyFile);
    expect(service.reloadPolicy()).toBe(true);
    expect(service.get().ui.language).toBe('de');
    expect(service.policyView()).toEqual({ locked: [], notices: [] });
  });
});

describe('a locked setting', () => {
  it("is refused through the Dispatcher, in the agent's words, and nothing changes", async () => {
    const { dataDir, config, source } = desk({ ui: { language: 'en' } });
    const { ws } = makeWorkstation({ dataDir, configFile: config, policy: source() });
    try {
      const api = new Dispatcher(ws);
      const answer = await api.handle('settings:update', { ui: { language: 'de' } });
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'conflict',
          message: 'This setting (ui.language) is set by your IT department and cannot be changed here.',
          said: { key: 'settings.lockedByPolicy', params: { setting: 'ui.language' } },
        },
      });
      expect(ws.settings.get().ui.language).toBe('en');
      expect(fs.existsSync(path.join(dataDir, USER_SETTINGS_FILE))).toBe(false);
      // What policy leaves alone, the agent still changes.
      const allowed = await api.handle('settings:update', { agent: { name: 'Jana' } });
      expect(allowed.ok).toBe(true);
      expect(ws.snapshot().policy).toEqual({ locked: ['ui.language'], notices: [] });
    } finally {
      await ws.stop();
    }
  });
});

describe('a policy that changes while the desk runs', () => {
  it('is read again when the file changes: the new value applies and shows locked at once', async () => {
    const { dataDir, policyFile, source } = desk({ audio: { ringVolume: 70 } });
    const { ws } = makeWorkstation({ dataDir, policy: source(), clock: new ManualClock() });
    await ws.start();
    try {
      expect(ws.snapshot().policy.locked).toEqual(['audio.ringVolume']);
      writePolicy(policyFile, { audio: { ringVolume: 70 }, ui: { language: 'de' } });
      await until(() => ws.snapshot().policy.locked.includes('ui.language'));
      expect(ws.settings.get().ui.language).toBe('de');
      expect(ws.snapshot().settings.ui.language).toBe('de');
    } finally {
      await ws.stop();
    }
  });

  it('keeps its last good version when it turns bad (broken JSON, then lost root ownership), says so, and lets go when removed', async () => {
    const { dataDir, policyFile, source } = desk({ ui: { language: 'de' } });
    const lines: string[] = [];
    const logger: Logger = { log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
    const { ws } = makeWorkstation({ dataDir, policy: source(), logger });
    await ws.start();
    try {
      expect(fs.statSync(path.join(dataDir, POLICY_LAST_GOOD_FILE)).mode & 0o777).toBe(0o600);
      writePolicy(policyFile, '{ "ui": { "language": "en", } }');
      await until(() => ws.snapshot().policy.notices.length > 0);
      expect(ws.settings.get().ui.language).toBe('de');
      expect(ws.snapshot().policy).toEqual({
        locked: ['ui.language'],
        notices: [
          {
            key: 'policy.lastGood',
            params: {
              source: policyFile,
              reason: { key: 'policyReason.invalid', params: { detail: expect.stringContaining('line 1: not valid JSON') as string } },
            },
          },
        ],
      });
      expect(lines.some((l) => l.startsWith('error the machine policy cannot be used; running on its last good version'))).toBe(true);

      writePolicy(policyFile, { ui: { language: 'en' } });
      fs.chownSync(policyFile, 65534, 65534);
      // The content of a file an agent could have written is not even looked at.
      await until(() => JSON.stringify(ws.snapshot().policy.notices).includes('policyReason.notRoot'));
      expect(ws.settings.get().ui.language).toBe('de');

      fs.rmSync(policyFile);
      await until(() => ws.snapshot().policy.locked.length === 0);
      expect(ws.snapshot().policy.notices).toEqual([]);
      expect(fs.existsSync(path.join(dataDir, POLICY_LAST_GOOD_FILE))).toBe(false);
    } finally {
      await ws.stop();
    }
  });

  it('starts on the last good policy when the file is already broken at start, and runs without one on a first start', () => {
    const { dataDir, policyFile, source } = desk({ audio: { ringVolume: 30 } });
    expect(new SettingsService({ dataDir, policy: source() }).get().audio.ringVolume).toBe(30);
    writePolicy(policyFile, { audio: { ringVolume: 30 } }, 0o666);
    const again = new SettingsService({ dataDir, policy: source() });
    expect(again.get().audio.ringVolume).toBe(30);
    expect(again.policyView().notices[0]).toMatchObject({
      key: 'policy.lastGood',
      params: { reason: { key: 'policyReason.writable', params: { mode: '0666' } } },
    });
    const fresh = new SettingsService({ dataDir: tempDir(), policy: source() });
    expect(fresh.get().audio.ringVolume).toBe(80);
    expect(fresh.policyView()).toEqual({ locked: [], notices: [expect.objectContaining({ key: 'policy.refused' })] });
  });

  it('applies the good keys of a policy with a wrong one, and tells the agent which were left out', () => {
    const { dataDir, source } = desk({ audio: { ringVolume: 300 }, ui: { language: 'de' } });
    const service = new SettingsService({ dataDir, policy: source() });
    expect(service.get().ui.language).toBe('de');
    expect(service.get().audio.ringVolume).toBe(80);
    expect(service.policyView()).toEqual({
      locked: ['ui.language'],
      notices: [{ key: 'policy.ignored', params: { count: 1, keys: 'policy.json: audio.ringVolume' } }],
    });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the policy to be read again');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await flush();
  }
}
