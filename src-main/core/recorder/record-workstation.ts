import type { CallView, LineView } from '../../contract';
import { DisposableStore, type IDisposable } from '../events';
import type { HeadsetService } from '../headset/headset-service';
import type { MediaBridge } from '../media/media-bridge';
import type { PhoneService } from '../phone/phone-service';
import type { CallLogRepository } from '../store/call-log';
import type { FlightRecorder } from './flight-recorder';

export interface RecordedServices {
  phone: PhoneService;
  callLog: CallLogRepository;
  media: MediaBridge;
  headsets: HeadsetService | null;
}

/**
 * Feeds the recorder from the services' own events: the call log says when a call begins (with its
 * SIP Call-ID) and ends; the phone, media bridge and headsets say what happened meanwhile. Line,
 * device and headset events belong to every call going on. Disposing the result unsubscribes.
 */
/** How many ended calls are remembered: far more than an agent can end while one waits for its wrap-up. */
export const DONE_KEPT = 200;

export function recordWorkstation(recorder: FlightRecorder, services: RecordedServices): IDisposable {
  const { phone, callLog, media, headsets } = services;
  const subscriptions = new DisposableStore();
  const keep = (...items: IDisposable[]) => items.forEach((item) => subscriptions.add(item));
  const open = new Set<string>();
  /**
   * Calls that ended lately: their wrap-up changes the call log again, minutes later. The oldest
   * are let go past DONE_KEPT, so a desk that runs for weeks does not keep every id.
   */
  const done = new Set<string>();
  const shown = new Map<string, string>();
  // The quality reading each call last had: a new one (every second while talking) is a sample.
  const sampled = new Map<string, CallView['quality']>();
  let line: string | null = null;

  keep(
    phone.onDidChangeCallLog((callId) => {
      // The call log changes again at wrap-up, after the call: only its start and its end count.
      if (done.has(callId)) return;
      const entry = callLog.get(callId);
      if (!entry) return;
      if (!open.has(callId)) {
        open.add(callId);
        recorder.begin(callId, entry.sipCallId);
        recorder.note(callId, 'call', { direction: entry.direction, line: entry.line, state: 'started' });
      }
      if (entry.endAt !== null) {
        open.delete(callId);
        shown.delete(callId);
        sampled.delete(callId);
        done.add(callId);
        if (done.size > DONE_KEPT) done.delete(done.values().next().value!);
        recorder.note(callId, 'call', { state: 'ended', endCause: entry.endCause, endedBy: entry.endedBy, endReason: entry.endReason ?? null });
        recorder.end(callId);
      }
    }),
    phone.onDidChange(() => {
      const view: LineView = phone.lineState;
      const lineText = JSON.stringify(view);
      if (lineText !== line) {
        line = lineText;
        recorder.note(null, 'line', view);
      }
      for (const call of phone.currentCalls()) {
        if (call.quality && sampled.get(call.id) !== call.quality) {
          sampled.set(call.id, call.quality);
          recorder.note(call.id, 'stats', call.quality);
        }
        const state = callState(call);
        const text = JSON.stringify(state);
        if (shown.get(call.id) === text) continue;
        shown.set(call.id, text);
        recorder.note(call.id, 'call', state);
      }
    }),
    media.onDidAttach(() => recorder.note(null, 'media', { event: 'attached', capabilities: media.capabilities })),
    media.onDidDetach(() => recorder.note(null, 'media', { event: 'detached' })),
    media.onDidReattach((connections) => recorder.note(null, 'media', { event: 'reattached', peers: connections.length })),
    media.onDidEndTrack((track) => recorder.note(null, 'media', { event: 'trackEnded', kind: track.kind })),
    media.onDidChangeDevices((devices) =>
      recorder.note(null, 'device', { devices: devices.map(({ kind, label, isDefault }) => ({ kind, label, isDefault: isDefault ?? false })) }),
    ),
  );
  if (headsets) {
    let last = '';
    keep(
      headsets.onDidChange(() => {
        const views = headsets.view().map(({ key, name, active }) => ({ key, name, active }));
        const text = JSON.stringify(views);
        if (text === last) return;
        last = text;
        recorder.note(null, 'headset', { headsets: views });
      }),
      headsets.onDidRequest((request) => recorder.note(null, 'headset', { request })),
    );
  }
  return subscriptions;
}

/** What of a call the recorder keeps at each change: its state, never its customer data. */
function callState(call: CallView): Record<string, unknown> {
  return { state: call.state, hold: call.hold, muted: call.muted, transfer: call.transfer, consultFor: call.consultFor };
}
