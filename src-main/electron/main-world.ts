/**
 * The last step of the preload, run in the page's own JavaScript world.
 *
 * Why not simply `contextBridge.exposeInMainWorld('anlauf', api)`: an Error crossing the context
 * bridge is rebuilt from its message alone, so the `code` of a failed command would be lost on the
 * way to the page, and so would `said` (the message's key and parameters, which the page words in
 * its language). So the preload exposes commands that resolve to the raw DispatchResult
 * (`{ok, result}` / `{ok:false, error}`, plain data that crosses intact), and this function, run
 * with `contextBridge.executeInMainWorld`, turns `{ok:false}` into a rejected Error carrying
 * `code` and `said` in the page's own world, then defines the frozen `window.anlauf`.
 *
 * Electron serializes this function to source text: it must not use anything outside its own
 * body — no imports, no helpers, no module-level constants. A unit test rebuilds it from its text
 * to hold it to that.
 */

/** `buildApi(...)` over an invoke that resolves to the DispatchResult instead of rejecting. */
export type RawApi = Record<string, Record<string, (request: unknown) => unknown>>;

export function installAnlaufApi(raw: RawApi, target: object = globalThis): void {
  const api: Record<string, unknown> = {};
  for (const namespace of Object.keys(raw)) {
    const members = raw[namespace]!;
    const wrapped: Record<string, unknown> = {};
    for (const name of Object.keys(members)) {
      const call = members[name]!;
      // `on.*` subscribe and return their unsubscribe function; they pass through unchanged.
      wrapped[name] =
        namespace === 'on'
          ? call
          : async (request: unknown) => {
              const reply = (await call(request)) as { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; said: unknown } };
              if (reply.ok) return reply.result;
              const error = new Error(reply.error.message) as Error & { code: string; said: unknown };
              error.name = 'AnlaufError';
              error.code = reply.error.code;
              error.said = reply.error.said;
              throw error;
            };
    }
    api[namespace] = Object.freeze(wrapped);
  }
  Object.defineProperty(target, 'anlauf', { value: Object.freeze(api), enumerable: true, writable: false, configurable: false });
}
