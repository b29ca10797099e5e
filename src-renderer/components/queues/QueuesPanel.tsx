import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { wordSaid } from '../../i18n/said';
import { useAnlauf } from '../../store/react';

/**
 * The queues the agent may serve, in the phone bar: each a toggle to log in or out, marked
 * paused while the agent is not ready (their calls then go to the colleagues). Nothing without
 * queues in IT's settings.
 */
export function QueuesPanel() {
  const { t } = useTranslation();
  const { list, busy, setQueueLogin } = useAnlauf(useShallow((s) => ({ list: s.queues.list, busy: s.queues.busy, setQueueLogin: s.setQueueLogin })));
  if (list.length === 0) return null;
  return (
    <div className="phone-bar__group queues" role="group" aria-label={t('queues.label')} data-testid="queues">
      <span className="phone-bar__label">{t('queues.label')}</span>
      <ul className="queues__list">
        {list.map((queue) => {
          const state = !queue.loggedIn ? 'out' : queue.paused ? 'paused' : 'in';
          const problem = queue.sync === 'failed' && queue.problem ? wordSaid(t, queue.problem) : null;
          return (
            <li key={queue.id} className="queues__item">
              <button
                type="button"
                className={`queues__toggle queues__toggle--${state}`}
                aria-pressed={queue.loggedIn}
                disabled={busy.includes(queue.id)}
                title={problem ?? t(`queues.hint.${state}`)}
                data-testid={`queue-${queue.id}`}
                data-state={state}
                data-sync={queue.sync}
                onClick={() => void setQueueLogin(queue.id, !queue.loggedIn)}
              >
                <span className={`queues__dot queues__dot--${state}`} aria-hidden="true" />
                <span className="queues__name">{queue.name}</span>
                <span className="queues__state">{t(`queues.state.${state}`)}</span>
                {queue.sync === 'pending' && <span className="queues__pending">{t('queues.pending')}</span>}
                {problem && (
                  <span className="queues__problem" role="status" data-testid={`queue-${queue.id}-problem`}>
                    ⚠<span className="visually-hidden"> {problem}</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
