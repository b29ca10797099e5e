import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallContext, CallView, TopicView } from '../../../src-main/contract';
import { hotkeyLabel, matchesHotkey, parseHotkey, type Hotkey } from '../../../src-main/shared/hotkeys';
import { TOPIC_KEYS, topicsForCall } from '../../../src-main/shared/topics';
import { isMac } from '../../lib/platform';
import { useAnlauf } from '../../store/react';
import { ScriptText } from './ScriptText';
import { keyWords } from '../hotkeys/keyWords';

/** The call's current topics in the banner's order (main's active list, the call's client and campaign). */
function useCallTopics(context: CallContext | null): TopicView[] {
  const active = useAnlauf((s) => s.topics.active);
  const client = context?.client?.id ?? null;
  const campaign = context?.campaign?.id ?? null;
  return useMemo(() => topicsForCall(active, { client, campaign }), [active, client, campaign]);
}

/** The keys 1…9 with the configured modifiers; none when the setting cannot make a hotkey. */
function useTopicKeys(): Hotkey[] {
  const modifiers = useAnlauf((s) => s.topics.openKeys);
  return useMemo(() => {
    const keys: Hotkey[] = [];
    for (let n = 1; n <= TOPIC_KEYS; n++) {
      const parsed = parseHotkey(`${modifiers}+${n}`);
      if (parsed.ok) keys.push(parsed.hotkey);
    }
    return keys;
  }, [modifiers]);
}

/**
 * In the banner: the client's current topics, high priority first, each with its key. The key
 * opens the topic's talking points beside the call, while it rings and during the call.
 */
export function BannerTopics({ call, context }: { call: CallView; context: CallContext | null }) {
  const { t } = useTranslation();
  const topics = useCallTopics(context);
  const keys = useTopicKeys();
  const openTopic = useAnlauf((s) => s.openTopic);
  const shown = useAnlauf((s) => s.topics.shown[call.id] ?? null);
  const mac = isMac();
  const words = keyWords(t);

  useEffect(() => {
    if (!topics.length) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.repeat || event.isComposing) return;
      const index = keys.findIndex((hotkey) => matchesHotkey(hotkey, event, mac));
      const topic = index >= 0 ? topics[index] : undefined;
      if (!topic) return;
      event.preventDefault();
      void openTopic(call.id, topic.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [topics, keys, mac, openTopic, call.id]);

  if (!topics.length) return null;
  return (
    <nav className="call-banner__topics" aria-label={t('topics.banner')} data-testid="call-topics">
      <span className="call-banner__for">{t('topics.current')}</span>
      <ul>
        {topics.map((topic, index) => {
          const key = keys[index];
          return (
            <li key={`${topic.client}/${topic.id}`}>
              <button
                type="button"
                className={`call-topic${topic.priority === 'high' ? ' call-topic--high' : ''}`}
                data-testid="call-topic"
                data-topic-id={topic.id}
                data-priority={topic.priority}
                aria-pressed={shown === topic.id}
                aria-keyshortcuts={key ? hotkeyLabel(key, mac).replace(/\s/g, '') : undefined}
                onClick={() => void openTopic(call.id, topic.id)}
              >
                {topic.priority === 'high' && <span className="call-topic__flag">{t('topics.high')}</span>}
                <span className="call-topic__title">{topic.title}</span>
                {key && <kbd className="call-topic__key">{hotkeyLabel(key, mac, words)}</kbd>}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Beside the call: the talking points of the topic the agent opened on it; the call stays in view. */
export function TopicPanel({ call, context }: { call: CallView; context: CallContext | null }) {
  const { t } = useTranslation();
  const topics = useCallTopics(context);
  const shownId = useAnlauf((s) => s.topics.shown[call.id] ?? null);
  const close = useAnlauf((s) => s.closeTopic);
  const topic = shownId ? topics.find((candidate) => candidate.id === shownId) : undefined;
  if (!topic) return null;
  return (
    <section className="panel topic-panel" aria-label={t('topics.panel', { title: topic.title })} data-testid="topic-panel" data-topic-id={topic.id}>
      <header className="panel__header topic-panel__header">
        <h2>{topic.title}</h2>
        <button type="button" className="button button--small" onClick={() => close(call.id)} data-testid="topic-close">
          {t('topics.close')}
        </button>
      </header>
      <div className="topic-panel__text">
        <ScriptText text={topic.text} />
      </div>
    </section>
  );
}
