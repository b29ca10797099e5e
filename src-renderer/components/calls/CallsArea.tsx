import { useTranslation } from 'react-i18next';
import { selectCallCards, selectHasLiveCalls } from '../../store/selectors/phone';
import { useAnlauf } from '../../store/react';
import { ActiveCall } from './ActiveCall';
import { HeldCall } from './HeldCall';
import { IncomingCall } from './IncomingCall';
import { OutgoingCall } from './OutgoingCall';

/** One card per call main has: the one the agent talks on first, then dialing, ringing, held. */
export function CallsArea() {
  const { t } = useTranslation();
  const cards = useAnlauf(selectCallCards);
  if (cards.length === 0) return null;
  return (
    <div className="phone-bar__calls" role="region" aria-label={t('call.calls')} data-testid="calls">
      {cards.map((card) => {
        switch (card.kind) {
          case 'active':
            return <ActiveCall key={card.call.id} call={card.call} />;
          case 'dialing':
            return <OutgoingCall key={card.call.id} call={card.call} />;
          case 'ringing':
            return <IncomingCall key={card.call.id} call={card.call} waiting={card.waiting} />;
          case 'held':
            return <HeldCall key={card.call.id} call={card.call} />;
        }
      })}
    </div>
  );
}

export function NoCallHint() {
  const { t } = useTranslation();
  const busy = useAnlauf(selectHasLiveCalls);
  return busy ? null : <span className="phone-bar__idle">{t('call.idle')}</span>;
}
