import { describe, expect, it } from 'vitest';
import type { Message } from '../../src-main/contract';
import { createI18n } from './index';
import { wordSaid } from './said';

describe("main's messages in the renderer", () => {
  it("words a refusal from main in the UI's language, from the i18next resources", () => {
    const refusal: Message = { key: 'dial.blocked', params: { number: '+49 900 123456', prefix: '+49900' } };
    expect(wordSaid(createI18n('de').t, refusal)).toBe(
      '+49 900 123456 wird nicht gewählt: Nummern, die mit +49900 beginnen, sind an diesem Arbeitsplatz gesperrt.',
    );
    expect(wordSaid(createI18n('en').t, refusal)).toBe('+49 900 123456 is not dialled: numbers starting with +49900 are blocked on this workstation.');
  });

  it('words a message inside another in the same language, and keeps a parameter as it came', () => {
    const auto: Message = { key: 'wrapUp.autoFailed', params: { code: '<NA>', reason: { key: 'wrapUp.callbackInPast', params: {} } } };
    expect(wordSaid(createI18n('de').t, auto)).toBe('Der automatische Code „<NA>“ konnte nicht vergeben werden: Die Rückrufzeit liegt in der Vergangenheit.');
  });
});

describe('states inside a refusal', () => {
  // Main sends the state as a message of its own, so the German sentence gets a German state word.
  it('words the state of a call or a callback in the sentence’s language', () => {
    const call: Message = { key: 'call.cannotAnswer', params: { state: { key: 'callState.ended', params: {} } } };
    expect(wordSaid(createI18n('de').t, call)).toBe('Der Anruf kann nicht angenommen werden (Zustand: beendet).');
    expect(wordSaid(createI18n('en').t, call)).toBe('The call is ended, it cannot be answered.');
    const callback: Message = { key: 'callback.notOpen', params: { state: { key: 'callbackState.done', params: {} } } };
    expect(wordSaid(createI18n('de').t, callback)).toBe('Dieser Rückruf ist nicht mehr offen (Stand: erledigt).');
    expect(wordSaid(createI18n('en').t, callback)).toBe('This callback is done.');
  });
});
