import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/paths';
import {
  audioPayloads,
  compose,
  iceLite,
  onlyCodecs,
  onlyForeignCodec,
  plainRtp,
  rtcpOnOwnPort,
  setup,
  telephoneEventAt,
  withoutBundle,
  withoutMid,
} from '../support/sdp-variants';

// The test rewriters (test/support/sdp-variants.ts) change what they say and nothing else.
const offer = fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'sdp', 'libwebrtc-offer.sdp'), 'utf8');
const lines = (sdp: string, prefix: string) => sdp.split('\r\n').filter((l) => l.startsWith(prefix));

describe('SDP rewriters for peer variants', () => {
  it('keep CRLF line endings and every line they do not touch', () => {
    const out = withoutBundle(offer);
    expect(out.split('\r\n')).toEqual(offer.split('\r\n').filter((l) => !l.startsWith('a=group:')));
    expect(out.endsWith('\r\n')).toBe(true);
  });

  it('drop the mid with its BUNDLE group and header extension', () => {
    const out = withoutMid(offer);
    expect([...lines(out, 'a=mid:'), ...lines(out, 'a=group:'), ...lines(out, 'a=extmap:4 ')]).toEqual([]);
    expect(lines(out, 'a=extmap:1 ')).toHaveLength(1);
  });

  it('set the DTLS role, add ICE lite, and an RTCP port beside rtcp-mux', () => {
    expect(lines(setup('passive')(offer), 'a=setup:')).toEqual(['a=setup:passive']);
    expect(iceLite(offer).split('\r\n').slice(3, 5)).toEqual(['t=0 0', 'a=ice-lite']);
    const rtcp = rtcpOnOwnPort(offer);
    expect(lines(rtcp, 'a=rtcp:')).toEqual(['a=rtcp:51876 IN IP4 127.0.0.1']);
    expect(rtcp.indexOf('a=rtcp:51876')).toBeLessThan(rtcp.indexOf('a=rtcp-mux'));
  });

  it('keep only the codecs asked for, with telephone-event at their rates', () => {
    const g711 = onlyCodecs('PCMU', 'PCMA')(offer);
    expect(lines(g711, 'm=audio')).toEqual(['m=audio 51875 UDP/TLS/RTP/SAVPF 0 8 126']);
    expect(lines(g711, 'a=fmtp:')).toEqual([]);
    expect(audioPayloads(onlyCodecs('opus')(offer))).toEqual([
      { pt: '111', name: 'opus', rate: 48000 },
      { pt: '110', name: 'telephone-event', rate: 48000 },
    ]);
    expect(audioPayloads(telephoneEventAt(8000)(offer)).filter((p) => p.name === 'telephone-event')).toEqual([
      { pt: '126', name: 'telephone-event', rate: 8000 },
    ]);
    expect(audioPayloads(onlyForeignCodec()(offer))).toEqual([{ pt: '18', name: 'G729', rate: 8000 }]);
  });

  it('write a classic phone offer: RTP/AVP without DTLS, ICE or rtcp-mux', () => {
    const out = compose(plainRtp, onlyCodecs('PCMU'))(offer);
    expect(lines(out, 'm=audio')).toEqual(['m=audio 51875 RTP/AVP 0 126']);
    expect(out).not.toMatch(/a=(fingerprint|setup|ice-|candidate|rtcp-mux)/);
  });
});
