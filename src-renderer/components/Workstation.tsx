import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnlauf } from '../store/react';
import { selectAppStatus } from '../store/selectors/app';
import { needsSignIn } from '../store/slices/signIn';
import { selectFocusClientColour } from '../store/selectors/callContext';
import { CallContextArea } from './callContext/CallContextArea';
import { PreviewCard } from './callLists/PreviewCard';
import { OwnFiguresPanel } from './agent/OwnFiguresPanel';
import { HotkeyHandler } from './hotkeys/HotkeyHandler';
import { Notice } from './Notice';
import { PhoneBar } from './PhoneBar';
import { RingNotifications } from './RingNotifications';
import { FormPanel } from './forms/FormPanel';
import { ScriptPanel } from './scriptWalk/ScriptPanel';
import { SettingsDialog } from './SettingsDialog';
import { ShiftCheckDialog } from './shiftCheck/ShiftCheckDialog';
import { SignInNotice } from './signIn/SignInNotice';
import { SignInScreen } from './signIn/SignInScreen';
import { LinkNotice } from './LinkNotice';
import { StorageNotice } from './StorageNotice';
import { PolicyNotice, SettingsFileNotice } from './SettingsFileNotice';
import { TrainingPanel } from './TrainingPanel';
import { WorkspaceTabs } from './WorkspaceTabs';
import { WrapUpPanel } from './wrapUp/WrapUpPanel';

export function Workstation() {
  const { t } = useTranslation();
  const status = useAnlauf(selectAppStatus);
  // The whole screen takes the colour of the company the call in focus is for.
  const clientColour = useAnlauf(selectFocusClientColour);
  const loadSnapshot = useAnlauf((s) => s.loadSnapshot);
  const refreshCallLog = useAnlauf((s) => s.refreshCallLog);
  const signInFirst = useAnlauf((s) => needsSignIn(s.signIn.view));
  const retry = () => {
    void loadSnapshot();
    void refreshCallLog();
  };
  if (status !== 'connected') {
    return (
      <div className="app app--waiting">
        <Notice />
        <main className="waiting" aria-busy={status === 'connecting'}>
          <p>{t('app.connecting')}</p>
          {status === 'failed' && (
            <button type="button" className="button button--primary" data-testid="retry" onClick={retry}>
              {t('app.retry')}
            </button>
          )}
        </main>
      </div>
    );
  }
  // A shared desk with nobody signed in: the form, and nothing of the agent before.
  if (signInFirst) {
    return (
      <div className="app app--sign-in">
        <SignInScreen />
      </div>
    );
  }
  return (
    <div
      className={clientColour ? 'app app--client' : 'app'}
      data-testid="app"
      data-client-colour={clientColour ?? undefined}
      style={clientColour ? ({ '--client-colour': clientColour } as CSSProperties) : undefined}
    >
      <PhoneBar />
      <HotkeyHandler />
      <StorageNotice />
      <SettingsFileNotice />
      <PolicyNotice />
      <LinkNotice />
      <SignInNotice />
      <Notice />
      <main className="workspace">
        {/* The wrap-up first: no call reaches the agent until it is done. */}
        <WrapUpPanel />
        <PreviewCard />
        <div className="workspace__call">
          <CallContextArea />
          <ScriptPanel />
          <FormPanel />
        </div>
        <TrainingPanel />
        <OwnFiguresPanel />
        <WorkspaceTabs />
      </main>
      <SettingsDialog />
      <ShiftCheckDialog />
      <RingNotifications />
    </div>
  );
}
