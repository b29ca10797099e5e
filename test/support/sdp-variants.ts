// Rewrites a libwebrtc SDP the way other peers write theirs: relays and PBXs (rtpengine,
// Asterisk, FreeSWITCH, SBCs) and classic phones. Pure string functions, line endings kept.
// A far end applies them to the SDP it sends (JsSIP's 'sdp' event) or, where the peer must
// really behave that way (a DTLS role), to its own description before setLocalDescription.
// See docs/testing-sip.md, "SDP variants".

export type SdpRewrite = (sdp: string) => string;

function eolOf(sdp: string): string {
  return sdp.includes('\r\n') ? '\r\n' : '\n';
}

function mapLines(sdp: string, map: (line: string) => string | string[] | null): string {
  const eol = eolOf(sdp);
  return sdp
    .split(eol)
    .flatMap((line) => {
      const out = map(line);
      return out === null ? [] : out;
    })
    .join(eol);
}

/** Drops every line that starts with one of the prefixes. */
export function dropLines(...prefixes: string[]): SdpRewrite {
  return (sdp) => mapLines(sdp, (line) => (prefixes.some((p) => line.startsWith(p)) ? null : line));
}

/** No a=group:BUNDLE (rtpengine, Asterisk and most PBXs with one audio m-line). */
export const withoutBundle: SdpRewrite = dropLines('a=group:BUNDLE');

/** No a=mid, so no BUNDLE group and no MID header extension either (older SIP stacks). */
export const withoutMid: SdpRewrite = (sdp) =>
  mapLines(withoutBundle(sdp), (line) => (line.startsWith('a=mid:') || /^a=extmap:\d+\S* urn:ietf:params:rtp-hdrext:sdes:mid/.test(line) ? null : line));

/** a=setup with this role everywhere (RFC 4145 / RFC 5763). */
export function setup(role: 'actpass' | 'active' | 'passive'): SdpRewrite {
  return (sdp) => mapLines(sdp, (line) => (line.startsWith('a=setup:') ? `a=setup:${role}` : line));
}

/** No a=setup at all (a fingerprint without a role: RFC 4145's default is active for an offer). */
export const withoutSetup: SdpRewrite = dropLines('a=setup:');

/**
 * An a=rtcp line with a real port of its own (the m-line's port + 1, the c-line's address)
 * beside a=rtcp-mux, as rtpengine and Asterisk write it: "I can multiplex, else RTCP goes here".
 */
export const rtcpOnOwnPort: SdpRewrite = (sdp) => {
  let port = 0;
  let address = '0.0.0.0';
  return mapLines(sdp, (line) => {
    const m = /^m=audio (\d+) /.exec(line);
    if (m) port = Number(m[1]);
    const c = /^c=IN IP4 (\S+)/.exec(line);
    if (c) address = c[1]!;
    if (line.startsWith('a=rtcp:')) return null;
    if (line === 'a=rtcp-mux') return [`a=rtcp:${port + 1} IN IP4 ${address}`, line];
    return line;
  });
};

/** a=ice-lite at session level (SBCs, rtpengine with ICE lite, Janus): the peer only answers checks. */
export const iceLite: SdpRewrite = (sdp) => mapLines(sdp, (line) => (line.startsWith('t=') ? [line, 'a=ice-lite'] : line));

/** The payload types of the first audio m-line, with their rtpmap name and clock rate. */
export function audioPayloads(sdp: string): { pt: string; name: string; rate: number }[] {
  const lines = sdp.split(/\r?\n/);
  const m = lines.find((line) => line.startsWith('m=audio '));
  if (!m) return [];
  return m
    .split(' ')
    .slice(3)
    .map((pt) => {
      const map = lines.find((line) => line.startsWith(`a=rtpmap:${pt} `));
      const [name = pt, rate = '0'] = (map?.split(' ')[1] ?? '').split('/');
      return { pt, name, rate: Number(rate) };
    });
}

/** Keeps the audio payload types `keep` says yes to; their rtpmap, fmtp and rtcp-fb go with the others. */
export function keepPayloads(keep: (codec: { pt: string; name: string; rate: number }) => boolean): SdpRewrite {
  return (sdp) => {
    const payloads = audioPayloads(sdp);
    const kept = new Set(payloads.filter(keep).map((p) => p.pt));
    let inAudio = false;
    return mapLines(sdp, (line) => {
      if (line.startsWith('m=')) {
        inAudio = line.startsWith('m=audio ');
        if (!inAudio) return line;
        const head = line.split(' ').slice(0, 3);
        return [...head, ...payloads.filter((p) => kept.has(p.pt)).map((p) => p.pt)].join(' ');
      }
      const a = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+) /.exec(line);
      if (inAudio && a && !kept.has(a[1]!)) return null;
      return line;
    });
  };
}

/** Only these codecs (by rtpmap name, any case), plus telephone-event at their clock rates. */
export function onlyCodecs(...names: string[]): SdpRewrite {
  const wanted = names.map((n) => n.toLowerCase());
  return (sdp) => {
    const rates = new Set(
      audioPayloads(sdp)
        .filter((p) => wanted.includes(p.name.toLowerCase()))
        .map((p) => p.rate),
    );
    return keepPayloads((p) => wanted.includes(p.name.toLowerCase()) || (p.name === 'telephone-event' && rates.has(p.rate)))(sdp);
  };
}

/** telephone-event only at this clock rate (8000: most PBXs; 48000: WebRTC peers with Opus). */
export function telephoneEventAt(rate: 8000 | 48000): SdpRewrite {
  return keepPayloads((p) => p.name !== 'telephone-event' || p.rate === rate);
}

/** One audio codec the agent lacks, e.g. G.729 (static payload type 18), and nothing else. */
export function onlyForeignCodec(pt = 18, rtpmap = 'G729/8000'): SdpRewrite {
  return (sdp) =>
    mapLines(keepPayloads(() => false)(sdp), (line) => {
      if (line.startsWith('m=audio ')) return `${line} ${pt}`;
      if (line === 'a=rtcp-mux') return [line, `a=rtpmap:${pt} ${rtpmap}`];
      return line;
    });
}

/** No ICE credentials and no candidates (a peer that does not speak ICE). */
export const withoutIce: SdpRewrite = dropLines('a=ice-ufrag:', 'a=ice-pwd:', 'a=candidate:', 'a=end-of-candidates', 'a=ice-options:');

/** No a=rtcp-mux (RTCP only on its own port, as classic phones do it). */
export const withoutRtcpMux: SdpRewrite = dropLines('a=rtcp-mux');

/** Plain RTP/AVP, as a classic phone writes it: no DTLS, no ICE, no rtcp-mux. */
export const plainRtp: SdpRewrite = (sdp) =>
  mapLines(
    dropLines('a=fingerprint:', 'a=setup:', 'a=ice-', 'a=candidate:', 'a=end-of-candidates', 'a=rtcp-mux', 'a=rtcp-fb:', 'a=group:BUNDLE')(sdp),
    (line) => line.replace(/^(m=audio \d+) UDP\/TLS\/RTP\/SAVPF /, '$1 RTP/AVP '),
  );

/** Applies rewrites left to right. */
export function compose(...rewrites: SdpRewrite[]): SdpRewrite {
  return (sdp) => rewrites.reduce((out, rewrite) => rewrite(out), sdp);
}
