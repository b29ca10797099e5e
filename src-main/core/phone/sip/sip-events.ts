import type { Event, IDisposable } from '../../events';

/** One PUBLISH (RFC 3903): a new state with a body, or a refresh of `etag` without one. */
export interface PublishRequest {
  event: string;
  contentType: string;
  /** null: a refresh of the state the server keeps under `etag` (SIP-If-Match, no body). */
  body: string | null;
  expires: number;
  etag: string | null;
}

/** The server's answer to a PUBLISH; status 0 when none came (timeout, no connection). */
export interface PublishAnswer {
  status: number;
  reason: string;
  /** SIP-ETag: names the state for its refresh, change or removal. */
  etag: string | null;
  /** The lifetime the server granted (Expires), or null when it said none. */
  expires: number | null;
}

/** What a subscription (RFC 6665) reports: each NOTIFY's body, and its end. */
export interface SubscriptionListener {
  notify(body: string | null, contentType: string | null): void;
  /**
   * The server accepted the subscription. Its NOTIFY may carry no body (nothing published for the
   * target yet): the state is then "nothing to say", which the caller reads as such. A body in the
   * same NOTIFY follows at once through notify().
   */
  active(): void;
  /** The subscription ended (refused, timed out, terminated by the server); `retryAfter` in seconds if the server said. */
  ended(reason: string, retryAfter: number | null): void;
}

/**
 * The SIP event framework as the line offers it to presence: PUBLISH of the agent's own state and
 * SUBSCRIBE to colleagues' state, over the line's own connection and credentials.
 */
export interface SipEventChannel {
  /** The agent's own address of record (what is published). */
  readonly ownUri: string;
  /** Registered now: requests can go out. */
  readonly registered: boolean;
  /** Every (re)registration: the server may have lost what it knew (a restart). */
  readonly onDidRegister: Event<void>;
  publish(request: PublishRequest): Promise<PublishAnswer>;
  /** Subscribes to `target`'s `event` package; dispose() ends it (SUBSCRIBE with Expires: 0). */
  subscribe(target: string, event: string, accept: string, expires: number, listener: SubscriptionListener): IDisposable;
}
