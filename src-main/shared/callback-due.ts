import type { CallbackView } from '../contract';

type DueCallback = Pick<CallbackView, 'customerName' | 'number' | 'campaign' | 'note'>;

/**
 * The words a due callback is told in, in the agent's language. They come from the UI's catalogue
 * (the renderer's i18next, Electron's notification words): this file only decides which fields
 * are said, in which order.
 */
export interface CallbackDueWords {
  /** "Callback due: {{who}}" */
  title(who: string): string;
  /** The body when there is nothing more to say than whom to call. */
  plain: string;
}

/** Whom to call back: the customer's name, else the number. */
function who(callback: Pick<DueCallback, 'customerName' | 'number'>): string {
  return callback.customerName ?? callback.number;
}

/** A system notification: whom in the title; the number (under a name), campaign and note in the body. */
export function callbackDueAlert(callback: DueCallback, words: CallbackDueWords): { title: string; body: string } {
  const body = [callback.customerName ? callback.number : '', callback.campaign?.name ?? '', callback.note ?? ''].filter(Boolean).join(' · ');
  return { title: words.title(who(callback)), body: body || words.plain };
}

/** The notice in the window: whom, the number, and the note after a dash. */
export function callbackDueNotice(callback: Omit<DueCallback, 'campaign'>, words: Pick<CallbackDueWords, 'title'>): string {
  return `${words.title(who(callback))} (${callback.number})${callback.note ? ` — ${callback.note}` : ''}`;
}
