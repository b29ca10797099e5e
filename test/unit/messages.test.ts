import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageKeys, messageParams, messageSchema, said, type MessageKey } from '../../src-main/contract';
import { AnlaufError } from '../../src-main/core/errors';
import { answered, type Call } from '../../src-main/core/phone/call';
import { catalogue, nestedTexts, placeholders, wordMessage } from '../../src-main/shared/messages';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe("main's messages", () => {
  it('has a German and an English text for every key main can send, using exactly the declared parameters', () => {
    expect(messageKeys.length).toBeGreaterThan(100);
    for (const key of messageKeys) {
      const declared = Object.keys(messageParams[key]).sort();
      for (const language of ['de', 'en'] as const) {
        const text = catalogue[language][key];
        expect(text?.trim(), `${language} ${key}`).toBeTruthy();
        expect(placeholders(text).sort(), `${language} ${key}`).toEqual(declared);
      }
    }
  });

  it('has no text for a key the contract does not know, and every key is one group and one name', () => {
    for (const language of ['de', 'en'] as const) expect(Object.keys(catalogue[language]).sort()).toEqual([...messageKeys].sort());
    for (const key of messageKeys) expect(key).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
    // i18next reads the catalogue nested: no key may hide another.
    const nested = nestedTexts('de');
    expect(Object.values(nested).reduce((n, group) => n + Object.keys(group).length, 0)).toBe(messageKeys.length);
  });

  // The constructor's type takes only [key, params]; this also catches a sentence sneaking back
  // through a cast. A non-literal first argument (a typed key chosen by a table) is the compiler's.
  it('throws only keys of the table: every `new AnlaufError(` in src-main names one', () => {
    const sites: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src-main'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/new AnlaufError\(\s*([^,)]*)/g)) {
        const first = match[1]!.trim();
        if (!/^['"`]/.test(first)) continue;
        const key = /^'([^']+)'$/.exec(first)?.[1];
        if (!key || !(messageKeys as string[]).includes(key)) sites.push(`${path.relative(root, file)}: new AnlaufError(${first}`);
      }
    }
    expect(sites).toEqual([]);
  });

  it('words a message in either language, a message inside another in the same language', () => {
    const blocked = said('dial.blocked', { number: '+49 900 1234', prefix: '+49900' });
    expect(wordMessage('en', blocked)).toBe('+49 900 1234 is not dialled: numbers starting with +49900 are blocked on this workstation.');
    expect(wordMessage('de', blocked)).toBe('+49 900 1234 wird nicht gewählt: Nummern, die mit +49900 beginnen, sind an diesem Arbeitsplatz gesperrt.');
    const auto = said('wrapUp.autoFailed', { code: 'NA', reason: said('wrapUp.callbackInPast', {}) });
    expect(wordMessage('de', auto)).toBe('Der automatische Code „NA“ konnte nicht vergeben werden: Die Rückrufzeit liegt in der Vergangenheit.');
  });

  it("keeps the English wording as an AnlaufError's message, and the key and parameters beside it", () => {
    const error = new AnlaufError('upload.incomplete', { received: 10, size: 20 }, 'conflict');
    expect(error.message).toBe('The upload is not complete (10 of 20 bytes).');
    expect(error.said).toEqual({ key: 'upload.incomplete', params: { received: 10, size: 20 } });
    expect(error.code).toBe('conflict');
  });

  it('parses a message on the wire only with a known key and exactly its parameters', () => {
    expect(messageSchema.safeParse(said('customer.exists', { number: '+4930123' })).success).toBe(true);
    expect(messageSchema.safeParse({ key: 'customer.exists', params: {} }).success).toBe(false);
    expect(messageSchema.safeParse({ key: 'customer.exists', params: { number: '1', extra: 'x' } }).success).toBe(false);
    expect(messageSchema.safeParse({ key: 'no.suchKey' as MessageKey, params: {} }).success).toBe(false);
  });

  it('sends a state inside a refusal as a message of its own, never as a raw state name', () => {
    const refusal = (() => {
      try {
        answered({ state: 'ended' } as Call, 0);
      } catch (error) {
        return (error as AnlaufError).said;
      }
      return null;
    })();
    expect(refusal).toEqual(said('call.cannotAnswer', { state: said('callState.ended', {}) }));
    expect(wordMessage('de', refusal!)).toBe('Der Anruf kann nicht angenommen werden (Zustand: beendet).');
  });
});
