import { describe, expect, it } from 'vitest';
import { DisposableStore, Emitter, toDisposable } from '../../src-main/core/events';

describe('Emitter', () => {
  it('fires to every listener until its subscription is disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = emitter.event((n) => seen.push(`a${n}`));
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    a.dispose();
    emitter.fire(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(emitter.size).toBe(1);
  });

  it('keeps the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<void>();
    let calls = 0;
    const listener = () => calls++;
    const first = emitter.event(listener);
    emitter.event(listener);
    first.dispose();
    first.dispose();
    emitter.fire();
    expect(calls).toBe(1);
  });

  it('reaches every listener of a firing even when one unsubscribes another meanwhile', () => {
    const emitter = new Emitter<void>();
    const seen: string[] = [];
    let second = { dispose: () => {} };
    emitter.event(() => {
      seen.push('first');
      second.dispose();
    });
    second = emitter.event(() => seen.push('second'));
    emitter.fire();
    emitter.fire();
    expect(seen).toEqual(['first', 'second', 'first']);
  });

  it('forgets every listener when disposed', () => {
    const emitter = new Emitter<void>();
    let calls = 0;
    emitter.event(() => calls++);
    emitter.dispose();
    emitter.fire();
    expect(calls).toBe(0);
  });
});

describe('DisposableStore', () => {
  it('disposes what it holds once, and at once what is added after', () => {
    const store = new DisposableStore();
    const disposed: string[] = [];
    store.add(toDisposable(() => disposed.push('a')));
    store.add(toDisposable(() => disposed.push('b')));
    store.dispose();
    store.dispose();
    expect(disposed).toEqual(['a', 'b']);
    store.add(toDisposable(() => disposed.push('late')));
    expect(disposed).toEqual(['a', 'b', 'late']);
  });

  it('ends the subscriptions put in it', () => {
    const emitter = new Emitter<void>();
    const store = new DisposableStore();
    let calls = 0;
    store.add(emitter.event(() => calls++));
    emitter.fire();
    store.dispose();
    emitter.fire();
    expect(calls).toBe(1);
    expect(emitter.size).toBe(0);
  });
});
