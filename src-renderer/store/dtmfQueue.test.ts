import { describe, expect, it } from 'vitest';
import { createDtmfQueue } from './dtmfQueue';

function deferredSender(results: boolean[] = []) {
  const sent: [string, string][] = [];
  const waiting: (() => void)[] = [];
  const send = (callId: string, tones: string) => {
    sent.push([callId, tones]);
    const ok = results.shift() ?? true;
    return new Promise<boolean>((resolve) => waiting.push(() => resolve(ok)));
  };
  const releaseNext = async () => {
    waiting.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { send, sent, releaseNext };
}

describe('DTMF queue', () => {
  it('sends at once and joins the keys pressed meanwhile, in order', async () => {
    const { send, sent, releaseNext } = deferredSender();
    const enqueue = createDtmfQueue(send);
    void enqueue('c1', '1');
    void enqueue('c1', '2');
    void enqueue('c1', '#');
    expect(sent).toEqual([['c1', '1']]);
    await releaseNext();
    expect(sent).toEqual([
      ['c1', '1'],
      ['c1', '2#'],
    ]);
    await releaseNext();
    void enqueue('c1', '5');
    expect(sent.at(-1)).toEqual(['c1', '5']);
  });

  it('keeps calls apart', () => {
    const { send, sent } = deferredSender();
    const enqueue = createDtmfQueue(send);
    void enqueue('a', '1');
    void enqueue('b', '2');
    expect(sent).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('splits long runs into commands of at most 32 keys', async () => {
    const { send, sent, releaseNext } = deferredSender();
    const enqueue = createDtmfQueue(send);
    void enqueue('c', '0');
    void enqueue('c', '1'.repeat(40));
    await releaseNext();
    await releaseNext();
    expect(sent.map(([, tones]) => tones.length)).toEqual([1, 32, 8]);
  });

  it('drops what is queued after a refusal and ignores keys that are not tones', async () => {
    const { send, sent, releaseNext } = deferredSender([false]);
    const enqueue = createDtmfQueue(send);
    void enqueue('c', 'x');
    expect(sent).toEqual([]);
    void enqueue('c', '1');
    void enqueue('c', '2');
    await releaseNext();
    expect(sent).toEqual([['c', '1']]);
  });
});
