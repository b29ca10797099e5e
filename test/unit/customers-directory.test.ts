import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CustomerDirectory, phoneFromKey, type CustomerInput } from '../../src-main/core/customers/directory';
import { matchKey } from '../../src-main/core/customers/phone-number';
import { openDatabase } from '../../src-main/core/store/database';
import { tempDir } from '../support/temp';

const phone = (raw: string, kind: string | null = 'phone') => {
  const key = matchKey(raw, 'DE');
  if (!key) throw new Error(`bad test number ${raw}`);
  return phoneFromKey(key, kind);
};

describe('the customer directory', () => {
  let db: Database;
  let directory: CustomerDirectory;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    directory = new CustomerDirectory(db);
  });
  afterEach(() => db.close());

  const add = (input: Omit<CustomerInput, 'source'>) => directory.upsert({ source: 'manual', ...input }, 1000);

  it('stores a customer and reads it back', () => {
    const stored = add({
      customerNumber: '4711',
      name: 'Jürgen Müller',
      email: 'jm@example.de',
      postcode: '10115',
      city: 'Berlin',
      street: 'Friedrichstraße 12',
      notes: 'VIP',
      salutation: 'male',
      extra: { Status: 'Gold' },
      phones: [phone('030 1234567'), phone('0151 12345678', 'mobile')],
    });
    expect(stored.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(directory.get(stored.id)).toEqual({
      id: stored.id,
      client: null,
      customerNumber: '4711',
      name: 'Jürgen Müller',
      email: 'jm@example.de',
      postcode: '10115',
      city: 'Berlin',
      street: 'Friedrichstraße 12',
      notes: 'VIP',
      salutation: 'male',
      language: null,
      extra: { Status: 'Gold' },
      source: 'manual',
      updatedAt: 1000,
      phones: [
        { e164: '+49301234567', extension: null, kind: 'phone' },
        { e164: '+4915112345678', extension: null, kind: 'mobile' },
      ],
    });
    expect(directory.get('nope')).toBeNull();
    expect(directory.count()).toBe(1);
  });

  it('finds a customer by the customer number, per client', () => {
    const a = add({ customerNumber: '100', name: 'A', client: 'acme' });
    const b = add({ customerNumber: '100', name: 'B', client: 'globex' });
    const shared = add({ customerNumber: '200', name: 'Shared' });
    expect(
      directory
        .findByCustomerNumber('100')
        .map((c) => c.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(directory.findByCustomerNumber(' 100 ', 'acme').map((c) => c.id)).toEqual([a.id]);
    expect(directory.findByCustomerNumber('200', 'acme').map((c) => c.id)).toEqual([shared.id]);
    expect(directory.findByCustomerNumber('300')).toEqual([]);
    expect(directory.findByCustomerNumber('')).toEqual([]);
  });

  it('updates the customer with the same number and client instead of adding one', () => {
    const first = add({ customerNumber: '100', name: 'Old Name', phones: [phone('030 1111111')] });
    directory.search('Old Name', 5); // indexed now: the update must re-index it
    const second = add({ customerNumber: '100', name: 'New Name', phones: [phone('030 2222222')] });
    expect(second.id).toBe(first.id);
    expect(directory.count()).toBe(1);
    expect(directory.get(first.id)?.phones.map((p) => p.e164)).toEqual(['+49302222222']);
    expect(directory.findByNumber('030 1111111', 'DE')).toEqual([]);
    expect(directory.search('Old Name', 5)).toEqual([]);
    expect(directory.search('New Name', 5).map((c) => c.id)).toEqual([first.id]);
    expect(directory.search('2222222', 5).map((c) => c.id)).toEqual([first.id]);
    expect(directory.search('1111111', 5)).toEqual([]);
    // Another client's customer 100 is someone else.
    add({ customerNumber: '100', name: 'Other', client: 'acme' });
    expect(directory.count()).toBe(2);
  });

  it('finds a customer by a number written any way, with or without an extension', () => {
    const c = add({ name: 'Berlin GmbH', phones: [phone('+49 30 1234567')] });
    for (const raw of ['+49 30 1234567', '030/1234567', '0049 30 1234567', '(030) 123 45 67', '+49 30 1234567-12', '030 1234567 ext. 12', 'tel:+49301234567']) {
      expect(
        directory.findByNumber(raw, 'DE').map((x) => x.id),
        raw,
      ).toEqual([c.id]);
    }
    expect(directory.findByNumber('030 7654321', 'DE')).toEqual([]);
    expect(directory.findByNumber('garbage', 'DE')).toEqual([]);
    // In Austria, 030… is not Berlin.
    expect(directory.findByNumber('030 1234567', 'AT')).toEqual([]);
  });

  it('searches a tel: URI as the number it names, as docs/customers.md lists it', () => {
    const c = add({ name: 'Hamburg GmbH', phones: [phone('+49 40 1234567')] });
    for (const query of ['tel:+49-40-1234567', 'TEL:+49401234567', 'tel:040-1234567;phone-context=+49', 'tel:%2B49%2040%201234567']) {
      expect(
        directory.search(query, 5, { defaultRegion: 'DE' }).map((x) => x.id),
        query,
      ).toEqual([c.id]);
    }
  });

  it('a caller from a direct-dial extension finds the customer stored with base number and extension', () => {
    const c = add({ name: 'Zentrale AG', phones: [phone('0221 12345-67')] });
    expect(directory.findByNumber('+49 221 1234567', 'DE').map((x) => x.id)).toEqual([c.id]);
    expect(directory.findByNumber('0221 12345', 'DE').map((x) => x.id)).toEqual([c.id]);
    expect(directory.findByNumber('+49 221 1234568', 'DE')).toEqual([]);
  });

  it('gives every customer with the number, for the pick list, sorted by name', () => {
    const b = add({ name: 'Bert Haushalt', phones: [phone('030 5555555')] });
    const a = add({ name: 'Anna Haushalt', phones: [phone('030 5555555'), phone('0151 5555555')] });
    add({ name: 'Other', client: 'acme', phones: [phone('030 5555555')] });
    expect(directory.findByNumber('030 5555555', 'DE', 'globex').map((x) => x.id)).toEqual([a.id, b.id]);
    expect(directory.findByNumber('030 5555555', 'DE')).toHaveLength(3);
  });

  it('finds short internal numbers by their digits', () => {
    const c = add({ name: 'Hausmeister', phones: [phone('2201')] });
    expect(directory.findByNumber('22 01', 'DE').map((x) => x.id)).toEqual([c.id]);
    expect(directory.findByNumber('2202', 'DE')).toEqual([]);
  });

  describe('search as you type', () => {
    beforeEach(() => {
      add({ customerNumber: 'K-1001', name: 'Jürgen Müller', email: 'juergen@example.de', postcode: '10115', phones: [phone('030 1234567')] });
      add({ customerNumber: 'K-1002', name: 'Maria Schmidt', email: 'maria.schmidt@example.org', postcode: '80331', phones: [phone('+49 89 7654321')] });
      add({ customerNumber: '5550001', name: 'Hans Mueller', email: 'hans@example.com', postcode: '01067', client: 'acme', phones: [phone('0151 99988877')] });
    });
    const names = (query: string, options = {}) =>
      directory
        .search(query, 10, { defaultRegion: 'DE', ...options })
        .map((c) => c.name)
        .sort();

    it('by any part of the name, case and accents ignored', () => {
      expect(names('Mül')).toEqual(['Jürgen Müller']);
      expect(names('mül')).toEqual(['Jürgen Müller']);
      expect(names('Muller')).toEqual(['Jürgen Müller']);
      expect(names('ller')).toEqual(['Hans Mueller', 'Jürgen Müller']);
      expect(names('schmi')).toEqual(['Maria Schmidt']);
      expect(names('Maria Schm')).toEqual(['Maria Schmidt']);
      expect(names('Schmidt Maria')).toEqual(['Maria Schmidt']);
      expect(names('Maria Müller')).toEqual([]);
    });

    it('by the number typed any way', () => {
      expect(names('030 123')).toEqual(['Jürgen Müller']);
      expect(names('+49 30 1234')).toEqual(['Jürgen Müller']);
      expect(names('0049 30 12')).toEqual(['Jürgen Müller']);
      expect(names('1234567')).toEqual(['Jürgen Müller']);
      expect(names('089/765')).toEqual(['Maria Schmidt']);
      expect(names('0151 999')).toEqual(['Hans Mueller']);
    });

    it('by customer number, e-mail and postcode', () => {
      expect(names('K-1002')).toEqual(['Maria Schmidt']);
      expect(names('1001')).toEqual(['Jürgen Müller']);
      expect(names('5550001')).toEqual(['Hans Mueller']);
      expect(names('maria.sch')).toEqual(['Maria Schmidt']);
      expect(names('example.com')).toEqual(['Hans Mueller']);
      expect(names('10115')).toEqual(['Jürgen Müller']);
      expect(names('01067')).toEqual(['Hans Mueller']);
    });

    it('puts an exact customer number first and limits the list', () => {
      add({ customerNumber: 'X1', name: 'Kunde 5550001 Kopie' });
      const hits = directory.search('5550001', 10);
      expect(hits[0]?.customerNumber).toBe('5550001');
      expect(hits).toHaveLength(2);
      expect(directory.search('example', 2)).toHaveLength(2);
      expect(directory.search('example', 0)).toEqual([]);
    });

    it('short input finds only exact customer numbers; nothing and query syntax find nothing', () => {
      add({ customerNumber: '42', name: 'Zweiundvierzig' });
      expect(names('42')).toEqual(['Zweiundvierzig']);
      expect(names('Mü')).toEqual([]);
      expect(names('')).toEqual([]);
      expect(names('   ')).toEqual([]);
      expect(names('"Mül')).toEqual([]);
      expect(names('Mül*')).toEqual([]);
      expect(names('NEAR(a b)')).toEqual([]);
    });

    it('by client: that client and the shared customers', () => {
      expect(names('ller', { client: 'acme' })).toEqual(['Hans Mueller', 'Jürgen Müller']);
      expect(names('ller', { client: 'globex' })).toEqual(['Jürgen Müller']);
    });

    it('finds customers written after the last search (the reader catches the index up)', () => {
      expect(names('Neumann')).toEqual([]);
      add({ name: 'Petra Neumann' });
      expect(names('Neumann')).toEqual(['Petra Neumann']);
      expect(directory.indexForSearch()).toBe(0);
    });
  });
});
