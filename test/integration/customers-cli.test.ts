import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { twoClients } from '../support/clients-config';
import { projectRoot, tempDir } from '../support/temp';

const fixture = (name: string) => path.join(projectRoot, 'test', 'fixtures', 'customers', name);
const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('anlauf customers', () => {
  it('imports a CSV file, prints a summary with the rejected rows, and finds customers as JSON lines', async () => {
    const dataDir = tempDir();
    const imported = await runCli(['customers', 'import', fixture('bad-rows.csv'), '--data-dir', dataDir]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 5 customers from');
    expect(imported.stdout).toContain('(utf-8, delimiter ",")');
    expect(imported.stdout).toContain('Kundennummer → customerNumber');
    expect(imported.stdout).toContain('Rejected 6 rows:\n  row 3: has 3 fields, the header has 4\n  row 4: no name and no customer number\n');
    expect(imported.stdout).toContain('  row 5: unparsable phone number "nicht vorhanden" in column "Telefon"');
    expect(imported.stderr).toContain('100 %');

    const second = await runCli(['customers', 'import', fixture('windows-1252.csv'), '--data-dir', dataDir, '--client', 'acme']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('(windows-1252, delimiter ";")');
    expect(second.stdout).toContain('Rejected: none.');

    const byName = await runCli(['customers', 'find', 'Größe', '--data-dir', dataDir]);
    expect(byName.code).toBe(0);
    expect(jsonLines(byName.stdout)).toEqual([
      expect.objectContaining({
        name: 'Jörg Größe',
        customerNumber: '20002',
        client: 'acme',
        phones: [{ e164: '+4922112345', extension: '67', kind: 'phone' }],
      }),
    ]);
    const byNumber = await runCli(['customers', 'find', '+49 30 1010101', '--data-dir', dataDir]);
    expect(jsonLines(byNumber.stdout).map((c) => c.name)).toEqual(['Jan Letzt']);
    const many = await runCli(['customers', 'find', 'example.de', '--limit', '2', '--data-dir', dataDir]);
    expect(jsonLines(many.stdout)).toHaveLength(2);
    const none = await runCli(['customers', 'find', 'Niemand', '--data-dir', dataDir]);
    expect(none).toMatchObject({ code: 0, stdout: '' });
  });

  it("checks the client column against the settings' clients and names each row that matches none, with its value", async () => {
    const dir = tempDir();
    const config = path.join(dir, 'anlauf.json');
    fs.writeFileSync(config, JSON.stringify({ clients: twoClients }));
    const file = path.join(dir, 'customers.csv');
    fs.writeFileSync(
      file,
      'Kundennummer,Name,Telefon,Mandant\n1,Ada,030 1111111,Stadtwerke Nord\n2,Bea,030 2222222,Stadtwerke Süd\n3,Cem,030 3333333,MOEBELHAUS\n',
    );
    const imported = await runCli(['customers', 'import', file, '--config', config, '--data-dir', path.join(dir, 'data')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Imported 2 customers from');
    expect(imported.stdout).toContain(
      'Rejected 1 rows:\n  row 3: client "Stadtwerke Süd" matches no configured client by id or name (configured: stadtwerke (Stadtwerke Nord), moebelhaus (',
    );
    const found = await runCli(['customers', 'find', 'Ada', '--config', config, '--data-dir', path.join(dir, 'data')]);
    expect(jsonLines(found.stdout)).toEqual([expect.objectContaining({ name: 'Ada', client: 'stadtwerke' })]);
    const byId = await runCli(['customers', 'find', 'Cem', '--config', config, '--data-dir', path.join(dir, 'data')]);
    expect(jsonLines(byId.stdout)).toEqual([expect.objectContaining({ name: 'Cem', client: 'moebelhaus' })]);
  });

  it('lists the first 20 rejected rows and counts the rest', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'Name;Telefon\n' + Array.from({ length: 25 }, (_, i) => `K${i};kaputt\n`).join('') + 'Gut;030 1234567\n');
    const result = await runCli(['customers', 'import', file, '--data-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Rejected 25 rows:');
    expect(result.stdout).toContain('  row 21: unparsable phone number "kaputt"');
    expect(result.stdout).not.toContain('row 22:');
    expect(result.stdout).toContain('  … and 5 more');
  });

  it('uses --map and --region', async () => {
    const dataDir = tempDir();
    const result = await runCli([
      'customers',
      'import',
      fixture('custom-headers-pipe.csv'),
      '--map',
      'name=Kunde,phone=Tel 1,phone=Tel 2',
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 2 customers');
    const file = path.join(dataDir, 'ch.csv');
    fs.writeFileSync(file, 'Name;Telefon\nZüri AG;044 668 18 00\n');
    expect((await runCli(['customers', 'import', file, '--region', 'CH', '--data-dir', dataDir])).code).toBe(0);
    const found = await runCli(['customers', 'find', '+41 44 668 18 00', '--data-dir', dataDir]);
    expect(jsonLines(found.stdout).map((c) => c.name)).toEqual(['Züri AG']);
  });

  it('exits 1 when nothing can be imported, 2 on a wrong call', async () => {
    const dataDir = tempDir();
    const missing = await runCli(['customers', 'import', fixture('missing-columns.csv'), '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('anlauf: The file has no column for a name');
    expect(missing.stdout).toBe('');
    const unreadable = await runCli(['customers', 'import', path.join(dataDir, 'nope.csv'), '--data-dir', dataDir]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('Cannot read');
    const allBad = path.join(dataDir, 'all-bad.csv');
    fs.writeFileSync(allBad, 'Name;Telefon\nA;kaputt\n');
    const nothing = await runCli(['customers', 'import', allBad, '--data-dir', dataDir]);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('Imported 0 customers');
    expect(nothing.stdout).toContain('row 2: unparsable phone number "kaputt"');

    expect((await runCli(['customers', 'import', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCli(['customers', 'find', '--data-dir', dataDir])).code).toBe(2);
    const badLimit = await runCli(['customers', 'find', 'x', '--limit', '0', '--data-dir', dataDir]);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('--limit must be 1..10000');
    const badRegion = await runCli(['customers', 'import', allBad, '--region', 'Germany', '--data-dir', dataDir]);
    expect(badRegion.code).toBe(2);
    const unknown = await runCli(['customers', 'delete']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown customers command "delete"');
    const noDirectory = await runCli(['customers', 'find', 'x', '--data-dir', path.join(dataDir, 'empty')]);
    expect(noDirectory.code).toBe(1);
    expect(noDirectory.stderr).toContain('There is no customer directory');
  });
});
