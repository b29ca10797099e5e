// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallContext, CallView, Snapshot } from '../../../src-main/contract';
import type { FakeAnlauf } from '../../test/fakeAnlauf';
import { makeCall, makeContext, makeCustomerCard, makeDirectoryCustomer, makePopCustomer, makeScriptView, makeSnapshot, T0 } from '../../test/fixtures';
import { renderApp, unmountApp } from '../../test/renderApp';

afterEach(unmountApp);

const CLIENTS: Snapshot['clients'] = [
  { id: 'swn', name: 'Stadtwerke Nord', colour: '#0a7d4f' },
  { id: 'hanse', name: 'Hanse Energie', colour: '#1d4ed8' },
];

const stadtwerke = makeContext();
const hanse = makeContext({
  client: { id: 'hanse', name: 'Hanse Energie', colour: '#1d4ed8', logo: 'data:image/png;base64,iVBORw0KGgo=' },
  greeting: 'Hanse Energie, guten Tag, Sie sprechen mit Anna Berg.',
  campaign: {
    id: 'wechsel',
    name: 'Tarifwechsel',
    script: 'Offer the *green* tariff.\n- price\n- term',
    dispositions: ['Switched', 'Not interested', 'Call back'],
  },
  customer: makeCustomerCard({ customers: [makePopCustomer({ id: 'h-7', name: 'Hans Meier', customerNumber: 'H-7' })] }),
});

const active = (id: string, more: Partial<CallView> = {}) => makeCall({ id, state: 'active', answerAt: T0, ...more });

function show(fake: FakeAnlauf, calls: CallView[], contexts: Record<string, CallContext>) {
  act(() => void fake.emitState({ calls, contexts }));
}

async function withClients() {
  return renderApp({ snapshot: makeSnapshot({ clients: CLIENTS }) });
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

const german = (snapshot: Snapshot): Snapshot => ({ ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } });

describe('call banner', () => {
  it("says when the call is not held in the company's own language, and who chose it", async () => {
    const { fake } = await withClients();
    show(fake, [active('a')], { a: { ...stadtwerke, language: { code: 'en', from: 'customer' } } });
    const chip = screen.getByTestId('call-language');
    expect(chip.textContent).toBe('Language: EN');
    expect(chip.getAttribute('title')).toBe("The customer's language on record");
  });

  it("shows no language for a call in the company's own", async () => {
    const { fake } = await withClients();
    show(fake, [active('a')], { a: stadtwerke });
    expect(screen.queryByTestId('call-language')).toBeNull();
  });

  it('follows the call in focus: Stadtwerke Nord, then Hanse Energie once that call ends', async () => {
    const { fake } = await withClients();
    show(fake, [active('a')], { a: stadtwerke });

    const banner = screen.getByTestId('call-banner');
    expect(within(banner).getByTestId('call-banner-client').textContent).toContain('Stadtwerke Nord');
    expect(within(banner).getByTestId('call-banner-name').textContent).toBe('Stadtwerke Nord');
    expect(text('call-greeting')).toBe('Say: Stadtwerke Nord, Kundenservice, mein Name ist Anna Berg.');
    expect(text('call-campaign')).toContain('Störungshotline');
    // The label before the name is a word, not a template left unfilled.
    expect(text('call-campaign')).not.toContain('{{');
    expect(screen.getByTestId('app').getAttribute('data-client-colour')).toBe('#0a7d4f');
    expect(screen.getByTestId('app').style.getPropertyValue('--client-colour')).toBe('#0a7d4f');
    expect(screen.getByTestId('campaign-script').querySelector('strong')?.textContent).toBe('meter number');
    expect(
      within(screen.getByTestId('disposition-set'))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Resolved', 'Callback']);
    expect(screen.queryByTestId('client-problem')).toBeNull();

    show(fake, [active('b', { ringAt: T0 + 1_000 })], { b: hanse });

    expect(text('call-banner-name')).toBe('Hanse Energie');
    expect(text('call-banner-client')).not.toContain('Stadtwerke');
    expect(screen.getByTestId('call-banner-client').querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(text('call-greeting')).toBe('Say: Hanse Energie, guten Tag, Sie sprechen mit Anna Berg.');
    expect(text('call-campaign')).toContain('Tarifwechsel');
    expect(screen.getByTestId('app').style.getPropertyValue('--client-colour')).toBe('#1d4ed8');
    const script = screen.getByTestId('campaign-script');
    expect(script.querySelector('em')?.textContent).toBe('green');
    expect(
      within(script)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['price', 'term']);
    expect(
      within(screen.getByTestId('disposition-set'))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Switched', 'Not interested', 'Call back']);
    expect(text('customer-card-name')).toBe('Hans Meier');
  });

  it('shows the ringing call while the agent is free, and its company on the incoming card before answering', async () => {
    const { fake } = await withClients();
    show(fake, [makeCall({ id: 'r', client: null })], { r: hanse });
    expect(text('call-banner')).toContain('Ringing for');
    expect(text('call-greeting')).toContain('Hanse Energie, guten Tag');
    expect(within(screen.getByTestId('incoming-call')).getByTestId('call-client').textContent).toBe('Hanse Energie');
  });

  it("keeps the banner on the call the agent talks on while a second call rings, and names the second caller's company", async () => {
    const { fake } = await withClients();
    show(fake, [active('a'), makeCall({ id: 'b', ringAt: T0 + 5_000, client: null })], { a: stadtwerke, b: hanse });
    expect(text('call-banner-client')).toContain('Stadtwerke Nord');
    expect(within(screen.getByTestId('incoming-call')).getByTestId('call-client').textContent).toBe('Hanse Energie');
  });

  it('with a call script walked beside it, a campaign without script text shows its codes but does not claim to have no script', async () => {
    const { fake } = await withClients();
    const campaign = { id: 'survey', name: 'Umfrage 2026', script: null, dispositions: ['Survey complete', 'Refused'] };
    act(() => void fake.emitState({ calls: [active('g')], contexts: { g: makeContext({ campaign }) }, scripts: { g: makeScriptView() } }));
    expect(screen.queryByTestId('campaign-script')).toBeNull();
    expect(screen.getByTestId('campaign-panel').textContent).toContain('Campaign: Umfrage 2026');
    expect(text('disposition-set')).toContain('Refused');

    act(() => void fake.emitState({ calls: [active('h')], contexts: { h: makeContext({ campaign }) }, scripts: {} }));
    expect(text('campaign-script')).toBe('This campaign has no script.');
  });

  it('warns instead of greeting when the company is unknown', async () => {
    const { fake } = await withClients();
    const problem = 'The IVR sent client code "X9", which no client has.';
    show(fake, [makeCall({ id: 'p', client: null })], { p: makeContext({ client: null, greeting: null, campaign: null, how: 'none', problem }) });

    const alert = screen.getByRole('alert');
    expect(alert.getAttribute('data-testid')).toBe('client-problem');
    expect(alert.textContent).toContain('Company unknown — do not greet with a company name');
    expect(alert.textContent).toContain(problem);
    expect(screen.queryByTestId('call-greeting')).toBeNull();
    expect(screen.queryByTestId('campaign-script')).toBeNull();
    expect(screen.getByTestId('app').getAttribute('data-client-colour')).toBeNull();
    expect(within(screen.getByTestId('incoming-call')).getByTestId('call-client').textContent).toBe('Unknown client');
  });

  it("words main's problem and notes in the agent's language, and keeps the IVR's codes as they came", async () => {
    const { fake } = await renderApp({ snapshot: german(makeSnapshot({ clients: CLIENTS })) });
    show(fake, [makeCall({ id: 'p', client: null })], {
      p: makeContext({
        client: null,
        greeting: null,
        campaign: null,
        how: 'none',
        problem: 'The company for this call is not known (dialed +49 30 1234567, IVR client "X9").',
        problemSaid: { key: 'context.companyUnknown', params: { dialed: '+49 30 1234567', ivr: 'X9' } },
      }),
    });
    expect(text('client-problem')).toContain('Die Firma für diesen Anruf ist nicht bekannt (gewählt +49 30 1234567, IVR-Kunde „X9“).');
    expect(text('client-problem')).not.toContain('not known');

    show(fake, [active('n')], {
      n: makeContext({
        note: 'The IVR client code "X9" is not configured; the company was taken from the dialed number.',
        noteSaid: [{ key: 'context.ivrClientUnknown', params: { code: 'X9' } }],
      }),
    });
    expect(text('client-note')).toBe('Der IVR-Kundencode „X9“ ist nicht eingerichtet; die Firma wurde aus der gewählten Nummer bestimmt.');
  });

  it('shows no banner and no colour on a single-company workstation, but still the caller', async () => {
    const { fake } = await renderApp();
    show(fake, [active('s')], { s: makeContext({ client: null, greeting: null, campaign: null, how: 'none' }) });
    expect(screen.queryByTestId('call-banner')).toBeNull();
    expect(screen.getByTestId('app').getAttribute('data-client-colour')).toBeNull();
    expect(text('customer-card-name')).toBe('Erika Mustermann');
  });

  it('says it is still looking while main has no context for the call yet', async () => {
    const { fake } = await withClients();
    show(fake, [makeCall({ id: 'n' })], {});
    expect(screen.queryByTestId('call-banner')).toBeNull();
    expect(screen.getByTestId('customer-card').getAttribute('aria-busy')).toBe('true');
    expect(text('customer-card-looking')).toContain('Looking up the caller…');
  });
});

describe('customer card', () => {
  it('shows one customer with number, phones, e-mail, place and where the answer came from', async () => {
    const { fake } = await renderApp();
    show(fake, [active('c')], { c: stadtwerke });
    const card = screen.getByTestId('customer-card');
    expect(card.getAttribute('aria-busy')).toBe('false');
    expect(text('customer-card-name')).toBe('Erika Mustermann');
    for (const fact of ['K-1001', '+49 30 1234567', 'erika@example.org', '20095 Hamburg']) expect(card.textContent).toContain(fact);
    expect(text('customer-card-source')).toBe('Source: CRM');
  });

  it("says how old a cached answer is, and why the CRM's own answer is missing", async () => {
    const { fake } = await renderApp();
    const problem = 'The CRM has not answered yet; showing the cached answer.';
    show(fake, [active('c')], {
      c: makeContext({ customer: makeCustomerCard({ source: 'cache', from: 'cache (3 hours ago)', fetchedAt: Date.now() - 3 * 3_600_000, problem }) }),
    });
    expect(text('customer-card-source')).toBe('Source: cache (3 hours ago)');
    expect(text('customer-card-problem')).toBe(problem);
  });

  it("words why the CRM's answer is missing in the agent's language, and keeps the CRM's own words as they came", async () => {
    const { fake } = await renderApp({ snapshot: german(makeSnapshot()) });
    show(fake, [active('c')], {
      c: makeContext({
        customer: makeCustomerCard({
          source: 'directory',
          from: 'directory',
          problem: 'The CRM answered HTTP 500: boom; showing the local customer directory.',
          problemSaid: {
            key: 'customerCard.crmFailed',
            params: {
              reason: { key: 'crm.httpStatusSaid', params: { status: 500, excerpt: 'boom' } },
              showing: { key: 'customerCard.showingDirectory', params: {} },
            },
          },
        }),
      }),
    });
    expect(text('customer-card-problem')).toBe(
      'Die CRM-Abfrage ist fehlgeschlagen: das CRM hat mit HTTP 500 geantwortet: boom; angezeigt wird das lokale Kundenverzeichnis.',
    );
  });

  it('says it is looking before the first answer', async () => {
    const { fake } = await renderApp();
    show(fake, [makeCall({ id: 'c' })], {
      c: makeContext({ customer: makeCustomerCard({ state: 'looking', customers: [], source: 'none', from: 'nothing found', fetchedAt: null }) }),
    });
    expect(text('customer-card-looking')).toContain('Looking up the caller…');
    expect(screen.queryByTestId('unknown-caller')).toBeNull();
  });

  it('lets the agent pick among several matches and shows the one picked', async () => {
    const { fake } = await renderApp();
    const erika = makePopCustomer();
    const ernst = makePopCustomer({ id: 'cust-2', name: 'Ernst Mustermann', customerNumber: 'K-1002', city: 'Lübeck', postcode: '23552' });
    show(fake, [active('c')], { c: makeContext({ customer: makeCustomerCard({ customers: [erika, ernst], source: 'directory', from: 'directory' }) }) });

    expect(text('customer-card-source')).toBe('Source: local directory');
    expect(screen.queryByTestId('customer-card-name')).toBeNull();
    const items = within(screen.getByTestId('customer-pick-list')).getAllByTestId('customer-pick');
    expect(items.map((item) => item.textContent)).toEqual(['Erika MustermannK-1001 · 20095 Hamburg', 'Ernst MustermannK-1002 · 23552 Lübeck']);

    fireEvent.click(items[1]!);
    expect(fake.api.customers.pick).toHaveBeenCalledWith({ callId: 'c', customer: ernst });
    await waitFor(() => expect(text('customer-card-name')).toBe('Ernst Mustermann'));
    const chosen = screen.getAllByTestId('customer-pick').filter((item) => item.getAttribute('aria-pressed') === 'true');
    expect(chosen.map((item) => item.getAttribute('data-customer-id'))).toEqual(['cust-2']);
  });

  it("creates an unknown caller with the number filled in, as the call's customer", async () => {
    const { fake } = await renderApp();
    const none = makeCustomerCard({ customers: [], source: 'none', from: 'nothing found', fetchedAt: null });
    show(fake, [active('c', { remoteNumber: '+4940555123' })], { c: makeContext({ customer: none }) });

    expect(text('unknown-caller')).toContain('Unknown caller');
    fireEvent.click(screen.getByTestId('unknown-caller-create'));
    const form = screen.getByTestId('customer-form');
    expect((within(form).getByTestId('customer-form-phone') as HTMLInputElement).value).toBe('+4940555123');
    expect((within(form).getByTestId('customer-form-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(form).getByTestId('customer-form-name'), { target: { value: '  Jana Neu ' } });
    fireEvent.change(within(form).getByTestId('customer-form-city'), { target: { value: 'Kiel' } });
    fireEvent.click(within(form).getByTestId('customer-form-save'));

    expect(fake.api.customers.create).toHaveBeenCalledWith({
      name: 'Jana Neu',
      customerNumber: null,
      phones: ['+4940555123'],
      email: null,
      street: null,
      postcode: null,
      city: 'Kiel',
      callId: 'c',
    });
    await waitFor(() => expect(text('customer-card-name')).toBe('Jana Neu'));
    expect(screen.queryByTestId('customer-form')).toBeNull();
    expect(screen.queryByTestId('unknown-caller')).toBeNull();
  });

  it("searches the directory for an unknown caller's number", async () => {
    const { fake } = await renderApp({ customers: [makeDirectoryCustomer({ phones: ['+49 40 555123'] })] });
    show(fake, [active('c', { remoteNumber: '+4940555123' })], { c: makeContext({ customer: makeCustomerCard({ customers: [], source: 'none' }) }) });
    fireEvent.click(screen.getByTestId('unknown-caller-search'));
    expect((screen.getByTestId('customer-search-input') as HTMLInputElement).value).toBe('+4940555123');
    expect(fake.api.customers.search).toHaveBeenCalledWith({ query: '+4940555123', limit: 20 });
    expect((await screen.findByTestId('customer-search-result')).textContent).toContain('Erika Mustermann');
  });
});
