import type { EndReason } from '../../../contract';

/**
 * Why a peer's SDP cannot carry a call through the media end, in three forms: a code for the call
 * log (worded by the UI's catalogue), an RFC 3261 warn-code, and an English sentence for the SIP
 * Warning header and the log, which the PBX's or SBC's administrator reads.
 */
export interface MediaProblem {
  code: EndReason;
  /** RFC 3261 §20.43: 302 transport, 304 media type, 305 media format, 399 anything else. */
  warnCode: 302 | 304 | 305 | 399;
  text: string;
}

/** The voice codecs every media end has (Chromium and libwebrtc): what a peer must offer one of. */
export const VOICE_CODECS = ['opus', 'G722', 'PCMU', 'PCMA'] as const;

/** RFC 3551's static payload types, which may come without an a=rtpmap line. */
const STATIC_PAYLOADS: Record<string, string> = { '0': 'PCMU', '3': 'GSM', '4': 'G723', '8': 'PCMA', '9': 'G722', '18': 'G729' };

interface Section {
  media: string;
  port: number;
  proto: string;
  formats: string[];
  lines: string[];
}

function sections(sdp: string): { session: string[]; media: Section[] } {
  const session: string[] = [];
  const media: Section[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    const m = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)(.*)$/.exec(line);
    if (m) media.push({ media: m[1]!, port: Number(m[2]), proto: m[3]!, formats: m[4]!.trim().split(/\s+/).filter(Boolean), lines: [] });
    else (media.at(-1)?.lines ?? session).push(line);
  }
  return { session, media };
}

const has = (lines: string[], prefix: string) => lines.some((line) => line.startsWith(prefix));

/** The codec names an m-section offers, in its order (`G729/8000`, `opus/48000/2`, `18`…). */
function offeredCodecs(section: Section): { name: string; label: string }[] {
  return section.formats.map((pt) => {
    const map = section.lines
      .find((line) => line.startsWith(`a=rtpmap:${pt} `))
      ?.slice(`a=rtpmap:${pt} `.length)
      .trim();
    const name = map?.split('/')[0] ?? STATIC_PAYLOADS[pt] ?? pt;
    return { name, label: map ?? name };
  });
}

/**
 * What makes a peer's offer (or answer) unusable for a WebRTC media end, found before any peer
 * connection sees it, so an inbound call that cannot work is refused at once — with a reason —
 * instead of ringing, being answered and then failing. Only the audio m-section is judged; a
 * video or data section beside it is simply declined by the media end. `null`: nothing found
 * (the media end may still refuse it; see `problemFromMediaError`).
 */
export function checkRemoteSdp(sdp: string): MediaProblem | null {
  const { session, media } = sections(sdp);
  const audio = media.find((section) => section.media === 'audio' && section.port !== 0);
  if (!audio) return { code: 'no-audio', warnCode: 304, text: 'The SDP has no audio stream (no m=audio line with a port).' };

  const both = [...session, ...audio.lines];
  // DTLS-SRTP comes as UDP/TLS/RTP/SAVPF (RFC 5764), or as the older RTP/SAVPF with a fingerprint,
  // which rtpengine, Asterisk and FreeSWITCH still write and every libwebrtc accepts.
  if (!/^((UDP|TCP)\/TLS\/)?RTP\/SAVPF?$/.test(audio.proto) || !has(both, 'a=fingerprint:')) {
    const what = audio.proto.includes('TLS') ? 'no DTLS fingerprint (a=fingerprint)' : `plain or SDES media (${audio.proto})`;
    return {
      code: 'not-webrtc',
      warnCode: 302,
      text: `The SDP has ${what}; WebRTC media needs ICE and DTLS-SRTP (UDP/TLS/RTP/SAVPF). Route the call through a media relay (e.g. rtpengine) or the PBX's WebRTC profile.`,
    };
  }
  if (!has(both, 'a=ice-ufrag:') || !has(both, 'a=ice-pwd:')) {
    return { code: 'no-ice', warnCode: 399, text: 'The SDP has no ICE credentials (a=ice-ufrag, a=ice-pwd); WebRTC media needs ICE.' };
  }
  if (!has(audio.lines, 'a=rtcp-mux')) {
    return { code: 'no-rtcp-mux', warnCode: 399, text: 'The audio stream lacks a=rtcp-mux; WebRTC media needs RTP and RTCP on one port (RFC 5761).' };
  }
  const codecs = offeredCodecs(audio);
  if (!codecs.some((codec) => (VOICE_CODECS as readonly string[]).some((known) => known.toLowerCase() === codec.name.toLowerCase()))) {
    const offered = codecs.map((codec) => codec.label).join(', ') || 'none';
    return { code: 'no-common-codec', warnCode: 305, text: `No audio codec in common: offered ${offered}; Anlauf takes ${VOICE_CODECS.join(', ')}.` };
  }
  return null;
}

/** RFC 5763 §5: the answerer picks a side of the DTLS handshake; actpass (or holdconn) is the offerer's word. */
export function checkRemoteAnswer(sdp: string): MediaProblem | null {
  const problem = checkRemoteSdp(sdp);
  if (problem) return problem;
  const setup = /^a=setup:(\S+)/m.exec(sdp)?.[1];
  if (setup && setup !== 'active' && setup !== 'passive') {
    return { code: 'dtls-setup', warnCode: 399, text: `The answer says a=setup:${setup}; an answerer must choose active or passive (RFC 5763).` };
  }
  return null;
}

/**
 * The media end refused an SDP for a reason the check above did not foresee. libwebrtc's message
 * is kept in the text (the administrator can search for it); the code comes from its wording.
 */
export function problemFromMediaError(error: unknown, sdp: string | undefined, type: 'offer' | 'answer'): MediaProblem {
  const known = sdp ? (type === 'answer' ? checkRemoteAnswer(sdp) : checkRemoteSdp(sdp)) : null;
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (known) return { ...known, text: `${known.text} (media end: ${message})` };
  return { code: 'media-error', warnCode: 399, text: `The media end refused the ${type}: ${message}` };
}

/** `Warning: 305 anlauf "…"` (RFC 3261 §20.43; the agent is a pseudonym, the text one quoted string). */
export function warningHeader(problem: MediaProblem, agent = 'anlauf'): string {
  const text = problem.text.replace(/["\\]/g, "'").replace(/[\r\n]+/g, ' ');
  return `Warning: ${problem.warnCode} ${agent} "${text}"`;
}

/** RFC 3326's Reason header, for the BYE or CANCEL that ends a call whose answer could not be used. */
export function reasonHeader(problem: MediaProblem, status = 488): string {
  const text = problem.text.replace(/["\\]/g, "'").replace(/[\r\n]+/g, ' ');
  return `Reason: SIP ;cause=${status} ;text="${text}"`;
}

/**
 * RFC 4145 §4.1: an offer without a=setup means `active`. libwebrtc would read it as actpass and
 * answer active too; two DTLS clients never connect. Saying it out loud makes the media end
 * answer passive, which also works with a peer that meant actpass.
 */
export function withDefaultSetup(sdp: string): string {
  if (/^a=setup:/m.test(sdp) || !/^a=fingerprint:/m.test(sdp)) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const out: string[] = [];
  let open = false;
  const close = () => {
    if (open) out.push('a=setup:active');
    open = false;
  };
  for (const line of lines) {
    if (line.startsWith('m=') || line === '') close();
    if (line.startsWith('m=')) open = !/^m=\S+ 0[ /]/.test(line);
    out.push(line);
  }
  close();
  return out.join(eol);
}
