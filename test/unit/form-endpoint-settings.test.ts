import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsCommand } from '../../src-main/cli/settings-command';
import { clientListSchema } from '../../src-main/contract';
import { formEndpointFindings } from '../../src-main/core/settings/settings-checks';
import { checkSettingsFile } from '../../src-main/core/settings/settings-file';
import { projectRoot, tempDir } from '../support/temp';

/** IT's settings file with one client's form endpoint, as docs/it-admin.md shows it. */
function file(forms: Record<string, unknown>): string {
  const at = path.join(tempDir(), 'anlauf.yaml');
  const text = [
    'clients:',
    '  - id: stadtwerke-nord',
    '    name: Stadtwerke Nord',
    '    greeting: Stadtwerke Nord, mein Name ist {agent}.',
    "    colour: '#004488'",
    `    forms: ${JSON.stringify(forms)}`,
    '',
  ].join('\n');
  fs.writeFileSync(at, text);
  return at;
}

describe("a client's form endpoint in IT's settings file", () => {
  it('is used as written when it is right', () => {
    const report = checkSettingsFile(
      file({
        url: 'https://crm.stadtwerke-nord.example/api/forms/{form}',
        auth: { header: 'X-Api-Key', value: 'k-123456' },
        mapping: { 'fault-report': { ticket: '{submission.id}', zip: '{postcode}', at: '{submittedAt}' } },
      }),
    );
    expect(report.errors).toEqual([]);
    expect(report.layer).not.toBeNull();
  });

  it('names the line and the field of a fact that does not exist, an unknown URL variable and plain http://', () => {
    const report = checkSettingsFile(
      file({
        url: 'http://crm.stadtwerke-nord.example/api/{client}/forms/{form}',
        mapping: { 'fault-report': { ticket: '{submission.number}' } },
      }),
    );
    expect(report.layer).toBeNull();
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 6, field: 'clients[0].forms.url', problem: expect.stringContaining('unknown variable {client}') as unknown }),
      expect.objectContaining({ line: 6, field: 'clients[0].forms.url', problem: expect.stringContaining('plain http:// to another computer') as unknown }),
      expect.objectContaining({
        line: 6,
        field: 'clients[0].forms.mapping.fault-report.ticket',
        problem: expect.stringContaining('{submission.number} is not a fact') as unknown,
      }),
    ]);
  });

  it('reports a mapped field the form does not have, once the forms are known', () => {
    const clients = clientListSchema.parse([
      {
        id: 'stadtwerke-nord',
        name: 'Stadtwerke Nord',
        greeting: 'Hallo.',
        colour: '#004488',
        forms: { url: 'https://crm.example/forms/{form}', mapping: { 'fault-report': { zip: '{postcode}', what: 'Fault: {waht}' } } },
      },
    ]);
    const fields = (formId: string) => (formId === 'fault-report' ? ['what', 'since', 'postcode'] : null);
    expect(formEndpointFindings(clients, fields).map((f) => f.message)).toEqual([
      '{waht} is not a field of the form fault-report (its fields: what, since, postcode): it is always sent empty',
    ]);
    // Forms not loaded yet: nothing to say about fields.
    expect(formEndpointFindings(clients)).toEqual([]);
  });

  it('settings validate checks the mappings against the forms in the script folder it names, or says why it cannot', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml'), path.join(dir, 'scripts', 'fault-report.yaml'));
    const text = [
      'scripts: { folder: scripts }',
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
      "          location: { zip: '{postcod}' }",
      '',
    ];
    const settings = path.join(dir, 'anlauf.yaml');
    fs.writeFileSync(settings, text.join('\n'));
    let out = '';
    expect(settingsCommand(['validate', settings], (t) => (out += t))).toBe(0);
    expect(out.split('\n')).toEqual([
      `${settings}:12: clients[0].forms.mapping.fault-report.location.zip: warning: {postcod} is not a field of the form fault-report (its fields: what, whatElse, since, neighbours, street, postcode, city, contactName, contactPhone, window, notes): it is always sent empty`,
      `${settings}: form mappings checked against the 1 form(s) in ${path.join(dir, 'scripts')}: fault-report`,
      `${settings}: OK, with 1 warning`,
      '',
    ]);

    fs.writeFileSync(settings, text.slice(1).join('\n'));
    out = '';
    expect(settingsCommand(['validate', settings], (t) => (out += t))).toBe(0);
    expect(out).toBe(
      `${settings}: the form mappings are not checked against the forms: scripts.folder is not set, so the forms are not known here\n${settings}: OK\n`,
    );
  });

  it('settings validate warns, at its line, of a scripts or topics folder this computer cannot read', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'topics'));
    const settings = path.join(dir, 'anlauf.yaml');
    fs.writeFileSync(settings, 'scripts:\n  folder: skripte\ntopics:\n  folder: topics\n');
    let out = '';
    expect(settingsCommand(['validate', settings], (t) => (out += t))).toBe(0);
    expect(out).toBe(
      `${settings}:2: scripts.folder: warning: the folder ${path.join(dir, 'skripte')} cannot be read from this computer: a desk that cannot read it has no scripts and forms from it\n` +
        `${settings}: OK, with 1 warning\n`,
    );
  });
});
