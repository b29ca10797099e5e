import { useTranslation } from 'react-i18next';
import { useAnlauf } from '../store/react';
import { AgentControl } from './AgentControl';
import { CallbacksDueBadge } from './callbacks/CallbacksPanel';
import { CallsArea, NoCallHint } from './calls/CallsArea';
import { DialBox } from './DialBox';
import { HeadsetIndicator } from './headset/HeadsetIndicator';
import { LineInfo } from './LineInfo';
import { QueuesPanel } from './queues/QueuesPanel';
import { ShiftCheckButton } from './shiftCheck/ShiftCheckButton';
import { SignedInAgent } from './signIn/SignedInAgent';
import { SyncStatus } from './sync/SyncStatus';

export function PhoneBar() {
  const { t } = useTranslation();
  const openSettings = useAnlauf((s) => s.openSettings);
  return (
    <header className="phone-bar">
      <div className="phone-bar__row">
        <h1 className="phone-bar__brand">{t('app.title')}</h1>
        <LineInfo />
        <AgentControl />
        <QueuesPanel />
        <ShiftCheckButton />
        <CallbacksDueBadge />
        <DialBox />
        <NoCallHint />
        <HeadsetIndicator />
        <SyncStatus />
        <SignedInAgent />
        <button type="button" className="button button--ghost phone-bar__settings" data-testid="settings-open" onClick={openSettings}>
          <span aria-hidden="true">⚙</span> {t('settings.open')}
        </button>
      </div>
      <CallsArea />
    </header>
  );
}
