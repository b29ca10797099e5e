import { useTranslation } from 'react-i18next';
import { headsetCapabilities, selectActiveHeadset, usbIds } from '../../store/selectors/headset';
import { useAnlauf } from '../../store/react';
import { capabilityLabel } from './capabilityLabels';

/** The phone bar's word on the headset whose buttons work; nothing while none is plugged in. */
export function HeadsetIndicator() {
  const { t } = useTranslation();
  const headset = useAnlauf(selectActiveHeadset);
  if (!headset) return null;

  const ids = usbIds(headset.vendorId, headset.productId);
  const capabilities = headsetCapabilities(headset.capabilities).map((capability) => capabilityLabel(t, capability));
  const title =
    capabilities.length > 0
      ? t('headset.title', { name: headset.name, ids, capabilities: capabilities.join(', ') })
      : t('headset.titlePlain', { name: headset.name, ids });

  return (
    <div className="phone-bar__group phone-bar__headset" role="group" aria-label={t('headset.label')}>
      <span className="phone-bar__label">{t('headset.label')}</span>
      <span className="headset-indicator" data-testid="headset-indicator" data-key={headset.key} title={title}>
        <span aria-hidden="true">🎧</span> {headset.name}
      </span>
    </div>
  );
}
