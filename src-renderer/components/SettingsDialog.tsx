import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AudioDevice } from '../../src-main/contract';
import type { LanguageSetting } from '../i18n/language';
import { browserNotifications } from '../notify/ringNotifications';
import { selectAppInfo, selectLanguageSetting } from '../store/selectors/app';
import { isLocked } from '../store/selectors/policy';
import { useAnlauf } from '../store/react';
import type { AudioChoice } from '../store/slices/settings';
import { HeadsetSettings } from './headset/HeadsetSettings';
import { HotkeyList } from './hotkeys/HotkeyList';
import { LockedHint } from './policy/LockedHint';
import { PolicyLockedList } from './policy/PolicyLockedList';
import { useLock } from './policy/useLock';
import { SecretStoreNotice } from './secrets/SecretStoreNotice';
import { CustomerDirectorySetting } from './customers/CustomerDirectoryNotice';
import { SupportBundle } from './support/SupportBundle';
import { UpdateStatus } from './updates/UpdateStatus';

const languageSettings: readonly LanguageSetting[] = ['auto', 'de', 'en'];

function isLanguageSetting(value: string): value is LanguageSetting {
  return (languageSettings as readonly string[]).includes(value);
}

const NO_DEVICES: readonly AudioDevice[] = [];
const AUDIO_CHOICES: readonly AudioChoice[] = ['microphoneId', 'speakerId', 'ringDeviceId'];

export function SettingsDialog() {
  const { t } = useTranslation();
  const { open, saving, close, setLanguage, refreshAudioDevices } = useAnlauf(
    useShallow((s) => ({
      open: s.settings.open,
      saving: s.settings.saving,
      close: s.closeSettings,
      setLanguage: s.setLanguage,
      refreshAudioDevices: s.refreshAudioDevices,
    })),
  );
  const language = useAnlauf(selectLanguageSetting);
  const info = useAnlauf(selectAppInfo);
  const languageLock = useLock('ui.language');
  const selectRef = useRef<HTMLSelectElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // A language set by IT cannot take the focus; the dialog itself keeps it inside.
    (selectRef.current?.disabled ? dialogRef.current : selectRef.current)?.focus();
    // Labels appear once the microphone was allowed, and devices come and go: ask afresh.
    void refreshAudioDevices();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close, refreshAudioDevices]);

  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={close}>
      <div
        ref={dialogRef}
        tabIndex={-1}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="settings-title"
        data-testid="settings-dialog"
        onClick={(event) => event.stopPropagation()}
      >
        <div className="dialog__header">
          <h2 id="settings-title">{t('settings.title')}</h2>
        </div>
        <div className="dialog__body">
          <label className="field">
            <span className="field__label">{t('settings.language')}</span>
            <select
              ref={selectRef}
              data-testid="language-select"
              value={language}
              disabled={saving || languageLock.locked}
              aria-describedby={languageLock.locked ? languageLock.hintId : undefined}
              onChange={(event) => {
                const value = event.target.value;
                if (isLanguageSetting(value)) void setLanguage(value);
              }}
            >
              {languageSettings.map((value) => (
                <option key={value} value={value}>
                  {t(`settings.languageOption.${value}`)}
                </option>
              ))}
            </select>
          </label>
          {languageLock.locked && <LockedHint id={languageLock.hintId} path="ui.language" />}
          <AgentNameSetting />
          <AudioSettings />
          <HeadsetSettings />
          {info?.host === 'web' && <NotificationSetting />}
          <SupportBundle />
          <UpdateStatus />
          <PolicyLockedList />
          <SecretStoreNotice />
          <CustomerDirectorySetting />
          <HotkeyList />
          {info && <p className="muted dialog__meta">{t('app.version', { version: info.version, host: info.host })}</p>}
        </div>
        <footer className="dialog__footer">
          <button type="button" className="button" data-testid="settings-close" onClick={close}>
            {t('settings.close')}
          </button>
        </footer>
      </div>
    </div>
  );
}

/** The agent's name, said in every client's greeting in place of `{agent}`. */
function AgentNameSetting() {
  const { t } = useTranslation();
  const { saved, saving, setAgentName } = useAnlauf(
    useShallow((s) => ({ saved: s.settings.effective?.agent.name ?? null, saving: s.settings.saving, setAgentName: s.setAgentName })),
  );
  const lock = useLock('agent.name');
  const [draft, setDraft] = useState(saved ?? '');
  const [done, setDone] = useState(false);
  const changed = draft.trim() !== (saved ?? '');
  const save = async () => {
    if (!changed) return;
    setDone(await setAgentName(draft.trim() || null));
  };
  return (
    <form
      className="field agent-name"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="field__label" htmlFor="settings-agent-name">
        {t('settings.agentName.label')}
      </label>
      <div className="agent-name__row">
        <input
          id="settings-agent-name"
          data-testid="settings-agent-name"
          value={draft}
          disabled={lock.locked}
          aria-describedby={lock.locked ? lock.hintId : undefined}
          maxLength={80}
          placeholder={t('settings.agentName.placeholder')}
          autoComplete="name"
          onChange={(event) => {
            setDraft(event.target.value);
            setDone(false);
          }}
        />
        <button type="submit" className="button button--small" data-testid="settings-agent-name-save" disabled={saving || !changed || lock.locked}>
          {t('settings.agentName.save')}
        </button>
      </div>
      {lock.locked ? (
        <LockedHint id={lock.hintId} path="agent.name" />
      ) : (
        <p className="muted field__hint" data-testid="settings-agent-name-hint" aria-live="polite">
          {done ? t('settings.agentName.saved') : t('settings.agentName.hint')}
        </p>
      )}
    </form>
  );
}

function AudioSettings() {
  const { t } = useTranslation();
  const { audio, chosen, saving, setAudioDevice, locked } = useAnlauf(
    useShallow((s) => ({
      audio: s.settings.audio,
      chosen: s.settings.effective?.audio,
      saving: s.settings.saving,
      setAudioDevice: s.setAudioDevice,
      locked: s.settings.policy.locked,
    })),
  );
  // One text for the three devices: each locked one points to it.
  const hintId = useId();
  const anyLocked = AUDIO_CHOICES.some((choice) => isLocked(locked, `audio.${choice}`));
  const devices = audio?.devices ?? NO_DEVICES;
  const canChooseSpeaker = audio?.canChooseSpeaker ?? false;
  const inputs = devices.filter((device) => device.kind === 'audioinput');
  const outputs = devices.filter((device) => device.kind === 'audiooutput');

  const select = (choice: AudioChoice, testId: string, label: string, list: readonly AudioDevice[], enabled: boolean) => {
    const value = chosen?.[choice] ?? null;
    const fallback = list.find((device) => device.isDefault);
    const missing = value !== null && !list.some((device) => device.deviceId === value);
    const lockedHere = isLocked(locked, `audio.${choice}`);
    return (
      <label className="field">
        <span className="field__label">{label}</span>
        <select
          data-testid={testId}
          value={value ?? ''}
          disabled={saving || !enabled || lockedHere}
          aria-describedby={lockedHere ? hintId : undefined}
          onChange={(event) => void setAudioDevice(choice, event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{fallback?.label ? t('settings.audio.systemDefaultNamed', { name: fallback.label }) : t('settings.audio.systemDefault')}</option>
          {missing && <option value={value}>{t('settings.audio.notConnected')}</option>}
          {list.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || t(device.kind === 'audioinput' ? 'settings.audio.unnamedMicrophone' : 'settings.audio.unnamedSpeaker', { number: index + 1 })}
            </option>
          ))}
        </select>
      </label>
    );
  };

  return (
    <fieldset className="field-group" data-testid="audio-settings">
      <legend>{t('settings.audio.title')}</legend>
      {select('microphoneId', 'audio-microphone', t('settings.audio.microphone'), inputs, true)}
      {select('speakerId', 'audio-speaker', t('settings.audio.speaker'), outputs, canChooseSpeaker)}
      {select('ringDeviceId', 'audio-ring', t('settings.audio.ring'), outputs, canChooseSpeaker)}
      {anyLocked && <LockedHint id={hintId} path="audio" />}
      {devices.length === 0 && <p className="muted field__hint">{t('settings.audio.noDevices')}</p>}
      {devices.length > 0 && !canChooseSpeaker && <p className="muted field__hint">{t('settings.audio.outputFixed')}</p>}
    </fieldset>
  );
}

/** Browser host: whether incoming calls may show as system notifications while the page is hidden. */
function NotificationSetting() {
  const { t } = useTranslation();
  const [api] = useState(browserNotifications);
  const [permission, setPermission] = useState<NotificationPermission | null>(() => api?.permission ?? null);
  if (!api || permission === null) return null;
  return (
    <div className="field-group" data-testid="notification-setting">
      <span className="field__label">{t('settings.notifications.title')}</span>
      <p className="muted field__hint" data-testid="notification-state" data-permission={permission}>
        {t(`settings.notifications.state.${permission}`)}
      </p>
      {permission === 'default' && (
        <button
          type="button"
          className="button"
          data-testid="notification-allow"
          onClick={() => {
            api.requestPermission().then(setPermission, () => setPermission(api.permission));
          }}
        >
          {t('settings.notifications.allow')}
        </button>
      )}
    </div>
  );
}
