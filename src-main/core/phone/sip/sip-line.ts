import {
  said,
  type Message,
  type EndCause,
  type EndedBy,
  type EndReason,
  type MediaTrackConstraintsInit,
  type PeerStats,
  type SipSettings,
} from '../../../contract';
import type { Clock } from '../../clock';
import { backoffDelay } from '../../backoff';
import { AnlaufError } from '../../errors';
import { errorForLog, type Logger } from '../../log';
import { Emitter, toDisposable, type IDisposable } from '../../events';
import type { BridgedMediaStream, BridgedPeerConnection } from '../../media/bridged-media';
import type { MediaBridge } from '../../media/media-bridge';
import type { PhoneLine, PhoneLineListener } from '../phone-line';
import { EarlyMedia, GATHER_AFTER_FIRST_CANDIDATE_MS } from './early-media';
import { IceRecovery } from './ice-recovery';
import { readInbound } from './inbound';
import { SocketKeepAlive, type PingableSocket } from './keep-alive';
import { SipOptionsPing } from './options-ping';
import { lastSocketError, prepareJsSipGlobals } from './jssip-env';
import { checkRemoteSdp, problemFromMediaError, reasonHeader, warningHeader, withDefaultSetup, type MediaProblem } from './sdp-check';
import { AddressWatch, readAddresses, sameAddress, type AddressChange } from './network-addresses';
import { guardIncoming } from './wire-guard';
import { ContactBindings, type BindingJsSip, type BindingUa } from './contact-bindings';
import type { PublishAnswer, PublishRequest, SipEventChannel, SubscriptionListener } from './sip-events';
import { sendPublish } from './sip-publish';

type JsSipModule = typeof import('jssip');
type UA = InstanceType<JsSipModule['UA']>;
// JsSIP's RTCSession, with the parts we reach beyond its typings.
type Session = import('jssip/lib/RTCSession').RTCSession & {
  _createRTCConnection(pcConfig: unknown, rtcConstraints: unknown): void;
  _connection: unknown;
};

interface LineCall {
  session: Session;
  stream: BridgedMediaStream | null;
  /** An inbound call's media prepared while it rings (sip.prepareMediaWhileRinging). */
  early: EarlyMedia | null;
}

/** A call the line places for the workstation itself (sipLine.quietCall). */
export interface QuietCall {
  /** Resolves when the far end answered; rejects when the call ended first. */
  answered: Promise<void>;
  ended: Promise<EndCause>;
  stats(): Promise<PeerStats | null>;
  /** Sends silence (`true`) or the microphone again, as mute does on a call. */
  setMuted(muted: boolean): Promise<void>;
  hangup(): void;
}

/** A CommonJS module imported as an ES module: its `module.exports` (the default), whatever the loader. */
function commonJs(module: unknown): unknown {
  return (module as { default?: unknown }).default ?? module;
}

/** What the Dispatcher may ask of the SIP line: register again now. */
export interface ISipLineRefresh {
  refresh(): void;
}

/**
 * The SIP line: a JsSIP user agent in main, its media through the bridge. It reports only what
 * happened on the wire: `answered` once the 200 OK went out, `ended` with the cause JsSIP saw.
 */
export class SipLine implements PhoneLine, ISipLineRefresh, SipEventChannel {
  readonly kind = 'sip' as const;
  private listener: PhoneLineListener | null = null;
  private jssip: JsSipModule | null = null;
  private ua: UA | null = null;
  private readonly calls = new Map<string, LineCall>();
  /** Peers prepared while ringing, waiting for JsSIP's answer() to take them as its connection. */
  private readonly preparedPeers = new WeakMap<Session, BridgedPeerConnection>();
  /** Why a session's media could not be agreed (its SDP refused before or by the media end). */
  private readonly mediaProblems = new WeakMap<Session, MediaProblem>();
  private status: 'registering' | 'registered' | 'reconnecting' | 'unreachable' | 'failed' = 'registering';
  private keepAlive: SocketKeepAlive | null = null;
  private optionsPing: SipOptionsPing | null = null;
  /** The WebSocket JsSIP has open now (what the keep-alives tear down when it is dead). */
  private openSocket: PingableSocket | null = null;
  /** The computer's address the open connection leaves from (null: not known). */
  private socketAddress: string | null = null;
  /** The connection the OPTIONS ping watches. */
  private pingedSocket: PingableSocket | null = null;
  /** Why a keep-alive (ping or OPTIONS) found the connection dead (for the status's words). */
  private deadPathReason: Message | null = null;
  /** The connection dropped since the last registration: calls must tell the proxy the new one. */
  private lostConnection = false;
  private stopping = false;
  private retryTimer: unknown = null;
  private retryAttempt = 0;
  /** Per session, what keeps its media alive over network trouble (a session's new peer gets a new one). */
  private readonly recoveries = new WeakMap<Session, IceRecovery>();
  /** Sessions the line ended because their media did not come back in time. */
  private readonly lostMedia = new WeakSet<Session>();
  private addressWatch: AddressWatch | null = null;
  /** Until when a WebSocket that fails is tried again at once (set by an address change). */
  private quickReconnectUntil = 0;
  private quickReconnectTimer: unknown = null;
  /** Sessions whose target-refresh re-INVITE (refreshDialogs) is under way: an ICE restart waits for it. */
  private readonly refreshing = new WeakSet<Session>();
  /** Counts WebSocket connections; `reinvitedOn` says on which one a call last sent a re-INVITE. */
  private connection = 0;
  private readonly reinvitedOn = new WeakMap<Session, number>();
  private readonly refusedCredentials = new Emitter<{ status: number; reason: string }>();
  /** The server refused the line's identity (a wrong or changed password, a locked account): asking again will not help. */
  readonly onDidRefuseCredentials = this.refusedCredentials.event;
  private readonly registeredAgain = new Emitter<void>();
  readonly onDidRegister = this.registeredAgain.event;
  /** Calls the line places for the workstation itself (quietCall): never reported as calls. */
  private readonly quiet = new Map<string, { answered(): void; ended(cause: EndCause): void }>();
  /** JsSIP's request classes for the queue bindings, loaded with JsSIP. */
  private bindingJsSip: BindingJsSip | null = null;
  /**
   * The line's contact under the queues' addresses of record (registrar forking): refreshed with
   * the line's own registration lifetime and sent again whenever the line registers anew.
   */
  readonly queueBindings: ContactBindings;

  constructor(
    private readonly settings: SipSettings,
    private readonly bridge: MediaBridge,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly userAgent: string,
    /** The microphone a call takes (the agent's choice, or the default). */
    private readonly audioConstraints: () => MediaTrackConstraintsInit = () => ({}),
    /** What the calls' flight recorders see of the line. */
    private readonly tap: LineTap = { sip: () => undefined, media: () => undefined },
    /** The computer's own addresses, as one comparable text (a port, for tests). */
    private readonly addresses: () => string = readAddresses,
  ) {
    this.queueBindings = new ContactBindings(
      () => (this.ua && this.bindingJsSip && !this.stopping ? { ua: this.ua as unknown as BindingUa, jssip: this.bindingJsSip } : null),
      clock,
      logger,
      () => this.settings.registerExpiresSeconds,
    );
  }

  attach(listener: PhoneLineListener): void {
    this.listener = listener;
  }

  async start(): Promise<void> {
    const { websocketUrl, uri } = this.settings;
    if (!websocketUrl || !uri) throw new AnlaufError('sip.needsAccount', {}, 'invalid');
    prepareJsSipGlobals();
    const jssip = (this.jssip = (await import('jssip')).default);
    // With the `.js` suffix: JsSIP has no exports map, and the built app imports these as ES modules.
    const [sipMessage, requestSender, utils] = await Promise.all([
      import('jssip/lib/SIPMessage.js').then(commonJs),
      import('jssip/lib/RequestSender.js').then(commonJs),
      import('jssip/lib/Utils.js').then(commonJs),
    ]);
    const { OutgoingRequest } = sipMessage as Pick<BindingJsSip, 'OutgoingRequest'>;
    const { newTag, createRandomToken } = utils as Pick<BindingJsSip, 'newTag' | 'createRandomToken'>;
    this.bindingJsSip = { OutgoingRequest, RequestSender: requestSender as BindingJsSip['RequestSender'], newTag, createRandomToken };
    const socket = new jssip.WebSocketInterface(websocketUrl);
    // Everything JsSIP sends goes through its socket's send, the wire guard's 400s included.
    const send = socket.send.bind(socket);
    socket.send = (message) => {
      this.tapped(() => this.tap.sip('out', String(message)));
      return send(message);
    };
    const ua = new jssip.UA({
      sockets: [socket],
      uri,
      password: this.settings.password ?? undefined,
      authorization_user: this.settings.authorizationUser ?? undefined,
      display_name: this.settings.displayName ?? undefined,
      register: true,
      register_expires: this.settings.registerExpiresSeconds,
      session_timers: false,
      user_agent: this.userAgent,
      connection_recovery_min_interval: this.settings.reconnectMinSeconds,
      connection_recovery_max_interval: Math.max(this.settings.reconnectMaxSeconds, this.settings.reconnectMinSeconds),
      use_preloaded_route: false,
    });
    this.ua = ua;
    this.guardTransport(ua, jssip);
    const keepAlive = (this.keepAlive = new SocketKeepAlive(this.clock, this.settings.keepAliveSeconds * 1000, () => {
      this.deadPathReason = said('line.keepAliveUnanswered', {});
      this.logger.log('warn', 'the SIP server did not answer the keep-alive; reconnecting', { seconds: this.settings.keepAliveSeconds });
    }));
    const optionsPing = (this.optionsPing = new SipOptionsPing(this.clock, this.settings.optionsPingSeconds * 1000, {
      dead: () => {
        this.deadPathReason = said('line.serverStoppedAnswering', {});
        this.logger.log('warn', 'the SIP server stopped answering OPTIONS on a connection that still takes pings; reconnecting', {
          seconds: this.settings.optionsPingSeconds,
        });
        this.openSocket?.terminate();
      },
      unanswered: () => this.logger.log('info', 'the SIP server does not answer OPTIONS; the WebSocket ping alone watches the line'),
    }));
    if (this.settings.outboundProxy) {
      // A preloaded route on every request: registrations and calls go through the proxy.
      (ua as unknown as { registrator(): { setExtraHeaders(h: string[]): void } }).registrator().setExtraHeaders([`Route: <${this.settings.outboundProxy}>`]);
    }

    // 'reconnecting' lasts from losing a registered line's connection until it is registered
    // again, or until a reconnect attempt fails ('unreachable').
    ua.on('connecting', () => {
      if (this.status !== 'unreachable' && this.status !== 'reconnecting') this.report('registering', null);
    });
    ua.on('connected', () => {
      this.connection++;
      const ws = (socket as unknown as { _ws?: PingableSocket | null })._ws ?? null;
      this.openSocket = ws;
      this.socketAddress = (ws as { _socket?: { localAddress?: string } } | null)?._socket?.localAddress ?? null;
      if (ws) keepAlive.watch(ws);
      if (this.status !== 'reconnecting') this.report('registering', null);
      // In-dialog requests need no registration: a call's waiting re-INVITE can go out now.
      for (const call of this.calls.values()) this.recoveries.get(call.session)?.tryAgainNow();
    });
    ua.on('disconnected', (event: { code?: number; reason?: string }) => {
      keepAlive.stop();
      optionsPing.stop();
      this.openSocket = this.pingedSocket = null;
      this.socketAddress = null;
      if (this.stopping) return;
      this.reconnectQuickly();
      this.lostConnection = true;
      const missed = this.deadPathReason;
      this.deadPathReason = null;
      const why = lastSocketError.get(websocketUrl);
      const detail =
        missed ?? (why ? socketErrorText(why) : event.code ? said('line.connectionClosedCode', { code: event.code }) : said('line.connectionClosed', {}));
      this.report(this.status === 'registered' ? 'reconnecting' : 'unreachable', detail);
    });
    ua.on('registered', () => {
      this.retryAttempt = 0;
      this.report('registered', null);
      this.registeredAgain.fire();
      // Once per connection: a re-registration on the same one keeps what was learnt of it.
      if (this.openSocket && this.pingedSocket !== this.openSocket) {
        this.pingedSocket = this.openSocket;
        optionsPing.start((answered) => this.sendOptions(answered));
      }
      if (this.lostConnection) {
        this.lostConnection = false;
        this.refreshDialogs();
      }
      // Signalling is back: a call whose media waits for a re-INVITE need not wait for its next try.
      for (const call of this.calls.values()) this.recoveries.get(call.session)?.tryAgainNow();
      // The queues' bindings follow the line's registration (a new connection, a server restart).
      this.queueBindings.lineRegistered();
    });
    ua.on('unregistered', () => {
      if (this.stopping) return;
      // The transport dropped (JsSIP says so around 'disconnected', before it when a REGISTER was
      // in flight): the reconnect registers again.
      if (this.status === 'reconnecting' || !this.ua?.isConnected()) return;
      // Never silently unregistered: ask again.
      this.report('registering', null);
      this.scheduleRegister();
    });
    ua.on('registrationFailed', (event: { cause?: string; response?: { status_code: number; reason_phrase: string } }) => {
      if (this.stopping) return;
      const reply = event.response ? `${event.response.status_code} ${event.response.reason_phrase}` : (event.cause ?? null);
      const detail = reply === null ? said('line.registrationFailed', {}) : said('line.serverSaid', { detail: reply });
      if (!this.ua?.isConnected()) return; // the transport dropped: 'disconnected' tells the story
      this.report('failed', detail);
      // A wrong password stays wrong; anything else (timeouts, 5xx) is tried again with backoff.
      const status = event.response?.status_code;
      if (status !== 401 && status !== 403 && status !== 407) this.scheduleRegister();
      else this.refusedCredentials.fire({ status, reason: event.response?.reason_phrase ?? '' });
    });
    ua.on('newRTCSession', (event: { originator: string; session: unknown; request: unknown }) => {
      if (event.originator === 'remote') this.onIncoming(event.session as Session, event.request);
    });

    this.report('registering', null);
    ua.start();
    this.addressWatch = new AddressWatch(this.clock, this.addresses, (change) => this.addressesChanged(change));
  }

  async stop(): Promise<void> {
    // Out of the queues first (Expires 0 for this contact), so no queue call forks to a desk that is gone.
    const bound = this.queueBindings.bound();
    if (bound.length > 0) {
      await Promise.race([Promise.allSettled(bound.map((aor) => this.queueBindings.unbind(aor))), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    }
    this.queueBindings.stop();
    this.stopping = true;
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.quickReconnectTimer);
    this.keepAlive?.stop();
    this.optionsPing?.stop();
    this.addressWatch?.stop();
    for (const [id, call] of this.calls) {
      try {
        call.session.terminate();
      } catch {
        this.finish(id, 'failed', 'system');
      }
    }
    const ua = this.ua;
    if (!ua) return;
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      ua.once('disconnected', done);
      // JsSIP keeps the socket open for 2 s while the un-REGISTER's transaction lingers; once the
      // server has answered it there is nothing left to wait for.
      const close = () => (ua as unknown as { _transport?: { disconnect(): void } })._transport?.disconnect();
      ua.once('unregistered', close);
      ua.once('registrationFailed', close);
      // Asked before stop(): JsSIP counts the line unregistered as soon as the un-REGISTER is
      // queued, and closing then drops it unsent (the contact stayed at the registrar).
      const registered = ua.isRegistered();
      ua.stop();
      if (!registered) close();
      setTimeout(done, 2000).unref();
    });
    this.ua = null;
  }

  get ownUri(): string {
    return this.settings.uri ?? '';
  }

  get registered(): boolean {
    return this.status === 'registered' && !this.stopping;
  }

  /** PUBLISH to the agent's own address of record (presence.ts decides what and when). */
  async publish(request: PublishRequest): Promise<PublishAnswer> {
    const ua = this.ua;
    if (!ua || !ua.isConnected()) return { status: 0, reason: 'not connected', etag: null, expires: null };
    return sendPublish(ua as unknown as Parameters<typeof sendPublish>[0], this.ownUri, request);
  }

  subscribe(target: string, event: string, accept: string, expires: number, listener: SubscriptionListener): IDisposable {
    const ua = this.ua;
    if (!ua) throw new AnlaufError('sip.needsAccount', {}, 'invalid');
    const extraHeaders = this.settings.outboundProxy ? [`Route: <${this.settings.outboundProxy}>`] : [];
    const subscriber = ua.subscribe(target, event, accept, { expires, contentType: accept, extraHeaders });
    let open = true;
    subscriber.on('active', () => {
      if (open) listener.active();
    });
    subscriber.on('notify', (_final, _request, body, contentType) => {
      if (open) listener.notify(body ?? null, contentType ?? null);
    });
    subscriber.on('terminated', (code, reason, retryAfter) => {
      if (!open) return;
      open = false;
      listener.ended(reason ?? `terminated (${code})`, retryAfter ?? null);
    });
    subscriber.subscribe();
    return toDisposable(() => {
      if (!open) return;
      open = false;
      try {
        subscriber.terminate();
      } catch {
        // The UA stopped under it: the server lets the subscription run out.
      }
    });
  }

  /** One OPTIONS to the registrar (through the outbound proxy, if one is set). */
  private sendOptions(answered: () => void): void {
    const ua = this.ua;
    if (!ua) return;
    // The registrar is the address of record's domain, as JsSIP registers there.
    const uri = this.settings.uri!;
    const target = `${uri.startsWith('sips:') ? 'sips' : 'sip'}:${uri.replace(/^sips?:[^@]*@/, '').split(/[;?]/)[0]}`;
    const extraHeaders = this.settings.outboundProxy ? [`Route: <${this.settings.outboundProxy}>`] : [];
    (ua as unknown as { sendOptions(target: string, body: null, options: object): void }).sendOptions(target, null, {
      extraHeaders,
      eventHandlers: {
        succeeded: () => answered(),
        failed: (event: { originator: string }) => {
          // A refusal is an answer too; only the server's silence (or a dead transport) is not.
          if (event.originator === 'remote') answered();
        },
      },
    });
  }

  /**
   * After sleep, unlock or a network change: reconnect and re-register at once, and bring the
   * calls' media back. Only the transport restarts: stopping the UA (as this once did when the
   * socket was down after a wake) ends every call with it.
   */
  refresh(): void {
    const ua = this.ua;
    if (!ua || this.stopping) return;
    if (ua.isConnected()) {
      ua.register();
      // The socket may have died while the machine slept: find out now, not in minutes.
      this.keepAlive?.probe();
    } else {
      // JsSIP's own recovery may be waiting out a long backoff: connect now. The calls stay;
      // 'connected' lets their waiting re-INVITEs go, 'registered' refreshes their dialogs.
      const transport = (ua as unknown as { _transport?: { disconnect(): void; connect(): void } })._transport;
      transport?.disconnect();
      transport?.connect();
    }
    // A call whose media broke while the machine slept restarts ICE now, not after the grace period.
    for (const call of this.calls.values()) {
      const pc = internals(call.session)._connection as { iceConnectionState?: string } | null;
      const state = pc?.iceConnectionState;
      if (state && state !== 'connected' && state !== 'completed') this.recoveries.get(call.session)?.networkChanged();
    }
  }

  /**
   * After a reconnect the proxy reaches this desk over a new connection, but each call's far end
   * still sends its in-dialog requests (the BYE) to the Contact it learnt at the start, which names
   * the old one. A re-INVITE is a target refresh (RFC 3261 §12.2): its Contact, rewritten by the
   * proxy for the new connection, becomes the far end's target. The media stays as it was.
   */
  private refreshDialogs(): void {
    for (const [lineCallId, call] of this.calls) {
      const s = internals(call.session);
      if (!s.isEstablished() || !s.isReadyToReOffer()) continue;
      // A call restarting its ICE sends its re-INVITE over the new connection: that is the refresh.
      // Two at once would clash: JsSIP counts a re-INVITE as pending only once its offer is made.
      if (this.recoveries.get(call.session)?.isRecovering) continue;
      // Its ICE restart already went over this connection: the far end has the new target, and a
      // second re-INVITE right behind the first was seen to get 481 from a far end after a wake.
      if (this.reinvitedOn.get(call.session) === this.connection) continue;
      this.logger.log('info', 'telling the far end the new connection after a reconnect', { lineCallId });
      this.refreshing.add(call.session);
      s._sendReinvite({
        eventHandlers: {
          succeeded: () => {
            this.refreshing.delete(call.session);
            this.logger.log('info', 'call refreshed after the reconnect', { lineCallId });
          },
          failed: (response) => {
            this.refreshing.delete(call.session);
            this.logger.log('warn', 'the far end refused the refresh after the reconnect', { lineCallId, status: response?.status_code ?? null });
          },
        },
      });
    }
  }

  async answer(lineCallId: string): Promise<void> {
    const call = this.must(lineCallId);
    // Prepared while ringing: one request to the media end turns the early answer into the real
    // one, and JsSIP's answer() sends the 200 OK with it; ICE and DTLS are done already. Never
    // prepared, or dropped (the media end was replaced): the media is built now, as without.
    const early = call.early ? await call.early.takeForAnswer() : null;
    const stream = early?.stream ?? (await this.bridge.getUserMedia(this.audioConstraints()));
    if (this.calls.get(lineCallId) !== call) {
      early?.pc.close();
      for (const track of stream.getTracks()) track.stop();
      throw new AnlaufError('sip.endedBeforeAnswer', {}, 'conflict');
    }
    call.stream = stream;
    if (early) {
      this.preparedPeers.set(call.session, early.pc);
      // JsSIP would wait for a new candidate while gathering goes on; those came during ringing.
      if (early.pc.iceGatheringState === 'gathering' && /^a=candidate:/m.test(early.pc.localDescription?.sdp ?? '')) internals(call.session)._iceReady = true;
    }
    try {
      call.session.answer({ mediaStream: stream as unknown as MediaStream, pcConfig: { iceServers: this.settings.iceServers } });
    } finally {
      // Not taken (JsSIP refused to answer): the call's end closes it with the rest.
      if (early && this.preparedPeers.get(call.session) === early.pc) {
        this.preparedPeers.delete(call.session);
        early.pc.close();
      }
    }
  }

  async mediaStats(lineCallId: string): Promise<PeerStats | null> {
    const pc = this.calls.get(lineCallId)?.session._connection as BridgedPeerConnection | null | undefined;
    return pc ? pc.stats() : null;
  }

  async hangup(lineCallId: string): Promise<void> {
    this.must(lineCallId).session.terminate();
  }

  async reject(lineCallId: string, code: number = this.settings.rejectCode): Promise<void> {
    const phrases: Record<number, string> = { 486: 'Busy Here', 480: 'Temporarily Unavailable', 603: 'Decline' };
    this.must(lineCallId).session.terminate({ status_code: code, reason_phrase: phrases[code] ?? 'Decline' });
  }

  private onIncoming(session: Session, request: unknown): void {
    const jssip = this.jssip;
    if (!jssip) return;
    this.useBridge(session);
    const ownUser = this.settings.uri?.replace(/^sips?:/, '').split('@')[0] ?? null;
    const { info, problems } = readInbound(request as Parameters<typeof readInbound>[0], this.settings.headers, ownUser, (value) => {
      const parsed = jssip.NameAddrHeader.parse(value.trim()) as { uri: { user?: string | null }; display_name?: string | null } | undefined;
      return parsed ? { user: parsed.uri.user ?? null, displayName: parsed.display_name ?? null } : null;
    });
    for (const problem of problems) this.logger.log('warn', 'incoming call header ignored', { problem, callId: info.sipCallId });

    const id = session.id;
    const call: LineCall = { session, stream: null, early: null };
    this.calls.set(id, call);
    this.wire(session, () => id, 'inbound');
    const invite = request as SipRequest;
    explainRefusals(invite, () => this.mediaProblems.get(session));
    // An offer that cannot work is refused now, with its reason, rather than rung, answered and
    // dropped. (An INVITE without SDP gets our offer on answer; the ACK's answer is judged then.)
    const problem = typeof invite.body === 'string' && invite.body ? checkRemoteSdp(invite.body) : null;
    if (problem) {
      this.mediaProblems.set(session, problem);
      this.logger.log('warn', 'incoming call refused: its SDP offer cannot be used', { callId: info.sipCallId, reason: problem.code, problem: problem.text });
      this.listener?.incoming(id, { ...info, refused: problem.code });
      session.terminate({ status_code: 488, reason_phrase: 'Not Acceptable Here' });
      return;
    }
    this.listener?.incoming(id, info);
    // Declined at once (the agent is not ready) or ended: nothing to prepare.
    if (this.calls.get(id) !== call) return;
    if (this.settings.prepareMediaWhileRinging && typeof invite.body === 'string' && invite.body && this.bridge.isAttached) {
      call.early = new EarlyMedia(this.bridge, withDefaultSetup(invite.body), this.settings.iceServers, this.audioConstraints(), this.logger, (sdp) =>
        this.sendEarlyAnswer(session, info.sipCallId ?? null, sdp),
      );
    }
  }

  /**
   * The early answer: an unreliable 183 Session Progress (no 100rel) whose SDP is `a=inactive`,
   * so the far end starts ICE and DTLS now and plays its own ringback (RFC 3960). The 200 OK
   * carries the real answer, with the same ICE credentials and DTLS fingerprint.
   */
  private sendEarlyAnswer(session: Session, sipCallId: string | null, sdp: string): boolean {
    const s = internals(session);
    if (!session.isInProgress() || !s._request) return false;
    s._request.reply(183, 'Session Progress', [`Contact: ${s._contact}`], sdp);
    this.logger.log('info', 'call media prepared while ringing (183 with an inactive answer)', { callId: sipCallId });
    return true;
  }

  /** The events both directions share; `id()` is the line's id for the call. */
  private wire(session: Session, id: () => string, direction: 'inbound' | 'outbound'): void {
    const jssip = this.jssip;
    if (!jssip) return;
    // Compared as strings: the event's cause is a plain string, JsSIP's constants an enum.
    const causes = jssip.C.causes as unknown as Record<string, string>;
    session.on('sdp', (event: { originator: string; type: string; sdp: string }) => {
      if (event.originator === 'remote' && event.type === 'offer') event.sdp = withDefaultSetup(event.sdp);
    });
    // A re-INVITE or UPDATE whose offer the media end refuses gets a 488 that says why; the call
    // goes on, so the problem goes with that answer: the BYE that ends the call later is not about it.
    for (const name of ['reinvite', 'update'] as const) {
      session.on(name, (event) => {
        this.mediaProblems.delete(session); // a problem of an earlier offer is not this one's
        explainRefusals(
          event.request as unknown as SipRequest,
          () => this.mediaProblems.get(session),
          () => this.mediaProblems.delete(session),
        );
      });
    }
    session.on('accepted', () => {
      const quiet = this.quiet.get(id());
      if (quiet) quiet.answered();
      else this.listener?.answered(id());
    });
    session.on('ended', (event: { originator: string }) => {
      if (this.lostMedia.has(session)) return this.finish(id(), 'failed', 'system', 'network-lost');
      this.finish(id(), 'completed', event.originator === 'local' ? 'agent' : 'remote');
    });
    session.on('failed', (event: { originator: string; cause: string }) => {
      if (this.lostMedia.has(session)) return this.finish(id(), 'failed', 'system', 'network-lost');
      const problem = this.mediaProblems.get(session);
      if (problem) return this.finish(id(), 'failed', 'system', problem.code);
      const local = event.originator === 'local';
      const noAnswer = [causes.CANCELED, causes.REJECTED, causes.BUSY, causes.NO_ANSWER, causes.UNAVAILABLE, causes.NOT_FOUND, causes.REDIRECTED].includes(
        event.cause,
      );
      if (direction === 'inbound') {
        if (!local && event.cause === causes.CANCELED) this.finish(id(), 'missed', 'remote');
        else if (local && (event.cause === causes.REJECTED || event.cause === causes.CANCELED)) this.finish(id(), 'rejected', 'agent');
        else this.finish(id(), 'failed', local ? 'system' : 'remote');
      } else if (noAnswer) {
        this.finish(id(), 'unanswered', local ? 'agent' : 'remote');
      } else {
        this.finish(id(), 'failed', local ? 'system' : 'remote');
      }
    });
    session.on('muted', () => this.listener?.muted(id(), true));
    session.on('unmuted', () => this.listener?.muted(id(), false));
    session.on('icecandidate', (event: { ready(): void }) => {
      // Host candidates come at once; waiting for the end of gathering can take seconds.
      setTimeout(() => event.ready(), GATHER_AFTER_FIRST_CANDIDATE_MS);
    });
  }

  async dial(target: string): Promise<string> {
    return this.place(target, false);
  }

  /**
   * A call for the workstation itself, not the agent's work (the pre-shift check's echo test): it
   * is never reported upwards, so it never reaches the calls, the call log or the sync.
   */
  async quietCall(target: string): Promise<QuietCall> {
    let answer: () => void = () => undefined;
    let end: (cause: EndCause) => void = () => undefined;
    const answered = new Promise<void>((resolve, reject) => {
      answer = resolve;
      end = (cause) => reject(new Error(`the call ended before it was answered (${cause})`));
    });
    let ended: (cause: EndCause) => void = () => undefined;
    const over = new Promise<EndCause>((resolve) => (ended = resolve));
    answered.catch(() => undefined);
    const hooks = {
      answered: () => answer(),
      ended: (cause: EndCause) => {
        end(cause);
        ended(cause);
      },
    };
    const id = await this.place(target, true, (callId) => this.quiet.set(callId, hooks));
    return {
      answered,
      ended: over,
      stats: () => this.mediaStats(id),
      setMuted: (muted) => (this.calls.has(id) ? this.setMuted(id, muted) : Promise.resolve()),
      hangup: () => {
        if (this.calls.has(id)) this.calls.get(id)?.session.terminate();
      },
    };
  }

  private async place(target: string, quiet: boolean, register: (id: string) => void = () => undefined): Promise<string> {
    const jssip = this.jssip;
    const ua = this.ua;
    if (!jssip || !ua) throw new AnlaufError('sip.notStarted', {}, 'conflict');
    if (!ua.isRegistered()) throw new AnlaufError('sip.notRegistered', {}, 'conflict');
    const stream = await this.bridge.getUserMedia(this.audioConstraints());
    const session = new (jssip as unknown as { RTCSession: new (ua: UA) => Session }).RTCSession(ua);
    this.useBridge(session);
    let id = '';
    this.wire(session, () => id, 'outbound');
    try {
      (session as unknown as { connect(target: string, options: unknown): void }).connect(target, {
        mediaStream: stream,
        pcConfig: { iceServers: this.settings.iceServers },
        // The outbound proxy's preloaded route; in-dialog requests follow Record-Route.
        extraHeaders: this.settings.outboundProxy ? [`Route: <${this.settings.outboundProxy}>`] : [],
      });
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw new AnlaufError('sip.cannotCall', { target, detail: (error as Error).message }, 'invalid');
    }
    id = session.id;
    this.calls.set(id, { session, stream, early: null });
    register(id);
    if (quiet) return id;
    const user = /^sips?:([^@]+)@/i.exec(target)?.[1] ?? target;
    this.listener?.outgoing(id, {
      remoteNumber: user,
      remoteName: null,
      dialedNumber: user,
      ivr: {},
      sipCallId: (session as unknown as { _request?: { call_id?: string } })._request?.call_id ?? null,
    });
    return id;
  }

  async hold(lineCallId: string): Promise<void> {
    await this.reinvite(lineCallId, true);
  }

  async resume(lineCallId: string): Promise<void> {
    await this.reinvite(lineCallId, false);
  }

  /**
   * Hold and resume by re-INVITE. JsSIP's own hold() says "held" before the far end agreed and
   * ends the call when the re-INVITE fails; a refused hold must leave the call as it was.
   */
  private reinvite(lineCallId: string, hold: boolean): Promise<void> {
    const s = internals(this.must(lineCallId).session);
    if (!s.isReadyToReOffer()) throw new AnlaufError('sip.busy', {}, 'conflict');
    s._localHold = hold;
    // The held party hears nothing from the agent: the microphone stops at once on hold, and
    // comes back on resume only once the far end agreed (and unless the agent muted it).
    if (hold) s._toggleMuteAudio(true);
    const restoreAudio = (heldNow: boolean) => {
      if (!heldNow && !s._audioMuted) s._toggleMuteAudio(false);
    };
    return new Promise((resolve, reject) => {
      s._sendReinvite({
        eventHandlers: {
          succeeded: () => {
            restoreAudio(hold);
            this.listener?.hold(lineCallId, { held: hold });
            resolve();
          },
          failed: (response) => {
            s._localHold = !hold;
            restoreAudio(!hold);
            const pc = s._connection;
            if (pc && pc.signalingState === 'have-local-offer') pc.setLocalDescription({ type: 'rollback', sdp: '' }).catch(() => undefined);
            const status = response?.status_code ? `${response.status_code} ${response.reason_phrase ?? ''}`.trim() : null;
            const refusal = hold
              ? status
                ? said('sip.holdRefused', { status })
                : said('sip.holdUnanswered', {})
              : status
                ? said('sip.resumeRefused', { status })
                : said('sip.resumeUnanswered', {});
            this.listener?.hold(lineCallId, { failed: refusal });
            reject(AnlaufError.from(refusal, 'failed'));
          },
        },
      });
    });
  }

  /**
   * The media end went away: media prepared for ringing calls is dropped rather than moved to the
   * next media end (its early answer would no longer be true); those calls are answered as without.
   */
  dropPreparedMedia(): void {
    for (const call of this.calls.values()) call.early?.close();
  }

  /**
   * The media end was replaced (a page reload in the browser host): re-offer with an ICE restart
   * from the new peer, so the far end moves its audio there. The call itself never dropped.
   */
  restartMedia(connections: readonly unknown[]): void {
    for (const [lineCallId, call] of this.calls) {
      const s = internals(call.session);
      if (!connections.includes(s._connection) || !s.isEstablished()) continue;
      this.logger.log('info', 'moving call media to the new media end', { lineCallId });
      s._sendReinvite({
        rtcOfferConstraints: { iceRestart: true },
        eventHandlers: {
          succeeded: () => this.logger.log('info', 'call media moved', { lineCallId }),
          failed: (response) => this.logger.log('error', 'the far end refused to move the call media', { lineCallId, status: response?.status_code ?? null }),
        },
      });
    }
  }

  async setMuted(lineCallId: string, muted: boolean): Promise<void> {
    const { session } = this.must(lineCallId);
    if (muted) session.mute({ audio: true });
    else session.unmute({ audio: true });
  }

  async sendDtmf(lineCallId: string, tones: string): Promise<void> {
    const { session } = this.must(lineCallId);
    let transportType: 'RFC2833' | 'INFO' = this.settings.dtmf === 'rfc4733' ? 'RFC2833' : 'INFO';
    if (transportType === 'RFC2833' && !this.bridge.rfc4733Dtmf) {
      this.logger.log('warn', 'the media end cannot send RFC 4733 tones; sending SIP INFO instead');
      transportType = 'INFO';
    }
    session.sendDTMF(tones, { transportType: transportType as never, duration: 100, interToneGap: 70 });
  }

  async transfer(lineCallId: string, target: string): Promise<void> {
    this.refer(lineCallId, target, target, undefined);
  }

  async transferToCall(lineCallId: string, consultLineCallId: string): Promise<void> {
    const consult = this.must(consultLineCallId).session;
    const remote = (consult as unknown as { remote_identity: { uri: { toString(): string; user: string | null } } }).remote_identity.uri;
    this.refer(lineCallId, remote.toString(), remote.user ?? remote.toString(), consult);
  }

  /** REFER, then end the call once the far end reports the transfer target answered. */
  private refer(lineCallId: string, target: string, shown: string, replaces: Session | undefined): void {
    const { session } = this.must(lineCallId);
    let settled = false;
    // `why` is the far end's status or JsSIP's cause, shown as it came; without one, no word of ours.
    const fail = (why: string | null) => {
      if (settled) return;
      settled = true;
      const failed = why === null ? said('sip.transferFailed', { target: shown }) : said('sip.transferRefused', { target: shown, status: why });
      this.listener?.transfer(lineCallId, { failed });
    };
    const subscriber: unknown = (session.refer as (target: string, options: unknown) => unknown)(target, {
      ...(replaces ? { replaces } : {}),
      eventHandlers: {
        requestFailed: (event: { response?: { status_code: number; reason_phrase: string }; cause?: string }) =>
          fail(event.response ? `${event.response.status_code} ${event.response.reason_phrase}` : (event.cause ?? null)),
        failed: (event: { status_line?: { status_code: number; reason_phrase: string } }) =>
          fail(event.status_line ? `${event.status_line.status_code} ${event.status_line.reason_phrase}` : null),
        accepted: () => {
          if (settled) return;
          settled = true;
          this.listener?.transfer(lineCallId, { done: true, target: shown });
          if (this.calls.has(lineCallId)) session.terminate();
          if (replaces && !replaces.isEnded()) replaces.terminate();
        },
      },
    });
    if (!subscriber) throw new AnlaufError('sip.cannotTransfer', {}, 'conflict');
  }

  /**
   * What arrives from the proxy passes the wire guard before JsSIP reads it: a header JsSIP would
   * choke on is repaired or left out (and logged), so the call still rings; a message that cannot
   * be read at all is logged and, if it is a request, answered 400 instead of vanishing.
   */
  private guardTransport(ua: UA, jssip: JsSipModule): void {
    const transport = (ua as unknown as { _transport: JsSipTransport })._transport;
    const deliver = transport.ondata.bind(transport);
    transport.ondata = (data) => {
      if (typeof data.message !== 'string') return deliver(data);
      // As received, before the guard: support sees what came, even a message the guard dropped.
      this.tapped(() => this.tap.sip('in', data.message as string));
      const result = guardIncoming(data.message, jssip.Grammar);
      for (const note of result.notes) {
        const message =
          note.action === 'dropped-message'
            ? 'incoming SIP message cannot be read; dropped'
            : `incoming SIP header ${note.action === 'not-utf8' ? 'is not UTF-8; kept as received' : note.action}`;
        this.logger.log(note.action === 'dropped-message' ? 'error' : 'warn', message, {
          header: note.header,
          value: note.value,
          sip: result.what,
          callId: result.callId,
        });
      }
      if (result.reply !== null) data.transport.send(result.reply);
      if (result.message !== null) deliver({ ...data, message: result.message });
    };
  }

  /** JsSIP makes its RTCPeerConnection here; ours comes from the media bridge instead. */
  private useBridge(session: Session): void {
    const bridge = this.bridge;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the function below runs with JsSIP's session as `this`
    const line = this;
    session._createRTCConnection = function (this: Session, pcConfig: { iceServers?: { urls: string | string[] }[] }) {
      const prepared = line.preparedPeers.get(this);
      line.preparedPeers.delete(this);
      const pc = prepared ?? bridge.createPeerConnection({ iceServers: pcConfig?.iceServers ?? [] });
      this._connection = pc;
      // Remember why the media end refused the peer's SDP: JsSIP answers 488 (or ends the call)
      // without a word, and the reply, the BYE and the call log should say what was wrong.
      const setRemote = pc.setRemoteDescription.bind(pc);
      pc.setRemoteDescription = async (description) => {
        try {
          await setRemote(description);
        } catch (error) {
          const problem = problemFromMediaError(error, description.sdp, description.type === 'answer' ? 'answer' : 'offer');
          line.mediaProblems.set(this, problem);
          const id = internals(this)._request?.call_id;
          if (id) line.tapped(() => line.tap.media(id, { event: 'sdpRefused', reason: problem.code, problem: problem.text }));
          line.logger.log('error', 'the media end refused the SDP', { reason: problem.code, problem: problem.text, error: errorForLog(error) });
          throw error;
        }
      };
      // An answer the media end refused ends the call with a BYE; its Reason says why.
      const sendRequest = (this as unknown as SessionInternals).sendRequest.bind(this);
      (this as unknown as SessionInternals).sendRequest = (method, options) => {
        const problem = line.mediaProblems.get(this);
        if (method !== 'BYE' || !problem) return sendRequest(method, options);
        const extraHeaders = (options?.extraHeaders ?? []).filter((header) => !/^reason\s*:/i.test(header));
        return sendRequest(method, { ...options, extraHeaders: [...extraHeaders, reasonHeader(problem)] });
      };
      const sipCallId = () => internals(this)._request?.call_id ?? null;
      for (const name of ['iceconnectionstatechange', 'icegatheringstatechange', 'connectionstatechange', 'signalingstatechange']) {
        pc.addEventListener(name, () => {
          const id = sipCallId();
          if (id)
            line.tapped(() =>
              line.tap.media(id, {
                event: name,
                ice: pc.iceConnectionState,
                connection: pc.connectionState,
                signaling: pc.signalingState,
                gathering: pc.iceGatheringState,
              }),
            );
        });
      }
      line.watchIce(this, pc);
      (this as unknown as { emit(name: string, data: unknown): void }).emit('peerconnection', { peerconnection: pc });
    };
  }

  /**
   * Watches a session's peer: ICE `disconnected` past the grace period, or `failed`, starts an
   * ICE restart by re-INVITE (this replaced ending the call with a 408 at `failed`: a network
   * hiccup must not end the call), until media is back or `callRecoverySeconds` ran out.
   */
  private watchIce(session: Session, pc: BridgedPeerConnection): void {
    this.recoveries.get(session)?.dispose();
    const callId = () => (session as unknown as { _request?: { call_id?: string } })._request?.call_id ?? null;
    const recovery = new IceRecovery(pc, {
      clock: this.clock,
      random: Math.random,
      graceMs: this.settings.iceGraceSeconds * 1000,
      recoveryMs: this.settings.callRecoverySeconds * 1000,
      canRestart: () => this.reofferBlocked(session) === null,
      restart: async () => {
        this.logger.log('info', 'ICE restart: re-INVITE sent', { callId: callId() });
        const accepted = await this.restartIce(session, pc);
        this.logger.log('info', accepted ? 'ICE restart: the far end accepted' : 'ICE restart: not accepted', { callId: callId(), ice: pc.iceConnectionState });
        return accepted;
      },
      recovering: (active) => {
        this.logger.log(active ? 'warn' : 'info', active ? 'call media interrupted: restarting ICE by re-INVITE' : 'call media connected again', {
          callId: callId(),
          ice: pc.iceConnectionState,
        });
        if (this.calls.has(session.id)) this.listener?.reconnecting(session.id, active);
      },
      giveUp: () => this.loseCall(session, callId(), undefined, this.reofferBlocked(session)),
    });
    this.recoveries.set(session, recovery);
  }

  /**
   * Why the call cannot send a re-INVITE now (null: it can): the line or the call is gone, or
   * JsSIP has an offer or transaction of its own under way. Said in the log when a call is given up.
   */
  private reofferBlocked(session: Session): string | null {
    const s = internals(session);
    if (this.stopping) return 'the line is stopping';
    if (!this.ua?.isConnected()) return 'no connection to the SIP server';
    if (session.isEnded()) return 'the call ended';
    if (!s.isEstablished()) return 'the call is not established';
    if (!s._rtcReady) return 'an offer of the call is still being made (waiting for its ICE gathering)';
    if (s._dialog?.uac_pending_reply) return 'a re-INVITE of the desk is waiting for its answer';
    if (s._dialog?.uas_pending_reply) return 'a re-INVITE of the far end is waiting for the desk';
    if (!s.isReadyToReOffer()) return 'JsSIP is not ready for a re-offer';
    if (this.refreshing.has(session)) return 'the refresh after the reconnect is under way';
    return null;
  }

  /** One re-INVITE with an ICE restart; true once the far end accepted it. */
  private restartIce(session: Session, pc: BridgedPeerConnection): Promise<boolean> {
    const s = internals(session);
    return new Promise((resolve) => {
      let settled = false;
      const done = (accepted: boolean) => {
        if (settled) return;
        settled = true;
        delete s.onTransportError;
        delete s.onRequestTimeout;
        delete s.onDialogError;
        if (!accepted && pc.signalingState === 'have-local-offer') pc.setLocalDescription({ type: 'rollback', sdp: '' }).catch(() => undefined);
        resolve(accepted);
      };
      // JsSIP ends the call when an in-dialog request is lost to the network; while recovering
      // that is one failed try, and the recovery's deadline decides when the call is given up.
      s.onTransportError = () => done(false);
      s.onRequestTimeout = () => done(false);
      // A 481 (or 408) to the re-INVITE: the far end dropped the call while the network was gone.
      s.onDialogError = () => {
        done(false);
        this.loseCall(session, (session as unknown as { _request?: { call_id?: string } })._request?.call_id ?? null, 'the far end no longer has the call');
      };
      this.reinvitedOn.set(session, this.connection);
      s._sendReinvite({ rtcOfferConstraints: { iceRestart: true }, eventHandlers: { succeeded: () => done(true), failed: () => done(false) } });
    });
  }

  /** Recovery ran out of time, or the far end dropped the call meanwhile: the call ends, `failed` by the system, with why in the log. */
  private loseCall(session: Session, callId: string | null, why?: string, blocked?: string | null): void {
    if (session.isEnded()) return;
    this.lostMedia.add(session);
    this.recoveries.get(session)?.dispose();
    this.logger.log('error', 'call ended: its audio connection did not come back', {
      callId,
      seconds: this.settings.callRecoverySeconds,
      reason: 'network-lost',
      ...(why ? { why } : {}),
      ...(blocked ? { reofferBlocked: blocked } : {}),
    });
    try {
      session.terminate({ cause: this.jssip?.C.causes.RTP_TIMEOUT, status_code: 408, reason_phrase: 'Media connection lost' });
    } catch {
      const id = [...this.calls].find(([, call]) => call.session === session)?.[0];
      if (id) this.finish(id, 'failed', 'system', 'network-lost');
    }
  }

  /**
   * The computer's addresses changed (Wi-Fi and cable, a VPN, a cable unplugged or back). When
   * the address the WebSocket leaves from went, the connection may hang on it: it is reconnected
   * now, and every call's ICE restarts at once, without waiting for libwebrtc to notice that the
   * path media took is gone. When an address came, a WebSocket that is down (waiting out its
   * backoff, or a connect whose SYNs went into the outage and are now retried seconds apart)
   * starts afresh at once, and a call already recovering tries again now. An address that went
   * but carried nothing of the line (another adapter, a VPN or container network of another
   * program) changes nothing: reconnecting then would cut a working line for nothing.
   */
  private addressesChanged({ lost, gained }: AddressChange): void {
    const ua = this.ua;
    if (!ua || this.stopping) return;
    const socketAddress = this.socketAddress;
    const pathLost = lost.length > 0 && (socketAddress === null || lost.some((address) => sameAddress(address, socketAddress)));
    this.logger.log('info', 'network addresses changed', { lost, gained, lineAffected: pathLost, calls: this.calls.size });
    if (!pathLost && gained.length === 0) return;
    const transport = (ua as unknown as { _transport?: { disconnect(): void; connect(): void; isConnected(): boolean } })._transport;
    this.quickReconnectUntil = this.clock.now() + QUICK_RECONNECT_WINDOW_MS;
    if (transport && (pathLost || !transport.isConnected())) {
      transport.disconnect();
      transport.connect();
    }
    for (const call of this.calls.values()) {
      const recovery = this.recoveries.get(call.session);
      if (pathLost) recovery?.networkChanged();
      else recovery?.addressGained();
    }
  }

  /**
   * Right after an address came back, the first connect often fails within a second: its SYN
   * waited on an ARP entry left over from the outage, and the kernel failed it with
   * EHOSTUNREACH when that entry gave up (measured: about 0.55 s after the link came back).
   * JsSIP would then wait out its backoff (1–2 s at least) while a call waits for its re-INVITE;
   * for a few seconds after an address change a failed connect is tried again almost at once
   * (a new SYN makes the kernel ask ARP afresh). Outside that window JsSIP's backoff stands, so a
   * server that is down is not hammered.
   */
  private reconnectQuickly(): void {
    if (this.clock.now() >= this.quickReconnectUntil) return;
    const transport = (this.ua as unknown as { _transport?: { connect(): void; isConnected(): boolean; isConnecting(): boolean } } | null)?._transport;
    if (!transport) return;
    this.clock.clearTimeout(this.quickReconnectTimer);
    this.quickReconnectTimer = this.clock.setTimeout(() => {
      this.quickReconnectTimer = null;
      // JsSIP's own retry, when its timer fires later, finds the transport connecting or connected and stands down.
      if (!this.stopping && !transport.isConnected() && !transport.isConnecting()) transport.connect();
    }, QUICK_RECONNECT_DELAY_MS);
  }

  private finish(id: string, cause: EndCause, by: EndedBy, reason?: EndReason): void {
    const call = this.calls.get(id);
    if (!call) return;
    this.calls.delete(id);
    call.early?.close();
    this.recoveries.get(call.session)?.dispose();
    for (const track of call.stream?.getTracks() ?? []) track.stop();
    // JsSIP leaves the peer open when it refused the far end's answer (_acceptAndTerminate marks
    // the session terminated before _close() would close it): the media end would keep the
    // microphone and ICE running for a call that is gone.
    const pc = internals(call.session)._connection;
    if (pc && pc.signalingState !== 'closed') pc.close();
    const quiet = this.quiet.get(id);
    this.quiet.delete(id);
    if (quiet) quiet.ended(cause);
    else this.listener?.ended(id, cause, by, reason);
  }

  /** The flight recorder is help for support: its failure must never cost a message or a call. */
  private tapped(record: () => void): void {
    try {
      record();
    } catch (error) {
      this.logger.log('warn', 'the flight recorder could not record', { error: errorForLog(error) });
    }
  }

  private must(id: string): LineCall {
    const call = this.calls.get(id);
    if (!call) throw new AnlaufError('sip.noSuchCall', {}, 'not-found');
    return call;
  }

  private scheduleRegister(): void {
    this.clock.clearTimeout(this.retryTimer);
    const delay = backoffDelay(this.retryAttempt++, Math.random, 2000, 60_000);
    this.retryTimer = this.clock.setTimeout(() => {
      if (!this.stopping && this.ua?.isConnected()) this.ua.register();
    }, delay);
  }

  private report(status: SipLine['status'], detail: Message | null): void {
    this.status = status;
    this.listener?.status(status, detail);
  }
}

/** After an address change: how long a failed WebSocket is tried again at once, and after what pause. */
const QUICK_RECONNECT_WINDOW_MS = 3000;
const QUICK_RECONNECT_DELAY_MS = 100;

function socketErrorText(code: string): Message {
  switch (code) {
    case 'ECONNREFUSED':
      return said('line.connectionRefused', {});
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return said('line.serverNotFound', {});
    case 'ETIMEDOUT':
      return said('line.connectionTimedOut', {});
    case 'ECONNRESET':
      return said('line.connectionReset', {});
    default:
      return said('line.socketError', { code });
  }
}

/**
 * The parts of a JsSIP session beyond its typings that the line relies on (JsSIP 3.13): the
 * re-INVITE without its own hold semantics, the local hold and mute flags, and the peer
 * connection. One declaration, so an update of JsSIP is checked in one place.
 */
interface SessionInternals {
  _localHold: boolean;
  _audioMuted: boolean;
  /** _createLocalDescription sends what it has when gathering goes on and this is set. */
  _iceReady: boolean;
  /** The session's INVITE (inbound: received; outbound: sent) and the Contact its replies carry. */
  _request?: SipRequest & { call_id?: string };
  _contact: string;
  _toggleMuteAudio(mute: boolean): void;
  /** JsSIP's reactions to a lost in-dialog request (both end the call); shadowed while recovering. */
  onTransportError?: () => void;
  onRequestTimeout?: () => void;
  onDialogError?: () => void;
  isReadyToReOffer(): boolean;
  isEstablished(): boolean;
  /** False while JsSIP makes an offer or answer (it waits for ICE gathering to finish). */
  _rtcReady: boolean;
  _dialog: { uac_pending_reply?: boolean; uas_pending_reply?: boolean } | null;
  _sendReinvite(options: {
    rtcOfferConstraints?: { iceRestart: boolean };
    eventHandlers: { succeeded(): void; failed(response?: { status_code?: number; reason_phrase?: string }): void };
  }): void;
  _connection: { setLocalDescription(d: { type: 'rollback'; sdp: string }): Promise<void>; signalingState: string; close(): void } | null;
  sendRequest(method: string, options?: { extraHeaders?: string[]; [key: string]: unknown }): unknown;
}

/** What the line shows the calls' flight recorders: SIP on the wire both ways, and each call's media states by SIP Call-ID. */
export interface LineTap {
  sip(dir: 'in' | 'out', message: string): void;
  media(sipCallId: string, event: Record<string, unknown>): void;
}

/** JsSIP's transport as the UA feeds on it: each message it received, as text once decoded. */
interface JsSipTransport {
  ondata: (data: { transport: { send(message: string): boolean }; message: unknown }) => void;
}

/** The part of JsSIP's IncomingRequest the line touches: its body and `reply`. */
interface SipRequest {
  body?: unknown;
  reply(code: number, reason?: string | null, extraHeaders?: string[], body?: string, ...rest: unknown[]): void;
}

/**
 * JsSIP answers an SDP it cannot use with a bare 488 (RTCSession init_incoming/answer and
 * _processInDialogSdpOffer). Every 4xx–6xx reply to this request carries a Warning (RFC 3261
 * §20.43) naming the problem, once one is known; `refused` runs after a final refusal went out.
 */
function explainRefusals(request: SipRequest, problem: () => MediaProblem | undefined, refused?: () => void): void {
  const reply = request.reply.bind(request);
  request.reply = (code, reason, extraHeaders, ...rest) => {
    const known = code >= 400 ? problem() : undefined;
    reply(code, reason, known ? [...(extraHeaders ?? []), warningHeader(known)] : extraHeaders, ...rest);
    if (code >= 300) refused?.();
  };
}

function internals(session: unknown): SessionInternals {
  return session as SessionInternals;
}
