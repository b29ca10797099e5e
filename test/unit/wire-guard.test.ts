import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { guardIncoming, type GrammarLike } from '../../src-main/core/phone/sip/wire-guard';

// JsSIP's own grammar: the guard must judge a header exactly as JsSIP's parser will.
const grammar = createRequire(__filename)('jssip/lib/Grammar') as GrammarLike;

const invite = (...headers: string[]) =>
  [
    'INVITE sip:agent7@127.0.0.1:5080;transport=ws SIP/2.0',
    'Via: SIP/2.0/WS 127.0.0.1:5080;branch=z9hG4bK1',
    'Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK2;rport',
    ...headers,
    'Call-ID: c1@host',
    'CSeq: 1 INVITE',
    'Content-Length: 4',
    '',
    'v=0\n',
  ].join('\r\n');
const FROM = 'From: <sip:trunk@127.0.0.1>;tag=f1';
const TO = 'To: <sip:agent7@anlauf.test>';

describe('the wire guard: what JsSIP would drop without a word', () => {
  it('passes a well-formed message untouched, with no notes', () => {
    const message = invite(FROM, TO, 'Contact: <sip:trunk@127.0.0.1:40000>', 'X-Customer-Number: K-1');
    expect(guardIncoming(message, grammar)).toEqual({ message, notes: [], reply: null, callId: 'c1@host', what: 'INVITE' });
  });

  it('quotes an unquoted display name that is not a token, and says so', () => {
    const result = guardIncoming(invite('From: Meier, Hans <sip:4930123@127.0.0.1>;tag=f1', TO), grammar);
    expect(result.message).toContain('\r\nFrom: "Meier, Hans" <sip:4930123@127.0.0.1>;tag=f1\r\n');
    expect(result.notes).toEqual([{ header: 'From', action: 'repaired', value: 'Meier, Hans <sip:4930123@127.0.0.1>;tag=f1' }]);
  });

  it('takes headers named like object internals (constructor, __proto__) as the unknown headers they are', () => {
    const message = invite(FROM, TO, 'constructor: x', '__proto__: y', 'Contact: <sip:trunk@127.0.0.1:40000>');
    expect(guardIncoming(message, grammar)).toEqual({ message, notes: [], reply: null, callId: 'c1@host', what: 'INVITE' });
  });

  it('leaves out a header a call can do without (Session-Expires, Record-Route, compact Event), body and the rest intact', () => {
    const result = guardIncoming(invite(FROM, TO, 'Session-Expires: soon', 'Record-Route: <sip:127.0.0.1;lr', 'o: ;;'), grammar);
    expect(result.message).toBe(invite(FROM, TO));
    expect(result.notes.map((note) => `${note.header} ${note.action}`)).toEqual(['Session-Expires ignored', 'Record-Route ignored', 'o ignored']);
  });

  it('marks header values that arrived with bytes that are not UTF-8 (decoded as U+FFFD), and keeps them', () => {
    const message = invite('From: "M\uFFFDller" <sip:4930123@127.0.0.1>;tag=f1', TO);
    expect(guardIncoming(message, grammar)).toMatchObject({ message, notes: [{ header: 'From', action: 'not-utf8' }] });
  });

  it('drops a request whose Call-ID cannot be read and answers it 400, with its Vias, From, To (tagged), Call-ID and CSeq', () => {
    const result = guardIncoming(invite(FROM, TO).replace('Call-ID: c1@host', 'Call-ID: c1 host'), grammar);
    expect(result.message).toBeNull();
    expect(result.notes).toEqual([{ header: 'Call-ID', action: 'dropped-message', value: 'c1 host' }]);
    expect(result.reply!.split('\r\n')).toEqual([
      'SIP/2.0 400 Bad Request',
      'Via: SIP/2.0/WS 127.0.0.1:5080;branch=z9hG4bK1',
      'Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK2;rport',
      FROM,
      `${TO};tag=anlauf-400`,
      'Call-ID: c1 host',
      'CSeq: 1 INVITE',
      'Warning: 399 anlauf "The Call-ID header cannot be read"',
      'Content-Length: 0',
      '',
      '',
    ]);
  });

  it('drops an unreadable ACK or response without answering it', () => {
    const ack = invite(FROM, TO).replace('INVITE sip:', 'ACK sip:').replace('Call-ID: c1@host', 'Call-ID: c1 host');
    expect(guardIncoming(ack, grammar)).toMatchObject({ message: null, reply: null, what: 'ACK' });
    const response = [
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/WS x.invalid;branch=z9hG4bK1',
      'From: <sip:a@b>;tag=a b',
      TO,
      'Call-ID: c1@host',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    expect(guardIncoming(response, grammar)).toMatchObject({ message: null, reply: null, what: '200 OK' });
  });

  it('checks folded headers whole and leaves what is not SIP to JsSIP', () => {
    const folded = invite('From: <sip:trunk@127.0.0.1>\r\n ;tag=f1', TO);
    expect(guardIncoming(folded, grammar)).toMatchObject({ message: folded, notes: [] });
    expect(guardIncoming('garbage without a line end', grammar)).toMatchObject({ message: 'garbage without a line end', notes: [], reply: null });
  });
});
