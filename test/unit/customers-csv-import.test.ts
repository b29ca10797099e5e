import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CsvImportError,
  detectDelimiter,
  detectEncoding,
  fieldForHeader,
  importCsv,
  parseMapSpec,
  type ImportProgress,
} from '../../src-main/core/customers/csv-import';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { openDatabase } from '../../src-main/core/store/database';
import { projectRoot, tempDir } from '../support/temp';

const fixture = (name: string) => path.join(projectRoot, 'test', 'fixtures', 'customers', name);

describe('customer CSV import', () => {
  let db: Database;
  let directory: CustomerDirectory;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    directory = new CustomerDirectory(db);
  });
  afterEach(() => db.close());

  it('reads UTF-8 with BOM and ";", German headers, quoted fields and line breaks', async () => {
    const progress: ImportProgress[] = [];
    const result = await importCsv(directory, fixture('utf8-bom-semicolon.csv'), { defaultRegion: 'DE', onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ imported: 3, rejected: [], rejectedCount: 0, rows: 3, encoding: 'utf-8-bom', delimiter: ';' });
    expect(result.columns).toContainEqual({ column: 'Kundennummer', field: 'customerNumber' });
    expect(result.columns).toContainEqual({ column: 'Straße', field: 'street' });
    expect(result.columns).toContainEqual({ column: 'Kundenstatus', field: null });
    const [juergen] = directory.findByCustomerNumber('10001');
    expect(juergen).toMatchObject({
      name: 'Jürgen Müller',
      email: 'juergen.mueller@example.de',
      postcode: '10115',
      city: 'Berlin',
      street: 'Friedrichstraße 12',
      notes: 'Ruft gern an; bitte "Sie" sagen',
      extra: { Kundenstatus: 'Gold' },
      source: 'import',
      client: null,
      phones: [
        { e164: '+49301234567', extension: null, kind: 'phone' },
        { e164: '+4915112345678', extension: null, kind: 'mobile' },
      ],
    });
    expect(directory.findByCustomerNumber('10002')[0]).toMatchObject({ name: 'Zoë Weiß', notes: 'zwei\r\nZeilen' });
    expect(directory.findByNumber('+43 1 58858', 'DE')[0]).toMatchObject({ name: 'Åsa Ørsted', city: 'Wien' });
    expect(directory.search('Mülle', 5).map((c) => c.customerNumber)).toEqual(['10001']);
    expect(progress.at(-1)).toMatchObject({ rows: 3, imported: 3, rejected: 0, bytesRead: fs.statSync(fixture('utf8-bom-semicolon.csv')).size });
  });

  it('stores a client column by the configured client id, matched by id first, then by name, case ignored; reports rows matching none', async () => {
    const clients = [
      { id: 'nord', name: 'Stadtwerke Nord' },
      { id: 'sued', name: 'Stadtwerke Süd' },
      // A name that is another client's id: the id wins.
      { id: 'x', name: 'nord' },
    ];
    const file = path.join(tempDir(), 'clients.csv');
    fs.writeFileSync(
      file,
      'Kundennummer;Name;Telefon;Mandant\n1;Ada;030 1111111;nord\n2;Bea;030 2222222;  STADTWERKE SÜD \n3;Cem;030 3333333;Stadtwerke West\n4;Dan;030 4444444;\n5;Eva;030 5555555;X\n',
    );
    const result = await importCsv(directory, file, { defaultRegion: 'DE', clients });
    expect(result).toMatchObject({ imported: 4, rejectedCount: 1 });
    expect(result.rejected).toEqual([
      expect.objectContaining({
        row: 4,
        reason: 'client "Stadtwerke West" matches no configured client by id or name (configured: nord (Stadtwerke Nord), sued (Stadtwerke Süd), x (nord))',
      }),
    ]);
    const clientOf = (no: string) => directory.findByCustomerNumber(no)[0]?.client;
    expect([clientOf('1'), clientOf('2'), clientOf('3'), clientOf('4'), clientOf('5')]).toEqual(['nord', 'sued', undefined, null, 'x']);
    // The call's lookup passes the client id: the imported customer is found for its client.
    expect(directory.findByNumber('030 2222222', 'DE', 'sued').map((c) => c.name)).toEqual(['Bea']);

    // The option names a client the same way, or the import is refused before anything is written.
    const plain = path.join(tempDir(), 'plain.csv');
    fs.writeFileSync(plain, 'Kundennummer;Name;Telefon\n9;Ina;030 9999999\n');
    await expect(importCsv(directory, plain, { defaultRegion: 'DE', clients, client: 'Stadtwerke Ost' })).rejects.toThrow(
      /The client "Stadtwerke Ost" matches no configured client by id or name \(configured: nord \(Stadtwerke Nord\), .*\)\. Nothing was imported\./,
    );
    await importCsv(directory, plain, { defaultRegion: 'DE', clients, client: 'Stadtwerke Nord' });
    expect(clientOf('9')).toBe('nord');
  });

  it('keeps a client column as written when no clients are configured (a desk for one company)', async () => {
    const file = path.join(tempDir(), 'clients.csv');
    fs.writeFileSync(file, 'Kundennummer;Name;Telefon;Mandant\n1;Ada;030 1111111;Stadtwerke West\n');
    expect(await importCsv(directory, file, { defaultRegion: 'DE', clients: [] })).toMatchObject({ imported: 1, rejectedCount: 0 });
    expect(directory.findByCustomerNumber('1')[0]?.client).toBe('Stadtwerke West');
  });

  it('keeps a column whatever its header is called, even __proto__ or constructor', async () => {
    const file = path.join(tempDir(), 'odd-headers.csv');
    fs.writeFileSync(file, 'Kundennummer;Name;Telefon;__proto__;constructor\r\n20001;Erika Muster;030 1234567;Gold;Vertrag A\r\n');
    const result = await importCsv(directory, file, { defaultRegion: 'DE' });
    expect(result).toMatchObject({ imported: 1, rejectedCount: 0 });
    const [erika] = directory.findByCustomerNumber('20001');
    expect(Object.getPrototypeOf(erika!.extra)).toBe(Object.prototype);
    expect(Object.entries(erika!.extra ?? {})).toEqual([
      ['__proto__', 'Gold'],
      ['constructor', 'Vertrag A'],
    ]);
  });

  it('reads Windows-1252 with umlauts', async () => {
    const result = await importCsv(directory, fixture('windows-1252.csv'), { defaultRegion: 'DE', client: 'acme' });
    expect(result).toMatchObject({ imported: 3, rejectedCount: 0, encoding: 'windows-1252', delimiter: ';' });
    expect(directory.findByCustomerNumber('20001')[0]).toMatchObject({
      name: 'Bäckerei Müßig GmbH',
      city: 'München',
      street: 'Sendlinger Straße 5',
      client: 'acme',
    });
    expect(directory.findByNumber('+49 221 12345', 'DE')[0]).toMatchObject({
      name: 'Jörg Größe',
      phones: [{ e164: '+4922112345', extension: '67', kind: 'phone' }],
    });
    expect(directory.findByNumber('0041 44 668 18 00', 'DE')[0]?.name).toBe('François Übel');
    expect(directory.search('Größe', 5)).toHaveLength(1);
  });

  it('reads tab-separated files with English headers and international numbers', async () => {
    const result = await importCsv(directory, fixture('tab-separated.csv'), { defaultRegion: 'DE' });
    expect(result).toMatchObject({ imported: 2, rejectedCount: 0, encoding: 'utf-8', delimiter: '\t' });
    expect(directory.findByNumber('+1 (212) 555-1234', 'DE')[0]).toMatchObject({ name: 'John Smith', customerNumber: 'C-1', postcode: '10001' });
    expect(directory.findByNumber('+44 20 7946 0958', 'DE')[0]).toMatchObject({ name: 'Jane Doe', phones: [{ e164: '+442079460958', extension: '12' }] });
  });

  it('rejects bad rows with their line numbers and reasons, and imports the rest', async () => {
    const result = await importCsv(directory, fixture('bad-rows.csv'), { defaultRegion: 'DE' });
    expect(result.rejected).toEqual([
      { row: 3, reason: 'has 3 fields, the header has 4', said: { key: 'customerImport.fieldCount', params: { fields: 3, header: 4 } } },
      { row: 4, reason: 'no name and no customer number', said: { key: 'customerImport.noName', params: {} } },
      {
        row: 5,
        reason: 'unparsable phone number "nicht vorhanden" in column "Telefon"',
        said: { key: 'customerImport.badPhone', params: { number: 'nicht vorhanden', column: 'Telefon' } },
      },
      { row: 6, reason: 'invalid e-mail address "kein-at-zeichen"', said: { key: 'customerImport.badEmail', params: { email: 'kein-at-zeichen' } } },
      {
        row: 10,
        reason: 'phone number "123" in column "Telefon" is too short (no area code)',
        said: { key: 'customerImport.shortPhone', params: { number: '123', column: 'Telefon' } },
      },
      { row: 12, reason: 'has 5 fields, the header has 4', said: { key: 'customerImport.fieldCount', params: { fields: 5, header: 4 } } },
    ]);
    expect(result).toMatchObject({ imported: 5, rejectedCount: 6, rows: 11, delimiter: ',' });
    expect(directory.count()).toBe(5);
    expect(directory.findByCustomerNumber('30006')[0]?.name).toBe('Eva\nEcht');
    expect(directory.findByCustomerNumber('30008')[0]?.phones.map((p) => p.e164)).toEqual(['+49308888888', '+4915188888888']);
    expect(directory.search('Ida Ohne', 5)[0]).toMatchObject({ customerNumber: null, phones: [] });
  });

  it('lists only the first rejected rows but counts them all', async () => {
    const file = path.join(tempDir(), 'many-bad.csv');
    fs.writeFileSync(file, 'Name;Telefon\n' + Array.from({ length: 30 }, (_, i) => `Kunde ${i};kaputt\n`).join('') + 'Gut;030 1234567\n');
    const result = await importCsv(directory, file, { defaultRegion: 'DE', maxRejectedListed: 10 });
    expect(result).toMatchObject({ imported: 1, rejectedCount: 30 });
    expect(result.rejected).toHaveLength(10);
    expect(result.rejected[9]?.row).toBe(11);
  });

  it('reports a broken quote and goes on up to it', async () => {
    const file = path.join(tempDir(), 'quote.csv');
    fs.writeFileSync(file, 'Name,Telefon\nA,030 1111111\n"B,030 2222222\n');
    const result = await importCsv(directory, file, { defaultRegion: 'DE' });
    expect(result.imported).toBe(1);
    expect(result.rejectedCount).toBe(1);
    expect(result.rejected[0]?.reason).toMatch(/quote/i);
    // The parser's own words reach people as they came, as the message's parameter.
    expect(result.rejected[0]?.said).toEqual({ key: 'customerImport.unreadable', params: { detail: result.rejected[0]?.reason } });
  });

  it('refuses a file without the required columns before importing anything', async () => {
    await expect(importCsv(directory, fixture('missing-columns.csv'), { defaultRegion: 'DE' })).rejects.toThrow(
      /no column for a name .* and no column for a phone number or a customer number .*Its columns are: Kommentar, E-Mail, PLZ\. Nothing was imported\./,
    );
    const onlyName = path.join(tempDir(), 'only-name.csv');
    fs.writeFileSync(onlyName, 'Name;Ort\nA;B\n');
    await expect(importCsv(directory, onlyName, { defaultRegion: 'DE' })).rejects.toThrow(/no column for a phone number or a customer number/);
    expect(directory.count()).toBe(0);
  });

  it('refuses unreadable and empty files', async () => {
    await expect(importCsv(directory, path.join(tempDir(), 'missing.csv'), { defaultRegion: 'DE' })).rejects.toBeInstanceOf(CsvImportError);
    await expect(importCsv(directory, tempDir(), { defaultRegion: 'DE' })).rejects.toThrow(/Cannot read/);
    const empty = path.join(tempDir(), 'empty.csv');
    fs.writeFileSync(empty, '');
    await expect(importCsv(directory, empty, { defaultRegion: 'DE' })).rejects.toThrow(/empty/);
  });

  it('maps columns explicitly with --map, several phone columns included', async () => {
    await expect(importCsv(directory, fixture('custom-headers-pipe.csv'), { defaultRegion: 'DE' })).rejects.toThrow(/no column for a name/);
    const result = await importCsv(directory, fixture('custom-headers-pipe.csv'), { defaultRegion: 'DE', map: 'name=Kunde,phone=Tel 1,phone=Tel 2' });
    expect(result).toMatchObject({ imported: 2, delimiter: '|' });
    expect(result.columns).toEqual([
      { column: 'Kunde', field: 'name' },
      { column: 'Tel 1', field: 'phone' },
      { column: 'Tel 2', field: 'phone' },
      { column: 'Ort', field: 'city' },
    ]);
    expect(directory.findByNumber('030 3434343', 'DE')[0]?.name).toBe('Firma Eins');
    await expect(importCsv(directory, fixture('custom-headers-pipe.csv'), { defaultRegion: 'DE', map: 'name=Kundenname' })).rejects.toThrow(
      /--map name=Kundenname: the file has no column "Kundenname"; its columns are: Kunde, Tel 1, Tel 2, Ort/,
    );
  });

  it('updates customers on a second import of the same file', async () => {
    await importCsv(directory, fixture('utf8-bom-semicolon.csv'), { defaultRegion: 'DE' });
    await importCsv(directory, fixture('utf8-bom-semicolon.csv'), { defaultRegion: 'DE' });
    expect(directory.count()).toBe(3);
    expect(directory.findByNumber('030 1234567', 'DE')).toHaveLength(1);
    expect(directory.search('Mülle', 5)).toHaveLength(1);
  });

  it('updates customers without a customer number on a second import too: same client, name and phones are the same customer', async () => {
    const file = path.join(tempDir(), 'walk-ins.csv');
    const write = (mobile: string) =>
      fs.writeFileSync(file, `Name;Telefon;Mobil;PLZ\nJana Berg;030 1234567;${mobile};10115\nJana Berg;040 7654321;;20095\nOhne Nummer;;;\n`);
    write('0151 12345678');
    await importCsv(directory, file, { defaultRegion: 'DE' });
    await importCsv(directory, file, { defaultRegion: 'DE' });
    expect(directory.count()).toBe(3);
    expect(directory.findByNumber('030 1234567', 'DE')).toHaveLength(1);
    // Two people of one name with other numbers stay two; a number that changed makes another customer.
    expect(directory.search('Jana Berg', 5)).toHaveLength(2);
    write('0151 99999999');
    await importCsv(directory, file, { defaultRegion: 'DE' });
    expect(directory.findByNumber('0151 99999999', 'DE')).toHaveLength(1);
    expect(directory.count()).toBe(4);
    // Another client's customer of the same name and number is another customer.
    await importCsv(directory, file, { defaultRegion: 'DE', client: 'other' });
    expect(directory.count()).toBe(7);
  });

  it('parses --map specs and names header columns in German and English', () => {
    expect(parseMapSpec('name=Kunde, phone=Tel 1,phone=Tel 2,customer_number=Nr')).toEqual({
      name: ['Kunde'],
      phone: ['Tel 1', 'Tel 2'],
      customerNumber: ['Nr'],
    });
    expect(() => parseMapSpec('nme=Kunde')).toThrow(/unknown field "nme"/);
    expect(() => parseMapSpec('name')).toThrow(/not FIELD=COLUMN/);
    expect(() => parseMapSpec('name=')).toThrow(/no column/);
    const cases: [string, string | null][] = [
      ['Kundennummer', 'customerNumber'],
      ['Kd.-Nr.', 'customerNumber'],
      ['Customer No', 'customerNumber'],
      ['Vorname', 'firstName'],
      ['Last Name', 'lastName'],
      ['Firma', 'company'],
      ['Telefon', 'phone'],
      ['Tel.', 'phone'],
      ['Telefon geschäftlich', 'phone'],
      ['Phone 2', 'phone'],
      ['Mobil', 'mobile'],
      ['Handynummer', 'mobile'],
      ['Telefax', null],
      ['Fax', null],
      ['E-Mail', 'email'],
      ['PLZ', 'postcode'],
      ['ZIP code', 'postcode'],
      ['Ort', 'city'],
      ['Straße', 'street'],
      ['Strasse', 'street'],
      ['Hausnr.', 'houseNumber'],
      ['Bemerkung', 'notes'],
      ['Mandant', 'client'],
      ['Geburtstag', null],
    ];
    for (const [header, field] of cases) expect(fieldForHeader(header), header).toBe(field);
  });

  it('detects delimiters and encodings', async () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('"Name, Vorname";Telefon;Ort')).toBe(';');
    expect(detectDelimiter('Name')).toBe(',');
    const dir = tempDir();
    const write = (name: string, bytes: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    expect(await detectEncoding(write('ascii.csv', Buffer.from('Name;Telefon\n')))).toBe('utf-8');
    expect(await detectEncoding(write('utf8.csv', Buffer.from('Name;Ort\nMüller;Köln\n', 'utf8')))).toBe('utf-8');
    expect(await detectEncoding(write('latin.csv', Buffer.from('Name;Ort\nM\xfcller;K\xf6ln\n', 'latin1')))).toBe('windows-1252');
    expect(await detectEncoding(write('bom.csv', Buffer.from('\ufeffName\n', 'utf8')))).toBe('utf-8-bom');
    expect(await detectEncoding(write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\n', 'utf16le')])))).toBe('utf-16le');
    // A 1252 byte far beyond the first chunk still decides.
    expect(await detectEncoding(write('late.csv', Buffer.concat([Buffer.from('Name\n' + 'x\n'.repeat(2_000_000)), Buffer.from('\xe4\n', 'latin1')])))).toBe(
      'windows-1252',
    );
  });

  it('reads UTF-16 files (Excel "Unicode text")', async () => {
    const file = path.join(tempDir(), 'utf16.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tTelefon\r\nÄrzte GbR\t030 1234567\r\n', 'utf16le')]));
    const result = await importCsv(directory, file, { defaultRegion: 'DE' });
    expect(result).toMatchObject({ imported: 1, encoding: 'utf-16le', delimiter: '\t' });
    expect(directory.findByNumber('030 1234567', 'DE')[0]?.name).toBe('Ärzte GbR');
  });
});
