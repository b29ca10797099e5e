import type { SipSettings } from '../../contract';
import { prepareJsSipGlobals } from '../phone/sip/jssip-env';
import type { CredentialVerdict, SipIdentity } from './sign-in';

/** Asks the SIP server about an agent's credentials before anything of theirs is opened. */
export type CredentialCheck = (sip: SipSettings, identity: SipIdentity) => Promise<CredentialVerdict>;

interface RegistrationEvents {
  on(event: 'registered' | 'disconnected', listener: () => void): void;
  on(event: 'registrationFailed', listener: (event: { cause?: string; response?: { status_code: number; reason_phrase: string } }) => void): void;
  once(event: string, listener: () => void): void;
  start(): void;
  stop(): void;
  isRegistered(): boolean;
}

/**
 * One REGISTER with the agent's identity, as their line will send it, and its un-REGISTER: a wrong
 * password or a locked account is then refused before the agent's folder, database and line exist,
 * and a typo in the ID leaves no folder behind. The line registers on its own right after.
 */
export const registerOnce: CredentialCheck = async (sip, identity) => {
  if (!sip.websocketUrl) return { ok: false, status: null, detail: 'no SIP server (sip.websocketUrl)' };
  prepareJsSipGlobals();
  const jssip = (await import('jssip')).default;
  const ua = new jssip.UA({
    sockets: [new jssip.WebSocketInterface(sip.websocketUrl)],
    uri: identity.uri,
    password: identity.password,
    authorization_user: identity.authorizationUser ?? undefined,
    register: true,
    register_expires: sip.registerExpiresSeconds,
    session_timers: false,
    // A dead server is an answer too: no reconnecting for the sign-in form.
    connection_recovery_min_interval: 2,
    connection_recovery_max_interval: 2,
  }) as unknown as RegistrationEvents;
  if (sip.outboundProxy) {
    (ua as unknown as { registrator(): { setExtraHeaders(h: string[]): void } }).registrator().setExtraHeaders([`Route: <${sip.outboundProxy}>`]);
  }
  const verdict = await new Promise<CredentialVerdict>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, status: null, detail: 'no answer within 10 s' }), 10_000);
    const settle = (value: CredentialVerdict) => {
      clearTimeout(timer);
      resolve(value);
    };
    ua.on('registered', () => settle({ ok: true }));
    ua.on('registrationFailed', (event) =>
      settle({
        ok: false,
        status: event.response?.status_code ?? null,
        detail: event.response ? `${event.response.status_code} ${event.response.reason_phrase}` : (event.cause ?? 'no answer'),
      }),
    );
    ua.on('disconnected', () => settle({ ok: false, status: null, detail: `no connection to ${sip.websocketUrl}` }));
    ua.start();
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    ua.once('disconnected', done);
    // JsSIP waits for the un-REGISTER's answer before it closes the socket.
    ua.once('unregistered', () => (ua as unknown as { _transport?: { disconnect(): void } })._transport?.disconnect());
    ua.stop();
    if (!verdict.ok) (ua as unknown as { _transport?: { disconnect(): void } })._transport?.disconnect();
  });
  return verdict;
};
