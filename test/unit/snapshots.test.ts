import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src-main/contract';
import { Snapshots } from '../../src-main/core/snapshots';

/** A stand-in for the composition root's snapshot: only its revision matters here. */
const built = (revision: number) => ({ revision }) as Snapshot;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('Snapshots', () => {
  function snapshots(readable = () => true) {
    const made = new Snapshots(built, readable);
    const sent: number[] = [];
    made.onDidChange((snapshot) => sent.push(snapshot.revision));
    return { made, sent };
  }

  it('sends the changes of one tick as one snapshot, one revision on', async () => {
    const { made, sent } = snapshots();
    expect(made.snapshot().revision).toBe(0);
    made.queue();
    made.queue();
    made.queue();
    expect(sent).toEqual([]);
    await tick();
    expect(sent).toEqual([1]);
    made.queue();
    await tick();
    expect(sent).toEqual([1, 2]);
    expect(made.snapshot().revision).toBe(2);
  });

  it('sends nothing once closed, not even a snapshot already queued', async () => {
    const { made, sent } = snapshots();
    made.queue();
    made.close();
    made.queue();
    await tick();
    expect(sent).toEqual([]);
  });

  it('sends nothing while what it reads cannot be read, and counts no revision for it', async () => {
    let open = false;
    const { made, sent } = snapshots(() => open);
    made.queue();
    await tick();
    open = true;
    made.queue();
    await tick();
    expect(sent).toEqual([1]);
  });
});
