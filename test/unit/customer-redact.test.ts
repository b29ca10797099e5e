import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src-main/contract';
import { customerRedaction, redactCustomerFields, redactCustomerLog, redactSipCustomer } from '../../src-main/core/diagnostics/customer-redact';
import { LineHistory } from '../../src-main/core/phone/line-history';

const settings = settingsSchema.parse({
  sip: { websocketUrl: 'wss://pbx.example.org', uri: 'sip:agent7@example.org', displayName: 'Agent Seven', headers: { concern: 'P-Concern' } },
});

// An INVITE as a PBX sends it after the IVR: the caller in From and P-Asserted-Identity, the
// number first dialled in Diversion, the IVR's answers in headers.
const INVITE = [
  'INVITE sip:agent7@10.0.0.5:5060;transport=ws SIP/2.0',
  'Via: SIP/2.0/WSS pbx.example.org;branch=z9hG4bK776',
  'From: "Erika Mustermann" <sip:+4940123456@example.org>;tag=a1',
  'To: "Agent Seven" <sip:agent7@example.org>',
  'P-Asserted-Identity: Erika Mustermann <tel:+4940123456>',
  'Diversion: <sip:+498001234@example.org>;reason=unconditional',
  'Contact: <sip:+4940123456@198.51.100.7:5060>',
  'Call-ID: 4711@pbx',
  'CSeq: 1 INVITE',
  'X-Customer-Number: K-4711',
  'P-Concern: Kündigung',
  '  wegen Umzug',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('customer data out of a SIP trace', () => {
  it("replaces the caller's numbers, name and IVR data with placeholders, the same value the same one, and keeps the agent and the rest", () => {
    const r = customerRedaction(settings);
    const out = redactSipCustomer(INVITE, r);
    expect(out).not.toMatch(/4940123456|Mustermann|498001234|K-4711|Kündigung|Umzug/);
    expect(out).toContain('From: "[name-1]" <sip:[number-1]@example.org>;tag=a1');
    expect(out).toContain('P-Asserted-Identity: [name-1] <tel:[number-1]>');
    expect(out).toContain('Diversion: <sip:[number-2]@example.org>;reason=unconditional');
    expect(out).toContain('Contact: <sip:[number-1]@198.51.100.7:5060>');
    expect(out).toContain('X-Customer-Number: [data-1]');
    expect(out).toContain('P-Concern: [data-2]');
    // The agent, the routing and the dialog stay as they were.
    expect(out).toContain('INVITE sip:agent7@10.0.0.5:5060;transport=ws SIP/2.0');
    expect(out).toContain('To: "Agent Seven" <sip:agent7@example.org>');
    expect(out).toContain('Call-ID: 4711@pbx');
    expect(out).toContain('Via: SIP/2.0/WSS pbx.example.org;branch=z9hG4bK776');
    // The 200 OK of the same call in another file of the zip uses the same placeholders.
    const ok = redactSipCustomer('SIP/2.0 200 OK\r\nFrom: "Erika Mustermann" <sip:+4940123456@example.org>;tag=a1\r\n\r\n', r);
    expect(ok).toContain('From: "[name-1]" <sip:[number-1]@example.org>');
  });

  it('redacts the number an agent dialled in the request line, and customer fields and SIP texts in log records', () => {
    const r = customerRedaction(settings);
    expect(redactSipCustomer('INVITE sip:+4930999@example.org SIP/2.0\r\nTo: <sip:+4930999@example.org>\r\n\r\n', r)).toBe(
      'INVITE sip:[number-1]@example.org SIP/2.0\r\nTo: <sip:[number-1]@example.org>\r\n\r\n',
    );
    const log = [
      JSON.stringify({ t: 't', level: 'info', message: 'a link to dial arrived', target: '+4930999' }),
      JSON.stringify({ t: 't', level: 'warn', message: 'sip', raw: INVITE }),
      '{"t":"cut by a cra',
    ].join('\n');
    const text = redactCustomerLog(log, r);
    expect(text).not.toMatch(/4930999|4940123456|Mustermann/);
    expect(text).toContain('"target":"[number-1]"');
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    expect(redactCustomerFields({ remoteName: 'Erika', n: 3, customer: { id: 'x' } }, r)).toEqual({
      remoteName: '[name-2]',
      n: 3,
      customer: '[customer data left out]',
    });
  });
});

describe("the line's registration history", () => {
  it('keeps the last changes with the SIP code the server gave, and counts what it let go', () => {
    const history = new LineHistory(3);
    history.add({ at: 1, line: 'sip', status: 'registering', detail: null });
    history.add({ at: 2, line: 'sip', status: 'failed', detail: '403 Forbidden' });
    history.add({ at: 3, line: 'sip', status: 'unreachable', detail: 'Connection Error' });
    history.add({ at: 4, line: 'sip', status: 'registered', detail: null });
    const { entries, dropped } = history.contents();
    expect(dropped).toBe(1);
    expect(entries.map((e) => [e.status, e.sipCode])).toEqual([
      ['failed', 403],
      ['unreachable', null],
      ['registered', null],
    ]);
  });
});
