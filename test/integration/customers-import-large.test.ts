import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src-main/core/customers/csv-import';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { openDatabase } from '../../src-main/core/store/database';
import { generateCustomersCsv, generatedCustomer } from '../fixtures/customers/generate';
import { tempDir } from '../support/temp';

/** ANLAUF_CUSTOMERS_IMPORT_ROWS overrides the size (the benchmark imports a million as well). */
const ROWS = Number(process.env.ANLAUF_CUSTOMERS_IMPORT_ROWS ?? 1_000_000);

describe(`importing ${ROWS} customers`, () => {
  it('imports them all, streaming, and finds them by number, customer number and name', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'customers.csv');
    await generateCustomersCsv(file, ROWS);
    const db = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    try {
      const directory = new CustomerDirectory(db);
      let progressCalls = 0;
      const result = await importCsv(directory, file, { defaultRegion: 'DE', onProgress: () => progressCalls++ });
      expect(result).toMatchObject({ imported: ROWS, rejectedCount: 0, rows: ROWS, encoding: 'utf-8', delimiter: ';' });
      expect(progressCalls).toBeGreaterThan(ROWS / 5000 - 1);
      expect(directory.count()).toBe(ROWS);
      expect(directory.indexForSearch()).toBe(0);

      for (const i of [0, 1, Math.floor(ROWS / 2), ROWS - 1]) {
        const c = generatedCustomer(i);
        const name = `${c.first} ${c.last}`;
        expect(directory.findByNumber(c.phone, 'DE').map((x) => x.customerNumber)).toEqual([c.customerNumber]);
        expect(directory.findByNumber(c.mobile.replace('+49 ', '0'), 'DE').map((x) => x.name)).toEqual([name]);
        expect(directory.findByCustomerNumber(c.customerNumber).map((x) => x.name)).toEqual([name]);
        expect(directory.search(c.email, 5, { defaultRegion: 'DE' })[0]?.customerNumber).toBe(c.customerNumber);
        expect(directory.search(c.phone, 5, { defaultRegion: 'DE' })[0]?.customerNumber).toBe(c.customerNumber);
      }
      expect(directory.search('Müller', 20)).toHaveLength(20);
    } finally {
      db.close();
    }
  });
});
