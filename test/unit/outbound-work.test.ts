import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import { silentLogger } from '../../src-main/core/log';
import { CallListRepository } from '../../src-main/core/outbound/call-lists';
import { CallbackRepository } from '../../src-main/core/outbound/callbacks';
import { OutboundWork } from '../../src-main/core/outbound/outbound-work';
import { openDatabase } from '../../src-main/core/store/database';
import { ManualClock } from '../support/manual-clock';
import { tempDir } from '../support/temp';

describe('OutboundWork', () => {
  const closers: (() => void)[] = [];
  afterEach(() => closers.splice(0).forEach((close) => close()));

  function outbound(defaultCountry: string) {
    const db = openDatabase(path.join(tempDir(), 'anlauf.sqlite'), { appVersion: 'test' });
    closers.push(() => db.close());
    const clock = new ManualClock();
    const settings = settingsSchema.parse({ sip: { defaultCountry } });
    const callLists = new CallListRepository(db);
    const work = new OutboundWork({
      callbacks: new CallbackRepository(db),
      callLists,
      settings: () => settings,
      clock,
      logger: silentLogger,
      dial: () => Promise.reject(new Error('no dialing here')),
      due: () => {},
    });
    let changes = 0;
    work.onDidChange(() => changes++);
    return { work, callLists, clock, changes: () => changes };
  }

  it("imports a call list for its campaign, reads national numbers in the desk's country, and announces it", async () => {
    const { work, callLists, clock, changes } = outbound('AT');
    const file = path.join(tempDir(), 'welle-1.csv');
    fs.writeFileSync(file, 'Name;Telefon\r\nJürgen Weiß;01 2345678\r\n');

    const imported = await work.importCallList({ name: 'Welle 1', campaign: 'survey', file });

    expect(imported.list).toMatchObject({ name: 'Welle 1', campaign: 'survey', client: null, importedAt: clock.now(), total: 1 });
    expect(callLists.next(imported.list.id)).toMatchObject({ name: 'Jürgen Weiß', number: '+4312345678' });
    expect(changes()).toBe(1);
  });
});
