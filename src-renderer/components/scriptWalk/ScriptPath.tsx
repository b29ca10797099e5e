import { useTranslation } from 'react-i18next';
import type { ScriptView } from '../../../src-main/contract';
import { inlineSegments } from '../../../src-main/shared/markdown';

/** The way taken so far: each node walked, with the answer given. */
export function ScriptPath({ path }: { path: ScriptView['path'] }) {
  const { t } = useTranslation();
  if (path.length === 0) return null;
  return (
    <details className="script-path" open>
      <summary>{t('script.path', { count: path.length })}</summary>
      <ol data-testid="script-path">
        {path.map((step, index) => (
          <li key={`${step.id}:${index}`} className={`script-path__step script-path__step--${step.type}`} data-node-id={step.id}>
            <span className="script-path__text">{plain(step.text)}</span>
            {step.answer !== null && (
              <span className="script-path__answer" data-testid="script-path-answer">
                {step.answer}
              </span>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The first line of a node's text without its Markdown marks, short enough for a list. */
function plain(text: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const words = inlineSegments(first.replace(/^\s*[-*]\s+/, '').trim())
    .map((part) => part.text)
    .join('');
  return words.length > 120 ? `${words.slice(0, 119)}…` : words;
}
