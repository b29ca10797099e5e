// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src-main/contract';
import { DEVICES, makeSnapshot } from '../test/fixtures';
import { renderApp, unmountApp } from '../test/renderApp';

afterEach(() => unmountApp());

const withAudio = (audio: Partial<Snapshot['settings']['audio']> = {}, view: Partial<Snapshot['audio']> = {}): Snapshot => {
  const snapshot = makeSnapshot();
  return {
    ...snapshot,
    settings: { ...snapshot.settings, audio: { ...snapshot.settings.audio, ...audio } },
    audio: { devices: DEVICES, canChooseSpeaker: true, ...view },
  };
};

const options = (testId: string) => [...(screen.getByTestId(testId) as HTMLSelectElement).options].map((option) => [option.value, option.textContent]);
const value = (testId: string) => (screen.getByTestId(testId) as HTMLSelectElement).value;

describe('audio settings', () => {
  it('lists the microphones and speakers, the system default first, and asks main for a fresh list', async () => {
    const { fake } = await renderApp({ snapshot: withAudio() });
    fireEvent.click(screen.getByTestId('settings-open'));
    expect(fake.api.audio.devices).toHaveBeenCalledWith({});

    expect(options('audio-microphone')).toEqual([
      ['', 'System default (Built-in Microphone)'],
      ['mic-laptop', 'Built-in Microphone'],
      ['mic-headset', 'Jabra Evolve2 40'],
    ]);
    for (const testId of ['audio-speaker', 'audio-ring']) {
      expect(options(testId)).toEqual([
        ['', 'System default (Built-in Speakers)'],
        ['out-laptop', 'Built-in Speakers'],
        ['out-headset', 'Jabra Evolve2 40'],
      ]);
      expect(value(testId)).toBe('');
    }
    expect(value('audio-microphone')).toBe('');
  });

  it('saves each choice through main, and the system default as null', async () => {
    const { fake } = await renderApp({ snapshot: withAudio() });
    fireEvent.click(screen.getByTestId('settings-open'));

    fireEvent.change(screen.getByTestId('audio-microphone'), { target: { value: 'mic-headset' } });
    expect(fake.api.settings.update).toHaveBeenLastCalledWith({ audio: { microphoneId: 'mic-headset' } });
    await waitFor(() => expect(value('audio-microphone')).toBe('mic-headset'));

    fireEvent.change(screen.getByTestId('audio-speaker'), { target: { value: 'out-headset' } });
    expect(fake.api.settings.update).toHaveBeenLastCalledWith({ audio: { speakerId: 'out-headset' } });
    fireEvent.change(screen.getByTestId('audio-ring'), { target: { value: 'out-laptop' } });
    expect(fake.api.settings.update).toHaveBeenLastCalledWith({ audio: { ringDeviceId: 'out-laptop' } });
    await waitFor(() => expect(value('audio-ring')).toBe('out-laptop'));
    expect(fake.snapshot.settings.audio).toMatchObject({ microphoneId: 'mic-headset', speakerId: 'out-headset', ringDeviceId: 'out-laptop' });

    fireEvent.change(screen.getByTestId('audio-microphone'), { target: { value: '' } });
    expect(fake.api.settings.update).toHaveBeenLastCalledWith({ audio: { microphoneId: null } });
    await waitFor(() => expect(value('audio-microphone')).toBe(''));
  });

  it('shows a chosen device that is unplugged as such, and follows devices coming and going', async () => {
    const { fake } = await renderApp({
      snapshot: withAudio({ microphoneId: 'mic-headset' }, { devices: DEVICES.filter((d) => d.deviceId !== 'mic-headset') }),
    });
    fireEvent.click(screen.getByTestId('settings-open'));
    await waitFor(() => expect(fake.api.audio.devices).toHaveBeenCalled());
    expect(value('audio-microphone')).toBe('mic-headset');
    expect(options('audio-microphone')).toEqual([
      ['', 'System default (Built-in Microphone)'],
      ['mic-headset', 'Chosen device (not connected — the default is used)'],
      ['mic-laptop', 'Built-in Microphone'],
    ]);

    act(() => void fake.emitState({ audio: { devices: DEVICES, canChooseSpeaker: true } }));
    expect(options('audio-microphone').map(([id]) => id)).toEqual(['', 'mic-laptop', 'mic-headset']);
    expect(value('audio-microphone')).toBe('mic-headset');
  });

  it('says when speakers cannot be chosen, and when no devices are known', async () => {
    const { fake } = await renderApp({ snapshot: withAudio({}, { canChooseSpeaker: false }) });
    fireEvent.click(screen.getByTestId('settings-open'));
    await waitFor(() => expect(fake.api.audio.devices).toHaveBeenCalled());
    expect((screen.getByTestId('audio-speaker') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByTestId('audio-ring') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByTestId('audio-microphone') as HTMLSelectElement).disabled).toBe(false);
    expect(screen.getByTestId('audio-settings').textContent).toContain('cannot be chosen');

    act(() => void fake.emitState({ audio: { devices: [], canChooseSpeaker: false } }));
    expect(screen.getByTestId('audio-settings').textContent).toContain('No audio devices known yet');
    expect(options('audio-microphone')).toEqual([['', 'System default']]);
  });

  it('speaks German', async () => {
    const snapshot = withAudio();
    await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    fireEvent.click(screen.getByTestId('settings-open'));
    await waitFor(() => expect(options('audio-microphone')[0]).toEqual(['', 'Systemstandard (Built-in Microphone)']));
    expect(screen.getByTestId('audio-settings').textContent).toContain('Mikrofon');
  });
});

describe('device notices', () => {
  it("shows main's news as news, not as a failure", async () => {
    const { fake } = await renderApp();
    act(() => fake.emitNotice({ callId: null, message: 'The microphone “Headset” was unplugged; using the default microphone.', level: 'info' }));
    const notice = await screen.findByTestId('notice');
    expect(notice.textContent).toContain('The microphone “Headset” was unplugged; using the default microphone.');
    expect(notice.textContent).not.toContain('did not work');
    expect(notice.dataset.level).toBe('info');
  });

  it("words main's notice in German in a German UI, from its key rather than main's English text", async () => {
    const snapshot = withAudio();
    const { fake } = await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, ui: { language: 'de' } } } });
    const message = 'The microphone “Headset” was unplugged; using the default microphone.';
    act(() => fake.emitNotice({ callId: null, message, said: { key: 'audio.namedMicrophoneUnplugged', params: { device: 'Headset' } }, level: 'info' }));
    const notice = await screen.findByTestId('notice');
    expect(notice.textContent).toContain('Das Mikrofon „Headset“ wurde abgesteckt; jetzt wird das Standardmikrofon verwendet.');
    expect(notice.textContent).not.toContain(message);
  });
});

describe('agent name', () => {
  it('saves the name said in greetings, and an empty name as none', async () => {
    const { fake } = await renderApp();
    fireEvent.click(screen.getByTestId('settings-open'));
    const input = () => screen.getByTestId('settings-agent-name') as HTMLInputElement;
    expect(input().value).toBe('');
    expect(screen.getByLabelText('Your name (said in the greeting)')).toBe(input());

    fireEvent.change(input(), { target: { value: '  Anna Berg ' } });
    fireEvent.click(screen.getByTestId('settings-agent-name-save'));
    expect(fake.api.settings.update).toHaveBeenLastCalledWith({ agent: { name: 'Anna Berg' } });
    await waitFor(() => expect(screen.getByTestId('settings-agent-name-hint').textContent).toBe('Saved.'));
    expect(fake.snapshot.settings.agent.name).toBe('Anna Berg');

    fireEvent.change(input(), { target: { value: '' } });
    fireEvent.submit(input());
    expect(fake.api.settings.update).toHaveBeenLastCalledWith({ agent: { name: null } });
    await waitFor(() => expect(fake.snapshot.settings.agent.name).toBeNull());
  });

  it('shows the name main keeps', async () => {
    const snapshot = makeSnapshot();
    await renderApp({ snapshot: { ...snapshot, settings: { ...snapshot.settings, agent: { ...snapshot.settings.agent, name: 'Anna Berg' } } } });
    fireEvent.click(screen.getByTestId('settings-open'));
    expect((screen.getByTestId('settings-agent-name') as HTMLInputElement).value).toBe('Anna Berg');
    expect((screen.getByTestId('settings-agent-name-save') as HTMLButtonElement).disabled).toBe(true);
  });
});
