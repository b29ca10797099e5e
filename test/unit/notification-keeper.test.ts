import { describe, expect, it } from 'vitest';
import { NotificationKeeper } from '../../src-main/electron/notification-keeper';

class Toast {
  closed = 0;
  constructor(readonly name: string) {}
  close(): void {
    this.closed++;
  }
}

describe('NotificationKeeper', () => {
  it('keeps a notification referenced until it is released (clicked, closed or failed)', () => {
    const keeper = new NotificationKeeper<Toast>();
    const due = new Toast('callback due');
    keeper.keep('callback:1', due);
    expect(keeper.has('callback:1')).toBe(true);
    keeper.release('callback:1', due);
    expect(keeper.size).toBe(0);
    expect(due.closed).toBe(0);
  });

  it("closes and replaces an older one under the same key; the older one's late release keeps the newer", () => {
    const keeper = new NotificationKeeper<Toast>();
    const first = new Toast('first');
    const second = new Toast('second');
    keeper.keep('call:1', first);
    keeper.keep('call:1', second);
    expect(first.closed).toBe(1);
    // The first one's 'close' event arrives after it was replaced.
    keeper.release('call:1', first);
    expect(keeper.has('call:1')).toBe(true);
    keeper.close('call:1');
    expect(second.closed).toBe(1);
    expect(keeper.size).toBe(0);
    keeper.close('call:1');
    expect(second.closed).toBe(1);
  });

  it('lets go of the oldest past its limit, without closing it, and closes all on demand', () => {
    const keeper = new NotificationKeeper<Toast>(2);
    const toasts = [new Toast('a'), new Toast('b'), new Toast('c')];
    toasts.forEach((toast, i) => keeper.keep(`k${i}`, toast));
    expect([keeper.has('k0'), keeper.has('k1'), keeper.has('k2')]).toEqual([false, true, true]);
    expect(toasts[0]!.closed).toBe(0);
    keeper.closeAll();
    expect(toasts.map((toast) => toast.closed)).toEqual([0, 1, 1]);
    expect(keeper.size).toBe(0);
  });
});
