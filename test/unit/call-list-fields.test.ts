import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src-main/core/store/database';
import { CallListRepository } from '../../src-main/core/outbound/call-lists';
import { tempDir } from '../support/temp';

describe("a call list's extra columns", () => {
  let db: Database | null = null;
  afterEach(() => db?.close());

  it('keeps every column as written, also one headed like a built-in name (__proto__, constructor)', async () => {
    const dir = tempDir();
    db = openDatabase(path.join(dir, 'anlauf.sqlite'), { appVersion: 'test' });
    const lists = new CallListRepository(db);
    const file = path.join(dir, 'april.csv');
    fs.writeFileSync(file, 'Name,Telefon,__proto__,constructor,toString\nErika Muster,+49 40 1234567,Hamburg,Nord,x\n');
    const { list } = await lists.import({ name: 'April', campaignId: 'sales', clientId: null, file, region: 'DE' }, 1_000);
    const record = lists.next(list.id);
    expect(record?.name).toBe('Erika Muster');
    expect(Object.entries(record?.fields ?? {})).toEqual([
      ['Name', 'Erika Muster'],
      ['__proto__', 'Hamburg'],
      ['constructor', 'Nord'],
      ['toString', 'x'],
    ]);
  });
});
