// JsSIP 3.13 has a Subscriber but no Publisher: a PUBLISH is sent with the same parts its other
// out-of-dialog requests use (OutgoingRequest, and RequestSender, which answers digest challenges
// with the UA's credentials). These are their shapes as sip-publish.ts uses them.
declare module 'jssip/lib/RequestSender' {
  interface RequestSenderHandlers {
    onRequestTimeout(): void;
    onTransportError(): void;
    onReceiveResponse(response: import('jssip/lib/SIPMessage').IncomingResponse): void;
  }
  class RequestSender {
    constructor(ua: unknown, request: unknown, handlers: RequestSenderHandlers);
    send(): void;
  }
  export = RequestSender;
}
