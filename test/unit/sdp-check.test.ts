import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkRemoteAnswer,
  checkRemoteSdp,
  problemFromMediaError,
  reasonHeader,
  warningHeader,
  withDefaultSetup,
} from '../../src-main/core/phone/sip/sdp-check';
import { projectRoot } from '../support/paths';
import { onlyCodecs, onlyForeignCodec, plainRtp, setup, withoutIce, withoutRtcpMux, withoutSetup } from '../support/sdp-variants';

const fixture = (name: string) => fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'sdp', name), 'utf8');
const libwebrtc = fixture('libwebrtc-offer.sdp');
const relay = fixture('relay-offer.sdp');

describe('what makes a peer SDP unusable for a WebRTC media end', () => {
  it('passes what libwebrtc and a relay (PCMU/PCMA, RTCP port beside rtcp-mux, no BUNDLE) write', () => {
    expect(checkRemoteSdp(libwebrtc)).toBeNull();
    expect(checkRemoteSdp(relay)).toBeNull();
    // rtpengine given Kamailio's classic `RTP/SAVPF` flag: the old profile name, DTLS all the same
    expect(checkRemoteSdp(relay.replace('UDP/TLS/RTP/SAVPF', 'RTP/SAVPF'))).toBeNull();
    expect(checkRemoteSdp(onlyCodecs('opus')(libwebrtc))).toBeNull();
    // static payload types need no rtpmap (RFC 3551)
    expect(checkRemoteSdp(relay.replace(/a=rtpmap:[08] [^\r\n]*\r\n/g, ''))).toBeNull();
  });

  it('names the problem: codec, transport, fingerprint, ICE, rtcp-mux, no audio', () => {
    expect(checkRemoteSdp(onlyForeignCodec()(libwebrtc))).toEqual({
      code: 'no-common-codec',
      warnCode: 305,
      text: 'No audio codec in common: offered G729/8000; Anlauf takes opus, G722, PCMU, PCMA.',
    });
    expect(checkRemoteSdp(fixture('classic-phone-offer.sdp'))).toMatchObject({
      code: 'not-webrtc',
      warnCode: 302,
      text: expect.stringContaining('plain or SDES media (RTP/AVP)'),
    });
    expect(checkRemoteSdp(plainRtp(libwebrtc))).toMatchObject({ code: 'not-webrtc' });
    const sdes = relay
      .replace('UDP/TLS/RTP/SAVPF', 'RTP/SAVPF')
      .replace(/a=fingerprint:[^\r\n]*\r\n/, 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n');
    expect(checkRemoteSdp(sdes)).toMatchObject({ code: 'not-webrtc', text: expect.stringContaining('plain or SDES media (RTP/SAVPF)') });
    expect(checkRemoteSdp(libwebrtc.replace(/a=fingerprint:[^\r\n]*\r\n/, ''))).toMatchObject({
      code: 'not-webrtc',
      text: expect.stringContaining('no DTLS fingerprint'),
    });
    expect(checkRemoteSdp(withoutIce(relay))).toMatchObject({ code: 'no-ice', warnCode: 399 });
    expect(checkRemoteSdp(withoutRtcpMux(relay))).toMatchObject({ code: 'no-rtcp-mux' });
    expect(checkRemoteSdp(relay.replace('m=audio 30000', 'm=audio 0'))).toMatchObject({ code: 'no-audio', warnCode: 304 });
  });

  it('refuses an answer that leaves the DTLS role open (RFC 5763), accepts active and passive', () => {
    expect(checkRemoteAnswer(setup('actpass')(relay))).toMatchObject({ code: 'dtls-setup' });
    expect(checkRemoteAnswer(setup('active')(relay))).toBeNull();
    expect(checkRemoteAnswer(setup('passive')(relay))).toBeNull();
  });

  it("keeps the media end's own words when it refuses something the check let through", () => {
    const error = new Error('Failed to set remote offer sdp: Invalid ICE parameters: ICE ufrag must be between 4 and 256 characters long.');
    expect(problemFromMediaError(error, libwebrtc, 'offer')).toEqual({
      code: 'media-error',
      warnCode: 399,
      text: `The media end refused the offer: ${error.message}`,
    });
    const codec = problemFromMediaError(new Error('Failed to set remote audio description send parameters'), onlyForeignCodec()(libwebrtc), 'offer');
    expect(codec).toMatchObject({
      code: 'no-common-codec',
      text: expect.stringContaining('(media end: Failed to set remote audio description send parameters)'),
    });
  });

  it('writes one Warning (RFC 3261 §20.43) and one Reason (RFC 3326) header, quotes made harmless', () => {
    const problem = { code: 'media-error' as const, warnCode: 399 as const, text: 'said "no"\r\nX-Injected: 1' };
    expect(warningHeader(problem)).toBe(`Warning: 399 anlauf "said 'no' X-Injected: 1"`);
    expect(reasonHeader(problem)).toBe(`Reason: SIP ;cause=488 ;text="said 'no' X-Injected: 1"`);
  });

  it('reads a missing a=setup as active (RFC 4145), at the end of each used m-section', () => {
    const out = withDefaultSetup(withoutSetup(relay));
    expect(out.split('\r\n').filter((l) => l.startsWith('a=setup:'))).toEqual(['a=setup:active']);
    expect(out.trimEnd().endsWith('a=setup:active')).toBe(true);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(withDefaultSetup(relay)).toBe(relay);
    expect(withDefaultSetup(fixture('classic-phone-offer.sdp'))).toBe(fixture('classic-phone-offer.sdp'));
  });
});
