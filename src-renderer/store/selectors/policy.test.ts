import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../test/fixtures';
import { isLocked, lockedItSettings, lockedValue } from './policy';

describe('locked settings', () => {
  it('are locked by their own path or by their section, never by a neighbour with the same start', () => {
    expect(isLocked(['ui.language'], 'ui.language')).toBe(true);
    expect(isLocked(['audio'], 'audio.microphoneId')).toBe(true);
    expect(isLocked(['sip.uri'], 'sip.uriScheme')).toBe(false);
    expect(isLocked([], 'ui.language')).toBe(false);
  });

  it('list the locked IT settings the dialog has no field for, with their values', () => {
    const snapshot = makeSnapshot();
    const settings = {
      ...snapshot.settings,
      sip: { ...snapshot.settings.sip, websocketUrl: 'wss://sip.example.org', blockedPrefixes: ['0900', '0137'] },
      updates: { ...snapshot.settings.updates, enabled: false },
    };
    const locked = ['ui.language', 'sip.websocketUrl', 'updates.enabled', 'sip.blockedPrefixes', 'wrapUp.autoSeconds'];
    expect(lockedItSettings(locked, settings)).toEqual([
      { path: 'sip.websocketUrl', value: { kind: 'text', text: 'wss://sip.example.org' } },
      { path: 'updates.enabled', value: { kind: 'off' } },
      { path: 'sip.blockedPrefixes', value: { kind: 'text', text: '0900, 0137' } },
      { path: 'wrapUp.autoSeconds', value: { kind: 'notSet' } },
    ]);
    expect(lockedItSettings(locked, null)).toEqual([]);
  });

  it('word on, off and not set, and show numbers and texts as they are', () => {
    expect(lockedValue(true)).toEqual({ kind: 'on' });
    expect(lockedValue([])).toEqual({ kind: 'notSet' });
    expect(lockedValue(600)).toEqual({ kind: 'text', text: '600' });
  });
});
