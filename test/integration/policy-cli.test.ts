import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli';
import { projectRoot, tempDir } from '../support/temp';

const fixtures = path.join(projectRoot, 'test', 'fixtures', 'policy');
const SECRET = 'canary-sip-password-4711';
const TOKEN = 'canary-sync-token-0815';
const TURN = 'tu';

/** A desk's policy file, its settings file with secrets, and an agent's own choice. */
function desk() {
  const dir = tempDir();
  const policy = path.join(dir, 'policy.json');
  fs.writeFileSync(policy, JSON.stringify({ ui: { language: 'de' }, sip: { websocketUrl: 'wss://sip.example.org:7443' }, updates: { enabled: false } }));
  fs.chownSync(policy, 0, 0);
  fs.chmodSync(policy, 0o644);
  const config = path.join(dir, 'anlauf.yaml');
  fs.writeFileSync(
    config,
    [
      'sip:',
      '  uri: sip:agent7@example.org',
      '  websocketUrl: wss://ignored.example.org',
      `  password: ${SECRET}`,
      '  iceServers:',
      `    - { urls: "turn:turn.example.org", username: u, credential: ${TURN} }`,
      '  defaultCountry: AT',
      'sync:',
      '  url: https://backend.example.org/anlauf',
      `  token: ${TOKEN}`,
      '',
    ].join('\n'),
  );
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'user-settings.json'), JSON.stringify({ ui: { language: 'en' }, agent: { name: 'Jana' } }));
  return { dir, policy, config, dataDir, env: { ANLAUF_POLICY_FILE: policy, ANLAUF_POLICY_PLATFORM: '', ANLAUF_CONFIG: '' } };
}

describe('anlauf policy show', () => {
  it('lists every effective setting with its source, policy with its file, and masks every secret', async () => {
    const { policy, config, dataDir, env } = desk();
    const result = await runCli(['policy', 'show', '--config', config, '--data-dir', dataDir], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Machine policy: ${policy} (3 settings locked)`);
    expect(lines).toContain("  the agent's own ui.language is kept but has no effect: policy sets it");
    expect(lines).toContain(`ui.language = "de"  [policy: ${policy}]`);
    expect(lines).toContain(`sip.websocketUrl = "wss://sip.example.org:7443"  [policy: ${policy}]`);
    expect(lines).toContain('sip.defaultCountry = "AT"  [file]');
    expect(lines).toContain('agent.name = "Jana"  [agent]');
    expect(lines).toContain('sip.registerExpiresSeconds = 600  [default]');
    expect(lines).toContain('sip.password = "•••"  [file]');
    expect(lines).toContain('sync.token = "•••"  [file]');
    expect(lines).toContain('sip.iceServers = [{"urls":"turn:turn.example.org","username":"u","credential":"•••"}]  [file]');
    for (const secret of [SECRET, TOKEN, `"${TURN}"`]) expect(result.stdout).not.toContain(secret);
  });

  it('says the same as JSON, for scripts', async () => {
    const { policy, config, dataDir, env } = desk();
    const result = await runCli(['policy', 'show', '--json', '--config', config, '--data-dir', dataDir], env);
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout) as {
      policy: { where: string; locked: Record<string, string> };
      settings: { path: string; source: string; from: string | null; value: unknown }[];
    };
    expect(shown.policy.where).toBe(policy);
    expect(shown.policy.locked).toEqual({ 'ui.language': policy, 'sip.websocketUrl': policy, 'updates.enabled': policy });
    expect(shown.settings.find((s) => s.path === 'updates.enabled')).toEqual({ path: 'updates.enabled', source: 'policy', from: policy, value: false });
    expect(shown.settings.find((s) => s.path === 'sip.password')).toMatchObject({ source: 'file', value: '•••' });
    for (const secret of [SECRET, TOKEN, `"${TURN}"`]) expect(result.stdout).not.toContain(secret);
  });

  it('names a policy file it refuses, with what to run', async () => {
    const { policy, config, dataDir, env } = desk();
    fs.chmodSync(policy, 0o666);
    const result = await runCli(['policy', 'show', '--config', config, '--data-dir', dataDir], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `  not used: ${policy}: can be written by every user (mode 0666), so the policy is ignored until you run: chown root:root '${policy}'; chmod 644 '${policy}'`,
    );
    expect(result.stdout).toContain('ui.language = "en"  [agent]');
  });
});

describe('anlauf policy validate', () => {
  const validate = (file: string) => runCli(['policy', 'validate', file], { ANLAUF_DATA_DIR: path.join(tempDir(), 'no-data-dir-needed') });

  // One test per format: each spawns the command, and a loaded machine gives each its own time.
  it.each([
    ['policy.json', 'JSON'],
    ['anlauf-policy.reg', '.reg export'],
    ['de.anlauf.workstation.binary.plist', 'plist'],
    ['de.anlauf.workstation.xml.plist', 'plist'],
  ])('passes a good policy (%s, %s), naming what it locks', async (name, format) => {
    const file = path.join(fixtures, name);
    const result = await validate(file);
    expect(result.stdout.startsWith(`${file}: OK (${format}): `)).toBe(true);
    expect(result.stdout).toMatch(/\d+ settings locked: \S/);
    expect(result.code).toBe(0);
  });

  it('reads saved reg query output, naming the REG_BINARY the recording holds on purpose', async () => {
    const result = await validate(path.join(fixtures, 'reg-query-hklm.txt'));
    expect(result.stdout).toContain('HKLM\\SOFTWARE\\Policies\\Anlauf\\wrapUp: autoDisposition: a REG_BINARY value');
    expect(result.stdout).toContain('1 problem (reg query output): those keys are left out; 7 setting(s) would apply');
    expect(result.code).toBe(1);
  });

  it('names each problem with its place and key, and exits 1', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(file, '{\n  "sip": {\n    "websocketUrl": "sip.example.org",\n    "dtmf": "info"\n  },\n  "updates": { "enabled": "yes" }\n}\n');
    const json = await validate(file);
    expect(json.code).toBe(1);
    expect(json.stdout.split('\n')).toEqual([
      `${file}:3: sip.websocketUrl: a ws:// or wss:// URL (found the text "sip.example.org")`,
      `${file}:6: updates.enabled: true or false (a DWORD 1 or 0) (found the text "yes")`,
      `${file}: 2 problems (JSON): those keys are left out; 1 setting(s) would apply`,
      '',
    ]);
    const reg = await validate(path.join(fixtures, 'anlauf-policy-bad.reg'));
    expect(reg.code).toBe(1);
    expect(reg.stdout).toContain(
      'anlauf-policy-bad.reg:4: HKLM\\SOFTWARE\\Policies\\Anlauf\\sip: websocketUrl: a ws:// or wss:// URL (found the text "http://sip.example.org")',
    );
    expect(reg.stdout).toContain('anlauf-policy-bad.reg:9: HKLM\\SOFTWARE\\Policies\\Anlauf\\audio: ringVolume: at most 100 (found 150)');
  });

  it('refuses a file that does not parse as a whole, and a call without FILE', async () => {
    const file = path.join(tempDir(), 'policy.json');
    fs.writeFileSync(file, "{ 'sip': {} }");
    const broken = await validate(file);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`${file}:1: not valid JSON`);
    expect(broken.stdout).toContain(`${file}: not usable (JSON): nothing in it would apply`);
    const usage = await runCli(['policy', 'validate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('policy validate needs exactly one FILE');
    const help = await runCli(['policy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('policy validate FILE');
  }, 60_000);
});

describe('the browser host (anlauf start --web)', () => {
  it('applies the machine policy at start and logs what it locks', async () => {
    const { policy, dataDir } = desk();
    const host = await startCli(['--web', '--port', '0', '--data-dir', dataDir], { ANLAUF_POLICY_FILE: policy, ANLAUF_POLICY_PLATFORM: '', ANLAUF_CONFIG: '' });
    expect(await host.stop()).toBe(0);
    expect(host.stderr()).toMatch(/machine policy applied.*ui\.language/);
  }, 30_000);
});
