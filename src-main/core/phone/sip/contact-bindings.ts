import type { Clock } from '../../clock';
import { AnlaufError } from '../../errors';
import { errorForLog, type Logger } from '../../log';

/** The parts of a started JsSIP UA a third-party REGISTER needs (JsSIP 3.13 internals). */
export interface BindingUa {
  configuration: { registrar_server: unknown; uri: { user: string } };
  contact: { toString(): string };
  normalizeTarget(target: string): unknown;
  isConnected(): boolean;
}

/** JsSIP's own request classes, so digest auth, retransmission and transactions are JsSIP's. */
export interface BindingJsSip {
  OutgoingRequest: new (method: string, ruri: unknown, ua: unknown, params: object, extraHeaders: string[]) => unknown;
  RequestSender: new (ua: unknown, request: unknown, handlers: BindingHandlers) => { send(): void };
  newTag(): string;
  createRandomToken(length: number): string;
}

interface BindingHandlers {
  onRequestTimeout(): void;
  onTransportError(): void;
  onReceiveResponse(response: { status_code: number; reason_phrase: string; cseq: number; getHeader(name: string): string | undefined }): void;
  onAuthenticated(): void;
}

interface Binding {
  aor: string;
  callId: string;
  cseq: number;
  /** Wanted: registered (refreshed before expiry) or removed. */
  wanted: boolean;
  timer: unknown;
}

/**
 * The line's own contact registered under other addresses of record: a third-party REGISTER
 * (RFC 3261 10.2: From and the credentials are the agent's, To is the queue's AoR, Contact the
 * agent's), so a registrar that forks (Kamailio, OpenSIPS) rings the agent for calls to that
 * address. Each binding has its own Call-ID and CSeq, is refreshed at half its granted lifetime,
 * and is sent again after the line registers on a new connection (the registrar then learns the
 * new one). Removing sends Expires 0 for this contact only: the other agents' bindings stay.
 */
export class ContactBindings {
  private readonly bindings = new Map<string, Binding>();

  constructor(
    private readonly ua: () => { ua: BindingUa; jssip: BindingJsSip } | null,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly expiresSeconds: () => number,
  ) {}

  /** Registers the contact under `aor`; resolves on the registrar's 2xx, rejects with its refusal. */
  bind(aor: string): Promise<void> {
    const binding = this.binding(aor);
    binding.wanted = true;
    return this.send(binding, this.expiresSeconds());
  }

  /** Removes the contact from `aor` (Expires 0). Resolves at once when it was never bound. */
  unbind(aor: string): Promise<void> {
    const binding = this.bindings.get(aor);
    if (!binding) return Promise.resolve();
    binding.wanted = false;
    this.clock.clearTimeout(binding.timer);
    return this.send(binding, 0).finally(() => {
      if (!binding.wanted) this.bindings.delete(aor);
    });
  }

  /** Which addresses the contact is bound to now (wanted), for tests and the log. */
  bound(): string[] {
    return [...this.bindings.values()].filter((b) => b.wanted).map((b) => b.aor);
  }

  /** The line registered again (perhaps on a new connection): every wanted binding follows at once. */
  lineRegistered(): void {
    for (const binding of this.bindings.values()) {
      if (binding.wanted) this.refresh(binding);
    }
  }

  stop(): void {
    for (const binding of this.bindings.values()) this.clock.clearTimeout(binding.timer);
    this.bindings.clear();
  }

  private binding(aor: string): Binding {
    let binding = this.bindings.get(aor);
    if (!binding) {
      binding = { aor, callId: '', cseq: 0, wanted: true, timer: null };
      this.bindings.set(aor, binding);
    }
    return binding;
  }

  private refresh(binding: Binding): void {
    this.send(binding, this.expiresSeconds()).catch((error: unknown) => {
      this.logger.log('warn', 'a queue binding could not be refreshed; trying again shortly', { aor: binding.aor, error: errorForLog(error) });
      this.schedule(binding, 10);
    });
  }

  private schedule(binding: Binding, seconds: number): void {
    this.clock.clearTimeout(binding.timer);
    binding.timer = this.clock.setTimeout(() => {
      if (binding.wanted && this.bindings.get(binding.aor) === binding) this.refresh(binding);
    }, seconds * 1000);
  }

  private send(binding: Binding, expires: number): Promise<void> {
    const line = this.ua();
    if (!line || !line.ua.isConnected()) return Promise.reject(new AnlaufError('sip.notRegistered', {}, 'conflict'));
    const { ua, jssip } = line;
    if (!binding.callId) binding.callId = jssip.createRandomToken(22);
    const contact = `${ua.contact.toString()};expires=${expires}`;
    const request = new jssip.OutgoingRequest(
      'REGISTER',
      ua.configuration.registrar_server,
      ua,
      { to_uri: ua.normalizeTarget(binding.aor), call_id: binding.callId, cseq: (binding.cseq += 1), from_tag: jssip.newTag() },
      [`Contact: ${contact}`, `Expires: ${expires}`],
    );
    return new Promise<void>((resolve, reject) => {
      const failed = (detail: string) => reject(new AnlaufError('queues.serverRefused', { address: binding.aor, detail }, 'failed'));
      const sender = new jssip.RequestSender(ua, request, {
        onRequestTimeout: () => failed('timeout'),
        onTransportError: () => failed('connection error'),
        onAuthenticated: () => {
          binding.cseq += 1;
        },
        onReceiveResponse: (response) => {
          if (response.status_code < 200) return;
          if (response.status_code >= 300) {
            failed(`${response.status_code} ${response.reason_phrase}`);
            return;
          }
          if (expires > 0 && binding.wanted) {
            const granted = Number(response.getHeader('Expires') ?? expires) || expires;
            // The registrar may shorten the lifetime; refresh at half of what it granted.
            this.schedule(binding, Math.max(5, Math.min(granted, expires) / 2));
          }
          resolve();
        },
      });
      sender.send();
    });
  }
}
