import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import { matchesPin, rolloutPositionOf, withinRollout } from '../../src-main/core/updates/rollout';

describe("a desk's place in staged rollouts", () => {
  it('is fixed by the computer name, whatever its case, and spread over 0–100', () => {
    expect(rolloutPositionOf('DESK-017')).toBe(rolloutPositionOf('desk-017'));
    const places = Array.from({ length: 1000 }, (_, i) => rolloutPositionOf(`desk-${i}`));
    expect(Math.min(...places)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...places)).toBeLessThan(100);
    // A 25 % rollout reaches about a quarter of a thousand desks.
    const reached = places.filter((place) => withinRollout(25, place)).length;
    expect(reached).toBeGreaterThan(200);
    expect(reached).toBeLessThan(300);
  });

  it("follows electron-updater's rule, with 100 % for everyone and 0 % for no one", () => {
    expect(withinRollout(null, 99.9)).toBe(true);
    expect(withinRollout(30, 29.9)).toBe(true);
    expect(withinRollout(30, 30)).toBe(false);
    expect(withinRollout('30', 12)).toBe(true);
    expect(withinRollout(100, 100)).toBe(true);
    expect(withinRollout(0, 0)).toBe(false);
    // electron-updater lets a percentage that is no number through; so do we.
    expect(withinRollout('soon', 90)).toBe(true);
  });
});

describe('a pin', () => {
  it('takes the versions it names and no others', () => {
    expect(matchesPin('1.4.2', '1.4.2')).toBe(true);
    expect(matchesPin('1.4.2', '1.4')).toBe(true);
    expect(matchesPin('1.4.2', '1')).toBe(true);
    expect(matchesPin('1.40.0', '1.4')).toBe(false);
    expect(matchesPin('1.5.0', '1.4')).toBe(false);
    expect(matchesPin('1.4.3-beta.1', '1.4')).toBe(false);
    expect(matchesPin('1.4.3-beta.1', '1.4.3-beta.1')).toBe(true);
  });
});

describe('the update settings', () => {
  const parse = (updates: unknown) => settingsSchema.safeParse({ updates });

  it('default to on, the built-in feed, channel latest, no pin', () => {
    expect(settingsSchema.parse({}).updates).toEqual({
      enabled: true,
      url: null,
      channel: 'latest',
      pinVersion: null,
      rolloutPosition: null,
      checkHours: 4,
    });
  });

  it('refuse a feed in clear text to another computer, naming the key', () => {
    const result = parse({ url: 'http://updates.example.org/anlauf/' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['updates', 'url'], message: 'an https:// URL (http:// only for 127.0.0.1 or localhost)' });
    expect(parse({ url: 'http://127.0.0.1:8080/anlauf/' }).success).toBe(true);
    expect(parse({ url: 'https://updates.example.org/anlauf/' }).success).toBe(true);
  });

  it('refuse a pin that is no version, a channel with a path in it, and an unknown key', () => {
    expect(parse({ pinVersion: 'latest' }).error?.issues[0]?.path).toEqual(['updates', 'pinVersion']);
    expect(parse({ channel: '../latest' }).error?.issues[0]?.path).toEqual(['updates', 'channel']);
    expect(parse({ stagingPercentage: 10 }).success).toBe(false);
  });
});
