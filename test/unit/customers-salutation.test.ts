import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { popFromDirectory } from '../../src-main/core/customers/directory-views';
import { mapCustomers } from '../../src-main/core/customers/crm';
import { crmMappingSchema } from '../../src-main/contract';
import { importCsv } from '../../src-main/core/customers/csv-import';
import { CustomerDirectory } from '../../src-main/core/customers/directory';
import { parseScript } from '../../src-main/core/scripts/loader';
import { ScriptSession } from '../../src-main/core/scripts/session';
import { openDatabase } from '../../src-main/core/store/database';
import { scriptContext, type CallFacts } from '../../src-main/core/scripts/script-sessions';
import { tempDir } from '../support/temp';

/** The salutation from the customer import (and the CRM) to the script's greeting. */

const GREETING = `id: t\ntitle: T\ncampaign: c\nlanguage: de\nsections:\n  - id: s\n    nodes:\n      - { id: hello, type: say, text: "Guten Tag {{customer.address | }}, hier ist Anlauf." }\n      - { id: bye, type: end }\n`;

function greet(customer: CallFacts['customer']): string {
  const result = parseScript(GREETING, 'x.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  const facts: CallFacts = {
    remoteNumber: '+4940123',
    dialedNumber: null,
    direction: 'inbound',
    concern: null,
    queue: null,
    client: null,
    campaign: null,
    customer,
    agentName: null,
  };
  return new ScriptSession(result.script, scriptContext(facts)).text();
}

describe("the customer's salutation", () => {
  it('comes from the Anrede column of an import and greets the caller in the script', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    try {
      const directory = new CustomerDirectory(db);
      const file = path.join(dir, 'kunden.csv');
      fs.writeFileSync(
        file,
        'Kundennummer;Anrede;Vorname;Nachname;Telefon\n1;Frau;Erika;Mustermann;040 111\n2;Hr.;Max;Mustermann;040 222\n3;divers;Kim;Mustermann;040 333\n4;Firma;Stadtwerke;Nord;040 444\n',
      );
      const result = await importCsv(directory, file, { defaultRegion: 'DE' });
      expect(result).toMatchObject({ imported: 4, rejectedCount: 0 });
      expect(result.columns).toContainEqual({ column: 'Anrede', field: 'salutation' });
      const greeting = (no: string) => greet(popFromDirectory(directory.findByCustomerNumber(no)[0] as NonNullable<ReturnType<CustomerDirectory['get']>>));
      expect(greeting('1')).toBe('Guten Tag Frau Mustermann, hier ist Anlauf.');
      expect(greeting('2')).toBe('Guten Tag Herr Mustermann, hier ist Anlauf.');
      expect(greeting('3')).toBe('Guten Tag Kim Mustermann, hier ist Anlauf.');
      // A word Anlauf does not know is kept, and the customer is addressed by full name.
      expect(directory.findByCustomerNumber('4')[0]).toMatchObject({ salutation: null, extra: { salutation: 'Firma' } });
      expect(greeting('4')).toBe('Guten Tag Stadtwerke Nord, hier ist Anlauf.');
    } finally {
      db.close();
    }
  });

  it('comes from the CRM when the mapping names its field, and an unknown caller is greeted without a stray comma', () => {
    const mapping = crmMappingSchema.parse({ salutation: 'customers[].anrede' });
    const mapped = mapCustomers({ customers: [{ name: 'Erika Mustermann', anrede: 'Frau', phones: [] }] }, mapping);
    if (!mapped.ok) throw new Error(mapped.error);
    expect(mapped.customers[0]).toMatchObject({ name: 'Erika Mustermann', salutation: 'female' });
    expect(greet(mapped.customers[0] ?? null)).toBe('Guten Tag Frau Mustermann, hier ist Anlauf.');
    expect(greet(null)).toBe('Guten Tag, hier ist Anlauf.');
  });
});
