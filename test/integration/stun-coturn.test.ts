import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stunBinding, StunTimeout, turnAllocate, TurnRefused } from '../../src-main/core/phone/stun';
import { startCoturn, type Coturn } from '../support/coturn';

// The STUN client against a real STUN/TURN server (coturn on loopback).
describe('STUN client against coturn', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn();
  });
  afterAll(async () => {
    await coturn?.stop();
  });

  it('a binding request is answered with our own address and port as the server saw them', async () => {
    const result = await stunBinding({ host: '127.0.0.1', port: coturn.port });
    expect(result.mapped?.address).toBe('127.0.0.1');
    expect(result.mapped?.port).toBeGreaterThan(0);
    expect(result.rttMs).toBeGreaterThan(0);
  });

  it('a TURN allocation with the right credentials gets a relayed address', async () => {
    const result = await turnAllocate({ host: '127.0.0.1', port: coturn.port }, { username: coturn.username, credential: coturn.password });
    expect(result.relayed?.address).toBe('127.0.0.1');
    expect(result.relayed?.port).toBeGreaterThanOrEqual(30_000);
  });

  it('a TURN allocation with a wrong credential is refused with 401', async () => {
    const refusal = await turnAllocate({ host: '127.0.0.1', port: coturn.port }, { username: coturn.username, credential: 'wrong' }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(TurnRefused);
    expect((refusal as TurnRefused).code).toBe(401);
  });

  it('a server that does not answer times out', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    try {
      const error = await stunBinding({ host: '127.0.0.1', port: silent.address().port }, { timeoutMs: 400, rtoMs: 100 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StunTimeout);
    } finally {
      silent.close();
    }
  });
});
