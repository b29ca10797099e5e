import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced';

describe('coalesced: a refresh asked for while one runs', () => {
  it('runs once more after the run under way, however often it was asked, and never twice at once', async () => {
    let runs = 0;
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const refresh = coalesced(async () => {
      runs += 1;
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
    });
    const first = refresh();
    const second = refresh();
    const third = refresh();
    expect(second).toBe(first);
    expect(third).toBe(first);
    gates.shift()?.();
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gates.shift()?.();
    await first;
    expect(runs).toBe(2);
    expect(most).toBe(1);
    // Asked again once it is done: a new run.
    const later = refresh();
    expect(later).not.toBe(first);
    gates.shift()?.();
    await later;
    expect(runs).toBe(3);
  });
});
