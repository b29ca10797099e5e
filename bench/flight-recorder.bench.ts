// The flight recorder's cost (src-main/core/recorder): what a call's ring keeps in memory once a
// long call has filled it, and what recording one SIP message costs on the line's path (redaction,
// Call-ID lookup, the push). Real recorder, real SIP text as JsSIP sends it; no disk.
import v8 from 'node:v8';
import vm from 'node:vm';
import { silentLogger } from '../src-main/core/log';
import { CALL_LIMITS, FlightRecorder, type SavedRecording } from '../src-main/core/recorder/flight-recorder';
import { goals, note, now, result, type BenchResult } from './harness';

const CALLS = 20;
/** An hour: a quality sample a second, a keep-alive re-INVITE and its answer every minute, plus the setup. */
const SECONDS = 3600;
const MESSAGE_RUNS = 20_000;

// The bound in memory: a full ring holds 256 KiB of JSON text (one byte a character for ASCII in
// V8), and each of its at most 4000 entries costs a string header, a slot and its size besides:
// 256 KiB + 4000 × 64 B ≈ 506 KiB, so ≤ 512 KiB a call whatever the mix of entries.
const MEMORY_GOAL = goals.atMost(512, 'KiB');
const SAVED_GOAL = goals.atMost(CALL_LIMITS.maxBytes / 1024, 'KiB');
const MESSAGE_GOAL = goals.below(50, 'µs');

function invite(callId: string, cseq: number, inDialog: boolean): string {
  return [
    `INVITE sip:customer@127.0.0.1:5060;transport=ws SIP/2.0`,
    `Via: SIP/2.0/WSS 8d2k1m3n4p5q.invalid;branch=z9hG4bK${cseq}${callId.length}`,
    `Max-Forwards: 69`,
    `To: <sip:customer@anlauf.test>${inDialog ? ';tag=ab12cd34' : ''}`,
    `From: "Agent 7" <sip:agent7@anlauf.test>;tag=ef56gh78`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} INVITE`,
    `Proxy-Authorization: Digest algorithm=MD5, username="agent7", realm="anlauf.test", nonce="Zk1xYWJjZGVmZ2hpamtsbW5vcA==", uri="sip:customer@anlauf.test", response="0123456789abcdef0123456789abcdef", qop=auth, cnonce="q8r9s7t6u5v4", nc=00000001`,
    `Contact: <sip:x1y2z3@8d2k1m3n4p5q.invalid;transport=ws;ob>`,
    `Content-Type: application/sdp`,
    `User-Agent: Anlauf/1.0.0`,
    ``,
    // An SDP offer of the usual size (one audio m-line, a few candidates).
    `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126\r\nc=IN IP4 0.0.0.0\r\n` +
      `a=candidate:1 1 udp 2122260223 192.168.1.20 51000 typ host generation 0\r\na=candidate:2 1 udp 1686052607 203.0.113.7 51000 typ srflx raddr 192.168.1.20 rport 51000\r\n` +
      `a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdefghijklmn\r\na=fingerprint:sha-256 ${'AB:'.repeat(31)}AB\r\na=setup:actpass\r\na=mid:0\r\na=sendrecv\r\na=rtcp-mux\r\n` +
      `a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:126 telephone-event/8000\r\n`,
  ].join('\r\n');
}

function exposedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export async function benchFlightRecorder(): Promise<BenchResult[]> {
  const gc = exposedGc();
  let clock = 0;
  const saved = new Map<string, SavedRecording>();
  const recorder = new FlightRecorder({
    clock: { now: () => clock, setTimeout: () => null, clearTimeout: () => undefined },
    logger: silentLogger,
    store: { save: (id, recording) => saved.set(id, recording), load: () => null },
    secrets: () => ['secret-password-7'],
  });

  gc();
  const before = process.memoryUsage().heapUsed;
  for (let c = 0; c < CALLS; c++) {
    const sipCallId = `call-${c}-${'k'.repeat(20)}`;
    recorder.sip('out', invite(sipCallId, 1, false));
    recorder.begin(`agent-call-${c}`, sipCallId);
    for (let second = 0; second < SECONDS; second++) {
      clock += 1000;
      recorder.note(`agent-call-${c}`, 'stats', {
        second,
        rttMs: 41,
        jitterMs: 3.2,
        packetsLost: 0,
        packetsReceived: 50 * second,
        audioLevelIn: 0.21,
        audioLevelOut: 0.18,
      });
      if (second % 60 === 0) {
        recorder.sip('out', invite(sipCallId, 2 + second, true));
        recorder.sip('in', `SIP/2.0 200 OK\r\nCall-ID: ${sipCallId}\r\nCSeq: ${2 + second} INVITE\r\nContent-Length: 0\r\n\r\n`);
      }
    }
  }
  gc();
  const perCallKiB = (process.memoryUsage().heapUsed - before) / CALLS / 1024;
  const first = recorder.recording('agent-call-0')!;
  note(`a full ring: ${first.entries.length} entries, ${(first.bytes / 1024).toFixed(0)} KiB of JSON, ${first.dropped} dropped`);

  // The worst case for the overhead: only tiny entries, the ring full by count, not by bytes.
  gc();
  const beforeTiny = process.memoryUsage().heapUsed;
  for (let c = 0; c < CALLS; c++) {
    recorder.begin(`tiny-call-${c}`, null);
    for (let i = 0; i < 2 * CALL_LIMITS.maxEntries; i++) recorder.note(`tiny-call-${c}`, 'headset', { i });
  }
  gc();
  const tinyKiB = (process.memoryUsage().heapUsed - beforeTiny) / CALLS / 1024;
  const tiny = recorder.recording('tiny-call-0')!;
  note(`a ring full by count: ${tiny.entries.length} entries, ${(tiny.bytes / 1024).toFixed(0)} KiB of JSON`);

  for (let c = 0; c < CALLS; c++) recorder.end(`agent-call-${c}`);
  const savedKiB = Math.max(...[...saved.values()].map((r) => Buffer.byteLength(r.entriesJson))) / 1024;

  const sipCallId = 'agent-call-0-timing';
  recorder.begin('timing', sipCallId);
  const message = invite(sipCallId, 9, true);
  for (let i = 0; i < 2000; i++) recorder.sip('out', message); // warm-up
  const t = now();
  for (let i = 0; i < MESSAGE_RUNS; i++) recorder.sip('out', message);
  const perMessageUs = ((now() - t) * 1000) / MESSAGE_RUNS;

  return [
    result('flight recorder: memory per call with a full ring (1 h call)', perCallKiB, 'KiB', MEMORY_GOAL, 0),
    result('flight recorder: memory per call, ring full of tiny entries', tinyKiB, 'KiB', MEMORY_GOAL, 0),
    result('flight recorder: largest saved recording', savedKiB, 'KiB', SAVED_GOAL, 0),
    result('flight recorder: record one SIP INVITE (redact + push)', perMessageUs, 'µs', MESSAGE_GOAL, 1),
  ];
}
