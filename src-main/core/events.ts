/**
 * The core's one event idiom (VS Code's `base/common/event.ts` and `lifecycle.ts`): a service
 * exposes `readonly onDidChange: Event<T>`, fired by a private `Emitter<T>`; subscribing returns a
 * disposable, and whoever subscribes keeps it in a `DisposableStore` that its teardown disposes.
 */

/** Something that holds a resource (a subscription, a timer) until it is disposed. */
export interface IDisposable {
  dispose(): void;
}

/** Subscribes a listener; disposing the result unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => IDisposable;

export function toDisposable(dispose: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/** The firing side of an event; the owner keeps it private and hands out `event`. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    // Wrap so the same function subscribed twice is two subscriptions, each removable on its own.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return toDisposable(() => this.listeners.delete(entry));
  };

  fire(value: T): void {
    // A copy: a listener that unsubscribes (or subscribes) while the event runs does not skip anyone.
    for (const listener of [...this.listeners]) listener(value);
  }

  /** How many listeners are subscribed (a power event is only delayed when someone listens). */
  get size(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Disposables kept until the owner's teardown; one added after that is disposed at once. */
export class DisposableStore implements IDisposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  add<D extends IDisposable>(item: D): D {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items];
    this.items.clear();
    for (const item of items) item.dispose();
  }
}
