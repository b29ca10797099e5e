import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { NetworkProbe, ShiftCheckItem, ShiftCheckView } from '../../../src-main/contract';
import { useAnlauf } from '../../store/react';
import { isKnownLed } from '../../store/selectors/headset';

type Run = NonNullable<ShiftCheckView['run']>;

const BUTTONS = ['hookSwitch', 'phoneMute', 'flash', 'reject', 'drop'] as const;
const isKnownButton = (name: string): name is (typeof BUTTONS)[number] => (BUTTONS as readonly string[]).includes(name);
const REASONS = [
  'heard',
  'silent',
  'quiet',
  'noDevice',
  'noMeter',
  'notHeard',
  'notPlayed',
  'ok',
  'noHeadset',
  'headsetRequired',
  'buttonsMissing',
  'ledNotSeen',
  'notRegistered',
  'stunFailed',
  'turnRefused',
  'echoed',
  'noEcho',
  'notEcho',
  'callFailed',
  'skippedByAgent',
  'notApplicable',
  'interrupted',
  'error',
] as const;
const isKnownReason = (reason: string): reason is (typeof REASONS)[number] => (REASONS as readonly string[]).includes(reason);

/**
 * The pre-shift check: each item with its state, the reason in plain words and what to do, and
 * where the agent is asked something (speak, a tone heard, a button pressed, a light seen), the
 * buttons to answer. Main runs the check; this only shows it and passes the answers on.
 */
export function ShiftCheckDialog() {
  const { t } = useTranslation();
  const { open, view, start, close } = useAnlauf(
    useShallow((s) => ({ open: s.shiftCheck.open, view: s.shiftCheck.view, start: s.startShiftCheck, close: s.closeShiftCheck })),
  );
  const run = view?.run ?? null;
  const running = run?.state === 'running';

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !running) void close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, running, close]);

  if (!open || !view) return null;
  return (
    <div className="dialog-backdrop">
      <div className="dialog shift-check" role="dialog" aria-modal="true" aria-labelledby="shift-check-title" data-testid="shift-check-dialog">
        <div className="dialog__header">
          <h2 id="shift-check-title">{t('shiftCheck.title')}</h2>
        </div>
        <div className="dialog__body">
          {!run && <p>{t('shiftCheck.intro')}</p>}
          {view.due && (
            <p className="shift-check__required" data-testid="shift-check-required">
              {t('shiftCheck.required')}
            </p>
          )}
          {!run && view.last && (
            <p className="muted" data-testid="shift-check-last">
              {t('shiftCheck.lastRun', {
                time: new Date(view.last.at).toLocaleString(),
                result: t(view.last.passed ? 'shiftCheck.lastPassed' : 'shiftCheck.lastFailed'),
              })}
            </p>
          )}
          {run && (
            <ol className="shift-check__items">
              {run.items.map((item) => (
                <CheckItem key={item.id} item={item} run={run} />
              ))}
            </ol>
          )}
          {run?.state === 'done' && (
            <p
              className={`shift-check__result shift-check__result--${run.passed ? 'pass' : 'fail'}`}
              data-testid="shift-check-result"
              data-passed={String(run.passed)}
            >
              {t(run.passed ? 'shiftCheck.passed' : 'shiftCheck.failed')}
            </p>
          )}
        </div>
        <footer className="dialog__footer shift-check__footer">
          {running ? (
            <button type="button" className="button button--ghost" data-testid="shift-check-stop" onClick={() => void close()}>
              {t('shiftCheck.stop')}
            </button>
          ) : (
            <>
              <button type="button" className="button button--ghost" data-testid="shift-check-close" onClick={() => void close()}>
                {t('shiftCheck.close')}
              </button>
              <button type="button" className="button" data-testid="shift-check-start" onClick={() => void start()}>
                {t(run ? 'shiftCheck.again' : 'shiftCheck.start')}
              </button>
            </>
          )}
        </footer>
      </div>
    </div>
  );
}

function CheckItem({ item, run }: { item: ShiftCheckItem; run: Run }) {
  const { t } = useTranslation();
  const answer = useAnlauf((s) => s.answerShiftCheck);
  const asking = item.status === 'waiting';
  const skippable = asking || item.status === 'running';
  return (
    <li
      className={`shift-check__item shift-check__item--${item.status}`}
      data-testid={`shift-check-item-${item.id}`}
      data-status={item.status}
      data-reason={item.reason ?? ''}
    >
      <div className="shift-check__row">
        <span className="shift-check__name">{t(`shiftCheck.item.${item.id}`)}</span>
        <span className="shift-check__status">{t(`shiftCheck.status.${item.status}`)}</span>
      </div>
      {item.reason && item.status !== 'running' && item.status !== 'waiting' && (
        <p className="shift-check__reason">{isKnownReason(item.reason) ? t(`shiftCheck.reason.${item.reason}`) : item.reason}</p>
      )}
      {item.id === 'network' && run.network.length > 0 && <Probes probes={run.network} />}
      {asking && item.id === 'microphone' && (
        <div className="shift-check__ask">
          <p>{t('shiftCheck.prompt.microphone')}</p>
          <meter
            className="shift-check__meter"
            data-testid="shift-check-mic-level"
            aria-label={t('shiftCheck.level')}
            min={0}
            max={1}
            low={0.1}
            value={run.micLevel ?? 0}
          />
        </div>
      )}
      {asking && (item.id === 'speaker' || item.id === 'ring') && (
        <div className="shift-check__ask">
          <p>{t('shiftCheck.prompt.tone')}</p>
          <div className="shift-check__answers">
            <button
              type="button"
              className="button"
              data-testid={`shift-check-heard-${item.id}`}
              onClick={() => void answer({ kind: 'heard', item: item.id as 'speaker', heard: true })}
            >
              {t('shiftCheck.heard')}
            </button>
            <button
              type="button"
              className="button button--ghost"
              data-testid={`shift-check-not-heard-${item.id}`}
              onClick={() => void answer({ kind: 'heard', item: item.id as 'speaker', heard: false })}
            >
              {t('shiftCheck.notHeard')}
            </button>
            <button
              type="button"
              className="button button--ghost"
              data-testid={`shift-check-replay-${item.id}`}
              onClick={() => void answer({ kind: 'replay', item: item.id as 'speaker' })}
            >
              {t('shiftCheck.replay')}
            </button>
          </div>
        </div>
      )}
      {asking && item.id === 'headset' && run.headset && <HeadsetAsk headset={run.headset} />}
      {asking && item.id === 'echo' && <p className="shift-check__ask">{t('shiftCheck.prompt.echo')}</p>}
      {skippable && (
        <button
          type="button"
          className="button button--ghost shift-check__skip"
          data-testid={`shift-check-skip-${item.id}`}
          onClick={() => void answer({ kind: 'skip', item: item.id })}
        >
          {t('shiftCheck.skip')}
        </button>
      )}
    </li>
  );
}

function HeadsetAsk({ headset }: { headset: NonNullable<Run['headset']> }) {
  const { t } = useTranslation();
  const answer = useAnlauf((s) => s.answerShiftCheck);
  const ledName = (led: string) => (isKnownLed(led) ? t(`settings.headset.led.${led}`) : led);
  if (headset.lit) {
    return (
      <div className="shift-check__ask">
        <p>{t('shiftCheck.prompt.led', { led: ledName(headset.lit) })}</p>
        <div className="shift-check__answers">
          <button type="button" className="button" data-testid="shift-check-led-seen" onClick={() => void answer({ kind: 'led', seen: true })}>
            {t('shiftCheck.seen')}
          </button>
          <button
            type="button"
            className="button button--ghost"
            data-testid="shift-check-led-not-seen"
            onClick={() => void answer({ kind: 'led', seen: false })}
          >
            {t('shiftCheck.notSeen')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="shift-check__ask">
      <p>{t('shiftCheck.prompt.buttons', { name: headset.name })}</p>
      <ul className="shift-check__buttons">
        {headset.buttons.map((button) => (
          <li
            key={button.name}
            data-testid={`shift-check-button-${button.name}`}
            data-pressed={String(button.pressed)}
            className={button.pressed ? 'shift-check__button--pressed' : undefined}
          >
            <span aria-hidden="true">{button.pressed ? '☑' : '☐'}</span> {isKnownButton(button.name) ? t(`shiftCheck.button.${button.name}`) : button.name}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Probes({ probes }: { probes: NetworkProbe[] }) {
  const { t } = useTranslation();
  const result = (probe: NetworkProbe) =>
    probe.method === 'notProbed' && probe.ok
      ? t('shiftCheck.probeNotProbed')
      : !probe.ok
        ? t('shiftCheck.probeFailed')
        : probe.rttMs !== null
          ? t('shiftCheck.probeOkRtt', { ms: Math.round(probe.rttMs) })
          : t('shiftCheck.probeOk');
  return (
    <ul className="shift-check__probes" data-testid="shift-check-probes">
      {probes.map((probe) => (
        <li key={`${probe.kind}:${probe.target}`} className={probe.ok ? undefined : 'shift-check__probe--fail'}>
          {t('shiftCheck.probe', { target: probe.target, result: result(probe) })}
        </li>
      ))}
    </ul>
  );
}
