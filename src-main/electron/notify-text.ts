/**
 * What the Electron host's incoming-call notification says, and when it appears, as pure
 * functions of plain values (like policy.ts: nothing here imports 'electron', so it is unit-tested
 * in plain Node). notify.ts wires it to Electron's Notification. The words are the catalogue's
 * (src-main/shared/messages/), the same the UI shows.
 */
import { said, type CallbackView, type CallView, type Settings, type SignInView } from '../contract';
import { callbackDueAlert } from '../shared/callback-due';
import { wordMessage } from '../shared/messages';

export type AlertLanguage = 'de' | 'en';

/** The notification's language: the agent's choice, or the system's locale for `auto`. */
export function alertLanguage(setting: Settings['ui']['language'], systemLocale: string): AlertLanguage {
  if (setting !== 'auto') return setting;
  return /^de\b/i.test(systemLocale) ? 'de' : 'en';
}

/**
 * The body as the platform's notification service reads it. Electron hands a Linux body to
 * libnotify unchanged, and the desktop notification spec makes the body markup (`<b>`, `<a href>`,
 * `<img>`, entities) on servers with `body-markup`; GNOME, KDE, XFCE and dunst render it, and some
 * blank a body that does not parse. What goes in comes from callers (the number's user part, a
 * company name) and from notes, so `&`, `<` and `>` are escaped there. The summary (our title) is
 * plain text by the spec, and macOS and Windows show the body as text (Electron writes Windows'
 * toast XML with an escaping writer): escaping there would show `&lt;` to the agent.
 */
export function platformBody(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body;
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Title and body: who calls (name, else number), then the number and the client the call is for. */
export function ringAlertText(
  call: Pick<CallView, 'remoteName' | 'remoteNumber' | 'client'>,
  language: AlertLanguage,
  platform: NodeJS.Platform,
): { title: string; body: string } {
  const number = call.remoteName ? call.remoteNumber : '';
  const body = [number, call.client ? wordMessage(language, said('notify.forClient', { client: call.client })) : ''].filter(Boolean).join(' · ');
  return {
    title: wordMessage(language, said('notify.incomingCall', { caller: call.remoteName ?? call.remoteNumber })),
    body: platformBody(body || wordMessage(language, said('notify.answerInAnlauf', {})), platform),
  };
}

/** Follows the snapshots' calls: which inbound calls began ringing, and which stopped. */
export class RingingCalls {
  private ids = new Set<string>();

  update(calls: readonly CallView[]): { started: CallView[]; stopped: string[] } {
    const ringing = calls.filter((call) => call.state === 'ringing' && call.direction === 'inbound');
    const now = new Set(ringing.map((call) => call.id));
    const started = ringing.filter((call) => !this.ids.has(call.id));
    const stopped = [...this.ids].filter((id) => !now.has(id));
    this.ids = now;
    return { started, stopped };
  }
}

/** Title and body of a due callback: whom to call back, then the number, campaign and note. */
export function callbackAlertText(
  callback: Pick<CallbackView, 'customerName' | 'number' | 'campaign' | 'note'>,
  language: AlertLanguage,
  platform: NodeJS.Platform,
): { title: string; body: string } {
  const { title, body } = callbackDueAlert(callback, {
    title: (who) => wordMessage(language, said('notify.callbackDue', { who })),
    plain: wordMessage(language, said('notify.callBackFromAnlauf', {})),
  });
  return { title, body: platformBody(body, platform) };
}

/** Follows the snapshots' callbacks: which fell due since the last snapshot (each once). */
export class DueCallbacks {
  private ids = new Set<string>();

  update(callbacks: readonly CallbackView[]): CallbackView[] {
    const due = callbacks.filter((c) => c.due && c.state === 'open');
    const fresh = due.filter((c) => !this.ids.has(c.id));
    this.ids = new Set(due.map((c) => c.id));
    return fresh;
  }
}

/**
 * Follows who is signed in at the desk. When that changes (a sign-out, another agent), what the
 * last agent was shown goes: the next agent at a shared desk must not find a colleague's "call
 * back Ms Example" on the screen. A personal desk never changes.
 */
export class SignedInAgent {
  private who: string | undefined;

  changed(signIn: Pick<SignInView, 'status' | 'agentId'>): boolean {
    const who = signIn.status === 'signedIn' ? `agent:${signIn.agentId ?? ''}` : 'nobody';
    const changed = this.who !== undefined && this.who !== who;
    this.who = who;
    return changed;
  }
}
