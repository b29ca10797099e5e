import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src-main/api/dispatcher';
import type { CommandResponse, FormView } from '../../src-main/contract';
import { systemClock } from '../../src-main/core/clock';
import { silentLogger } from '../../src-main/core/log';
import { Workstation } from '../../src-main/core/workstation';
import { wordMessage } from '../../src-main/shared/messages';
import { CLIENT_A_NUMBER, twoClients } from '../support/clients-config';
import { projectRoot, resourcesDir, tempDir } from '../support/temp';
import { waitFor } from '../support/wrtc-media';

/**
 * The forms through the Workstation and the Dispatcher, as the page uses them: a form file in the
 * trainers' script folder, a training call, the agent opening, filling and submitting the form.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workstation(folder: string, dataDir = tempDir()): Promise<{ ws: Workstation; api: Dispatcher }> {
  const config = path.join(dataDir, 'anlauf.json');
  fs.writeFileSync(config, JSON.stringify({ agent: { name: 'Jana' }, clients: twoClients, scripts: { folder } }));
  const ws = new Workstation({ dataDir, configFile: config, host: 'web', appVersion: 'test', resourcesDir, logger: silentLogger, clock: systemClock });
  cleanups.push(() => ws.stop());
  await ws.start();
  return { ws, api: new Dispatcher(ws) };
}

async function run<T>(api: Dispatcher, command: string, payload: unknown): Promise<T> {
  const result = await api.handle(command, payload);
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
  return result.result as T;
}

const field = (view: FormView, id: string) => view.fields.find((f) => f.id === id);

describe('client forms at the workstation', () => {
  it('offers the folder’s forms on a call, opens one pre-filled, refuses it incomplete, and submits it once complete', async () => {
    const folder = tempDir();
    fs.copyFileSync(path.join(projectRoot, 'resources', 'forms', 'fault-report.yaml'), path.join(folder, 'fault-report.yaml'));
    const { ws, api } = await workstation(folder);

    const placed = await run<{ callId: string }>(api, 'training:placeCall', { ivr: {}, remoteNumber: '040 1234567', dialedNumber: CLIENT_A_NUMBER });
    const callId = placed.callId;
    const choices = await run<CommandResponse<'forms:choices'>>(api, 'forms:choices', { callId });
    expect(choices).toEqual([{ formId: 'fault-report', title: 'Störungsmeldung', kind: 'fault' }]);

    const opened = await run<FormView>(api, 'forms:open', { callId, formId: 'fault-report' });
    expect(field(opened, 'contactPhone')).toMatchObject({ value: '+49401234567', prefilledFrom: 'call.remoteNumber' });
    await waitFor('the form in the snapshot', () => ws.snapshot().forms[callId]?.[0]?.id === opened.id, 2_000, 5);

    const typo = await run<FormView>(api, 'forms:set', { id: opened.id, fieldId: 'postcode', value: '2009' });
    expect(wordMessage('de', field(typo, 'postcode')?.error ?? { key: 'forms.required', params: {} })).toMatch(/fünf Ziffern/);
    const refused = await run<CommandResponse<'forms:submit'>>(api, 'forms:submit', { id: opened.id });
    expect(refused.ok).toBe(false);
    expect(refused.form.fields.filter((f) => f.error).map((f) => f.id)).toEqual(['what', 'since', 'street', 'postcode', 'city', 'contactName']);

    const values: [string, unknown][] = [
      ['what', 'power'],
      ['since', '2020-01-01T08:00'],
      ['street', 'Hafenstraße 1'],
      ['postcode', '20095'],
      ['city', 'Hamburg'],
      ['contactName', 'Erika Mustermann'],
    ];
    let last: FormView = refused.form;
    for (const [fieldId, value] of values) last = await run<FormView>(api, 'forms:set', { id: opened.id, fieldId, value });
    // More than a year back: the form's `min: -1y`.
    expect(field(last, 'since')?.error?.key).toBe('forms.tooEarly');
    const since = new Date(Date.now() - 3_600_000);
    const local = `${since.getFullYear()}-${String(since.getMonth() + 1).padStart(2, '0')}-${String(since.getDate()).padStart(2, '0')}T${String(since.getHours()).padStart(2, '0')}:${String(since.getMinutes()).padStart(2, '0')}`;
    await run<FormView>(api, 'forms:set', { id: opened.id, fieldId: 'since', value: local });
    const sent = await run<CommandResponse<'forms:submit'>>(api, 'forms:submit', { id: opened.id });
    expect(sent).toMatchObject({ ok: true, form: { id: opened.id, status: 'waiting', revision: 1 } });
    await waitFor('the submitted form in the snapshot', () => ws.snapshot().forms[callId]?.[0]?.status === 'waiting', 2_000, 5);

    const discardGone = await api.handle('forms:discard', { id: opened.id });
    expect(discardGone).toMatchObject({ ok: false });
  });

  it('takes a form file through the trainer’s load, reports a broken one with its line, and previews a loaded form with sample data', async () => {
    const { api } = await workstation(tempDir());
    const text = fs.readFileSync(path.join(projectRoot, 'resources', 'forms', 'cancellation.yaml'), 'utf8');
    const loaded = await run<CommandResponse<'scripts:load'>>(api, 'scripts:load', { fileName: 'cancellation.yaml', content: text });
    expect(loaded).toMatchObject({ ok: true, form: { formId: 'cancellation', version: 1, file: 'cancellation.yaml' }, message: 'loaded form cancellation v1' });
    const broken = await run<CommandResponse<'scripts:load'>>(api, 'scripts:load', {
      fileName: 'cancellation.yaml',
      content: text.replace('type: email', 'type: e-mail'),
    });
    expect(broken).toMatchObject({ ok: false, problems: [{ line: 36, message: expect.stringContaining('did you mean "email"?') }] });

    const preview = await run<FormView>(api, 'forms:preview', { formId: 'cancellation', language: 'en' });
    expect(preview).toMatchObject({ title: 'Cancellation', formVersion: 1 });
    expect(field(preview, 'confirmationEmail')).toMatchObject({ value: 'erika.mustermann@example.de', prefilledFrom: 'customer.email' });

    // The trainer's Scripts tab lists the form loaded (titled in its first language), its latest good version (the broken file did not replace it).
    const listed = await run<CommandResponse<'forms:list'>>(api, 'forms:list', {});
    expect(listed).toEqual([expect.objectContaining({ formId: 'cancellation', version: 1, title: 'Kündigung', language: 'de', kind: 'cancellation' })]);
  });

  it('keeps a draft of a call waiting for its wrap-up across a restart, and offers the call’s forms in the wrap-up', async () => {
    const folder = tempDir();
    fs.copyFileSync(path.join(projectRoot, 'resources', 'forms', 'cancellation.yaml'), path.join(folder, 'cancellation.yaml'));
    const dataDir = tempDir();
    const first = await workstation(folder, dataDir);
    const { callId } = await run<{ callId: string }>(first.api, 'training:placeCall', { ivr: {}, remoteNumber: '040 1234567', dialedNumber: CLIENT_A_NUMBER });
    await run(first.api, 'phone:answer', { callId });
    const opened = await run<FormView>(first.api, 'forms:open', { callId, formId: 'cancellation' });
    await run(first.api, 'forms:set', { id: opened.id, fieldId: 'reason', value: 'price' });
    await run(first.api, 'phone:hangup', { callId });
    await waitFor('the wrap-up', () => first.ws.snapshot().wrapUps.some((w) => w.callId === callId), 2_000, 5);
    // Still fillable in the wrap-up.
    await run(first.api, 'forms:set', { id: opened.id, fieldId: 'endDate', value: '31.12.2099' });
    await first.ws.stop();
    cleanups.length = 0;

    const again = await workstation(folder, dataDir);
    const [draft] = again.ws.snapshot().forms[callId] ?? [];
    expect(draft).toMatchObject({ id: opened.id, status: 'draft' });
    expect(draft && field(draft, 'reason')?.value).toBe('price');
    expect(draft && field(draft, 'endDate')).toMatchObject({ value: '2099-12-31', error: { key: 'forms.tooLate' } });
    expect(await run<CommandResponse<'forms:choices'>>(again.api, 'forms:choices', { callId })).toMatchObject([{ formId: 'cancellation' }]);
  });
});
