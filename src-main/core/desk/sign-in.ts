import { AGENT_ID_PATTERN, said, type Message, type SignInSettings } from '../../contract';

/** The SIP identity an agent signs in with: their address of record and digest credentials. */
export interface SipIdentity {
  uri: string;
  authorizationUser: string | null;
  password: string;
}

/** What the Dispatcher may ask of the sign-in: `signIn:submit` and `signIn:signOut`. */
export interface ISignIn {
  signIn(agentId: string, password: string, staySignedIn: boolean): Promise<void>;
  signOut(): Promise<void>;
}

/** Why an agent ID cannot be one (it names a folder, so nothing a file system would read as a path). */
export function agentIdRefusal(agentId: string): Message | null {
  return AGENT_ID_PATTERN.test(agentId) ? null : said('signIn.badAgentId', { agentId: agentId.slice(0, 80) });
}

/** IT's templates filled in with the agent's ID (`sip:{agentId}@example.org`). */
export function identityFor(settings: SignInSettings, agentId: string, password: string): SipIdentity {
  const fill = (template: string) => template.replaceAll('{agentId}', agentId);
  if (settings.uriTemplate === null) throw new Error('signIn.uriTemplate is not set (the settings check refuses signIn.mode agent without it)');
  return {
    uri: fill(settings.uriTemplate),
    authorizationUser: settings.authorizationUserTemplate === null ? null : fill(settings.authorizationUserTemplate),
    password,
  };
}

/** What the SIP server said to the agent's credentials. */
export type CredentialVerdict = { ok: true } | { ok: false; status: number | null; detail: string };

/**
 * The words for a refusal. A registrar that challenges again (401/407) after the credentials were
 * sent means a wrong ID or password; 403 means it knows the agent and will not let them in (a locked
 * or disabled account) — Kamailio, Asterisk and FreeSWITCH all answer so.
 */
export function verdictMessage(verdict: Extract<CredentialVerdict, { ok: false }>): Message {
  if (verdict.status === 401 || verdict.status === 407) return said('signIn.wrongPassword', {});
  if (verdict.status === 403) return said('signIn.locked', {});
  return said('signIn.serverSaid', { detail: verdict.detail });
}
