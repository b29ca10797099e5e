import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColleagueView } from '../../../src-main/contract';
import { isFree, searchColleagues } from '../../../src-main/shared/colleagues';
import { useAnlauf } from '../../store/react';
import { selectFocusCall, selectFocusContext } from '../../store/selectors/callContext';
import { selectNotReadyReasons } from '../../store/selectors/work';
import { useReasonLabel } from '../agent/useReasonLabel';

/** How many matches are drawn (and watched first); a search narrows the rest. */
const SHOWN = 100;

/** Colleagues and specialists with their live state: search by name, skill or language, free ones first. */
export function ColleaguesPanel() {
  const { t } = useTranslation();
  const entries = useAnlauf((s) => s.colleagues.entries);
  const query = useAnlauf((s) => s.colleagues.query);
  const setQuery = useAnlauf((s) => s.setColleagueQuery);
  const show = useAnlauf((s) => s.showColleagues);
  // During a call for a client, that client's colleagues and those serving every client.
  const client = useAnlauf((s) => selectFocusContext(s)?.client?.id ?? null);
  const found = useMemo(() => searchColleagues(entries, query, client), [entries, query, client]);
  const shown = found.slice(0, SHOWN);
  const shownIds = shown.map((c) => c.id).join('\n');
  // Main watches what is on screen first (within its cap): told when the list shown changes.
  useEffect(() => {
    if (shownIds) void show(shownIds.split('\n'));
  }, [shownIds, show]);
  return (
    <section className="panel colleagues" aria-labelledby="colleagues-title" data-testid="colleagues">
      <header className="colleagues__header">
        <h2 id="colleagues-title">{t('colleagues.title')}</h2>
        <span className="muted">{t('colleagues.count', { count: found.length })}</span>
      </header>
      <input
        type="search"
        className="field__input colleagues__search"
        data-testid="colleagues-search"
        aria-label={t('colleagues.search')}
        placeholder={t('colleagues.searchPlaceholder')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {entries.length === 0 ? (
        <p className="muted" data-testid="colleagues-empty">
          {t('colleagues.none')}
        </p>
      ) : found.length === 0 ? (
        <p className="muted" data-testid="colleagues-no-match">
          {t('colleagues.noMatch')}
        </p>
      ) : (
        <ul className="colleagues__list">
          {shown.map((colleague) => (
            <ColleagueItem key={colleague.id} colleague={colleague} />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The colleague's note where it says more than the state's own words: a not-ready reason
 * (Anlauf publishes "Not ready: REASON"), or another publisher's words for away or busy. The
 * rest of an Anlauf colleague's note is the state in English, which the label already says.
 * A reason is published with its label as configured, the built-in ones in English ("Lunch"):
 * one of this desk's reasons by that label is said in the agent's language, as in their own menu.
 */
function noteWorthShowing(colleague: ColleagueView, reasonWords: (label: string) => string): string | null {
  if (!colleague.note) return null;
  if (colleague.presence === 'notReady') {
    const label = /^Not ready: (.+)$/.exec(colleague.note)?.[1];
    return label ? reasonWords(label) : null;
  }
  return colleague.presence === 'away' || colleague.presence === 'busy' || colleague.presence === 'available' ? colleague.note : null;
}

/** A published reason label in the agent's words: a reason of this desk's list (or "Restarted") by its label, else as published. */
function useReasonWords(): (label: string) => string {
  const reasons = useAnlauf(selectNotReadyReasons);
  const reasonLabel = useReasonLabel();
  return (label) => {
    const known = [...reasons, RESTARTED].find((reason) => reason.label === label);
    return known ? reasonLabel(known) : label;
  };
}

const RESTARTED = { code: 'restarted', label: 'Restarted' };

function ColleagueItem({ colleague }: { colleague: ColleagueView }) {
  const { t } = useTranslation();
  const call = useAnlauf(selectFocusCall);
  const transfer = useAnlauf((s) => s.transfer);
  const free = isFree(colleague);
  const canTransfer = call?.state === 'active' && call.transfer === null;
  const reasonWords = useReasonWords();
  const phoneCall = colleague.call === 'ringing' || colleague.call === 'onCall' ? colleague.call : null;
  const onPhone = phoneCall !== null;
  const detail = noteWorthShowing(colleague, reasonWords);
  return (
    <li
      className={`colleague${free ? ' colleague--free' : ''}`}
      data-testid="colleague-item"
      data-colleague-id={colleague.id}
      data-presence={colleague.presence}
      data-call={colleague.call}
    >
      <span className={`colleague__dot colleague__dot--${free ? 'free' : colleague.presence}`} aria-hidden="true" />
      <div className="colleague__who">
        <strong>{colleague.name}</strong>
        <span className="muted colleague__uri">{colleague.uri}</span>
        {(colleague.skills.length > 0 || colleague.languages.length > 0) && (
          <span className="colleague__tags">
            {colleague.skills.map((skill) => (
              <span key={`s-${skill}`} className="chip">
                {skill}
              </span>
            ))}
            {colleague.languages.map((language) => (
              <span key={`l-${language}`} className="chip">
                {language}
              </span>
            ))}
          </span>
        )}
      </div>
      <div className="colleague__state" data-testid="colleague-state">
        {/* A phone that publishes no presence (a desk phone) reads as offline; its call says otherwise. */}
        {!(colleague.presence === 'offline' && onPhone) && <span>{t(`colleagues.presence.${colleague.presence}`)}</span>}
        {phoneCall && <span className="chip chip--on">{t(`colleagues.call.${phoneCall}`)}</span>}
        {detail && <span className="muted colleague__note">{detail}</span>}
      </div>
      <div className="colleague__actions">
        {canTransfer && (
          <button
            type="button"
            className="button button--small"
            data-testid="colleague-transfer"
            aria-label={t('colleagues.transferLabel', { name: colleague.name })}
            onClick={() => void transfer(call.id, colleague.uri)}
          >
            {t('colleagues.transfer')}
          </button>
        )}
      </div>
    </li>
  );
}
