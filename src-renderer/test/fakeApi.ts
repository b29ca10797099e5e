import { buildApi, commands, ok, type AnlaufApi, type CommandName, type EventName, type EventPayload, type Subscribe } from '../../src-main/contract';
import { vi, type Mock } from 'vitest';

type Mocked<F> = F extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : never;

/** `window.anlauf` as the renderer tests get it: every command and subscription a mock, to read and to override. */
export type FakeApi = { [N in keyof AnlaufApi]: { [K in keyof AnlaufApi[N]]: Mocked<AnlaufApi[N][K]> } };

/** The commands a fake of main answers itself, in `window.anlauf`'s shape (`phone: { dial }`). */
export type FakeAnswers = { [N in Exclude<keyof AnlaufApi, 'on'>]?: Partial<AnlaufApi[N]> };

type Answer = (request: unknown) => Promise<unknown>;
type Listener = (payload: unknown) => void;

/**
 * Builds `window.anlauf` from the contract, as the hosts do, over a main that answers from
 * `answers`. A command the contract adds is there at once: one that only confirms (`ok`) answers
 * `{ ok: true }`, any other refuses until it is given an answer, so a new command costs the fake
 * nothing until a test needs what it returns.
 */
export function createFakeApi(answers: FakeAnswers) {
  const listeners = new Map<EventName, Set<Listener>>();

  const invoke = (name: CommandName, request: unknown): Promise<unknown> => {
    const [namespace, verb] = name.split(':') as [keyof FakeAnswers, string];
    const own = (answers[namespace] as Record<string, Answer | undefined> | undefined)?.[verb];
    if (own) return own(request);
    if (commands[name].response === ok) return Promise.resolve({ ok: true });
    return Promise.reject(
      new Error(
        `The fake of main has no answer for '${name}': give it one in createFakeAnlauf (src-renderer/test/fakeAnlauf.ts), ` +
          `or in the test with fake.api.${namespace}.${verb}.mockResolvedValue(…).`,
      ),
    );
  };

  const subscribe: Subscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  // Each function of the built API becomes a mock around itself: tests read its calls and may
  // override an answer (`mockResolvedValueOnce`) without the fake knowing.
  const built = buildApi(invoke, subscribe) as unknown as Record<string, Record<string, (...args: never[]) => unknown>>;
  const api = Object.fromEntries(
    Object.entries(built).map(([namespace, functions]) => [namespace, Object.fromEntries(Object.entries(functions).map(([key, fn]) => [key, vi.fn(fn)]))]),
  ) as unknown as FakeApi;

  return {
    api,
    /** Pushes an event to the page's subscribers, the way main does. */
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: () => [...listeners.values()].reduce((count, set) => count + set.size, 0),
  };
}
