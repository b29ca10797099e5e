import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import type { PublishAnswer, PublishRequest } from './sip-events';

type OutgoingRequestClass = new (method: string, ruri: unknown, ua: unknown, params: object | null, extraHeaders: string[], body?: string) => unknown;

interface PublishingUa {
  normalizeTarget(target: string): unknown;
}

/**
 * One PUBLISH from the UA (RFC 3903). JsSIP has no publisher of its own; its request and request
 * sender carry this one as they carry a MESSAGE, with the UA's route, Via and credentials, so a
 * 401/407 from the server is answered once with the agent's password.
 */
export async function sendPublish(ua: PublishingUa, target: string, request: PublishRequest): Promise<PublishAnswer> {
  // With the `.js` suffix, as the SIP line's: JsSIP has no exports map, and the built app imports
  // these as ES modules (without it every PUBLISH failed outside the tests' loader).
  const [sipMessage, senderModule] = await Promise.all([import('jssip/lib/SIPMessage.js'), import('jssip/lib/RequestSender.js')]);
  const OutgoingRequest = ((sipMessage as { default?: unknown }).default ?? sipMessage) as { OutgoingRequest: OutgoingRequestClass };
  const RequestSender = (senderModule.default ?? senderModule) as typeof import('jssip/lib/RequestSender');
  const headers = [`Event: ${request.event}`, `Expires: ${request.expires}`];
  if (request.etag) headers.push(`SIP-If-Match: ${request.etag}`);
  if (request.body !== null) headers.push(`Content-Type: ${request.contentType}`);
  const outgoing = new OutgoingRequest.OutgoingRequest('PUBLISH', ua.normalizeTarget(target), ua, null, headers, request.body ?? undefined);
  return new Promise<PublishAnswer>((resolve) => {
    const sender = new RequestSender(ua, outgoing, {
      onRequestTimeout: () => resolve({ status: 0, reason: 'request timeout', etag: null, expires: null }),
      onTransportError: () => resolve({ status: 0, reason: 'transport error', etag: null, expires: null }),
      onReceiveResponse: (response: IncomingResponse) => {
        if (response.status_code < 200) return;
        const expires = response.hasHeader('Expires') ? Number.parseInt(response.getHeader('Expires'), 10) : NaN;
        resolve({
          status: response.status_code,
          reason: response.reason_phrase,
          etag: response.hasHeader('SIP-ETag') ? response.getHeader('SIP-ETag').trim() : null,
          expires: Number.isFinite(expires) ? expires : null,
        });
      },
    });
    sender.send();
  });
}
