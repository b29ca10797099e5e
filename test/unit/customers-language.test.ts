import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmMappingSchema } from '../../src-main/contract/clients';
import { mapCustomers } from '../../src-main/core/customers/crm';
import { importCsv } from '../../src-main/core/customers/csv-import';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { popFromDirectory } from '../../src-main/core/customers/directory-views';
import { openDatabase } from '../../src-main/core/store/database';
import { tempDir } from '../support/temp';

/** The customer's language from the customer import and the CRM, to the screen-pop that picks the call's script by it. */
describe("the customer's language", () => {
  it('comes from the Sprache column of an import, as a code; a word Anlauf does not know is kept, not followed', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    try {
      const directory = new CustomerDirectory(db);
      const file = path.join(dir, 'kunden.csv');
      fs.writeFileSync(
        file,
        'Kundennummer;Name;Sprache;Telefon\n1;Olivia Bennett;Englisch;040 111\n2;Aylin Demir;tr;040 222\n3;Max Huber;de-at;040 333\n4;Kim Berg;Klingonisch;040 444\n5;Jana Schulz;;040 555\n',
      );
      const result = await importCsv(directory, file, { defaultRegion: 'DE' });
      expect(result).toMatchObject({ imported: 5, rejectedCount: 0 });
      expect(result.columns).toContainEqual({ column: 'Sprache', field: 'language' });
      const pop = (no: string) => popFromDirectory(directory.findByCustomerNumber(no)[0]!);
      expect(['1', '2', '3', '4', '5'].map((no) => pop(no).language ?? null)).toEqual(['en', 'tr', 'de-AT', null, null]);
      expect(directory.findByCustomerNumber('4')[0]).toMatchObject({ language: null, extra: { language: 'Klingonisch' } });
      // Imported, and said: the trainer learns which row's language was not understood.
      expect(result).toMatchObject({ languagesNotUnderstoodCount: 1, languagesNotUnderstood: [{ row: 5, value: 'Klingonisch' }] });
    } finally {
      db.close();
    }
  });

  it('comes from the CRM when the mapping names its field', () => {
    const mapping = crmMappingSchema.parse({ language: 'customers[].lang' });
    const mapped = mapCustomers(
      {
        customers: [
          { name: 'Olivia Bennett', lang: 'EN', phones: [] },
          { name: 'Kim Berg', lang: '?', phones: [] },
        ],
      },
      mapping,
    );
    if (!mapped.ok) throw new Error(mapped.error);
    expect(mapped.customers.map((c) => c.language)).toEqual(['en', null]);
  });
});
