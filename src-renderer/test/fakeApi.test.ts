import { describe, expect, it, vi } from 'vitest';
import { commandNames, commands, eventNames, ok, type CommandName } from '../../src-main/contract';
import { createFakeAnlauf } from './fakeAnlauf';
import { createFakeApi } from './fakeApi';

type Call = (request: object) => Promise<unknown>;
const reach = (api: object, name: CommandName) => {
  const [namespace, verb] = name.split(':') as [string, string];
  return (api as Record<string, Record<string, Call> | undefined>)[namespace]?.[verb];
};
const confirmsOnly = (name: CommandName) => commands[name].response === ok;

describe("the renderer tests' fake of window.anlauf", () => {
  it('has every command and event of the contract, each a mock', () => {
    const { api } = createFakeAnlauf();
    for (const name of commandNames) expect(vi.isMockFunction(reach(api, name)), name).toBe(true);
    for (const name of eventNames) expect(vi.isMockFunction((api.on as Record<string, unknown>)[name.slice('event:'.length)]), name).toBe(true);
  });

  it('answers a command that only confirms without an answer of its own', async () => {
    const { api } = createFakeApi({});
    const confirming = commandNames.filter(confirmsOnly);
    expect(confirming).toContain('phone:hold');
    for (const name of confirming) await expect(reach(api, name)?.({}), name).resolves.toEqual({ ok: true });
    // The fake of main no longer writes these out, and they answer as before.
    await expect(createFakeAnlauf().api.phone.hold({ callId: 'call-1' })).resolves.toEqual({ ok: true });
  });

  it('refuses any other command it has no answer for, naming the command and how to answer it', async () => {
    const { api } = createFakeApi({});
    const answering = commandNames.filter((name) => !confirmsOnly(name));
    expect(answering).toContain('callbacks:dial');
    for (const name of answering) await expect(reach(api, name)?.({}), name).rejects.toThrow(`no answer for '${name}'`);
    await expect(api.callbacks.dial({ id: 'cb-1' })).rejects.toThrow('fake.api.callbacks.dial.mockResolvedValue');
  });

  it("answers from the fake's own answers, and a test may override one", async () => {
    const { api } = createFakeApi({ callbacks: { dial: async () => ({ callId: 'own' }) } });
    await expect(api.callbacks.dial({ id: 'cb-1' })).resolves.toEqual({ callId: 'own' });
    api.callbacks.dial.mockResolvedValueOnce({ callId: 'test' });
    await expect(api.callbacks.dial({ id: 'cb-1' })).resolves.toEqual({ callId: 'test' });
    expect(api.callbacks.dial).toHaveBeenCalledTimes(2);
    expect(api.callbacks.dial).toHaveBeenLastCalledWith({ id: 'cb-1' });
  });

  it('pushes events to the subscribers still listening', () => {
    const fake = createFakeApi({});
    const seen: string[] = [];
    const stop = fake.api.on.callLog(({ id }) => seen.push(id));
    expect(fake.listenerCount()).toBe(1);
    fake.emit('event:callLog', { id: 'a' });
    stop();
    fake.emit('event:callLog', { id: 'b' });
    expect(seen).toEqual(['a']);
    expect(fake.listenerCount()).toBe(0);
  });
});
