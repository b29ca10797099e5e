// Screen-pop on the real path: a real Kamailio, a customer far end (JsSIP on @roamhq/wrtc) whose
// IVR put X-Customer-Number on the INVITE, and the agent's real Workstation with its SIP line on a
// data folder into which 1 000 000 customers were imported with the real `anlauf customers
// import`; served by the real browser host to a Node WebSocket client that drives the real
// renderer store. Measured: the INVITE's arrival at the agent's JsSIP UA → the store holds the
// call's customer card with that customer chosen AND the real CustomerCard component, rendered to
// markup, shows the customer's name. Each call asks for another customer.
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import type { CallContext, CallView } from '../src-main/contract';
import { CustomerCard } from '../src-renderer/components/callContext/CustomerCard';
import { createI18n } from '../src-renderer/i18n';
import type { AnlaufStore } from '../src-renderer/store';
import { StoreProvider } from '../src-renderer/store/react';
import { twoClients } from '../test/support/clients-config';
import { FarEnd } from '../test/support/far-end';
import { startKamailio } from '../test/support/kamailio';
import { generateCustomersCsv, generatedCustomer } from '../test/fixtures/customers/generate';
import { timedImport } from './customers.bench';
import { goals, median, note, now, percentile, result, warnIfNotOnDisk, withTempDir, type BenchResult } from './harness';
import { endOfCall, exitBeforeWrtcTeardown, phase, startAgent, STEP_TIMEOUT_MS, waitForStore, withCleanups, withTimeout, type Agent } from './sip.bench';

const CUSTOMERS = Number(process.env.ANLAUF_BENCH_CUSTOMERS ?? 1_000_000);
const POP_CALLS = 100;
/** Untimed calls first: JIT, the first SQLite pages of the directory, React's first render. */
const WARMUP_CALLS = 5;
const POP_GOAL = goals.below(100, 'ms');

/** The IVR in front of the agent names client A and its campaign, as in the end-to-end test. */
const IVR_HEADERS = ['X-Client: SWN', 'X-Campaign: STOERUNG'];

export async function benchScreenPop(): Promise<BenchResult[]> {
  exitBeforeWrtcTeardown();
  return withTempDir('screen-pop', async (dir) => {
    warnIfNotOnDisk(dir);
    const csv = path.join(dir, 'customers.csv');
    const dataDir = path.join(dir, 'data');
    await phase(`${CUSTOMERS} customers written as CSV`, () => generateCustomersCsv(csv, CUSTOMERS));
    const imported = await phase('customers imported with `anlauf customers import`', () => timedImport(csv, dataDir));
    note(`import took ${(imported.ms / 1000).toFixed(1)} s`);

    return withCleanups(async (onCleanup) => {
      const kamailio = await phase('Kamailio up', () => startKamailio({ debug: 1 }));
      onCleanup('Kamailio', () => kamailio.stop());
      // The far end first: it puts @roamhq/wrtc's WebRTC into the globals JsSIP looks up.
      const customer = await phase('customer far end registered', () => FarEnd.start({ kamailio, user: 'customer', displayName: 'Kundin' }));
      onCleanup('the customer far end', () => customer.stop());
      const agent = await phase('agent on the imported directory, browser host, client and store up', () =>
        startAgent(kamailio, onCleanup, { dataDir, settings: { agent: { name: 'Jana' }, clients: twoClients } }),
      );
      const directoryCount = agent.ws.directory.count();
      if (directoryCount !== CUSTOMERS) throw new Error(`the agent's directory holds ${directoryCount} customers, not ${CUSTOMERS}`);

      const times = await phase('screen-pop calls', () => benchPop(agent, customer));
      if (agent.errors.length > 0) note(`agent logged ${agent.errors.length} errors/warnings, the first: ${agent.errors.slice(0, 3).join(' | ')}`);
      const label = CUSTOMERS === 1_000_000 ? '1M' : String(CUSTOMERS);
      return [
        result(`screen-pop: INVITE at the agent UA to customer card rendered (directory of ${label}) p50`, percentile(times, 50), 'ms', goals.none()),
        result(`screen-pop: INVITE at the agent UA to customer card rendered (directory of ${label}) p99`, percentile(times, 99), 'ms', POP_GOAL),
      ];
    });
  });
}

/** Spread over the whole directory, each customer at most once (the factor has neither 2 nor 5 in it). */
function customerIndex(n: number): number {
  return (n * 7_919 * 37 + 12_345) % CUSTOMERS;
}

async function benchPop(agent: Agent, customer: FarEnd): Promise<number[]> {
  const i18n = createI18n('en');
  const times: number[] = [];
  const parts = {
    ring: [] as number[],
    ringLog: [] as number[],
    lookup: [] as number[],
    card: [] as number[],
    customerWrite: [] as number[],
    render: [] as number[],
  };
  let slowest = { total: -1, text: '' };

  // How long the directory lookup by customer number takes inside the workstation.
  const lookups = new Map<string, number>();
  const directory = agent.ws.directory;
  const findByCustomerNumber = directory.findByCustomerNumber.bind(directory);
  directory.findByCustomerNumber = (no, client) => {
    const started = now();
    try {
      return findByCustomerNumber(no, client);
    } finally {
      lookups.set(no.trim(), now() - started);
    }
  };

  // The durable call-log write that records the call's customer (it comes before the card's snapshot).
  const customerWrites = new Map<string, number>();
  const recordCustomer = agent.ws.callLog.recordCustomer.bind(agent.ws.callLog);
  agent.ws.callLog.recordCustomer = (id, who, at) => {
    const started = now();
    try {
      return recordCustomer(id, who, at);
    } finally {
      if (who.customerNumber) customerWrites.set(who.customerNumber, now() - started);
    }
  };

  for (let n = -WARMUP_CALLS; n < POP_CALLS; n++) {
    const c = generatedCustomer(customerIndex(n + WARMUP_CALLS));
    const tag = c.customerNumber;
    const name = `${c.first} ${c.last}`;
    const moments: { ringing?: number; card?: number } = {};
    let renderMs = 0;
    const popped = waitForStore(agent.store, (state) => {
      const call = state.phone.calls.find((x) => x.ivr.customerNumber === tag);
      if (!call) return undefined;
      moments.ringing ??= now();
      const context = state.callContext.contexts[call.id];
      const card = context?.customer;
      if (!context || card?.state !== 'done' || card.chosen?.customerNumber !== tag) return undefined;
      moments.card ??= now();
      const started = now();
      const markup = renderCard(agent.store, i18n, call, context);
      renderMs = now() - started;
      return markup.includes(name) ? { call, markup } : undefined;
    });
    const farCall = customer.call('agent7', { extraHeaders: [`X-Customer-Number: ${tag}`, ...IVR_HEADERS] });
    const { at, value } = await withTimeout(popped, STEP_TIMEOUT_MS, `the card of ${tag} (${name}) rendered`);
    const invite = agent.inviteAt.get(tag);
    if (invite === undefined) throw new Error(`the INVITE of ${tag} was not seen at the agent's UA`);
    if (value.call.state !== 'ringing') throw new Error(`${tag}: the card came only once the call was ${value.call.state}`);
    if (n >= 0) {
      const total = at - invite;
      times.push(total);
      const lookup = lookups.get(tag);
      if (moments.ringing !== undefined && moments.card !== undefined) {
        parts.ring.push(moments.ringing - invite);
        parts.card.push(moments.card - moments.ringing);
        parts.render.push(renderMs);
        if (lookup !== undefined) parts.lookup.push(lookup);
        const ringLog = agent.marks.get(tag)?.logWriteMs;
        if (ringLog !== undefined) parts.ringLog.push(ringLog);
        const write = customerWrites.get(tag);
        if (write !== undefined) parts.customerWrite.push(write);
        if (total > slowest.total) {
          slowest = {
            total,
            text:
              `${tag}: ${total.toFixed(1)} ms = ${(moments.ringing - invite).toFixed(1)} to ringing in the store (call-log write ${ringLog?.toFixed(1) ?? '?'}) ` +
              `+ ${(moments.card - moments.ringing).toFixed(1)} to the card in the store (directory lookup ${lookup?.toFixed(1) ?? '?'}, customer write ${write?.toFixed(1) ?? '?'}) + ${renderMs.toFixed(1)} render`,
          };
        }
      }
    }
    // The agent rejects from the store, over the socket, as the Reject button does.
    await agent.store.getState().reject(value.call.id);
    await endOfCall(agent, farCall, tag);
    agent.inviteAt.delete(tag);
    agent.marks.delete(tag);
    lookups.delete(tag);
    customerWrites.delete(tag);
  }
  note(
    `INVITE → card rendered over ${POP_CALLS} calls: p50 ${percentile(times, 50).toFixed(1)}, p90 ${percentile(times, 90).toFixed(1)}, p99 ${percentile(times, 99).toFixed(1)}, max ${Math.max(...times).toFixed(1)} ms`,
  );
  if (parts.ring.length) {
    note(
      `  median parts: INVITE → ringing in the store ${median(parts.ring).toFixed(1)} ms (p99 ${percentile(parts.ring, 99).toFixed(1)}); → card with the customer in the store ${median(parts.card).toFixed(1)} ms ` +
        `(p99 ${percentile(parts.card, 99).toFixed(1)}; directory lookup by customer number ${stats(parts.lookup)}, durable write of the call's customer ${stats(parts.customerWrite)}); ` +
        `→ CustomerCard rendered to markup ${median(parts.render).toFixed(2)} ms (p99 ${percentile(parts.render, 99).toFixed(2)})`,
    );
    note(`  slowest ${slowest.text}`);
    note(`  the durable call-log write of the ringing call (before its snapshot): ${stats(parts.ringLog)}`);
  }
  return times;
}

const stats = (samples: number[]): string =>
  samples.length
    ? `p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms`
    : 'not seen';

/** The real CustomerCard of the call, inside the providers the app gives it, as static markup. */
function renderCard(store: AnlaufStore, i18n: ReturnType<typeof createI18n>, call: CallView, context: CallContext): string {
  return renderToStaticMarkup(
    createElement(I18nextProvider, { i18n, children: createElement(StoreProvider, { store, children: createElement(CustomerCard, { call, context }) }) }),
  );
}
