import type { IvrData, SipSettings } from '../../../contract';
import type { CallInfo } from '../phone-line';
import { languageCode } from '../../../shared/language-code';

/** The parts of an incoming INVITE we read (JsSIP's IncomingRequest has these). */
export interface InviteLike {
  call_id: string;
  from: { uri: { user: string | null }; display_name: string | null };
  to: { uri: { user: string | null; host: string } };
  ruri: { user: string | null; host: string };
  getHeader(name: string): string | undefined;
  getHeaders(name: string): string[];
}

export type NameAddrParser = (value: string) => { user: string | null; displayName: string | null } | null;

const LIMITS: Record<keyof IvrData, number> = { customerNumber: 64, concern: 200, queue: 64, client: 120, campaign: 120, language: 20 };
// Anything below space (but tab) and DEL: a header value with those was mangled on its way.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function clean(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim().replace(/^"(.*)"$/, '$1');
  if (!trimmed || trimmed.length > max || CONTROL.test(trimmed)) return null;
  return trimmed;
}

/**
 * Who is calling and what the IVR learnt, read from an INVITE. The caller is taken from
 * P-Asserted-Identity (set by a trusted network) before From; the dialled number from Diversion
 * (the original called number) before To. A malformed or oversized header is reported in
 * `problems` and ignored: the call still rings.
 */
export function readInbound(
  invite: InviteLike,
  headers: SipSettings['headers'],
  ownUser: string | null,
  parseNameAddr: NameAddrParser,
): { info: CallInfo; problems: string[] } {
  const problems: string[] = [];

  let remoteNumber = invite.from.uri.user;
  let remoteName = clean(invite.from.display_name, 120);
  const pai = invite.getHeader('P-Asserted-Identity');
  if (pai !== undefined) {
    const asserted = parseNameAddr(pai.split(',')[0] ?? '');
    if (asserted?.user) {
      remoteNumber = asserted.user;
      remoteName = clean(asserted.displayName, 120) ?? remoteName;
    } else {
      problems.push('P-Asserted-Identity cannot be read; the caller is taken from From');
    }
  }

  let dialedNumber: string | null = null;
  const diversion = invite.getHeaders('Diversion');
  if (diversion.length) {
    // The last Diversion entry names the number the caller originally dialled.
    const original = parseNameAddr(diversion[diversion.length - 1]?.split(',').at(-1)?.split(';')[0] ?? '');
    if (original?.user) dialedNumber = original.user;
    else problems.push('Diversion cannot be read; the dialled number is taken from To');
  }
  if (!dialedNumber) {
    // The To header keeps what the caller dialled; the Request-URI does not (after the
    // registrar's lookup it is the agent's contact, a random JsSIP user name).
    const to = invite.to.uri.user;
    dialedNumber = to && to !== ownUser ? to : null;
  }

  // The addresses the call was sent to, for telling a queue's call (registrar forking): To keeps
  // the queue's address of record; the Request-URI names it only where the proxy did not rewrite
  // it to the agent's contact.
  const calledAddresses = [...new Set([invite.to.uri, invite.ruri].filter((uri) => uri.user).map((uri) => `${uri.user}@${uri.host.toLowerCase()}`))];

  const ivr: IvrData = {};
  for (const key of Object.keys(LIMITS) as (keyof IvrData)[]) {
    const name = headers[key];
    const raw = invite.getHeader(name);
    if (raw === undefined) continue;
    const value = clean(raw, LIMITS[key]);
    if (value === null) {
      problems.push(`${name} is empty, longer than ${LIMITS[key]} characters or contains control characters; ignored`);
      continue;
    }
    if (key === 'language') {
      const code = languageCode(value);
      if (code === null) {
        problems.push(`${name} "${value}" is not a language code such as de, en or de-AT; ignored`);
        continue;
      }
      ivr.language = code;
      continue;
    }
    ivr[key] = value;
  }

  return {
    info: {
      remoteNumber: clean(remoteNumber, 64) ?? 'anonymous',
      remoteName,
      dialedNumber: clean(dialedNumber, 64),
      ivr,
      sipCallId: invite.call_id,
      calledAddresses,
    },
    problems,
  };
}
