import { said, type Message } from '../../contract';
import { wordMessage } from '../../shared/messages';

/**
 * Why a record sits in quarantine. The outbox keeps the reason as English text (the command line,
 * the diagnostics bundle and rows quarantined by older versions read it so), written from the
 * catalogue here; `quarantineSaid` reads it back as a message, so the window can word it in the
 * agent's language without a new column. The backend's own words stay a parameter.
 */
export function quarantineReason(message: Message): string {
  return wordMessage('en', message);
}

const BY_BACKEND = 'rejected by the backend: ';

/** The stored reason as a message; a reason this version did not write is passed on verbatim. */
export function quarantineSaid(reason: string | null): Message | null {
  if (reason === null) return null;
  if (reason === quarantineReason(said('syncQuarantine.rejectedNoReason', {}))) return said('syncQuarantine.rejectedNoReason', {});
  if (reason.startsWith(BY_BACKEND)) return said('syncQuarantine.rejected', { detail: reason.slice(BY_BACKEND.length) });
  if (reason === quarantineReason(said('syncQuarantine.notJson', {}))) return said('syncQuarantine.notJson', {});
  const unknown = /^unknown record type "(.*)"$/.exec(reason);
  if (unknown?.[1] !== undefined) return said('syncQuarantine.unknownTopic', { topic: unknown[1] });
  const misfit = /^the stored (.*) record does not fit its schema$/.exec(reason);
  if (misfit?.[1] !== undefined) return said('syncQuarantine.misfit', { topic: misfit[1] });
  return said('syncQuarantine.other', { detail: reason });
}
