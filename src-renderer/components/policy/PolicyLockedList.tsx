import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { lockedItSettings, type LockedValue } from '../../store/selectors/policy';
import { useAnlauf } from '../../store/react';

/** A setting's name in the agent's language; a path the catalogue does not know yet is shown as it is. */
function settingName(t: TFunction, path: string): string {
  const key = `policySetting.${path}`;
  // The paths come from main at run time, so they are outside i18next's typed key list.
  return (t as unknown as (key: string, options: object) => string)(key, { defaultValue: path });
}

function valueText(t: TFunction, value: LockedValue): string {
  return value.kind === 'text' ? value.text : t(`settings.locked.${value.kind}`);
}

/**
 * The other settings IT's policy sets (SIP server, updates, …), read-only: the agent sees why the
 * desk behaves as it does. Nothing when policy locks only what the dialog shows in place.
 */
export function PolicyLockedList() {
  const { t } = useTranslation();
  const { locked, effective } = useAnlauf(useShallow((s) => ({ locked: s.settings.policy.locked, effective: s.settings.effective })));
  const items = lockedItSettings(locked, effective);
  if (items.length === 0) return null;
  return (
    <section className="field-group policy-locked" aria-labelledby="policy-locked-title" data-testid="policy-locked-list">
      <h3 id="policy-locked-title" className="policy-locked__title">
        {t('settings.locked.listTitle')}
      </h3>
      <dl className="policy-locked__list">
        {items.map(({ path, value }) => (
          <div key={path} className="policy-locked__item" data-testid="policy-locked-item" data-setting={path}>
            <dt>{settingName(t, path)}</dt>
            <dd>{valueText(t, value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
