import type { FormStatus, FormSubmission, Message } from '../../contract';
import type { Event } from '../events';

/** A submitted form as the store knows it: its latest revision and where its delivery stands. */
export interface SubmittedForm {
  submission: FormSubmission;
  status: Exclude<FormStatus, 'draft'>;
  /** Why the client's system refused it, or why delivery waits (the last failed attempt); null otherwise. */
  detail: Message | null;
  sentAt: number | null;
}

/**
 * Where the form sessions (core/forms/form-sessions.ts) hand a submitted form, and where they
 * read how its delivery stands. The store (core/store/form-submissions.ts) writes the submission,
 * its backend outbox row (`form.submitted`) and its delivery to the client's endpoint in one
 * transaction, so a form is delivered exactly once whatever happens after.
 */
export interface IFormSubmissions {
  /**
   * Keeps a submission and queues its deliveries. A submission with an id already stored is a
   * corrected resend of a refused form: its revision must be the stored one plus one.
   */
  submit(submission: FormSubmission): SubmittedForm;
  get(id: string): SubmittedForm | null;
  /** The submitted forms of a call, oldest first. */
  forCall(callId: string): SubmittedForm[];
  /** A submission's status changed (sent, refused, a failed attempt): the call's forms are shown anew. */
  readonly onDidChange: Event<{ id: string; callId: string }>;
}
