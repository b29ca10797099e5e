import type { FormSubmission } from '../../contract';
import { AnlaufError } from '../errors';
import { Emitter } from '../events';
import type { IFormSubmissions, SubmittedForm } from '../store/form-submissions-port';

/**
 * Submissions kept in memory with status `waiting`: stands in for the store that delivers them
 * (core/store/form-submissions.ts) until it is wired, and for tests of the form sessions.
 * `refuse` and `confirm` play the client's system.
 */
export class MemorySubmissions implements IFormSubmissions {
  private readonly byId = new Map<string, SubmittedForm>();
  private readonly changed = new Emitter<{ id: string; callId: string }>();
  readonly onDidChange = this.changed.event;

  submit(submission: FormSubmission): SubmittedForm {
    const stored = this.byId.get(submission.id);
    if (stored && submission.revision !== stored.submission.revision + 1)
      throw new AnlaufError('command.refused', { detail: `revision ${submission.revision} of ${submission.id} follows no refused revision` }, 'conflict');
    const submitted: SubmittedForm = { submission, status: 'waiting', detail: null, sentAt: null };
    this.byId.set(submission.id, submitted);
    this.changed.fire({ id: submission.id, callId: submission.callId });
    return submitted;
  }

  get(id: string): SubmittedForm | null {
    return this.byId.get(id) ?? null;
  }

  forCall(callId: string): SubmittedForm[] {
    return [...this.byId.values()].filter((s) => s.submission.callId === callId).sort((a, b) => a.submission.submittedAt - b.submission.submittedAt);
  }

  refuse(id: string, detail: SubmittedForm['detail']): void {
    this.update(id, { status: 'refused', detail });
  }

  confirm(id: string, at: number): void {
    this.update(id, { status: 'sent', detail: null, sentAt: at });
  }

  private update(id: string, change: Partial<SubmittedForm>): void {
    const stored = this.byId.get(id);
    if (!stored) return;
    this.byId.set(id, { ...stored, ...change });
    this.changed.fire({ id, callId: stored.submission.callId });
  }
}
