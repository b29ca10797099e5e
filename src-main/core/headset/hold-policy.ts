/**
 * What a held call does to the headset's Off-Hook LED. Vendors disagree (reference §2 "Hold"):
 * - `keepOffHook`: Off-Hook stays 1 and Hold is set. Clearing Off-Hook makes some Jabras report
 *   hook=0, which would drop the call (gonicus/gonnect PR #52).
 * - `clearOffHook`: Hold is set and Off-Hook cleared, as Poly's sample does; the hook=0 the device
 *   then reports is not a hang-up.
 */
export type HoldPolicy = 'keepOffHook' | 'clearOffHook';

export const VENDOR_POLY = 0x047f;

/**
 * The policy for a vendor id: Poly/Plantronics clears Off-Hook, everyone else keeps it — keeping
 * it is the choice that cannot drop a call on a device that echoes Off-Hook as the hook switch.
 */
export function defaultHoldPolicy(vendorId: number): HoldPolicy {
  return vendorId === VENDOR_POLY ? 'clearOffHook' : 'keepOffHook';
}
