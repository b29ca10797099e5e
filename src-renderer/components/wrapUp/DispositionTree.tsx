import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispositionView } from '../../../src-main/contract';
import { groupHolds } from '../../../src-main/shared/dispositions';
import { codeId, useDispositionLabel } from '../../lib/dispositions';

type Props = {
  tree: readonly DispositionView[];
  chosen: string | null;
  suggested: string | null;
  disabled: boolean;
  onChoose: (code: DispositionView) => void;
};

/** The disposition codes as buttons; groups open and close, only codes without children are chosen. */
export function DispositionTree({ tree, chosen, suggested, disabled, onChoose }: Props) {
  const { t } = useTranslation();
  return (
    <div className="dispositions" role="group" aria-label={t('wrapUp.codes')} data-testid="wrapup-codes">
      {tree.map((node) =>
        node.children.length > 0 ? (
          <Group key={node.code} group={node} chosen={chosen} suggested={suggested} disabled={disabled} onChoose={onChoose} />
        ) : (
          <Code key={node.code} node={node} chosen={chosen} suggested={suggested} disabled={disabled} onChoose={onChoose} />
        ),
      )}
    </div>
  );
}

function Group({ group, chosen, suggested, disabled, onChoose }: { group: DispositionView } & Omit<Props, 'tree'>) {
  // A group opens by itself when it holds the code chosen or suggested.
  const [open, setOpen] = useState(() => groupHolds(group, chosen) || groupHolds(group, suggested));
  const expanded = open || groupHolds(group, chosen);
  const label = useDispositionLabel();
  return (
    <div className="dispositions__group" data-testid={`wrapup-group-${codeId(group.code)}`}>
      <button type="button" className="dispositions__group-toggle" aria-expanded={expanded} onClick={() => setOpen(!expanded)}>
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {label(group)}
      </button>
      {expanded && (
        <div className="dispositions__children">
          <DispositionTree tree={group.children} chosen={chosen} suggested={suggested} disabled={disabled} onChoose={onChoose} />
        </div>
      )}
    </div>
  );
}

function Code({ node, chosen, suggested, disabled, onChoose }: { node: DispositionView } & Omit<Props, 'tree'>) {
  const { t } = useTranslation();
  const label = useDispositionLabel();
  const isChosen = node.code === chosen;
  const isSuggested = node.code === suggested;
  return (
    <button
      type="button"
      className={`disposition${isChosen ? ' disposition--chosen' : ''}${isSuggested ? ' disposition--suggested' : ''}`}
      aria-pressed={isChosen}
      aria-keyshortcuts={node.hotkey ?? undefined}
      data-testid={`wrapup-code-${codeId(node.code)}`}
      data-code={node.code}
      disabled={disabled}
      onClick={() => onChoose(node)}
    >
      {node.hotkey && (
        <kbd className="disposition__key" aria-hidden="true">
          {node.hotkey}
        </kbd>
      )}
      <span className="disposition__label">{label(node)}</span>
      {isSuggested && <span className="disposition__tag">{t('wrapUp.suggested')}</span>}
      {node.callback && <span className="disposition__tag disposition__tag--callback">{t('wrapUp.callbackTag')}</span>}
    </button>
  );
}
