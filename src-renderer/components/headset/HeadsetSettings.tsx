import { useTranslation } from 'react-i18next';
import {
  headsetCapabilities,
  missingChosenHeadset,
  selectChosenHeadsetKey,
  selectHeadsetChoosing,
  selectHeadsets,
  usbIds,
} from '../../store/selectors/headset';
import { useAnlauf } from '../../store/react';
import type { HeadsetView } from '../../store/slices/headset';
import { capabilityLabel } from './capabilityLabels';

/** The settings dialog's headset section: the headsets plugged in, what each can do, and which one is used. */
export function HeadsetSettings() {
  const { t } = useTranslation();
  const headsets = useAnlauf(selectHeadsets);
  const chosenKey = useAnlauf(selectChosenHeadsetKey);
  const missing = missingChosenHeadset(chosenKey, headsets);

  return (
    <fieldset className="field-group headset-settings" data-testid="settings-headsets">
      <legend>{t('settings.headset.title')}</legend>
      {missing && (
        <p className="field__hint headset-settings__missing" data-testid="headset-missing" role="status">
          {missing.using
            ? t('settings.headset.missing', { ids: missing.ids, name: missing.using.name })
            : t('settings.headset.missingNone', { ids: missing.ids })}
        </p>
      )}
      {headsets.length === 0 ? (
        <p className="muted field__hint" data-testid="headset-none">
          {t('settings.headset.none')}
        </p>
      ) : (
        <ul className="headset-list">
          {headsets.map((headset) => (
            <HeadsetRow key={headset.key} headset={headset} />
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function HeadsetRow({ headset }: { headset: HeadsetView }) {
  const { t } = useTranslation();
  const choosing = useAnlauf(selectHeadsetChoosing);
  const chooseHeadset = useAnlauf((s) => s.chooseHeadset);
  const capabilities = headsetCapabilities(headset.capabilities);

  return (
    <li className="headset-row" data-testid="headset-row" data-key={headset.key} data-active={headset.active || undefined}>
      <div className="headset-row__head">
        <span className="headset-row__name" data-testid="headset-name">
          {headset.name}
        </span>
        <span className="muted headset-row__ids" data-testid="headset-ids">
          {usbIds(headset.vendorId, headset.productId)}
        </span>
        {headset.serialNumber && (
          <span className="muted headset-row__serial" data-testid="headset-serial">
            {t('settings.headset.serial', { serial: headset.serialNumber })}
          </span>
        )}
        {headset.active ? (
          <span className="chip chip--on headset-row__state" data-testid="headset-active">
            {t('settings.headset.active')}
          </span>
        ) : (
          <button
            type="button"
            className="button button--small headset-row__state"
            data-testid="headset-choose"
            disabled={choosing !== null}
            aria-busy={choosing === headset.key}
            onClick={() => void chooseHeadset(headset.key)}
          >
            {choosing === headset.key ? t('settings.headset.choosing') : t('settings.headset.choose')}
          </button>
        )}
      </div>
      {capabilities.length > 0 ? (
        <ul className="headset-row__capabilities" aria-label={t('settings.headset.capabilities')}>
          {capabilities.map((capability) => (
            <li key={capability.key} className="chip" data-testid="headset-capability" data-capability={capability.key}>
              {capabilityLabel(t, capability)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted field__hint">{t('settings.headset.noCapabilities')}</p>
      )}
    </li>
  );
}
