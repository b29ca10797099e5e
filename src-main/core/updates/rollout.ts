import { createHash } from 'node:crypto';

/**
 * The desk's fixed place in staged rollouts, 0 (first) to 100 (last), from its computer name.
 * electron-updater's own place comes from a random id in the user's profile: on a shared desk
 * each agent would get another answer, and a new profile or reinstall a new one. The computer
 * name is the same for every agent on the desk and survives a reinstall.
 */
export function rolloutPositionOf(computerName: string): number {
  const digest = createHash('sha256').update(`anlauf-rollout:${computerName.trim().toLowerCase()}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/**
 * Whether a staged version reaches a desk at `position`: electron-updater's rule (the desk's place
 * below the percentage), with 100 % meaning everyone. No percentage, or one that is no number
 * (electron-updater reads it with parseInt and lets a NaN through), is a full release.
 */
export function withinRollout(stagingPercentage: number | string | null, position: number): boolean {
  if (stagingPercentage === null) return true;
  const percentage = typeof stagingPercentage === 'number' ? stagingPercentage : parseInt(stagingPercentage, 10);
  if (Number.isNaN(percentage)) return true;
  if (percentage >= 100) return true;
  return position < percentage;
}

/**
 * Whether `version` is the pinned one: `1.4` takes every 1.4.x, `1.4.2` only itself. A pre-release
 * (`1.4.3-beta.1`) matches only a pin that names it.
 */
export function matchesPin(version: string, pin: string): boolean {
  if (version === pin) return true;
  return version.startsWith(`${pin}.`) && !version.includes('-');
}
