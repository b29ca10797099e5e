import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSettingsFile, formatProblem } from '../../src-main/core/settings/settings-file';
import { tempDir } from '../support/temp';

function write(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

/** What `anlauf settings validate` prints, without the folder: `name:line: key: problem`. */
function lines(file: string): string[] {
  const report = checkSettingsFile(file);
  return [...report.errors.map((p) => formatProblem(path.basename(file), p)), ...report.warnings.map((p) => formatProblem(path.basename(file), p, true))];
}

describe("IT's settings file", () => {
  it('reports every problem at once, each with its line and key, including those across sections', () => {
    const file = write(
      'anlauf.yaml',
      [
        'ui:',
        '  language: fr',
        'clients:',
        '  - { id: a, name: A, greeting: Hi, colour: "#112233", dialedNumbers: ["040 800100"] }',
        '  - { id: b, name: B, greeting: Hi, colour: "#112233", dialedNumbers: ["+49 40 800100"] }',
        'wrapUp:',
        '  autoSeconds: 30',
        '  autoDisposition: done',
        '',
      ].join('\n'),
    );
    expect(lines(file)).toEqual([
      'anlauf.yaml:2: ui.language: one of "auto", "de", "en" (found the text "fr")',
      'anlauf.yaml:5: clients[1].dialedNumbers[0]: The dialed number +49 40 800100 is claimed by both "a" (as 040 800100) and "b".',
      'anlauf.yaml:8: wrapUp.autoDisposition: "done" is in no disposition set, so the automatic wrap-up would fail on every call',
    ]);
    expect(checkSettingsFile(file).layer).toBeNull();
  });

  it('reads .json strictly: a trailing comma and single quotes are refused at their line, an unclosed brace at the brace', () => {
    expect(lines(write('comma.json', '{\n  "ui": {\n    "language": "de",\n  }\n}\n'))).toEqual([
      'comma.json:4: not valid JSON: expected double-quoted property name (column 3); JSON allows no comma before a closing bracket',
    ]);
    expect(lines(write('quotes.json', "{\n  'ui': {}\n}\n"))).toEqual([
      "quotes.json:2: not valid JSON: expected property name or '}' (column 3); JSON needs double quotes",
    ]);
    expect(lines(write('open.json', '{\n  "ui": { "language": "de" },\n  "agent": {\n    "name": "Jo"\n}\n'))).toEqual([
      'open.json:1: not valid JSON: the "{" at column 1 is never closed',
    ]);
    // The same text as YAML is YAML's business: a flow mapping may end in a comma.
    expect(lines(write('comma.yaml', '{\n  "ui": {\n    "language": "de",\n  }\n}\n'))).toEqual([]);
  });

  it('never repeats the value of a secret written wrongly (the lines go to logs and support bundles)', () => {
    expect(lines(write('a.yaml', 'sip:\n  password: 73519\nsync:\n  token: ""\n'))).toEqual([
      'a.yaml:2: sip.password: a text in quotes (found a value not shown here, as it is a secret)',
      'a.yaml:4: sync.token: at least 1 characters (found a value not shown here, as it is a secret)',
    ]);
  });

  it('maps a key of a .json file back to its line', () => {
    expect(lines(write('a.json', '{\n  "sip": {\n    "keepAliveSeconds": "5"\n  }\n}\n'))).toEqual([
      'a.json:3: sip.keepAliveSeconds: a number, written without quotes (found the text "5")',
    ]);
  });

  it('reads UTF-8 with a BOM and UTF-16 LE and BE with a BOM (PowerShell 5.1), and refuses Latin-1 naming the byte and line', () => {
    const text = '{\n  "agent": { "name": "Jürgen Größe" }\n}\n';
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    for (const bytes of [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
    ]) {
      const report = checkSettingsFile(write('anlauf.json', bytes));
      expect(report.errors).toEqual([]);
      expect(report.layer).toEqual({ agent: { name: 'Jürgen Größe' } });
    }
    expect(lines(write('latin1.json', Buffer.from(text, 'latin1')))).toEqual([
      'latin1.json:2: is not UTF-8: byte 0xFC (Windows-1252 / ISO-8859-1, as an old editor saves it?); save the file as UTF-8',
    ]);
    expect(lines(write('nobom.json', Buffer.from(text, 'utf16le')))).toEqual([
      'nobom.json:1: looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM)',
    ]);
  });

  it('warns of what would otherwise run without a word', () => {
    const file = write(
      'anlauf.yaml',
      [
        'sip:',
        '  uri: sip:agent7@example.org',
        'clients:',
        '  - id: a',
        '    name: A',
        '    greeting: Hi',
        '    colour: "#112233"',
        '    logo: logos/missing.png',
        'crm:',
        '  byNumberUrl: https://crm.example.org/customers',
        '',
      ].join('\n'),
    );
    const found = lines(file);
    expect(found).toEqual([
      "anlauf.yaml:2: sip.uri: warning: the SIP account has uri but no websocketUrl, so it is not used: the agent's line is the training line",
      expect.stringMatching(
        /^anlauf\.yaml:8: clients\[0\]\.logo: warning: the logo file .*logos\/missing\.png cannot be read \(ENOENT\); the banner shows no logo$/,
      ),
      'anlauf.yaml:10: crm.byNumberUrl: warning: the URL has no {number}: every lookup asks the CRM the same question',
    ]);
    expect(checkSettingsFile(file).layer).not.toBeNull();
    expect(lines(write('empty.yaml', '# nothing yet\n'))).toEqual(['empty.yaml: warning: the file is empty: every setting has its default']);
    expect(lines(write('empty.json', ''))).toEqual(['empty.json: warning: the file is empty: every setting has its default']);
  });

  it('refuses plain http:// to another computer unless the section allows it, and warns when it does', () => {
    const refused = lines(write('a.yaml', 'sync:\n  url: http://backend.example.org/anlauf\ncrm:\n  searchUrl: "http://10.0.0.5/c?q={query}"\n'));
    expect(refused).toEqual([
      "a.yaml:2: sync.url: plain http:// to another computer would send the token and every call record in clear text; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end",
      "a.yaml:4: crm.searchUrl: plain http:// to another computer would send the auth header and the callers' numbers in clear text; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end",
    ]);
    const allowed = lines(write('b.yaml', 'sync:\n  url: http://backend.example.org/anlauf\n  allowPlainHttp: true\n'));
    expect(allowed).toEqual([
      'b.yaml:2: sync.url: warning: plain http:// to another computer: the token and every call record cross the network in clear text (allowPlainHttp is true)',
    ]);
    expect(lines(write('c.yaml', 'sync:\n  url: http://127.0.0.1:8080\ncrm:\n  searchUrl: "http://localhost:9/c?q={query}"\n'))).toEqual([]);
    // A colleague list from anyone on the way would send callers wherever it says.
    expect(lines(write('d.yaml', 'colleagues:\n  directoryUrl: http://intranet.example.org/colleagues.json\n'))).toEqual([
      "d.yaml:2: colleagues.directoryUrl: plain http:// to another computer: anyone on the way could change the colleague list, and so where agents transfer callers; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end",
    ]);
    expect(lines(write('e.yaml', 'colleagues:\n  directoryUrl: http://127.0.0.1:8080/colleagues.json\n'))).toEqual([]);
    // Customers written to the CRM: their details and the credentials, and a URL that takes no variables.
    expect(lines(write('f.yaml', 'crm:\n  writeUrl: "http://crm.example.org/api/customers/{id}"\n'))).toEqual([
      "f.yaml:2: crm.writeUrl: the write URL takes no variables: new customers are POSTed to it, corrected ones sent to it followed by / and the customer's CRM id",
      "f.yaml:2: crm.writeUrl: plain http:// to another computer would send the auth header and the customers' details in clear text; use https://, or set allowPlainHttp: true in this section if the network is IT's end to end",
    ]);
    expect(lines(write('g.yaml', 'crm:\n  writeUrl: https://crm.example.org/api/customers\n'))).toEqual([]);
  });

  it('refuses an unknown variable in a CRM URL, and names the one it takes', () => {
    expect(lines(write('a.yaml', 'crm:\n  byCustomerNumberUrl: "https://crm.example.org/c/{kundennummer}"\n'))).toEqual([
      'a.yaml:2: crm.byCustomerNumberUrl: unknown variable {kundennummer}: this URL is filled with {customerNumber} only',
    ]);
  });

  it('does not blame the automatic disposition when the campaigns holding it have a mistake of their own', () => {
    const file = write(
      'a.yaml',
      [
        'wrapUp:',
        '  autoDisposition: erledigt',
        'clients:',
        '  - id: nord',
        '    name: Nord',
        '    greeting: Hi',
        '    colour: "#0a5"',
        '    campaigns:',
        '      - { id: strom, name: Strom, dispositions: [erledigt] }',
        '',
      ].join('\n'),
    );
    expect(lines(file)).toEqual(['a.yaml:7: clients[0].colour: a colour as #rrggbb (found the text "#0a5")']);
  });

  it('warns when the automatic disposition is missing from some campaigns only', () => {
    const file = write(
      'a.yaml',
      [
        'wrapUp:',
        '  autoSeconds: 60',
        '  autoDisposition: solved',
        'clients:',
        '  - id: nord',
        '    name: Nord',
        '    greeting: Hi',
        '    colour: "#112233"',
        '    campaigns:',
        '      - { id: sales, name: Sales, dispositions: [sale, no sale] }',
        '',
      ].join('\n'),
    );
    expect(lines(file)).toEqual([
      'a.yaml:3: wrapUp.autoDisposition: warning: "solved" is not in the disposition set of nord/sales: the automatic wrap-up fails on those calls',
    ]);
  });

  it('reports a hotkey that is no hotkey, or that another action has, at its line and key', () => {
    const file = write(
      'anlauf.yaml',
      ['hotkeys:', '  answer: Ctrl+Shift+Banana', '  hold: F5', '  mute: Control+Shift+H', '  transfer: F9', '  ready: null', ''].join('\n'),
    );
    expect(lines(file)).toEqual([
      'anlauf.yaml:2: hotkeys.answer: "Banana" is no key or modifier a hotkey can use (letters, digits, F1–F24, Space, Insert, Delete, Home, End, PageUp, PageDown, Up, Down, Left, Right, num0–num9)',
      'anlauf.yaml:3: hotkeys.hold: the browser or Windows uses this key (reload, address bar, caret browsing, menu, full screen, developer tools)',
      // The default hang-up is CommandOrControl+Shift+H: Control+Shift+H is the same keys on Windows.
      'anlauf.yaml:4: hotkeys.mute: Control+Shift+H is also the hotkey of hangup; each action needs its own',
    ]);
    expect(checkSettingsFile(file).layer).toBeNull();
    expect(lines(write('fine.yaml', 'hotkeys:\n  transfer: F9\n  ready: null\n  global: true\n'))).toEqual([]);
  });
});
