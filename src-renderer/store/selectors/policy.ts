import type { SettingsView } from '../../../src-main/contract';
import type { AnlaufState } from '../types';

/** Whether machine policy locks `path` (a dotted settings path), or the section above it. */
export function isLocked(locked: readonly string[], path: string): boolean {
  return locked.some((entry) => entry === path || path.startsWith(`${entry}.`));
}

export const selectLocked = (path: string) => (state: AnlaufState) => isLocked(state.settings.policy.locked, path);
export const selectPolicyNotices = (state: AnlaufState) => state.settings.policy.notices;

/**
 * The settings the dialog lets the agent change, each shown locked in its own place; every other
 * locked setting goes in the dialog's short "Set by your IT department" list.
 */
export const AGENT_SETTINGS: readonly string[] = ['ui.language', 'agent.name', 'audio.microphoneId', 'audio.speakerId', 'audio.ringDeviceId', 'headset.device'];

/** A setting's value for the list: on/off and "not set" are worded by the UI, the rest shown as it is. */
export type LockedValue = { kind: 'on' } | { kind: 'off' } | { kind: 'notSet' } | { kind: 'text'; text: string };

export function lockedValue(value: unknown): LockedValue {
  if (value === true) return { kind: 'on' };
  if (value === false) return { kind: 'off' };
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return { kind: 'notSet' };
  if (Array.isArray(value)) return { kind: 'text', text: value.map(String).join(', ') };
  if (typeof value === 'object') return { kind: 'text', text: JSON.stringify(value) };
  return { kind: 'text', text: String(value) };
}

function valueAt(settings: SettingsView, path: string): unknown {
  let node: unknown = settings;
  for (const part of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

/** The locked settings the dialog has no field for, in policy's order, with their effective values. */
export function lockedItSettings(locked: readonly string[], settings: SettingsView | null): { path: string; value: LockedValue }[] {
  if (!settings) return [];
  return locked.filter((path) => !AGENT_SETTINGS.includes(path)).map((path) => ({ path, value: lockedValue(valueAt(settings, path)) }));
}
