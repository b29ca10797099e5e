import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { tempDir } from '../support/temp';

/** Runs in the file's folder, so the lines name the file as the admin typed it. */
function validate(dir: string, file: string) {
  return runCli(['settings', 'validate', file], { ANLAUF_DATA_DIR: path.join(dir, 'no-data-dir-needed') });
}

describe('anlauf settings validate', () => {
  it('lists every problem of a settings file on its own line, warnings too, and exits 1', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'anlauf.yaml');
    fs.writeFileSync(
      file,
      [
        'sip:',
        '  uri: sip:agent7@example.org',
        '  keepAliveSeconds: "5"',
        'sync:',
        '  url: http://backend.example.org/anlauf',
        'crm:',
        '  byNumberUrl: "https://crm.example.org/c?phone={nummer}"',
        'ui:',
        '  language: fr',
        '',
      ].join('\n'),
    );
    const result = await validate(dir, file);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${file}:3: sip.keepAliveSeconds: a number, written without quotes (found the text "5")`,
      `${file}:5: sync.url: plain http:// to another computer would send the token and every call record in clear text; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end`,
      `${file}:7: crm.byNumberUrl: unknown variable {nummer}: this URL is filled with {number} only`,
      `${file}:9: ui.language: one of "auto", "de", "en" (found the text "fr")`,
      `${file}:2: sip.uri: warning: the SIP account has uri but no websocketUrl, so it is not used: the agent's line is the training line`,
      `${file}: not usable: 4 errors, 1 warning`,
      '',
    ]);
    // Without a data folder: nothing was created where the desk's data would go.
    expect(fs.existsSync(path.join(dir, 'no-data-dir-needed'))).toBe(false);
  });

  it('passes a good file with exit code 0, and reads one saved by PowerShell 5.1 (UTF-16 LE with BOM)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'anlauf.json');
    const text = JSON.stringify({ agent: { name: 'Jürgen' }, sip: { websocketUrl: 'wss://sip.example.org', uri: 'sip:a@example.org' } }, null, 2);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(await validate(dir, file)).toMatchObject({ code: 0, stdout: `${file}: OK\n`, stderr: '' });
  });

  it('refuses a .json file that is not JSON, at the line of the mistake', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'anlauf.json');
    fs.writeFileSync(file, '{\n  \'ui\': { "language": "de" }\n}\n');
    const result = await validate(dir, file);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}:2: not valid JSON: expected property name or '}' (column 3); JSON needs double quotes\n`);
  });

  it('answers --help with the usage of the command and exit code 0, naming --config and its precedence', async () => {
    const start = await runCli(['start', '--help']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('start [--web] [--config FILE] [--data-dir D] [--port P]');
    expect(start.stdout).toContain('--config wins over ANLAUF_CONFIG');
    expect(start.stdout).not.toContain('calllog export');
    const customers = await runCli(['customers', 'find', '--help']);
    expect(customers.stdout).toContain('customers find QUERY [--limit N] [--client C] [--region R] [--config FILE] [--data-dir D]');
    const wrong = await runCli(['start', '--frob']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe('anlauf: unknown option --frob');
    const missing = await runCli(['settings', 'validate']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('settings validate needs exactly one FILE');
  });
});
