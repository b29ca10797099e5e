import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnlauf } from '../store/react';
import type { WorkspaceTab } from '../store/types';
import { CallLog } from './CallLog';
import { CustomerSearch } from './customers/CustomerSearch';

const TABS: readonly WorkspaceTab[] = ['callLog', 'customers'];

/** The call log and the customer directory, one at a time below the call. */
export function WorkspaceTabs() {
  const { t } = useTranslation();
  const { tab, show } = useAnlauf(useShallow((s) => ({ tab: s.customers.tab, show: s.showWorkspaceTab })));
  return (
    <div className="workspace-tabs">
      <div className="workspace-tabs__list" role="tablist" aria-label={t('workspace.tabs')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-controls={`tabpanel-${name}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            className={`workspace-tabs__tab${tab === name ? ' workspace-tabs__tab--selected' : ''}`}
            data-testid={`tab-${name}`}
            onClick={() => show(name)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const next = TABS[(TABS.indexOf(name) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ?? name;
              show(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t(`workspace.tab.${name}`)}
          </button>
        ))}
      </div>
      <div className="workspace-tabs__panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'callLog' ? <CallLog /> : <CustomerSearch />}
      </div>
    </div>
  );
}
