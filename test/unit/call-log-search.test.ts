import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallLogRepository, type NewCall } from '../../src-main/core/store/call-log';
import { openDatabase } from '../../src-main/core/store/database';
import { tempDir } from '../support/temp';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

function seed() {
  const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 't' });
  const log = new CallLogRepository(db);
  const calls: Partial<NewCall>[] = [
    { remoteNumber: '+49 40 3012 4477', remoteName: 'Erika Mustermann', client: 'Stadtwerke Nord', ivr: { customerNumber: 'K-100234' } },
    { remoteNumber: '+49 89 2180 5511', remoteName: 'Max Huber', client: 'Alpenfunk Mobil', ivr: { customerNumber: 'V-55120' } },
    { remoteNumber: '+43 1 532 9988', remoteName: null, client: 'Hauptstadt Versicherung', ivr: {} },
    { remoteNumber: '+49 40 3012 9999', remoteName: 'Jana Schulz', client: 'Stadtwerke Nord', ivr: { customerNumber: 'K-230011' } },
  ];
  const ids: string[] = [];
  for (let day = 0; day < 10; day++) {
    calls.forEach((c, i) => {
      const id = `d${day}-c${i}`;
      ids.push(id);
      log.recordRinging({
        id,
        line: 'sip',
        direction: i === 2 ? 'outbound' : 'inbound',
        remoteNumber: '',
        remoteName: null,
        dialedNumber: '+49 40 800 100',
        client: null,
        campaign: null,
        ivr: {},
        ringAt: T0 + day * DAY + i * 60_000,
        ...c,
      } as NewCall);
    });
  }
  return { db, log, ids };
}

describe('call log search', () => {
  it('finds any part of a number, however it is typed', () => {
    const { log } = seed();
    for (const text of ['3012 4477', '30124477', '+49 40 3012', '4477', '040-3012']) {
      const found = log.search({ text, limit: 100 }).entries;
      expect(found.length, text).toBeGreaterThanOrEqual(10);
      expect(
        found.every((e) => e.remoteNumber.replace(/\D/g, '').includes(text.replace(/\D/g, '').replace(/^0/, ''))),
        text,
      ).toBe(true);
    }
    expect(log.search({ text: '4477', limit: 100 }).entries).toHaveLength(10);
  });

  it('finds names, customer numbers and clients, case-insensitively', () => {
    const { log } = seed();
    expect(log.search({ text: 'mustermann', limit: 100 }).entries).toHaveLength(10);
    expect(log.search({ text: 'K-1002', limit: 100 }).entries.map((e) => e.ivr.customerNumber)).toEqual(Array(10).fill('K-100234'));
    expect(log.search({ text: 'alpenfunk', limit: 100 }).entries).toHaveLength(10);
    expect(log.search({ text: 'Ma', limit: 100 }).entries.map((e) => e.remoteName)).toEqual(Array(10).fill('Max Huber'));
    expect(log.search({ text: 'nobody here', limit: 100 }).entries).toEqual([]);
    expect(log.search({ text: '"; DROP TABLE calls; --', limit: 100 }).entries).toEqual([]);
  });

  it('filters by client, direction and date range, newest first, and pages without gaps', () => {
    const { log } = seed();
    const client = log.search({ client: 'Stadtwerke Nord', from: T0 + 2 * DAY, to: T0 + 5 * DAY, limit: 100 }).entries;
    expect(client).toHaveLength(6);
    expect(client.map((e) => e.ringAt)).toEqual([...client.map((e) => e.ringAt)].sort((a, b) => b - a));
    expect(client.every((e) => e.ringAt >= T0 + 2 * DAY && e.ringAt < T0 + 5 * DAY)).toBe(true);
    expect(log.search({ direction: 'outbound', limit: 100 }).entries).toHaveLength(10);
    // Text within a date range (read directly, not through the index): the same answers.
    const huber = log.search({ text: 'huber', from: T0 + 3 * DAY, to: T0 + 6 * DAY, limit: 100 }).entries;
    expect(huber.map((e) => e.id)).toEqual(['d5-c1', 'd4-c1', 'd3-c1']);
    expect(log.search({ text: '040 3012', from: T0, to: T0 + DAY, limit: 100 }).entries.map((e) => e.id)).toEqual(['d0-c3', 'd0-c0']);
    expect(log.search({ text: 'Stadtwerke', direction: 'outbound', limit: 100 }).entries).toHaveLength(0);

    const seen: string[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = log.search({ text: 'Nord', limit: 7, cursor });
      seen.push(...page.entries.map((e) => e.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect(log.clients()).toEqual(['Alpenfunk Mobil', 'Hauptstadt Versicherung', 'Stadtwerke Nord']);
  });
});
