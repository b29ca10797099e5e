// JsSIP 3.13 ships no typings for its RequestSender, which the queue bindings use (contact-bindings.ts)
// so that their REGISTERs get JsSIP's digest authentication and transactions.
declare module 'jssip/lib/RequestSender.js' {
  const RequestSender: unknown;
  export default RequestSender;
}
