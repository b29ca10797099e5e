import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadedScriptView } from '../../../src-main/contract';
import { readFileText } from '../../lib/base64';
import { errorMessage, formatDateTime } from '../../lib/format';
import { useAnlauf } from '../../store/react';
import { useWordSaid } from '../../i18n/said';
import { LoadedForms } from './LoadedForms';
import { LibraryTableHead } from './LibraryTableHead';

const SCRIPT_FILE = /\.ya?ml$/i;

/**
 * For trainers: load a call script (file dialog or drag and drop), read every problem main finds,
 * preview a loaded script without a call, or rehearse it on the training line; list and preview
 * the client forms loaded.
 */
export function ScriptsPanel() {
  const { t } = useTranslation();
  const loaded = useAnlauf((s) => s.script.loaded);
  const loading = useAnlauf((s) => s.script.loading);
  const load = useAnlauf((s) => s.loadScript);
  const unreadable = useAnlauf((s) => s.scriptFileUnreadable);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const fileId = useId();

  const loadFile = async (file: File) => {
    if (!SCRIPT_FILE.test(file.name)) {
      unreadable(file.name, t('scripts.notYaml'));
      return;
    }
    let content: string;
    try {
      content = await readFileText(file);
    } catch (error) {
      unreadable(file.name, errorMessage(error));
      return;
    }
    await load(file.name, content);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void loadFile(file);
  };

  return (
    <section
      className={`panel scripts${dragging ? ' scripts--dragging' : ''}`}
      aria-labelledby="scripts-title"
      data-testid="script-dropzone"
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!(event.relatedTarget instanceof Node) || !event.currentTarget.contains(event.relatedTarget)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="scripts__header">
        <h2 id="scripts-title">{t('scripts.title')}</h2>
        <span className="muted">{t('scripts.hint')}</span>
      </header>
      <div className="scripts__load">
        <label className="button" htmlFor={fileId}>
          {loading ? t('scripts.loading') : t('scripts.choose')}
        </label>
        <input
          ref={inputRef}
          id={fileId}
          className="visually-hidden"
          type="file"
          accept=".yaml,.yml"
          data-testid="script-file"
          disabled={loading}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void loadFile(file).finally(() => inputRef.current && (inputRef.current.value = ''));
          }}
        />
        <span className="muted scripts__drop-hint">{t('scripts.drop')}</span>
      </div>
      <LoadResult />
      <TopicProblems />
      <LoadedScripts scripts={loaded} />
      <LoadedForms />
    </section>
  );
}

function LoadResult() {
  const { t } = useTranslation();
  const wordSaid = useWordSaid();
  const lastLoad = useAnlauf((s) => s.script.lastLoad);
  if (!lastLoad) return null;
  const { fileName, outcome } = lastLoad;
  if (!outcome.ok) {
    return (
      <div className="scripts__result scripts__result--failed" role="alert" data-testid="script-load-result" data-ok="false">
        {t('scripts.failed', { file: fileName, message: wordSaid(outcome) })}
      </div>
    );
  }
  const result = outcome.value;
  if (result.ok) {
    return (
      <div className="scripts__result scripts__result--ok" role="status" data-testid="script-load-result" data-ok="true">
        {wordSaid({ message: result.message, said: result.said ?? null })}
        {result.warnings?.length ? (
          <>
            <p>{t('scripts.warnings')}</p>
            <ProblemList problems={result.warnings} testId="script-warning" />
          </>
        ) : null}
      </div>
    );
  }
  return (
    <div className="scripts__result scripts__result--failed" role="alert" data-testid="script-load-result" data-ok="false">
      <p>{t('scripts.problems', { count: result.problems.length, file: fileName })}</p>
      <ProblemList problems={result.problems} testId="script-problem" />
    </div>
  );
}

/** The topics folder's files (and the backend's answer) that were not taken: their last good version stays in use. */
function TopicProblems() {
  const { t } = useTranslation();
  const problems = useAnlauf((s) => s.topics.problems);
  if (!problems.length) return null;
  return (
    <div className="scripts__result scripts__result--failed" role="status" data-testid="topic-problems">
      <p>{t('topics.problems')}</p>
      <ProblemList
        problems={problems.map((p) => ({ file: p.file.split(/[\\/]/).pop() ?? p.file, line: p.line, column: p.col, message: p.message }))}
        testId="topic-problem"
      />
    </div>
  );
}

function ProblemList({ problems, testId }: { problems: { file: string; line: number; column: number; message: string }[]; testId: string }) {
  return (
    <ul className="scripts__problems">
      {problems.map((problem, index) => (
        <li key={index} data-testid={testId}>
          <code>
            {problem.file}:{problem.line}:{problem.column}:
          </code>{' '}
          {problem.message}
        </li>
      ))}
    </ul>
  );
}

function LoadedScripts({ scripts }: { scripts: LoadedScriptView[] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  const preview = useAnlauf((s) => s.previewScript);
  const rehearse = useAnlauf((s) => s.rehearseScript);
  const rehearsing = useAnlauf((s) => s.training.pending);
  if (scripts.length === 0) {
    return (
      <p className="muted" data-testid="scripts-empty">
        {t('scripts.empty')}
      </p>
    );
  }
  return (
    <table className="scripts__table">
      <LibraryTableHead fourth={t('scripts.column.campaign')} />
      <tbody>
        {scripts.map((script) => (
          <tr key={`${script.scriptId}:${script.version}`} data-testid="loaded-script" data-script-id={script.scriptId} data-version={script.version}>
            <td>{script.title}</td>
            <td>
              <code>{script.scriptId}</code>
            </td>
            <td>v{script.version}</td>
            <td>{script.campaign}</td>
            <td>{script.client ?? t('scripts.allClients')}</td>
            <td>{script.language}</td>
            <td>{formatDateTime(script.loadedAt, language)}</td>
            <td className="scripts__actions">
              <button type="button" className="button button--small" data-testid="script-preview" onClick={() => void preview(script.scriptId, script.version)}>
                {t('scripts.preview')}
              </button>
              <button
                type="button"
                className="button button--small"
                data-testid="script-rehearse"
                disabled={rehearsing}
                title={t('scripts.rehearseHint')}
                onClick={() => void rehearse(script.client, script.campaign)}
              >
                {t('scripts.rehearse')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
