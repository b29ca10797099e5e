import { describe, expect, it } from 'vitest';
import { closestName } from '../../src-main/shared/closest-name';

describe('closestName: the setting a mistyped key most likely meant', () => {
  const sip = ['websocketUrl', 'uri', 'password', 'blockedPrefixes', 'keepAliveSeconds', 'displayName'];

  it('finds a different case, a swapped pair, a missing or extra letter', () => {
    expect(closestName('websocketURL', sip)).toBe('websocketUrl');
    expect(closestName('pasword', sip)).toBe('password');
    expect(closestName('blockedPrefix', sip)).toBe('blockedPrefixes');
    expect(closestName('dipslayName', sip)).toBe('displayName');
  });

  it('suggests nothing when no name is close, or the word is known', () => {
    expect(closestName('keepAlive', sip)).toBeNull();
    expect(closestName('ringtone', sip)).toBeNull();
    expect(closestName('uri', sip)).toBeNull();
    expect(closestName('x', [])).toBeNull();
  });

  it('prefers the fewest edits', () => {
    expect(closestName('channl', ['channels', 'channel'])).toBe('channel');
  });
});
