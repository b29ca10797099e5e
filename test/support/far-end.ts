// The far end of a call in SIP tests: a JsSIP user agent in Node with real WebRTC
// (@roamhq/wrtc), registered at the test Kamailio. It plays the customer or the
// colleague: calls, answers, sends a tone, counts what it hears, sends and records
// DTMF, holds, transfers. See docs/testing-sip.md.
import { createRequire } from 'node:module';
import { AudioMeter, EchoSource, ToneSource, wrtc } from './audio';
import type { Kamailio } from './kamailio';

// ---------------------------------------------------------------------------------
// JsSIP in Node

let jssipModule: any;

/**
 * Puts what JsSIP looks up at run time into the global scope: `window.RTCPeerConnection`
 * (checked before every call), `RTCPeerConnection`, `RTCSessionDescription`,
 * `RTCIceCandidate`, `MediaStream` from @roamhq/wrtc and `WebSocket` from `ws`.
 * Existing globals (jsdom's window, Node 22's WebSocket) are kept; `window` only gets
 * the WebRTC names added.
 */
export function installWebRtcGlobals(): void {
  const w = wrtc();
  const g = globalThis as any;
  const require = createRequire(__filename);
  const names = {
    RTCPeerConnection: w.RTCPeerConnection,
    RTCSessionDescription: w.RTCSessionDescription,
    RTCIceCandidate: w.RTCIceCandidate,
    MediaStream: w.MediaStream,
  };
  for (const [k, v] of Object.entries(names)) g[k] ??= v;
  g.WebSocket ??= require('ws');
  g.window ??= {};
  for (const k of Object.keys(names)) g.window[k] ??= g[k];
}

/** JsSIP, loaded after the globals are in place. */
export function loadJsSIP(): any {
  if (!jssipModule) {
    installWebRtcGlobals();
    const require = createRequire(__filename);
    jssipModule = require('jssip');
  }
  return jssipModule;
}

// ---------------------------------------------------------------------------------
// small helpers

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The direction of the first audio m-section (session-level attribute as fallback, default sendrecv). */
export function audioDirection(sdp: string): SdpDirection {
  const lines = sdp.split(/\r?\n/);
  let session: SdpDirection | undefined;
  let inAudio = false;
  let seenAudio = false;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (seenAudio) break;
      inAudio = line.startsWith('m=audio');
      seenAudio ||= inAudio;
      continue;
    }
    const m = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line);
    if (!m) continue;
    if (inAudio) return m[1] as SdpDirection;
    if (!seenAudio) session = m[1] as SdpDirection;
  }
  return session ?? 'sendrecv';
}

/** Keeps only host candidates on 127.0.0.1 (UDP) in an SDP. */
export function loopbackCandidatesOnly(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(eol)
    .filter((l) => !l.startsWith('a=candidate:') || / udp \d+ 127\.0\.0\.1 \d+ typ host/i.test(l))
    .join(eol);
}

/** Polls `done` until it is true or the deadline passes; never leaves a timer behind. */
export function waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (done()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out after ${timeoutMs} ms: ${what()}`));
      }
    }, 10);
  });
}

export class RegistrationFailedError extends Error {
  constructor(
    readonly user: string,
    readonly statusCode: number | undefined,
    readonly reason: string,
  ) {
    super(`registration of ${user} failed: ${statusCode ?? '-'} ${reason}`);
    this.name = 'RegistrationFailedError';
  }
}

// ---------------------------------------------------------------------------------
// FarEnd

export interface FarEndOptions {
  kamailio: Pick<Kamailio, 'wsUrl' | 'domain' | 'users'>;
  user: string;
  /** Default: the user's password in kamailio.users. */
  password?: string;
  displayName?: string;
  /** Register on start (default true). start() rejects with RegistrationFailedError on 401/403. */
  register?: boolean;
  registrationTimeoutMs?: number;
  /** Frequency of the tone this far end sends (default 440 Hz). */
  toneHz?: number;
  /**
   * 'loopback' (default): the SDP this far end sends carries only its 127.0.0.1 host
   * candidates, so media runs over lo. 'all': every candidate wrtc gathered (lo, ::1,
   * and the machine's own interface addresses).
   */
  iceCandidates?: 'loopback' | 'all';
  /** What to do with an incoming REFER (blind or attended transfer): 'accept' (default) calls the Refer-To target. */
  onRefer?: 'accept' | 'reject' | 'ignore';
  /** Answer an INVITE with Replaces (attended transfer arriving here) at once (default true). */
  autoAnswerReplaces?: boolean;
  /** Extra JsSIP UA configuration (e.g. { session_timers: true }). */
  jssip?: Record<string, unknown>;
  /** Rewrites SDP on its way out (`local`, after the candidate filter) and in (`remote`): a media relay's addresses. */
  sdpRewrite?: { local(sdp: string): string; remote(sdp: string): string };
  /**
   * Keep the call when ICE fails, waiting for the other side's ICE restart, as a media relay
   * does (default false: JsSIP's own behaviour, a BYE with 408 RTP Timeout).
   */
  keepCallOnIceFailure?: boolean;
  /**
   * Play an echo service (e.g. a PBX's `*43`): send back whatever audio arrives instead of a tone.
   * `'silent'`: answer and send nothing audible (an echo service that is broken).
   */
  echo?: boolean | 'silent';
}

export class FarEnd {
  readonly user: string;
  readonly uri: string;
  readonly ua: any;
  readonly tone: ToneSource;
  /** The echo service's voice (`echo: true`): what arrives goes back. */
  readonly echo: EchoSource | null;
  /** Every call of this UA, oldest first (incoming and outgoing, including transfer calls). */
  readonly calls: FarCall[] = [];
  /** Number of 'registered' events so far (grows on each (re-)registration). */
  registrations = 0;
  lastRegistrationFailure: RegistrationFailedError | undefined;
  private readonly taken = new Set<FarCall>();
  private stopped = false;
  readonly options: FarEndOptions;

  private constructor(options: FarEndOptions) {
    this.options = options;
    const JsSIP = loadJsSIP();
    this.user = options.user;
    this.uri = `sip:${options.user}@${options.kamailio.domain}`;
    const password = options.password ?? options.kamailio.users[options.user];
    if (password === undefined) throw new Error(`no password for ${options.user}: pass one or add the user to the Kamailio`);
    this.tone = new ToneSource({ frequencyHz: options.toneHz ?? 440, ...(options.echo === 'silent' ? { amplitude: 0 } : {}) });
    this.echo = options.echo === true ? new EchoSource() : null;
    this.ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(options.kamailio.wsUrl)],
      uri: this.uri,
      password,
      display_name: options.displayName,
      register: options.register ?? true,
      register_expires: 300,
      session_timers: false,
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 2,
      no_answer_timeout: 120,
      user_agent: `anlauf-test-far-end (${options.user})`,
      ...options.jssip,
    });
    this.ua.on('registered', () => {
      this.registrations++;
      this.lastRegistrationFailure = undefined;
    });
    this.ua.on('registrationFailed', (e: any) => {
      this.lastRegistrationFailure = new RegistrationFailedError(this.user, e.response?.status_code, String(e.cause));
    });
    this.ua.on('newRTCSession', (e: any) => {
      const call = new FarCall(this, e.session, e.originator === 'remote' ? 'incoming' : 'outgoing', e.request);
      this.calls.push(call);
      if (call.direction === 'incoming' && e.request?.hasHeader?.('replaces') && (this.options.autoAnswerReplaces ?? true)) {
        this.taken.add(call);
        call.answer().catch(() => undefined);
      }
    });
  }

  /** A started far end; registered unless `register: false`. */
  static async start(options: FarEndOptions): Promise<FarEnd> {
    const fe = new FarEnd(options);
    try {
      fe.ua.start();
      if (options.register ?? true) await fe.waitForRegistered({ timeoutMs: options.registrationTimeoutMs, after: 0 });
      else await fe.waitForConnected(options.registrationTimeoutMs);
    } catch (e) {
      await fe.stop();
      throw e;
    }
    return fe;
  }

  get registered(): boolean {
    return this.ua.isRegistered();
  }

  get connected(): boolean {
    return this.ua.isConnected();
  }

  waitForConnected(timeoutMs = 5000): Promise<void> {
    return waitUntil(
      () => this.ua.isConnected(),
      timeoutMs,
      () => `${this.user}: WebSocket to Kamailio not connected`,
    );
  }

  /**
   * Waits for a successful registration after the `after`-th one (default: the
   * current count, i.e. a new one). Rejects at once with RegistrationFailedError
   * when the registrar says no.
   */
  async waitForRegistered(options: { timeoutMs?: number; after?: number } = {}): Promise<void> {
    const after = options.after ?? this.registrations;
    this.lastRegistrationFailure = undefined;
    await waitUntil(
      () => this.registrations > after || this.lastRegistrationFailure !== undefined,
      options.timeoutMs ?? 5000,
      () => `${this.user}: no registration (connected: ${this.ua.isConnected()})`,
    );
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- JsSIP's failure event as it came: the test reads its cause
    if (this.registrations <= after && this.lastRegistrationFailure) throw this.lastRegistrationFailure;
  }

  /**
   * Sends a REGISTER now (after waiting for the WebSocket) and waits for its final
   * answer. Works for refreshes too (JsSIP emits 'registered' only on a change).
   */
  async register(timeoutMs = 5000): Promise<void> {
    const started = Date.now();
    await this.waitForConnected(timeoutMs);
    const registrator = this.ua._registrator;
    const left = () => Math.max(100, timeoutMs - (Date.now() - started));
    // an automatic (re-)registration may be in flight: let it finish first
    await waitUntil(
      () => !registrator._registering,
      left(),
      () => `${this.user}: REGISTER in flight`,
    );
    this.lastRegistrationFailure = undefined;
    this.ua.register();
    await waitUntil(
      () => !registrator._registering,
      left(),
      () => `${this.user}: no answer to REGISTER`,
    );
    if (!this.ua.isRegistered()) throw this.lastRegistrationFailure ?? new RegistrationFailedError(this.user, undefined, 'not registered');
  }

  async unregister(timeoutMs = 5000): Promise<void> {
    if (!this.ua.isRegistered()) return;
    this.ua.unregister();
    await waitUntil(
      () => !this.ua.isRegistered(),
      timeoutMs,
      () => `${this.user}: still registered`,
    );
  }

  /** JsSIP call() options every session of this far end uses. */
  mediaOptions(): Record<string, unknown> {
    return {
      mediaStream: this.echo ? this.echo.createStream() : this.tone.createStream(),
      pcConfig: { iceServers: [] },
      rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
    };
  }

  /** Places a call. `target`: a user name ('agent7') or a SIP URI. Returns at once; use call.waitForState(). */
  call(target: string, options: { extraHeaders?: string[] } = {}): FarCall {
    const uri = target.includes(':') ? target : `sip:${target}@${this.options.kamailio.domain}`;
    const before = this.calls.length;
    const session = this.ua.call(uri, { ...this.mediaOptions(), extraHeaders: options.extraHeaders ?? [] });
    const call = this.calls.slice(before).find((c) => c.session === session);
    if (!call) throw new Error('JsSIP did not announce the new session');
    this.taken.add(call);
    return call;
  }

  /** Lets go of a finished call (long runs: a soak test places hundreds). */
  forget(call: FarCall): void {
    call.release();
    this.taken.delete(call);
    const index = this.calls.indexOf(call);
    if (index >= 0) this.calls.splice(index, 1);
  }

  /** The next incoming call that no one has taken yet (waits for it). */
  async waitForIncoming(timeoutMs = 5000): Promise<FarCall> {
    let found: FarCall | undefined;
    await waitUntil(
      () => (found = this.calls.find((c) => c.direction === 'incoming' && !this.taken.has(c))) !== undefined,
      timeoutMs,
      () => `${this.user}: no incoming call`,
    );
    this.taken.add(found!);
    return found!;
  }

  /** The newest outgoing call made by JsSIP itself (after accepting a REFER), waits for it. */
  async waitForTransferCall(timeoutMs = 5000): Promise<FarCall> {
    let found: FarCall | undefined;
    await waitUntil(
      () => (found = this.calls.find((c) => c.direction === 'outgoing' && !this.taken.has(c))) !== undefined,
      timeoutMs,
      () => `${this.user}: no call made for a REFER`,
    );
    this.taken.add(found!);
    return found!;
  }

  /** Ends every call, unregisters, stops the UA, the tone and the sinks. Leaves no timer or socket behind. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const ua = this.ua;
    for (const c of this.calls) c.terminateQuietly();
    const wasConnected = ua.isConnected();
    const disconnected = new Promise<void>((resolve) => {
      if (!wasConnected && !ua.isConnecting?.()) return resolve();
      ua.once('disconnected', () => resolve());
    });
    ua.stop();
    // JsSIP waits 2 s for in-flight transactions before closing the socket. Wait only
    // for the non-INVITE client ones (un-REGISTER, BYE, CANCEL) to get their answers;
    // INVITE transactions linger 32 s in "accepted" state by design (RFC 6026).
    if (wasConnected) {
      await waitUntil(
        () => Object.keys(ua._transactions?.nict ?? {}).length === 0,
        1000,
        () => '',
      ).catch(() => undefined);
    }
    if (ua._closeTimer) {
      clearTimeout(ua._closeTimer);
      ua._closeTimer = null;
    }
    ua._transport?.disconnect();
    await Promise.race([disconnected, new Promise<void>((r) => setTimeout(r, 1000).unref())]);
    clearJsSipTimers(ua);
    for (const c of this.calls) c.release();
    this.tone.stop();
    this.echo?.stop();
  }
}

/**
 * JsSIP keeps RFC 3261/6026 transaction timers (Timer L/M: 32 s after a 2xx) and a
 * transport recovery timer alive after ua.stop(); clear them so a test process ends
 * without waiting and without leaked handles.
 */
function clearJsSipTimers(ua: any): void {
  const t = ua._transactions ?? {};
  for (const kind of ['nict', 'nist', 'ict', 'ist']) {
    for (const [id, tr] of Object.entries<any>(t[kind] ?? {})) {
      for (const name of ['F', 'K', 'B', 'D', 'M', 'J', 'L', 'H', 'I']) if (tr[name]) clearTimeout(tr[name]);
      if (tr.resendProvisionalTimer) clearInterval(tr.resendProvisionalTimer);
      delete t[kind][id];
    }
  }
  const transport = ua._transport;
  if (transport?.recovery_timer) {
    clearTimeout(transport.recovery_timer);
    transport.recovery_timer = null;
  }
  if (ua._registrator?._registrationTimer) {
    clearTimeout(ua._registrator._registrationTimer);
    ua._registrator._registrationTimer = null;
  }
}

// ---------------------------------------------------------------------------------
// FarCall

export type CallState = 'new' | 'progress' | 'confirmed' | 'ended' | 'failed';

export interface CallEnd {
  originator: 'local' | 'remote' | 'system';
  cause: string;
  /** Status of the final response that ended the call (failed calls: e.g. 486), if any. */
  statusCode?: number;
  reasonPhrase?: string;
}

export interface CandidateInfo {
  address: string;
  port: number;
  protocol: string;
  candidateType: string;
}

export interface ReceivedRefer {
  referTo: string;
  request: any;
  accepted: boolean;
}

export interface ReferProgress {
  /** 'requestSucceeded'/'requestFailed': answer to the REFER; the rest: NOTIFY sipfrag */
  event: 'requestSucceeded' | 'requestFailed' | 'trying' | 'progress' | 'accepted' | 'failed';
  statusCode?: number;
  at: number;
}

/** One JsSIP RTCSession with its audio meter and everything the tests look at. */
export class FarCall {
  state: CallState = 'new';
  end: CallEnd | undefined;
  readonly audio = new AudioMeter();
  /** DTMF tones received by SIP INFO (JsSIP newDTMF, originator remote), in order. */
  readonly receivedDtmf: string[] = [];
  readonly sentDtmf: string[] = [];
  /** Every other INFO received: content type and body. */
  readonly receivedInfo: Array<{ contentType: string; body: string }> = [];
  /** Audio direction of each SDP received (offers and answers), oldest first. */
  readonly remoteDirections: SdpDirection[] = [];
  readonly localDirections: SdpDirection[] = [];
  /** REFERs received in this dialog. */
  readonly refersReceived: ReceivedRefer[] = [];
  /** Answers to the REFERs sent from this call, and the NOTIFYs that followed. */
  readonly referProgress: ReferProgress[] = [];
  remoteSdp: string | undefined;

  constructor(
    readonly farEnd: FarEnd,
    readonly session: any,
    readonly direction: 'incoming' | 'outgoing',
    /** The initial INVITE (IncomingRequest for incoming calls, OutgoingRequest for outgoing). */
    readonly request: any,
  ) {
    const s = session;
    if (farEnd.options.keepCallOnIceFailure) {
      const terminate = s.terminate.bind(s);
      s.terminate = (options?: { cause?: string }) => (options?.cause === 'RTP Timeout' ? undefined : terminate(options));
    }
    const onPc = (pc: any) => {
      pc.addEventListener('track', (ev: any) => {
        if (ev.track?.kind !== 'audio') return;
        this.audio.attach(ev.track);
        farEnd.echo?.loop(ev.track);
      });
    };
    if (s.connection) onPc(s.connection);
    s.on('peerconnection', (e: any) => onPc(e.peerconnection));
    s.on('sdp', (e: any) => {
      if (e.originator === 'local') {
        if ((farEnd.options.iceCandidates ?? 'loopback') === 'loopback') e.sdp = loopbackCandidatesOnly(e.sdp);
        if (farEnd.options.sdpRewrite) e.sdp = farEnd.options.sdpRewrite.local(e.sdp);
        this.localDirections.push(audioDirection(e.sdp));
      } else {
        if (farEnd.options.sdpRewrite) e.sdp = farEnd.options.sdpRewrite.remote(e.sdp);
        this.remoteSdp = e.sdp;
        this.remoteDirections.push(audioDirection(e.sdp));
      }
    });
    s.on('progress', () => {
      if (this.state === 'new') this.state = 'progress';
    });
    s.on('confirmed', () => {
      this.state = 'confirmed';
    });
    s.on('ended', (e: any) => this.finish('ended', e));
    s.on('failed', (e: any) => this.finish('failed', e));
    s.on('newDTMF', (e: any) => {
      (e.originator === 'remote' ? this.receivedDtmf : this.sentDtmf).push(String(e.dtmf.tone));
    });
    s.on('newInfo', (e: any) => {
      if (e.originator === 'remote') this.receivedInfo.push({ contentType: e.info.contentType, body: e.info.body });
    });
    s.on('refer', (e: any) => {
      const mode = farEnd.options.onRefer ?? 'accept';
      const entry: ReceivedRefer = {
        referTo: String(e.request.refer_to?.uri ?? e.request.getHeader('Refer-To')),
        request: e.request,
        accepted: mode === 'accept',
      };
      this.refersReceived.push(entry);
      if (mode === 'accept') e.accept(undefined, farEnd.mediaOptions());
      else if (mode === 'reject') e.reject();
    });
    s.on('replaces', (e: any) => {
      if (farEnd.options.autoAnswerReplaces ?? true) e.accept();
    });
  }

  /** The remote side's SIP URI. */
  get remoteUri(): string {
    return String(this.session.remote_identity?.uri ?? '');
  }

  /** A header of the initial INVITE (for incoming calls: as it arrived here). */
  header(name: string): string | undefined {
    const r = this.request;
    if (!r) return undefined;
    if (typeof r.hasHeader === 'function' && !r.hasHeader(name)) return undefined;
    const v = r.getHeader(name);
    return v === undefined || v === null ? undefined : String(v);
  }

  /** Direction of the latest SDP received (offer or answer). */
  get remoteDirection(): SdpDirection | undefined {
    return this.remoteDirections[this.remoteDirections.length - 1];
  }

  get isEstablished(): boolean {
    return this.state === 'confirmed';
  }

  waitForState(state: CallState, timeoutMs = 5000): Promise<void> {
    const order: CallState[] = ['new', 'progress', 'confirmed'];
    return waitUntil(
      () => {
        if (this.state === state) return true;
        if (state === 'ended' && this.state === 'failed') return true;
        if (this.state === 'ended' || this.state === 'failed')
          throw new Error(`${this.farEnd.user}: call ${this.state} (${this.end?.statusCode ?? ''} ${this.end?.cause}) while waiting for ${state}`);
        return order.indexOf(this.state) > order.indexOf(state) && order.includes(state);
      },
      timeoutMs,
      () => `${this.farEnd.user}: call is ${this.state}, wanted ${state}`,
    );
  }

  /** Resolves with how the call ended (ended or failed). */
  async waitForEnd(timeoutMs = 5000): Promise<CallEnd> {
    await waitUntil(
      () => this.end !== undefined,
      timeoutMs,
      () => `${this.farEnd.user}: call still ${this.state}`,
    );
    return this.end!;
  }

  /** Answers (with this far end's tone) and waits until the ACK arrived. */
  async answer(options: { extraHeaders?: string[]; timeoutMs?: number } = {}): Promise<void> {
    this.session.answer({ ...this.farEnd.mediaOptions(), extraHeaders: options.extraHeaders ?? [] });
    await this.waitForState('confirmed', options.timeoutMs ?? 5000);
  }

  /** Rejects an incoming call with a final status (default 486 Busy Here). */
  reject(statusCode = 486, reasonPhrase?: string): void {
    this.session.terminate({ status_code: statusCode, reason_phrase: reasonPhrase });
  }

  /** CANCEL, reject or BYE, whatever the state needs; waits until JsSIP reports the end. */
  async hangup(timeoutMs = 5000): Promise<CallEnd> {
    if (!this.end) this.session.terminate();
    return this.waitForEnd(timeoutMs);
  }

  /**
   * DTMF. 'INFO' (default): one SIP INFO per tone (application/dtmf-relay).
   * 'RFC2833' needs RTCRtpSender.dtmf, which @roamhq/wrtc 0.10 does not have: it throws.
   */
  async sendDtmf(
    tones: string,
    options: { transportType?: 'INFO' | 'RFC2833'; duration?: number; interToneGap?: number; timeoutMs?: number } = {},
  ): Promise<void> {
    const transportType = options.transportType ?? 'INFO';
    if (transportType === 'RFC2833') {
      const sender = this.session.connection?.getSenders?.().find((s: any) => s.track?.kind === 'audio');
      if (!sender?.dtmf) throw new Error('RFC 2833 DTMF needs RTCRtpSender.dtmf (RTCDTMFSender), which @roamhq/wrtc does not implement; use INFO');
    }
    const before = this.sentDtmf.length;
    const count = tones.replace(/,/g, '').length;
    this.session.sendDTMF(tones, { transportType, duration: options.duration ?? 100, interToneGap: options.interToneGap ?? 70 });
    if (transportType === 'INFO') {
      await waitUntil(
        () => this.sentDtmf.length - before >= count,
        options.timeoutMs ?? 5000,
        () => `${this.farEnd.user}: sent ${this.sentDtmf.length - before} of ${count} DTMF INFOs`,
      );
    }
  }

  /** Waits until the INFO DTMF received so far end with `tones`. */
  waitForDtmf(tones: string, timeoutMs = 5000): Promise<void> {
    return waitUntil(
      () => this.receivedDtmf.join('').endsWith(tones),
      timeoutMs,
      () => `${this.farEnd.user}: received DTMF "${this.receivedDtmf.join('')}", wanted "${tones}"`,
    );
  }

  /** Local hold: re-INVITE with a=sendonly; resolves when the re-INVITE succeeded. JsSIP also disables the local track. */
  hold(timeoutMs = 5000): Promise<void> {
    return this.reinvite('hold', timeoutMs);
  }

  unhold(timeoutMs = 5000): Promise<void> {
    return this.reinvite('unhold', timeoutMs);
  }

  private reinvite(kind: 'hold' | 'unhold', timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => finish(new Error(`${this.farEnd.user}: ${kind} re-INVITE not answered in ${timeoutMs} ms`)), timeoutMs);
      const onEnd = () => finish(new Error(`${this.farEnd.user}: call ended during ${kind}`));
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.session.removeListener('ended', onEnd);
        this.session.removeListener('failed', onEnd);
        if (err) reject(err);
        else resolve();
      };
      this.session.once('ended', onEnd);
      this.session.once('failed', onEnd);
      const ok = this.session[kind]({}, () => finish());
      if (!ok) finish(new Error(`${this.farEnd.user}: JsSIP refused ${kind} (state ${this.state}, on hold: ${JSON.stringify(this.session.isOnHold())})`));
    });
  }

  /**
   * Sends REFER. Blind transfer: `refer('colleague')`. Attended transfer: `refer(other.remoteUri, { replaces: other })`
   * where `other` is this far end's call with the transfer target. Progress (202, NOTIFYs) lands in referProgress.
   */
  refer(target: string, options: { replaces?: FarCall; extraHeaders?: string[] } = {}): void {
    const uri = target.includes(':') ? target : `sip:${target}@${this.farEnd.options.kamailio.domain}`;
    const push = (event: ReferProgress['event']) => (e: any) => {
      this.referProgress.push({ event, statusCode: e?.response?.status_code ?? e?.status_line?.status_code ?? e?.request?.status_code, at: Date.now() });
    };
    this.session.refer(uri, {
      replaces: options.replaces?.session,
      extraHeaders: options.extraHeaders ?? [],
      eventHandlers: {
        requestSucceeded: push('requestSucceeded'),
        requestFailed: push('requestFailed'),
        trying: push('trying'),
        progress: push('progress'),
        accepted: push('accepted'),
        failed: push('failed'),
      },
    });
  }

  /** Waits for a refer progress event ('accepted' = NOTIFY 200 from the transferee). */
  waitForReferProgress(event: ReferProgress['event'], timeoutMs = 5000): Promise<void> {
    return waitUntil(
      () => this.referProgress.some((p) => p.event === event),
      timeoutMs,
      () => `${this.farEnd.user}: refer progress ${JSON.stringify(this.referProgress.map((p) => p.event))}, wanted ${event}`,
    );
  }

  waitForRefer(timeoutMs = 5000): Promise<ReceivedRefer> {
    return waitUntil(
      () => this.refersReceived.length > 0,
      timeoutMs,
      () => `${this.farEnd.user}: no REFER`,
    ).then(() => this.refersReceived[this.refersReceived.length - 1]!);
  }

  /** The ICE candidate pair media flows over (from getStats), or undefined before ICE connected. */
  async selectedCandidatePair(): Promise<{ local: CandidateInfo; remote: CandidateInfo } | undefined> {
    const pc = this.session.connection;
    if (!pc) return undefined;
    const stats: Map<string, any> = new Map();
    (await pc.getStats()).forEach((v: any, k: string) => stats.set(k, v));
    const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair =
      (transport && stats.get(transport.selectedCandidatePairId)) ??
      [...stats.values()].find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    if (!pair) return undefined;
    const info = (id: string): CandidateInfo => {
      const c = stats.get(id) ?? {};
      return { address: c.address ?? c.ip, port: c.port, protocol: c.protocol, candidateType: c.candidateType };
    };
    return { local: info(pair.localCandidateId), remote: info(pair.remoteCandidateId) };
  }

  /** Waits until the latest remote SDP has one of the given directions. */
  waitForRemoteDirection(directions: SdpDirection | SdpDirection[], timeoutMs = 5000): Promise<void> {
    const want = Array.isArray(directions) ? directions : [directions];
    return waitUntil(
      () => this.remoteDirection !== undefined && want.includes(this.remoteDirection),
      timeoutMs,
      () => `${this.farEnd.user}: remote SDP direction ${this.remoteDirection}, wanted ${want.join('|')}`,
    );
  }

  private finish(state: 'ended' | 'failed', e: any): void {
    this.state = state;
    this.end ??= { originator: e.originator, cause: String(e.cause), statusCode: e.message?.status_code, reasonPhrase: e.message?.reason_phrase };
    this.release();
  }

  /** @internal terminate without waiting (FarEnd.stop). */
  terminateQuietly(): void {
    if (this.end) return;
    try {
      this.session.terminate();
    } catch {
      /* already terminated */
    }
  }

  /** @internal stop the sink and the tone track of this call. */
  release(): void {
    this.audio.stop();
    const senders = this.session.connection?.getSenders?.() ?? [];
    for (const s of senders) {
      if (s.track) this.farEnd.tone.releaseStream({ getTracks: () => [s.track] } as any);
    }
  }
}
