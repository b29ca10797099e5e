import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnlauf } from '../store/react';
import type { WorkspaceTab } from '../store/slices/customers';
import { CallbacksPanel } from './callbacks/CallbacksPanel';
import { CallListsPanel } from './callLists/CallListsPanel';
import { CallLog } from './CallLog';
import { ColleaguesPanel } from './colleagues/ColleaguesPanel';
import { CustomerSearch } from './customers/CustomerSearch';
import { ScriptsPanel } from './scriptLibrary/ScriptsPanel';

const TABS: readonly WorkspaceTab[] = ['callLog', 'customers', 'colleagues', 'callbacks', 'callLists', 'scripts'];

/** The tabs' test ids (the first two predate the others' naming). */
const TAB_TEST_IDS: Record<WorkspaceTab, string> = {
  callLog: 'tab-callLog',
  customers: 'tab-customers',
  colleagues: 'colleagues-tab',
  callbacks: 'callbacks-tab',
  callLists: 'calllists-tab',
  scripts: 'scripts-tab',
};

function TabPanel({ tab }: { tab: WorkspaceTab }) {
  switch (tab) {
    case 'callLog':
      return <CallLog />;
    case 'customers':
      return <CustomerSearch />;
    case 'colleagues':
      return <ColleaguesPanel />;
    case 'callbacks':
      return <CallbacksPanel />;
    case 'callLists':
      return <CallListsPanel />;
    case 'scripts':
      return <ScriptsPanel />;
  }
}

/** The call log, the customer directory, callbacks, call lists and the trainer's scripts, one at a time below the call. */
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
            data-testid={TAB_TEST_IDS[name]}
            onClick={() => show(name)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const next = TABS[(TABS.indexOf(name) + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ?? name;
              show(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t(`workspace.tab.${name}`)}
            {name === 'callbacks' && <CallbackCount />}
          </button>
        ))}
      </div>
      <div className="workspace-tabs__panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        <TabPanel tab={tab} />
      </div>
    </div>
  );
}

/** How many callbacks are open, on the tab itself. */
function CallbackCount() {
  const count = useAnlauf((s) => s.callbacks.list.length);
  if (count === 0) return null;
  return <span className="workspace-tabs__count">{count}</span>;
}
