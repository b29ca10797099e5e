import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicyFile } from '../../../src-main/core/settings/policy/policy-check';
import { PolicyFiles, policySourceFor, RegistryPolicy } from '../../../src-main/core/settings/policy/policy-sources';
import { formatPolicyProblem, policyLayer } from '../../../src-main/core/settings/policy/policy-values';
import { parsePolicyJson } from '../../../src-main/core/settings/policy/json-policy';
import { systemClock } from '../../../src-main/core/clock';
import { projectRoot, tempDir } from '../../support/temp';

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'policy');
const fixture = (name: string) => path.join(fixtures, name);

/** A copy of a fixture (or text) where a desk would find it: root-owned, mode 644, unless told otherwise. */
function placed(source: string | { text: string }, options: { uid?: number; mode?: number; name?: string } = {}): string {
  const file = path.join(tempDir(), options.name ?? (typeof source === 'string' ? path.basename(source) : 'policy.json'));
  if (typeof source === 'string') fs.copyFileSync(source, file);
  else fs.writeFileSync(file, source.text);
  fs.chownSync(file, options.uid ?? 0, 0);
  fs.chmodSync(file, options.mode ?? 0o644);
  return file;
}

const readJson = (file: string) => new PolicyFiles([file], parsePolicyJson).read();

describe('the Linux policy file (/etc/anlauf/policy.json)', () => {
  it('reads a root-owned file of mode 644 into the settings it sets, each with the file as its source', () => {
    const file = placed(fixture('policy.json'));
    const read = readJson(file);
    expect(read.refused).toEqual([]);
    const layer = policyLayer(read);
    expect(layer.layer).toEqual({
      ui: { language: 'de' },
      sip: { websocketUrl: 'wss://sip.example.org:7443', blockedPrefixes: ['0900', '+88'] },
      updates: { enabled: false, channel: 'beta' },
      audio: { ringVolume: 60 },
    });
    expect(layer.sources['sip.websocketUrl']).toBe(file);
    expect(layer.problems).toEqual([]);
  });

  it('refuses a file not owned by root, and says what to run', () => {
    const file = placed(fixture('policy.json'), { uid: 65534 });
    const read = readJson(file);
    expect(read.entries).toEqual([]);
    expect(read.refused).toHaveLength(1);
    expect(read.refused[0]!.problem).toContain('owned by user id 65534, not root');
    expect(read.refused[0]!.problem).toContain(`chown root:root '${file}'; chmod 644 '${file}'`);
    expect(read.refused[0]!.reason).toEqual({ key: 'policyReason.notRoot', params: { owner: 65534 } });
  });

  it('refuses a file others or its group may write', () => {
    const everyone = readJson(placed(fixture('policy.json'), { mode: 0o666 }));
    expect(everyone.refused[0]!.problem).toContain('can be written by every user (mode 0666)');
    const group = readJson(placed(fixture('policy.json'), { mode: 0o664 }));
    expect(group.refused[0]!.problem).toContain('can be written by its group (mode 0664)');
    expect(group.entries).toEqual([]);
  });

  it('refuses a symbolic link even to a good file, and a folder', () => {
    const good = placed(fixture('policy.json'));
    const link = path.join(tempDir(), 'policy.json');
    fs.symlinkSync(good, link);
    expect(readJson(link).refused[0]!.problem).toMatch(/^is a symbolic link/);
    const dir = path.join(tempDir(), 'policy.json');
    fs.mkdirSync(dir);
    expect(readJson(dir).refused[0]!.problem).toBe('is not a regular file');
  });

  it('has no policy, and nothing to say, when the file is not there', () => {
    expect(readJson(path.join(tempDir(), 'policy.json'))).toEqual({ read: [], entries: [], problems: [], refused: [] });
  });

  it('refuses a file that is not strict JSON as a whole, with its line', () => {
    const read = readJson(placed({ text: '{\n  "sip": { "websocketUrl": "wss://a", },\n}\n' }));
    expect(read.refused[0]).toMatchObject({ line: 2 });
    expect(read.refused[0]!.problem).toContain('JSON allows no comma before a closing bracket');
    expect(readJson(placed({ text: '' })).refused[0]!.problem).toMatch(/^is empty/);
    expect(readJson(placed({ text: '["sip"]' })).refused[0]!.problem).toMatch(/group of settings/);
  });

  it('leaves out a key it may not set or a value the schema refuses, naming file, line and key, and applies the rest', () => {
    const file = placed({
      text: '{\n  "sip": {\n    "websocketUrl": "http://sip.example.org",\n    "password": "secret-value",\n    "dtmf": "info"\n  },\n  "audio": { "ringVolume": 150 },\n  "nonsense": 1\n}\n',
    });
    const layer = policyLayer(readJson(file));
    expect(layer.layer).toEqual({ sip: { dtmf: 'info' } });
    expect(layer.problems.map(formatPolicyProblem)).toEqual([
      `${file}:3: sip.websocketUrl: a ws:// or wss:// URL (found the text "http://sip.example.org")`,
      `${file}:4: sip.password: "sip.password" is a setting machine policy does not set (docs/settings.md, "Machine policy", lists those it does)`,
      `${file}:7: audio.ringVolume: at most 100 (found 150)`,
      `${file}:8: nonsense: unknown setting "nonsense"`,
    ]);
    // A mistyped key is named with the policy key it most likely meant.
    const typo = policyLayer(readJson(placed({ text: '{\n  "sip": { "websocketURL": "wss://sip.example.org" },\n  "updates": { "chanel": "beta" }\n}\n' })));
    expect(typo.problems.map((p) => p.problem)).toEqual([
      'unknown setting "sip.websocketURL" (did you mean "sip.websocketUrl"?)',
      'unknown setting "updates.chanel" (did you mean "updates.channel"?)',
    ]);
    // A secret's value never reaches a problem: policy does not take secrets at all.
    expect(JSON.stringify(layer.problems)).not.toContain('secret-value');
  });

  it('refuses plain http:// to a remote call log backend unless policy allows it too', () => {
    const plain = placed({ text: '{ "sync": { "url": "http://backend.example.org/anlauf" }, "ui": { "language": "de" } }' });
    const refused = policyLayer(readJson(plain));
    expect(refused.layer).toEqual({ sync: {}, ui: { language: 'de' } });
    expect(refused.problems[0]).toMatchObject({ source: plain, line: 1, key: 'sync.url' });
    expect(refused.problems[0]!.problem).toMatch(/^plain http:\/\/ to another computer/);
    const allowed = placed({ text: '{ "sync": { "url": "http://backend.example.org/anlauf", "allowPlainHttp": true } }' });
    expect(policyLayer(readJson(allowed)).layer).toEqual({ sync: { url: 'http://backend.example.org/anlauf', allowPlainHttp: true } });
  });

  it('refuses a colleague directory over plain http:// from another computer unless policy allows it too', () => {
    const plain = placed({ text: '{ "colleagues": { "directoryUrl": "http://intranet.example.org/colleagues.json" } }' });
    const refused = policyLayer(readJson(plain));
    expect(refused.layer).toEqual({ colleagues: {} });
    expect(refused.problems[0]).toMatchObject({ key: 'colleagues.directoryUrl' });
    expect(refused.problems[0]!.problem).toContain('where agents transfer callers');
    const allowed = placed({ text: '{ "colleagues": { "directoryUrl": "http://intranet.example.org/colleagues.json", "allowPlainHttp": true } }' });
    expect(policyLayer(readJson(allowed)).layer).toEqual({ colleagues: { directoryUrl: 'http://intranet.example.org/colleagues.json', allowPlainHttp: true } });
  });
});

describe('macOS managed preferences (plists)', () => {
  const expected = {
    ui: { language: 'en' },
    sip: { websocketUrl: 'wss://sip.example.org:7443', registerExpiresSeconds: 300, blockedPrefixes: ['0900', '+88'] },
    updates: { enabled: false, channel: 'beta' },
    audio: { ringVolume: 60 },
  };

  it('reads the same policy from an XML and a binary plist written by Python plistlib', () => {
    for (const name of ['de.anlauf.workstation.xml.plist', 'de.anlauf.workstation.binary.plist']) {
      const file = placed(fixture(name), { name: 'de.anlauf.workstation.plist' });
      const source = policySourceFor({ ANLAUF_POLICY_FILE: file, ANLAUF_POLICY_PLATFORM: 'darwin' }, 'linux', systemClock);
      const read = source.read();
      expect(read.refused).toEqual([]);
      const layer = policyLayer(read);
      expect(layer.layer).toEqual(expected);
      expect(layer.problems).toEqual([]);
    }
  });

  it('names each wrong key of a binary plist and applies the rest', () => {
    const check = checkPolicyFile(fixture('de.anlauf.workstation.bad.plist'));
    expect(check.format).toBe('plist');
    expect(check.layer?.layer).toEqual({ sip: { dtmf: 'info' } });
    expect(check.problems.map((p) => `${p.key}: ${p.problem}`)).toEqual([
      // plistlib writes a dictionary's keys sorted.
      'crm.searchUrl: "crm.searchUrl" is a setting machine policy does not set (docs/settings.md, "Machine policy", lists those it does)',
      'shiftCheck.headsetRequired: true or false (a DWORD 1 or 0) (found the text "yes")',
      'sip.websocketUrl: a ws:// or wss:// URL (found the text "sip.example.org")',
    ]);
  });

  it('refuses a plist that does not parse, and one not owned by root', () => {
    const broken = placed({ text: '<?xml version="1.0"?>\n<plist><dict><key>sip</key></plist>' }, { name: 'x.plist' });
    const source = (file: string) => policySourceFor({ ANLAUF_POLICY_FILE: file, ANLAUF_POLICY_PLATFORM: 'darwin' }, 'linux', systemClock);
    expect(source(broken).read().refused[0]!.problem).toMatch(/^not a readable property list/);
    const foreign = placed(fixture('de.anlauf.workstation.binary.plist'), { uid: 501 });
    expect(source(foreign).read().refused[0]!.reason).toEqual({ key: 'policyReason.notRoot', params: { owner: 501 } });
  });
});

describe('the Windows registry (HKLM / HKCU\\SOFTWARE\\Policies\\Anlauf)', () => {
  it('reads a regedit export (UTF-16 LE, REG_SZ, REG_DWORD, REG_MULTI_SZ), HKLM winning per key over HKCU', () => {
    const check = checkPolicyFile(fixture('anlauf-policy.reg'));
    expect(check.format).toBe('.reg export');
    expect(check.problems).toEqual([]);
    expect(check.layer?.layer).toEqual({
      sip: { websocketUrl: 'wss://sip.example.org:7443', registerExpiresSeconds: 300, blockedPrefixes: ['0900', '+88', '0137'], dtmf: 'info' },
      updates: { enabled: false, url: 'https://updates.example.org/anlauf/', checkHours: 12 },
      shiftCheck: { headsetRequired: true, mode: 'required' },
      ui: { language: 'de' },
    });
    expect(check.layer?.sources['sip.websocketUrl']).toBe('HKLM\\SOFTWARE\\Policies\\Anlauf\\sip');
    expect(check.layer?.sources['sip.dtmf']).toBe('HKCU\\SOFTWARE\\Policies\\Anlauf\\sip');
  });

  it('names each wrong value of an export by its key and value name, in the order of its lines, and applies the rest', () => {
    const check = checkPolicyFile(fixture('anlauf-policy-bad.reg'));
    expect(check.layer?.layer).toEqual({ sip: { dtmf: 'rfc4733' } });
    expect(check.problems.map(formatPolicyProblem)).toEqual([
      'HKLM\\SOFTWARE\\Policies\\Anlauf\\sip:4: websocketUrl: a ws:// or wss:// URL (found the text "http://sip.example.org")',
      'HKLM\\SOFTWARE\\Policies\\Anlauf\\sip:5: password: "sip.password" is a setting machine policy does not set (docs/settings.md, "Machine policy", lists those it does)',
      'HKLM\\SOFTWARE\\Policies\\Anlauf\\audio:9: ringVolume: at most 100 (found 150)',
      'HKLM\\SOFTWARE\\Policies\\Anlauf\\updates:12: enabled: true or false (a DWORD 1 or 0) (found 2)',
      'HKLM\\SOFTWARE\\Policies\\Anlauf\\updates:13: channel: a REG_BINARY value; policy takes REG_SZ, REG_DWORD or REG_MULTI_SZ',
      'HKLM\\SOFTWARE\\Policies\\Other:16: x: outside HKLM or HKCU\\SOFTWARE\\Policies\\Anlauf; ignored',
    ]);
  });

  it("reads `reg query /s` output through the registry adapter's port, HKCU absent", () => {
    const recorded = fs.readFileSync(fixture('reg-query-hklm.txt'), 'utf8');
    const asked: string[] = [];
    const source = new RegistryPolicy(systemClock, (key) => {
      asked.push(key);
      return key.startsWith('HKLM') ? recorded : null;
    });
    const read = source.read();
    expect(asked).toEqual(['HKLM\\SOFTWARE\\Policies\\Anlauf', 'HKCU\\SOFTWARE\\Policies\\Anlauf']);
    expect(read.read).toEqual(['HKLM\\SOFTWARE\\Policies\\Anlauf']);
    const layer = policyLayer(read);
    expect(layer.layer).toEqual({
      sip: { websocketUrl: 'wss://sip.example.org:7443', registerExpiresSeconds: 300, blockedPrefixes: ['0900', '+88', '0137'] },
      updates: { enabled: false, url: 'https://updates.example.org/anlauf/', pinVersion: '1.4' },
      wrapUp: { autoSeconds: 30 },
    });
    expect(read.problems.map(formatPolicyProblem)).toEqual([
      'HKLM\\SOFTWARE\\Policies\\Anlauf\\wrapUp: autoDisposition: a REG_BINARY value; policy takes REG_SZ, REG_DWORD or REG_MULTI_SZ',
    ]);
  });

  it('takes a list written as a JSON text in a REG_SZ, and registry names in any case', () => {
    const text = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Anlauf\\SIP\r\n    BlockedPrefixes    REG_SZ    ["0900","+88"]\r\n\r\n';
    const layer = policyLayer(new RegistryPolicy(systemClock, (key) => (key.startsWith('HKLM') ? text : null)).read());
    expect(layer.layer).toEqual({ sip: { blockedPrefixes: ['0900', '+88'] } });
  });
});
