import type { TFunction } from 'i18next';
import { isKnownLed, type HeadsetCapability } from '../../store/selectors/headset';

/** A capability as the agent reads it: "Hook switch", "LEDs: off hook, mute" (unknown LED names as main gives them). */
export function capabilityLabel(t: TFunction, capability: HeadsetCapability): string {
  if (capability.key === 'leds') {
    const list = capability.leds.map((led) => (isKnownLed(led) ? t(`settings.headset.led.${led}`) : led)).join(', ');
    return t('settings.headset.capability.leds', { list });
  }
  return t(`settings.headset.capability.${capability.key}`);
}
