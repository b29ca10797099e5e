import { useTranslation } from 'react-i18next';
import { useAnlauf } from '../store/react';
import { selectAppStatus } from '../store/selectors/app';
import { CallLog } from './CallLog';
import { Notice } from './Notice';
import { PhoneBar } from './PhoneBar';
import { RingNotifications } from './RingNotifications';
import { SettingsDialog } from './SettingsDialog';
import { StorageNotice } from './StorageNotice';
import { TrainingPanel } from './TrainingPanel';

export function Workstation() {
  const { t } = useTranslation();
  const status = useAnlauf(selectAppStatus);
  const loadSnapshot = useAnlauf((s) => s.loadSnapshot);
  const refreshCallLog = useAnlauf((s) => s.refreshCallLog);
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
  return (
    <div className="app">
      <PhoneBar />
      <StorageNotice />
      <Notice />
      <main className="workspace">
        <TrainingPanel />
        <CallLog />
      </main>
      <SettingsDialog />
      <RingNotifications />
    </div>
  );
}
