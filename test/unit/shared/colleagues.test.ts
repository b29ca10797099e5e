import { describe, expect, it } from 'vitest';
import type { ColleagueView } from '../../../src-main/contract';
import { isFree, searchColleagues } from '../../../src-main/shared/colleagues';

type C = Pick<ColleagueView, 'name' | 'skills' | 'languages' | 'presence' | 'call' | 'client'>;
const c = (name: string, over: Partial<C> = {}): C => ({ name, skills: [], languages: [], presence: 'ready', call: 'idle', client: null, ...over });

describe('searching the colleague directory', () => {
  it('counts a colleague free only when ready (or available) and their phone neither rings nor talks', () => {
    expect(isFree(c('a'))).toBe(true);
    expect(isFree(c('a', { presence: 'available', call: 'unknown' }))).toBe(true);
    expect(isFree(c('a', { call: 'ringing' }))).toBe(false);
    expect(isFree(c('a', { call: 'onCall' }))).toBe(false);
    expect(isFree(c('a', { presence: 'wrapUp' }))).toBe(false);
    expect(isFree(c('a', { presence: 'unknown' }))).toBe(false);
  });

  it('puts free colleagues first, then busy, then away, then offline or unknown, each in the directory order', () => {
    const list = [
      c('off', { presence: 'offline' }),
      c('talk', { presence: 'onCall', call: 'onCall' }),
      c('lunch', { presence: 'notReady' }),
      c('free1'),
      c('ringing', { call: 'ringing' }),
      c('unknown', { presence: 'unknown', call: 'unknown' }),
      c('free2', { presence: 'available' }),
    ];
    expect(searchColleagues(list, '').map((x) => x.name)).toEqual(['free1', 'free2', 'talk', 'ringing', 'lunch', 'off', 'unknown']);
  });

  it('matches every word in the name (anywhere), a skill or a language (from its start), ignoring case', () => {
    const list = [
      c('Jonas Becker', { skills: ['fault'], languages: ['de'] }),
      c('Cem Yilmaz', { skills: ['contract', 'fault'], languages: ['tr', 'de'] }),
      c('Anna Faulhaber', { skills: ['billing'], languages: ['en'] }),
    ];
    expect(searchColleagues(list, 'FAUL').map((x) => x.name)).toEqual(['Jonas Becker', 'Cem Yilmaz', 'Anna Faulhaber']);
    expect(searchColleagues(list, 'fault tr').map((x) => x.name)).toEqual(['Cem Yilmaz']);
    expect(searchColleagues(list, 'aulh').map((x) => x.name)).toEqual(['Anna Faulhaber']);
    expect(searchColleagues(list, '  becker  ').map((x) => x.name)).toEqual(['Jonas Becker']);
  });

  it("keeps a client's colleagues and those serving every client, and leaves out other clients'", () => {
    const list = [c('all'), c('mine', { client: 'stadtwerke' }), c('theirs', { client: 'versicherung' })];
    expect(searchColleagues(list, '', 'stadtwerke').map((x) => x.name)).toEqual(['all', 'mine']);
    expect(searchColleagues(list, '').map((x) => x.name)).toEqual(['all', 'mine', 'theirs']);
  });
});
