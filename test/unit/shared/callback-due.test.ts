import { describe, expect, it } from 'vitest';
import { callbackDueAlert, callbackDueNotice } from '../../../src-main/shared/callback-due';

const words = { title: (who: string) => `Rückruf fällig: ${who}`, plain: 'Aus Anlauf zurückrufen' };
const hans = { customerName: 'Hans Berger', number: '+49 40 1234567', campaign: { id: 'c1', name: 'Winter' }, note: 'nach 18 Uhr' };

describe('a due callback, said once for every place that says it', () => {
  it('names whom to call in the title and the number (under a name), campaign and note in the body', () => {
    expect(callbackDueAlert(hans, words)).toEqual({ title: 'Rückruf fällig: Hans Berger', body: '+49 40 1234567 · Winter · nach 18 Uhr' });
    expect(callbackDueAlert({ customerName: null, number: '+4940123', campaign: null, note: null }, words)).toEqual({
      title: 'Rückruf fällig: +4940123',
      body: 'Aus Anlauf zurückrufen',
    });
  });

  it('puts whom, the number and the note on one line for the window', () => {
    expect(callbackDueNotice(hans, words)).toBe('Rückruf fällig: Hans Berger (+49 40 1234567) — nach 18 Uhr');
    expect(callbackDueNotice({ ...hans, customerName: null, note: null }, words)).toBe('Rückruf fällig: +49 40 1234567 (+49 40 1234567)');
  });
});
