import type { CallbackView, ScriptView } from '../../../src-main/contract';
import type { Said } from '../../i18n/said';
import type { AnlaufState } from '../types';
import { selectFocusCall } from './callContext';

/** The session id of a script preview without a call. */
export const PREVIEW_SESSION = 'preview';

/**
 * Whose script the panel shows: the call in focus; after the call, the call waiting for its
 * wrap-up (required questions can still be answered); else a trainer's preview.
 */
export const selectScriptSessionId = (state: AnlaufState): string | null => {
  const sessions = state.script.sessions;
  const focus = selectFocusCall(state)?.id;
  if (focus !== undefined && sessions[focus]) return focus;
  const wrapping = state.wrapUp.list[0]?.callId;
  if (wrapping !== undefined && sessions[wrapping]) return wrapping;
  return sessions[PREVIEW_SESSION] ? PREVIEW_SESSION : null;
};

export const selectScriptSession =
  (sessionId: string | null) =>
  (state: AnlaufState): ScriptView | null =>
    (sessionId === null ? undefined : state.script.sessions[sessionId]) ?? null;

export const selectScriptError =
  (sessionId: string | null) =>
  (state: AnlaufState): Said | null =>
    (sessionId === null ? undefined : state.script.errors[sessionId]) ?? null;

/** The wrap-up to do now (the oldest), and how many wait behind it. */
export const selectCurrentWrapUp = (state: AnlaufState) => state.wrapUp.list[0] ?? null;
export const selectWrapUpsWaiting = (state: AnlaufState) => Math.max(0, state.wrapUp.list.length - 1);

/** Due now: main said so, or its time has come since main's last snapshot. */
export function isCallbackDue(callback: CallbackView, now: number): boolean {
  return callback.state === 'open' && (callback.due || callback.dueAt <= now);
}

/** Open callbacks (and those being dialled), soonest first. */
export function sortedCallbacks(callbacks: readonly CallbackView[]): CallbackView[] {
  return [...callbacks].sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}

export function dueCallbackCount(callbacks: readonly CallbackView[], now: number): number {
  return callbacks.filter((callback) => isCallbackDue(callback, now)).length;
}

export const selectCallbacks = (state: AnlaufState) => state.callbacks.list;

/** The campaigns of the configured clients, for the call-list import. */
export type CampaignChoice = { client: string; clientName: string; campaign: string; campaignName: string };

export const selectConfiguredClients = (state: AnlaufState) => state.settings.effective?.clients;

export const campaignChoices = (clients: ReturnType<typeof selectConfiguredClients>): CampaignChoice[] =>
  (clients ?? []).flatMap((client) =>
    client.campaigns.map((campaign) => ({ client: client.id, clientName: client.name, campaign: campaign.id, campaignName: campaign.name })),
  );

export const selectNotReadyReasons = (state: AnlaufState) => state.settings.effective?.agent.notReadyReasons ?? [];
